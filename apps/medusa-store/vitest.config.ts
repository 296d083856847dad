import { defineConfig } from "vitest/config";
import { sharedTest } from "../../vitest.shared";

// One process, one stack (Postgres + sandbox + `medusa start`) for the whole e2e suite:
// test/e2e.test.ts starts it once and runs every scenario module against it.
export default defineConfig({
  test: {
    ...sharedTest,
    include: ["test/**/*.test.ts"],
    pool: "forks",
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // installs Debian's chromium when missing, for the shopper-journey browser scenario
    globalSetup: ["test/global-setup.ts"],
  },
});
