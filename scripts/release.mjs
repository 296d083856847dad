#!/usr/bin/env node
// `npm run release` (the release workflow's publish step): `changeset publish`, then a roll call.
// changeset publish goes dependency level by dependency level and stops after a level with a
// failure, so the packages of later levels are neither published nor reported. The roll call
// asks the registry for every public package's version and names each one that is missing.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const publish = spawnSync("npx", ["changeset", "publish"], { cwd: root, stdio: "inherit" });

const { workspaces } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const manifests = workspaces
  .flatMap((pattern) => {
    const base = join(root, pattern.replace(/\/\*$/, ""));
    return existsSync(base) ? readdirSync(base).map((name) => join(base, name, "package.json")) : [];
  })
  .filter(existsSync)
  .map((file) => JSON.parse(readFileSync(file, "utf8")))
  .filter((m) => !m.private);

const missing = [];
console.log("\nOn the registry:");
for (const { name, version } of manifests) {
  const view = spawnSync("npm", ["view", `${name}@${version}`, "version"], { cwd: root, encoding: "utf8" });
  const found = view.status === 0 && view.stdout.trim() === version;
  if (!found) missing.push(`${name}@${version}`);
  console.log(`  ${found ? "✓" : "✗"} ${name}@${version}`);
}
if (missing.length) console.log(`not published: ${missing.join(", ")}`);
process.exit(publish.status === 0 && missing.length === 0 ? 0 : 1);
