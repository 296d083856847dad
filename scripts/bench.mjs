#!/usr/bin/env node
// Runs every workspace's `bench` script in turn (they print their own figures and ratios).
// Benchmarks are never part of `npm test`: timings do not decide pass or fail.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const only = process.argv[2];
let failed = 0;
for (const dir of ["packages", "apps"]) {
  if (!existsSync(join(root, dir))) continue;
  for (const name of readdirSync(join(root, dir))) {
    const pkgFile = join(root, dir, name, "package.json");
    if (!existsSync(pkgFile)) continue;
    const pkg = JSON.parse(readFileSync(pkgFile, "utf8"));
    if (!pkg.scripts?.bench || (only && !pkg.name.includes(only))) continue;
    console.log(`\n=== ${pkg.name} ===`);
    const r = spawnSync("npm", ["run", "bench", "--silent"], { cwd: join(root, dir, name), stdio: "inherit" });
    if (r.status !== 0) failed++;
  }
}
process.exit(failed ? 1 : 0);
