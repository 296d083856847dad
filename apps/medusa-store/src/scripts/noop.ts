/** `medusa exec ./src/scripts/noop.ts`: boots the app and exits (used to check boot-time validation). */
import type { ExecArgs } from "@medusajs/framework/types";

export default async function noop({ container }: ExecArgs) {
  container.resolve("logger").info("boot ok");
}
