// The storefront kit (`@clientloop/medusa-payment/storefront`): dual ESM/CJS with types, for
// browsers and server code. The server side of the plugin is built by `medusa plugin:build`.
import { defineConfig } from "tsup";

export default defineConfig({
  entry: { storefront: "storefront/index.ts" },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  outDir: "dist",
  target: "es2020",
  platform: "neutral",
  sourcemap: true,
  tsconfig: "tsconfig.storefront.json",
});
