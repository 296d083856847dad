// One ESLint setup for the repository (flat config, typescript-eslint on TypeScript 6).
// Every package's `lint` script runs it on its own directory; the n8n package additionally
// runs n8n's own `n8n-node lint` with its unmodified packages/n8n-nodes-clientloop/eslint.config.mjs.
// Formatting is Prettier's job (.prettierrc.json), so no stylistic rules here.
import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig(
  globalIgnores([
    "**/node_modules/",
    "**/dist/",
    "**/.medusa/",
    "**/.tools/",
    "**/.turbo/",
    "**/test-results/",
    "**/coverage/",
    "fixtures/",
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: "latest", sourceType: "module", globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // `_name` marks a parameter or binding that is deliberately unused
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      // `catch {}` is how best-effort clean-up says "ignore this failure"
      "no-empty": ["error", { allowEmptyCatch: true }],
      // Medusa's and n8n's loosely typed records sometimes need one; make each visible, not fatal
      "@typescript-eslint/no-explicit-any": "warn",
    },
  },
  {
    // tests and benchmarks poke at untyped JSON responses
    files: ["**/test/**", "**/bench/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // code that runs in the browser (the demo storefront's page scripts)
    files: ["**/*.browser.mjs"],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // the plugin's admin extensions run in the Medusa dashboard
    files: ["packages/medusa-payment/src/admin/**"],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
  },
);
