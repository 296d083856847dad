// The package as a user installs it: `npm pack`ed from the built package, then installed into
// `<N8N_USER_FOLDER>/.n8n/nodes` without its peer dependency, as the README says.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const packageRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const PACKAGE_NAME = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")).name;

/** Packs the built package into `dir`; returns the tarball's path. */
export function packTarball(dir) {
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", dir], {
    cwd: packageRoot,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const [info] = JSON.parse(out.slice(out.indexOf("[")));
  return join(dir, info.filename);
}

/**
 * Installs the tarball as the README's manual installation does:
 *   cd ~/.n8n/nodes && npm install --legacy-peer-deps <tarball>
 * `--legacy-peer-deps` leaves out the `n8n-workflow` peer (n8n supplies its own copy); a plain
 * install would add n8n-workflow and its tree (about 160 packages).
 * Returns the number of packages npm put into node_modules.
 */
export function installIntoUserFolder(userFolder, tarball) {
  const nodesDir = join(userFolder, ".n8n", "nodes");
  mkdirSync(nodesDir, { recursive: true });
  writeFileSync(join(nodesDir, "package.json"), JSON.stringify({ name: "installed-nodes", private: true }) + "\n");
  execFileSync("npm", ["install", "--legacy-peer-deps", "--no-audit", "--no-fund", "--loglevel=error", tarball], {
    cwd: nodesDir,
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 5 * 60_000,
  });
  const lock = JSON.parse(readFileSync(join(nodesDir, "package-lock.json"), "utf8"));
  return Object.keys(lock.packages).filter((p) => p.startsWith("node_modules/")).length;
}
