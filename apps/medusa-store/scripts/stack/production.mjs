// The production profile of the stack: Medusa as its deployment guide runs it, on one Postgres
// and one Redis.
//
//   server A  medusa start, MEDUSA_WORKER_MODE=server   where ClientLoop's callbacks go
//   server B  medusa start, MEDUSA_WORKER_MODE=server   where the storefront talks
//   worker    medusa start, MEDUSA_WORKER_MODE=worker   subscribers, scheduled jobs, workflow retries
//
// All three start from one `medusa build` made for this run (NODE_ENV=production, admin built),
// with Medusa's Redis modules (medusa-config.ts: event bus, workflow engine, locking, caching,
// sessions). Redis is REDIS_URL when set, with this run's keys and queues under a prefix of its
// own; otherwise a private redis-server (scripts/services/redis.mjs).
import { randomBytes } from "node:crypto";
import { freePort } from "../../../../scripts/services/ports.mjs";
import { startPostgres } from "../../../../scripts/services/postgres.mjs";
import { startRedis } from "../../../../scripts/services/redis.mjs";
import { allSettledOrThrow, Cleanups } from "./cleanups.mjs";
import { allOf, startMedusa } from "./medusa.mjs";
import { buildForProduction } from "./production-build.mjs";
import { log, medusaEnv, migrateAndSeed, startClientLoopSandbox } from "./setup.mjs";

/**
 * Deletes this run's keys from a shared Redis. Medusa leaves a few keys outside any prefix (the
 * event bus's `staging:<group id>` lists, which expire, and workflow executions named by their
 * unique transaction ids).
 */
async function removeKeys(url, prefix) {
  const { default: Redis } = await import("ioredis");
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    let removed = 0;
    for (let cursor = "0"; ;) {
      const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      if (keys.length) removed += await client.unlink(...keys);
      if ((cursor = next) === "0") break;
    }
    log(`removed ${removed} keys under ${prefix} from REDIS_URL`);
  } finally {
    client.disconnect();
  }
}

/** The given ports, and a free one for each missing: all different. */
async function distinctPorts(given) {
  const taken = new Set(given.filter(Boolean));
  const result = [];
  for (const port of given) {
    let p = port;
    while (!p) {
      const candidate = await freePort();
      if (!taken.has(candidate)) p = candidate;
    }
    taken.add(p);
    result.push(p);
  }
  return result;
}

/**
 * Options: `sandbox` (an already started sandbox, yours to stop), `sandboxOptions`, `env` (extra
 * environment for every Medusa process), `seed`, `ports` ({ serverA, serverB, worker }; a free
 * port for each one not given), `onProgress(phase, detail)` for "postgres", "redis", "migrate",
 * "seed", "build", "medusa".
 */
export async function startProductionStack({
  sandbox: givenSandbox,
  sandboxOptions,
  env: extraEnv = {},
  seed = true,
  ports = {},
  onProgress = () => {},
} = {}) {
  const cleanups = new Cleanups();
  const t0 = Date.now();
  const secs = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  try {
    const [db, redis, sandbox] = await allSettledOrThrow([
      startPostgres().then((db) => (cleanups.add(() => db.stop()), db)),
      startRedis().then((redis) => (cleanups.add(() => redis.stop()), redis)),
      givenSandbox ?? startClientLoopSandbox(sandboxOptions).then((sb) => (cleanups.add(() => sb.stop()), sb)),
    ]);
    onProgress(
      "postgres",
      process.env.DATABASE_URL ? "a fresh database on the DATABASE_URL server" : "embedded Postgres",
    );
    // A shared Redis: this run's sessions, queues, locks and cache entries get a prefix of their own.
    const redisPrefix = redis.external
      ? `clientloop_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}:`
      : "";
    // Runs after the instances have stopped (cleanups run last-in first-out).
    if (redis.external) cleanups.add(() => removeKeys(redis.url, redisPrefix));
    onProgress(
      "redis",
      redis.external ? `REDIS_URL, keys under ${redisPrefix}` : `a private redis-server at ${redis.url}`,
    );

    const [portA, portB, portWorker] = await distinctPorts([ports.serverA, ports.serverB, ports.worker]);
    const urlA = `http://127.0.0.1:${portA}`;
    const urlB = `http://127.0.0.1:${portB}`;
    const base = medusaEnv({
      databaseUrl: db.url,
      port: portA,
      sandbox,
      callbackBaseUrl: urlA,
      extra: {
        REDIS_URL: redis.url,
        REDIS_PREFIX: redisPrefix,
        MEDUSA_ADMIN: "true",
        ADMIN_CORS: process.env.ADMIN_CORS ?? `${urlA},${urlB},http://localhost:${portA},http://localhost:${portB}`,
        AUTH_CORS:
          process.env.AUTH_CORS ??
          `http://localhost:8000,${urlA},${urlB},http://localhost:${portA},http://localhost:${portB}`,
        ...extraEnv,
      },
    });
    const production = { ...base, NODE_ENV: "production" };
    // Migrations and the seed run from the sources while the build compiles; as one-off tasks
    // they process no queued jobs (that is the worker's part).
    const [build, seedData] = await allSettledOrThrow([
      buildForProduction(production).then((build) => {
        cleanups.add(build.remove, build.removeSync);
        log(`built for production in ${secs()}`);
        onProgress(
          "build",
          "medusa build (backend and admin, alongside the migrations and the seed), once for every instance",
        );
        return build;
      }),
      migrateAndSeed({ ...base, MEDUSA_WORKER_MODE: "server" }, { seed, onProgress, t0 }),
    ]);

    const start = (name, port, mode) =>
      startMedusa({
        name,
        port,
        cwd: build.serverDir,
        env: { ...production, PORT: String(port), MEDUSA_WORKER_MODE: mode },
      }).then((instance) => {
        cleanups.add(
          () => instance.stop(),
          () => instance.killSync(),
        );
        return instance;
      });
    const [serverA, serverB, worker] = await allSettledOrThrow([
      start("server A", portA, "server"),
      start("server B", portB, "server"),
      start("worker", portWorker, "worker"),
    ]);
    log(
      `Medusa up after ${secs()}: server A ${serverA.url} (callbacks), server B ${serverB.url} (storefront), worker ${worker.url}`,
    );
    onProgress(
      "medusa",
      `server A ${serverA.url} (ClientLoop callbacks), server B ${serverB.url} (storefront), worker ${worker.url} (health only)`,
    );

    return {
      profile: "production",
      /** Where a storefront talks: server B. */
      medusaUrl: serverB.url,
      port: serverB.port,
      /** Where ClientLoop's callbacks go: server A. */
      callbackBaseUrl: serverA.url,
      servers: [serverA, serverB],
      worker,
      /** All three as one: stop() takes the whole store down, start() brings it back. */
      medusa: allOf([serverA, serverB, worker]),
      instances: [serverA, serverB, worker],
      sandbox,
      seed: seedData,
      databaseUrl: db.url,
      redisUrl: redis.url,
      redisPrefix,
      buildDir: build.serverDir,
      /** The servers' environment (the worker's differs in MEDUSA_WORKER_MODE and PORT). */
      env: { ...production, PORT: String(portA), MEDUSA_WORKER_MODE: "server" },
      logs: () => [serverA, serverB, worker].map((i) => `===== ${i.name} =====\n${i.logs()}`).join("\n"),
      stop: () => cleanups.stopAll(),
    };
  } catch (e) {
    await cleanups.stopAll();
    throw e;
  }
}
