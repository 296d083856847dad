#!/usr/bin/env node
// The package in the real n8n app (`npm run e2e:n8n` at the repository root; not part of
// `npm test`): for each n8n version, the packed tarball is installed into fresh user folders and
// the suite (lib/suite.mjs) runs in regular mode (one `n8n start`, SQLite) and in queue mode
// (Postgres, Redis, one main, one worker, one webhook process) against the ClientLoop sandbox.
//
//   node e2e/run.mjs [--mode regular|queue|both] [--n8n <version>|newest-2.x]... [--keep]
//   (without --n8n: $CLIENTLOOP_N8N_VERSIONS, comma-separated, or else 2.41.1 and the newest 2.x
//   that installs, run once when they are the same)
//   node e2e/run.mjs --resolve newest-2.x     prints the version it stands for (for CI's cache key)
//
// n8n is installed once per version into a cache folder outside the repository
// (~/.cache/clientloop/n8n-<version>-…, or $CLIENTLOOP_N8N_CACHE) and reused. Postgres and
// Redis come from DATABASE_URL / REDIS_URL when they are set, else from scripts/services.
// Needs Node 24 and a built package (the root script builds it first).
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startSandbox } from "@clientloop/sandbox";
import { startPostgres } from "../../../scripts/services/postgres.mjs";
import { startRedis } from "../../../scripts/services/redis.mjs";
import { assertNode24, ensureN8n, n8nCacheRoot } from "./lib/install-n8n.mjs";
import { startQueue, startRegular } from "./lib/instances.mjs";
import { packTarball, packageRoot } from "./lib/package.mjs";
import { stopAll } from "./lib/processes.mjs";
import { StepFailure, createSteps } from "./lib/steps.mjs";
import { runSuite } from "./lib/suite.mjs";
import { DEFAULT_N8N_VERSIONS, NEWEST_2X, newestInstallable2x } from "./lib/versions.mjs";

/** The suites are bounded as a whole; the n8n install (once per version) has its own bound. */
const RUN_TIMEOUT_MS = Number(process.env.E2E_N8N_TIMEOUT_MINUTES ?? 45) * 60_000;

const { values: options } = parseArgs({
  options: {
    mode: { type: "string", default: "both" },
    n8n: { type: "string", multiple: true },
    keep: { type: "boolean", default: false },
    resolve: { type: "string" },
  },
});
const resolveVersion = (spec) => (spec === NEWEST_2X ? newestInstallable2x((m) => console.error(m)) : spec);
const modes = options.mode === "both" ? ["regular", "queue"] : [options.mode];
if (!modes.every((m) => m === "regular" || m === "queue"))
  throw new Error(`--mode must be regular, queue or both, not ${options.mode}`);

/** What is running now, so that a deadline or Ctrl-C can stop it all (instances, services, sandbox). */
const running = new Set();
let workDir;
let shuttingDown;
function shutdown() {
  shuttingDown ??= (async () => {
    await stopAll();
    for (const item of [...running].reverse()) await item.stop().catch(() => {});
    running.clear();
    if (workDir && !options.keep) rmSync(workDir, { recursive: true, force: true });
  })();
  return shuttingDown;
}
const track = (item) => (running.add(item), item);
const untrack = async (item) => {
  if (!item) return;
  running.delete(item);
  await item.stop();
};

async function main() {
  assertNode24();
  if (!existsSync(join(packageRoot, "dist", "nodes", "ClientLoop", "ClientLoop.node.js"))) {
    throw new Error("the package is not built: run `npm run build` first (npm run e2e:n8n does)");
  }
  const requested =
    options.n8n ?? process.env.CLIENTLOOP_N8N_VERSIONS?.split(",").filter(Boolean) ?? DEFAULT_N8N_VERSIONS;
  const versions = [...new Set(requested.map(resolveVersion))];
  console.log(
    `e2e:n8n: n8n ${versions.join(", ")}; modes ${modes.join(", ")}; cache ${n8nCacheRoot()}; Node ${process.version}`,
  );

  const work = (workDir = mkdtempSync(join(tmpdir(), "clientloop-e2e-n8n-")));
  const tarball = packTarball(work);
  console.log(`e2e:n8n: packed ${tarball}`);
  const results = [];
  try {
    const installs = [];
    for (const version of versions) {
      const n8n = await ensureN8n(version, { log: (m) => console.log(`e2e:n8n: ${m}`) });
      console.log(`e2e:n8n: n8n ${n8n.version} ${n8n.reused ? "from the cache" : "installed"} at ${n8n.dir}`);
      installs.push(n8n);
    }
    startDeadline();
    for (const n8n of installs) {
      const { version } = n8n;
      for (const mode of modes) {
        const label = `[n8n ${version} ${mode}]`;
        const step = createSteps(label);
        const started = Date.now();
        const dir = mkdtempSync(join(work, `${version}-${mode}-`));
        const sandbox = track(
          await startSandbox({ port: 0, events: { maxAttempts: 5, backoffMs: 500, timeoutMs: 10_000 } }),
        );
        const services = [];
        let instance;
        try {
          if (mode === "queue") {
            const postgres = track(await startPostgres({ prefix: "clientloop_n8n_e2e" }));
            services.push(postgres);
            const redis = track(await startRedis());
            services.push(redis);
            await step(
              "n8n main, worker and webhook processes started (Postgres, Redis)",
              async () => {
                instance = track(
                  await startQueue({ n8n, tarball, work: dir, databaseUrl: postgres.url, redisUrl: redis.url }),
                );
                const pids = Object.entries(instance.processes).map(([name, p]) => `${name} pid ${p.pid}`);
                return `${pids.join(", ")}; Postgres ${redactUrl(postgres.url)}, Redis ${redactUrl(redis.url)}`;
              },
              8 * 60_000,
            );
          } else {
            await step(
              "n8n started (SQLite)",
              async () => {
                instance = track(await startRegular({ n8n, tarball, work: dir }));
                return `pid ${instance.processes.main.pid} on ${instance.webhookBaseUrl}`;
              },
              6 * 60_000,
            );
          }
          await runSuite({ instance, sandbox, n8n, step });
          results.push(`${label} passed in ${Math.round((Date.now() - started) / 1000)} s`);
        } catch (error) {
          if (instance)
            for (const p of Object.values(instance.processes))
              console.log(`${label} ${p.name} log (${p.logFile}), last lines:\n${p.tail(30)}`);
          throw error;
        } finally {
          await untrack(instance);
          for (const service of services.reverse()) await untrack(service);
          await untrack(sandbox);
        }
      }
    }
  } finally {
    if (options.keep) console.log(`e2e:n8n: kept ${work} (logs, user folders)`);
    else rmSync(work, { recursive: true, force: true });
    workDir = undefined;
  }
  for (const line of results) console.log(`e2e:n8n: ${line}`);
}

const redactUrl = (url) => url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");

function startDeadline() {
  setTimeout(() => {
    console.error(`e2e:n8n: the suites exceeded ${RUN_TIMEOUT_MS / 60_000} min; stopping every process they started`);
    shutdown().finally(() => process.exit(1));
  }, RUN_TIMEOUT_MS).unref();
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    console.error(`e2e:n8n: ${signal}: stopping every process it started`);
    shutdown().finally(() => process.exit(130));
  });
}

if (options.resolve) {
  console.log(resolveVersion(options.resolve));
  process.exit(0);
}

main().then(
  () => process.exit(0),
  async (error) => {
    console.error(error instanceof StepFailure ? `e2e:n8n FAILED ${error.message}` : error);
    await shutdown();
    process.exit(1);
  },
);
