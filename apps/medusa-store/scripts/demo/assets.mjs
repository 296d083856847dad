// The browser script of the return page, bundled on first request with esbuild: the kit's ESM
// build and @medusajs/js-sdk, as a storefront's bundler would ship them.
import { fileURLToPath } from "node:url";

const ENTRY = fileURLToPath(new URL("./return-page.browser.mjs", import.meta.url));
let bundle;

export function returnPageScript() {
  bundle ??= (async () => {
    const { build } = await import("esbuild");
    const result = await build({
      entryPoints: [ENTRY],
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      write: false,
      logLevel: "silent",
    });
    return result.outputFiles[0].text;
  })();
  bundle.catch(() => (bundle = undefined)); // a failed build is retried on the next request
  return bundle;
}
