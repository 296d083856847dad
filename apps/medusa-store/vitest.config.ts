import { defineConfig } from "vitest/config";
import { sharedTest } from "../../vitest.shared";

// One process, one stack (Postgres + sandbox + `medusa start`) for the whole e2e suite:
// test/e2e.test.ts starts it once and runs every scenario module against it. The time bounds
// only catch hangs: on a busy 2-core machine a stack boot (migrations included) can take
// several minutes, and test/demo.test.ts gives each of its demo runs a bound of its own.
export default defineConfig({
  test: {
    ...sharedTest,
    include: ["test/**/*.test.ts"],
    pool: "forks",
    fileParallelism: false,
    testTimeout: 5 * 60_000,
    hookTimeout: 15 * 60_000,
    // installs Debian's chromium when missing, for the shopper-journey browser scenario
    globalSetup: ["test/global-setup.ts"],
  },
});
