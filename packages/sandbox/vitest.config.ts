import { defineConfig } from "vitest/config";
import { sharedTest } from "../../vitest.shared.ts";

export default defineConfig({
  test: {
    ...sharedTest,
    include: ["test/**/*.test.ts"],
    // installs/locates Debian chromium once for the hosted-page browser test
    globalSetup: ["test/global-setup.ts"],
  },
});
