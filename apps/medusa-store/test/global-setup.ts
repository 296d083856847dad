// Makes sure Debian's chromium is installed before the shopper-journey browser scenario runs (a
// fresh machine has none): the sandbox package's ensure-chromium.sh installs it when missing.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const script = fileURLToPath(new URL("../../../packages/sandbox/scripts/ensure-chromium.sh", import.meta.url));
  execFileSync("bash", [script], { stdio: "inherit", timeout: 15 * 60_000 });
}
