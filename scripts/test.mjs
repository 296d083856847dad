#!/usr/bin/env node
// Runs every workspace's tests through turbo, then sums up every suite's vitest JSON report
// (packages/*/test-results/vitest.json, apps/*/test-results/vitest.json) in one closing line:
// "N passed, N failed, N skipped". Exits non-zero when any suite failed or did not report.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const workspaces = ["packages", "apps"].flatMap((dir) =>
  existsSync(join(root, dir))
    ? readdirSync(join(root, dir)).map((name) => join(root, dir, name)).filter((p) => existsSync(join(p, "package.json")))
    : [],
);
const withTests = workspaces.filter((p) => JSON.parse(readFileSync(join(p, "package.json"), "utf8")).scripts?.test);
for (const p of withTests) rmSync(join(p, "test-results"), { recursive: true, force: true });

const turbo = spawnSync("npx", ["turbo", "run", "test", "--concurrency=1", ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
});

let passed = 0, failed = 0, skipped = 0;
const missing = [];
for (const p of withTests) {
  const report = join(p, "test-results", "vitest.json");
  if (!existsSync(report)) { missing.push(p.slice(root.length)); continue; }
  const r = JSON.parse(readFileSync(report, "utf8"));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  // a suite that failed to load counts as a failure even when no test in it ran
  failed += r.testResults.filter((f) => f.status === "failed" && f.assertionResults.length === 0).length;
}
if (missing.length) console.log(`no test report from: ${missing.join(", ")}`);
const ok = turbo.status === 0 && failed === 0 && missing.length === 0 && passed > 0;
console.log(`${passed} passed, ${failed + missing.length} failed, ${skipped} skipped`);
process.exit(ok ? 0 : 1);
