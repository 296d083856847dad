#!/usr/bin/env node
// `npm test`: runs the workspaces' tests through turbo, one package at a time, and keeps going
// when one fails (a failed build still stops the tests that need it). Then it sums up every
// suite's vitest JSON report (<workspace>/test-results/vitest.json) and ends with one line:
//   "N passed, N failed, N skipped"                          when every package reported
//   "N passed, N failed, N skipped; did not run: <pkg>, ..."  when some package has no report
// Failed counts failed tests plus test files that failed to load; a package that did not run is
// named, not counted as a test. The exit code is non-zero when anything failed or did not run.
// Arguments go to turbo, e.g. `npm test -- --filter=@clientloop/core`.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const turboArgs = process.argv.slice(2);

/** The workspaces whose `test` task this turbo invocation will run (honours --filter). */
function plannedTestTasks() {
  const dry = spawnSync("npx", ["turbo", "run", "test", "--dry=json", ...turboArgs], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (dry.status !== 0) {
    process.stderr.write(dry.stderr);
    console.log(`0 passed, 0 failed; did not run: turbo could not plan the tests (exit ${dry.status})`);
    process.exit(1);
  }
  const plan = JSON.parse(dry.stdout.slice(dry.stdout.indexOf("{")));
  return plan.tasks
    .filter((t) => t.task === "test" && t.command !== "<NONEXISTENT>")
    .map((t) => ({ name: t.package, dir: join(root, t.directory) }));
}

/** { passed, failed, skipped } from a vitest JSON report, or undefined when there is none. */
function readReport(dir) {
  const file = join(dir, "test-results", "vitest.json");
  if (!existsSync(file)) return undefined;
  const r = JSON.parse(readFileSync(file, "utf8"));
  // a test file that failed to load has no test results but is a failure all the same
  const brokenFiles = r.testResults.filter((f) => f.status === "failed" && f.assertionResults.length === 0).length;
  return {
    passed: r.numPassedTests,
    failed: r.numFailedTests + brokenFiles,
    skipped: r.numPendingTests + (r.numTodoTests ?? 0),
  };
}

const planned = plannedTestTasks();
for (const { dir } of planned) rmSync(join(dir, "test-results"), { recursive: true, force: true });

const turbo = spawnSync(
  "npx",
  ["turbo", "run", "test", "--concurrency=1", "--continue=dependencies-successful", ...turboArgs],
  { cwd: root, stdio: "inherit" },
);

const total = { passed: 0, failed: 0, skipped: 0 };
const didNotRun = [];
console.log("\nTest results by package:");
for (const { name, dir } of planned) {
  const r = readReport(dir);
  if (!r) {
    didNotRun.push(name);
    console.log(`  ${name}: no test report (it did not run, or its test runner crashed)`);
    continue;
  }
  for (const k of Object.keys(total)) total[k] += r[k];
  console.log(`  ${name}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
}
if (turbo.status !== 0 && total.failed === 0 && didNotRun.length === 0) {
  console.log(`  turbo exited ${turbo.status ?? turbo.signal} although every package reported: see its output above`);
}

const ok = turbo.status === 0 && total.failed === 0 && didNotRun.length === 0 && total.passed > 0;
const counts = `${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`;
console.log(didNotRun.length ? `${counts}; did not run: ${didNotRun.join(", ")}` : counts);
process.exit(ok ? 0 : 1);
