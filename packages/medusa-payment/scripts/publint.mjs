#!/usr/bin/env node
// publint, strict, on the package as npm packs it. Every message fails the lint except one that
// is Medusa's, not ours: the server build (`medusa plugin:build`, CommonJS with `__esModule` and a
// default export, which is how Medusa loads plugin files) is reported as
// CJS_WITH_ESMODULE_DEFAULT_EXPORT for the server entrypoints. The storefront kit must be clean.
import { publint } from "publint";
import { formatMessage } from "publint/utils";

const MEDUSA_SERVER_OUTPUT = "CJS_WITH_ESMODULE_DEFAULT_EXPORT";
const { messages, pkg } = await publint({ pkgDir: process.cwd(), strict: true, pack: "npm" });
const isKit = (m) => m.path[0] === "exports" && m.path[1] === "./storefront";
const known = messages.filter((m) => m.code === MEDUSA_SERVER_OUTPUT && !isKit(m));
const problems = messages.filter((m) => !known.includes(m));
for (const m of problems) console.error(`publint: ${formatMessage(m, pkg)}`);
console.log(
  `publint: ${problems.length} problem(s); ${known.length} note(s) on Medusa's server build output (${MEDUSA_SERVER_OUTPUT}), expected`,
);
process.exit(problems.length ? 1 : 0);
