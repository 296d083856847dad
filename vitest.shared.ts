// Shared vitest settings: every package writes a JSON report that scripts/test.mjs sums up.
import { readFileSync } from "node:fs";
import type { Plugin } from "vite";
import type { ViteUserConfig } from "vitest/config";

/** Loads `.graphql` files as text, the same way tsup's `text` loader does in the build. */
export function graphqlText(): Plugin {
  return {
    name: "graphql-text",
    transform(_code, id) {
      if (!id.endsWith(".graphql")) return null;
      return { code: `export default ${JSON.stringify(readFileSync(id, "utf8"))};`, map: null };
    },
  };
}

/**
 * Settings for every package: the terminal reporter plus `test-results/vitest.json` for the
 * summary, and timeouts that only catch hangs. The suite runs on busy 2-core machines, where a
 * test that spawns processes or boots a server can take many times its usual time; no pass or
 * fail may depend on speed (timings belong in the benchmarks).
 */
export const sharedTest: NonNullable<ViteUserConfig["test"]> = {
  reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
  testTimeout: 120_000,
  hookTimeout: 300_000,
};
