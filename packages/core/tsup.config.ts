import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

const { version } = JSON.parse(readFileSync("./package.json", "utf8")) as { version: string };

export default defineConfig({
  entry: { index: "src/index.ts", pure: "src/pure.ts", webhooks: "src/webhooks.ts", testing: "src/testing.ts" },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  target: "node20",
  sourcemap: true,
  splitting: true,
  treeshake: true,
  loader: { ".graphql": "text" },
  define: { __CLIENTLOOP_CORE_VERSION__: JSON.stringify(version) },
});
