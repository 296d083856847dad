// Tests are .mjs so that `n8n-node lint` (which lints every .ts with the cloud rules) never sees them.
import { defineConfig } from "vitest/config";
import { sharedTest } from "../../vitest.shared.ts";

export default defineConfig({
  test: {
    ...sharedTest,
    include: ["test/**/*.test.mjs"],
    // the tests share one sandbox per file and run real workflows; files run one at a time
    fileParallelism: false,
  },
});
