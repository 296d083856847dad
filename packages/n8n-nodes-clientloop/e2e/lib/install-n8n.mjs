// Installs a pinned n8n CLI into a cache folder (outside the repository by default) and reuses it.
//
// n8n 2.x needs care to install from the npm registry:
//  - it runs only on Node >= 24;
//  - a plain install dies building @confluentinc/kafka-javascript (its build downloads sources),
//    so dependencies are installed with --ignore-scripts ...
//  - ... and then only sqlite3's build is approved (allowScripts) and run: without it
//    `n8n start` exits with "SQLite package has not been found installed". isolated-vm ships
//    Node 24 prebuilds and needs nothing.
// The install is about 2,400 packages and 3 GB, so it is done once per version, Node ABI and OS,
// into a temporary folder that is renamed into place only when complete: an interrupted install
// is never mistaken for a finished one.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

const READY_FILE = ".clientloop-n8n-ready.json";
const INSTALL_TIMEOUT_MS = 45 * 60_000;

export function n8nCacheRoot() {
  return (
    process.env.CLIENTLOOP_N8N_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "clientloop")
  );
}

/** The cache folder of one n8n version for this Node ABI and platform. */
export function n8nInstallDir(version, cacheRoot = n8nCacheRoot()) {
  return join(cacheRoot, `n8n-${version}-${process.platform}-${process.arch}-node-abi${process.versions.modules}`);
}

/** The n8n CLI entry point of an install (run it with this Node: `node <bin> start`). */
function n8nBin(dir) {
  return join(dir, "node_modules", "n8n", "bin", "n8n");
}

/**
 * Returns `{ dir, bin, version, reused }` for n8n `version`, installing it first when the cache has
 * no complete install of it.
 */
export async function ensureN8n(version, { cacheRoot = n8nCacheRoot(), log = console.log } = {}) {
  const dir = n8nInstallDir(version, cacheRoot);
  if (isReady(dir, version)) return { dir, bin: n8nBin(dir), version, reused: true };

  const work = `${dir}.partial-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  writeFileSync(
    join(work, "package.json"),
    JSON.stringify(
      {
        private: true,
        description: "n8n CLI for the ClientLoop real-app suite (packages/n8n-nodes-clientloop/e2e)",
        dependencies: { n8n: version },
        // the one install script n8n needs (see the top of this file); everything else stays blocked
        allowScripts: { sqlite3: true },
      },
      null,
      2,
    ) + "\n",
  );
  const started = Date.now();
  log(`installing n8n@${version} into ${dir} (about 3 GB; done once, then reused)`);
  await npm(["install", "--ignore-scripts", "--save-exact", "--no-audit", "--no-fund", "--loglevel=error"], work);
  log(`building sqlite3 for Node ${process.version}`);
  await npm(["rebuild", "sqlite3", "--loglevel=error"], work);
  if (!existsSync(n8nBin(work))) throw new Error(`n8n@${version} installed but ${n8nBin(work)} is missing`);
  const installed = JSON.parse(readFileSync(join(work, "node_modules", "n8n", "package.json"), "utf8")).version;
  if (installed !== version) throw new Error(`asked for n8n@${version}, npm installed ${installed}`);
  writeFileSync(
    join(work, READY_FILE),
    JSON.stringify({ version, node: process.version, installedAt: new Date().toISOString() }) + "\n",
  );
  rmSync(dir, { recursive: true, force: true });
  renameSync(work, dir);
  log(`installed n8n@${version} in ${Math.round((Date.now() - started) / 1000)} s`);
  return { dir, bin: n8nBin(dir), version, reused: false };
}

function isReady(dir, version) {
  try {
    return JSON.parse(readFileSync(join(dir, READY_FILE), "utf8")).version === version && existsSync(n8nBin(dir));
  } catch {
    return false;
  }
}

function npm(args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", args, { cwd, stdio: ["ignore", "inherit", "inherit"] });
    const timer = setTimeout(() => child.kill("SIGTERM"), INSTALL_TIMEOUT_MS);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`npm ${args.join(" ")} failed in ${cwd} (${signal ?? `exit ${code}`})`));
    });
  });
}

/** Node >= 24 is n8n 2.x's requirement; fail with the fix rather than with npm's engine error. */
export function assertNode24() {
  const major = Number(process.versions.node.split(".")[0]);
  if (major < 24) {
    throw new Error(`n8n 2.x needs Node >= 24, this is ${process.version}: run \`source scripts/node24.sh\` first`);
  }
}
