// Which n8n versions the suite runs against.
//
// Pinned: 2.41.1. It is also the newest 2.x that installs from the npm registry (checked with
// `npm view n8n versions` on 2026-12-01): 2.41.3, the `latest` tag, depends on
// @n8n/agents@0.26.2, which was never published (ETARGET), and 2.41.2 does not exist.
// `--n8n newest-2.x` finds the newest 2.x that resolves today, so a fixed release is picked up
// without editing this file (the CI job runs both).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { n8nCacheRoot } from "./install-n8n.mjs";

export const PINNED_N8N_VERSIONS = ["2.41.1"];
export const NEWEST_2X = "newest-2.x";
/** What `npm run e2e:n8n` runs without --n8n: the pinned versions and the newest 2.x (often the same). */
export const DEFAULT_N8N_VERSIONS = [...PINNED_N8N_VERSIONS, NEWEST_2X];

const compare = (a, b) => {
  const [x, y] = [a, b].map((v) => v.split(".").map(Number));
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
};

/** Whether npm can resolve n8n@version's whole tree (a lockfile-only install: no download). */
function resolves(version) {
  const dir = mkdtempSync(join(tmpdir(), "clientloop-n8n-resolve-"));
  try {
    writeFileSync(join(dir, "package.json"), '{"private":true}\n');
    const run = spawnSync(
      "npm",
      [
        "install",
        "--package-lock-only",
        "--ignore-scripts",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        `n8n@${version}`,
      ],
      { cwd: dir, encoding: "utf8", timeout: 10 * 60_000 },
    );
    const lines = (run.stderr || run.error?.message || "").split("\n");
    const reason = lines.find((l) => /No matching version|notarget/i.test(l)) ?? lines.find((l) => /error/i.test(l));
    return { ok: run.status === 0, reason: reason?.replace(/^npm error\s*/, "").trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Versions that did not resolve are not tried again for a day (a missing dependency may be published later). */
const FAILED_RESOLUTIONS_FILE = () => join(n8nCacheRoot(), "n8n-unresolvable.json");
const RETRY_AFTER_MS = 24 * 3600_000;

function readFailures() {
  try {
    return JSON.parse(readFileSync(FAILED_RESOLUTIONS_FILE(), "utf8"));
  } catch {
    return {};
  }
}

/**
 * The newest stable 2.x release of n8n whose dependencies all resolve, trying from the newest
 * down to the pinned version (which is known to resolve). Logs what it skipped and why.
 */
export function newestInstallable2x(log = console.log) {
  const versions = JSON.parse(execFileSync("npm", ["view", "n8n", "versions", "--json"], { encoding: "utf8" }));
  const floor = PINNED_N8N_VERSIONS.reduce((a, b) => (compare(a, b) >= 0 ? a : b));
  const candidates = versions
    .filter((v) => /^2\.\d+\.\d+$/.test(v) && compare(v, floor) > 0)
    .sort(compare)
    .reverse();
  const failures = readFailures();
  for (const version of candidates) {
    const known = failures[version];
    if (known && Date.now() - Date.parse(known.checkedAt) < RETRY_AFTER_MS) {
      log(
        `n8n@${version} did not install from the registry on ${known.checkedAt} (${known.reason}); trying an older one`,
      );
      continue;
    }
    const { ok, reason } = resolves(version);
    if (ok) return version;
    failures[version] = { reason: reason ?? "npm failed", checkedAt: new Date().toISOString() };
    mkdirSync(n8nCacheRoot(), { recursive: true });
    writeFileSync(FAILED_RESOLUTIONS_FILE(), JSON.stringify(failures, null, 2) + "\n");
    log(`n8n@${version} does not install from the registry (${failures[version].reason}); trying an older one`);
  }
  return floor;
}
