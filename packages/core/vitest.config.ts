import { readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";
import { graphqlText, sharedTest } from "../../vitest.shared.ts";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };

export default defineConfig({
  plugins: [graphqlText()],
  define: { __CLIENTLOOP_CORE_VERSION__: JSON.stringify(version) },
  test: { ...sharedTest, include: ["test/**/*.test.ts"] },
});
