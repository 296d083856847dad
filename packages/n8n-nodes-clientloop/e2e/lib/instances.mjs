// An n8n instance as a self-hoster runs it, headless, on free loopback ports:
//  - regular mode: one `n8n start` on SQLite;
//  - queue mode: Postgres and Redis, one main (`start`, editor and REST API, no production
//    webhooks, manual executions offloaded), one `worker` and one `webhook` process.
// Every process gets its own N8N_USER_FOLDER with the packed tarball installed, as separate
// machines or containers would have (the package must be installed on each of them).
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { freePort } from "../../../../scripts/services/ports.mjs";
import { installIntoUserFolder } from "./package.mjs";
import { startN8n, waitForReady } from "./processes.mjs";
import { N8nRest } from "./rest.mjs";

const READY_TIMEOUT_MS = 5 * 60_000;

/** The time zone the workflows run in (dates without a zone in the examples are read in it). */
export const TIMEZONE = "Europe/Berlin";

function commonEnv(userFolder, encryptionKey) {
  const tmp = join(userFolder, "tmp");
  mkdirSync(tmp, { recursive: true });
  return {
    N8N_USER_FOLDER: userFolder,
    // n8n keeps some files in the OS temp dir (data table uploads): this run's, removed with it
    TMPDIR: tmp,
    N8N_ENCRYPTION_KEY: encryptionKey,
    N8N_LISTEN_ADDRESS: "127.0.0.1",
    N8N_HOST: "127.0.0.1",
    N8N_PROTOCOL: "http",
    N8N_SECURE_COOKIE: "false",
    GENERIC_TIMEZONE: TIMEZONE,
    N8N_DIAGNOSTICS_ENABLED: "false",
    N8N_VERSION_NOTIFICATIONS_ENABLED: "false",
    N8N_TEMPLATES_ENABLED: "false",
    N8N_PERSONALIZATION_ENABLED: "false",
    N8N_HIRING_BANNER_ENABLED: "false",
    N8N_LOG_LEVEL: "info",
    N8N_LOG_OUTPUT: "console",
  };
}

/** A user folder with the package installed; returns its path and the package count npm reported. */
function userFolder(work, name, tarball) {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  const packages = installIntoUserFolder(dir, tarball);
  return { dir, packages };
}

export async function startRegular({ n8n, tarball, work }) {
  const folder = userFolder(work, "user-main", tarball);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const main = startN8n({
    n8n,
    command: "start",
    name: "main",
    logDir: work,
    env: {
      ...commonEnv(folder.dir, randomBytes(24).toString("hex")),
      N8N_PORT: String(port),
      WEBHOOK_URL: url,
      N8N_RUNNERS_BROKER_PORT: String(await freePort()),
    },
  });
  await waitForReady(`${url}healthz/readiness`, main, READY_TIMEOUT_MS);
  return {
    mode: "regular",
    workDir: work,
    rest: new N8nRest(url),
    webhookBaseUrl: url,
    processes: { main },
    installedPackages: [folder.packages],
    async stop() {
      await main.stop();
    },
  };
}

/** n8n takes Postgres and Redis as separate settings, not URLs. */
function databaseEnv(databaseUrl) {
  const url = new URL(databaseUrl);
  return {
    DB_TYPE: "postgresdb",
    DB_POSTGRESDB_HOST: url.hostname,
    DB_POSTGRESDB_PORT: url.port || "5432",
    DB_POSTGRESDB_DATABASE: decodeURIComponent(url.pathname.slice(1)),
    DB_POSTGRESDB_USER: decodeURIComponent(url.username),
    DB_POSTGRESDB_PASSWORD: decodeURIComponent(url.password),
  };
}

function redisEnv(redisUrl, prefix) {
  const url = new URL(redisUrl);
  return {
    QUEUE_BULL_REDIS_HOST: url.hostname,
    QUEUE_BULL_REDIS_PORT: url.port || "6379",
    ...(url.username ? { QUEUE_BULL_REDIS_USERNAME: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { QUEUE_BULL_REDIS_PASSWORD: decodeURIComponent(url.password) } : {}),
    QUEUE_BULL_REDIS_DB: url.pathname.length > 1 ? url.pathname.slice(1) : "0",
    ...(url.protocol === "rediss:" ? { QUEUE_BULL_REDIS_TLS: "true" } : {}),
    // a shared REDIS_URL may serve other runs: this run's queue and cache keys are its own
    QUEUE_BULL_PREFIX: `${prefix}-bull`,
    N8N_REDIS_KEY_PREFIX: `${prefix}-n8n`,
  };
}

/** Deletes this run's keys (a shared REDIS_URL outlives the run); uses the ioredis n8n ships. */
async function deleteRedisKeys(n8n, redisUrl, prefix) {
  const Redis = createRequire(join(n8n.dir, "node_modules", "n8n", "package.json"))("ioredis");
  const client = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  try {
    await client.connect();
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}-*`, "COUNT", 500);
      if (keys.length > 0) await client.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    client.disconnect();
  }
}

export async function startQueue({ n8n, tarball, work, databaseUrl, redisUrl }) {
  const [mainPort, webhookPort, workerHealthPort] = [await freePort(), await freePort(), await freePort()];
  const mainUrl = `http://127.0.0.1:${mainPort}/`;
  const webhookUrl = `http://127.0.0.1:${webhookPort}/`;
  const redisPrefix = `clientloop-e2e-${randomBytes(4).toString("hex")}`;
  const shared = {
    EXECUTIONS_MODE: "queue",
    ...databaseEnv(databaseUrl),
    ...redisEnv(redisUrl, redisPrefix),
  };
  const encryptionKey = randomBytes(24).toString("hex");
  const folders = {
    main: userFolder(work, "user-main", tarball),
    worker: userFolder(work, "user-worker", tarball),
    webhook: userFolder(work, "user-webhook", tarball),
  };
  const processes = {};
  const stop = async () => {
    // the main last: the others hold no state of their own
    await Promise.all([processes.webhook?.stop(), processes.worker?.stop()]);
    await processes.main?.stop();
    await deleteRedisKeys(n8n, redisUrl, redisPrefix).catch((error) => {
      console.warn(`e2e:n8n: could not delete the run's Redis keys (${redisPrefix}-*): ${error.message}`);
    });
  };
  try {
    // main first: it runs the migrations the others wait for
    processes.main = startN8n({
      n8n,
      command: "start",
      name: "main",
      logDir: work,
      env: {
        ...commonEnv(folders.main.dir, encryptionKey),
        ...shared,
        N8N_PORT: String(mainPort),
        N8N_EDITOR_BASE_URL: mainUrl,
        // production webhooks are served by the webhook process only
        N8N_DISABLE_PRODUCTION_MAIN_PROCESS: "true",
        WEBHOOK_URL: webhookUrl,
        OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: "true",
        N8N_RUNNERS_BROKER_PORT: String(await freePort()),
      },
    });
    await waitForReady(`${mainUrl}healthz/readiness`, processes.main, READY_TIMEOUT_MS);
    processes.worker = startN8n({
      n8n,
      command: "worker",
      args: ["--concurrency=5"],
      name: "worker",
      logDir: work,
      env: {
        ...commonEnv(folders.worker.dir, encryptionKey),
        ...shared,
        QUEUE_HEALTH_CHECK_ACTIVE: "true",
        QUEUE_HEALTH_CHECK_PORT: String(workerHealthPort),
        N8N_WORKER_SERVER_ADDRESS: "127.0.0.1",
        N8N_RUNNERS_BROKER_PORT: String(await freePort()),
      },
    });
    processes.webhook = startN8n({
      n8n,
      command: "webhook",
      name: "webhook",
      logDir: work,
      env: {
        ...commonEnv(folders.webhook.dir, encryptionKey),
        ...shared,
        N8N_PORT: String(webhookPort),
        WEBHOOK_URL: webhookUrl,
        N8N_RUNNERS_BROKER_PORT: String(await freePort()),
      },
    });
    await Promise.all([
      waitForReady(`http://127.0.0.1:${workerHealthPort}/healthz/readiness`, processes.worker, READY_TIMEOUT_MS),
      waitForReady(`${webhookUrl}healthz/readiness`, processes.webhook, READY_TIMEOUT_MS),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    mode: "queue",
    workDir: work,
    rest: new N8nRest(mainUrl),
    webhookBaseUrl: webhookUrl,
    processes,
    installedPackages: Object.values(folders).map((f) => f.packages),
    stop,
  };
}
