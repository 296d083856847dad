// The whole stack for tests, the demo and the benchmark, started and stopped from one place.
//
// The default ("single") profile: Postgres (embedded, or the server of DATABASE_URL with a fresh
// database), the ClientLoop sandbox, `medusa db:migrate`, `medusa exec` of the seed, and one
// `medusa start` (development mode, Medusa's in-memory modules) on a free port.
//
//   const stack = await startStack();      // { medusaUrl, sandbox, seed, databaseUrl, medusa, stop() }
//   ...
//   await stack.stop();                    // stops Medusa, the sandbox and Postgres
//
// The "production" profile (`startStack({ profile: "production" })`, see stack/production.mjs):
// Redis, one `medusa build`, two servers and a worker. Every process started here is stopped by
// stop() (and on exit of this process).
import { writeFileSync } from "node:fs";
import { freePort } from "../../../scripts/services/ports.mjs";
import { startPostgres } from "../../../scripts/services/postgres.mjs";
import { allSettledOrThrow, Cleanups } from "./stack/cleanups.mjs";
import { APP_DIR, runMedusa, startMedusa } from "./stack/medusa.mjs";
import { startProductionStack } from "./stack/production.mjs";
import { log, medusaEnv, migrateAndSeed, startClientLoopSandbox } from "./stack/setup.mjs";

export { APP_DIR, freePort, medusaEnv, runMedusa, startClientLoopSandbox, startPostgres };

/**
 * Starts everything and seeds the store. Options: `profile` ("single", the default, or
 * "production": see stack/production.mjs for its own options), `sandbox` (an already started
 * sandbox), `sandboxOptions`, `env` (extra environment for Medusa), `seed`, `port` (default:
 * MEDUSA_PORT or a free one), and `onProgress(phase, detail)`, called as each phase finishes:
 * "postgres", "migrate", "seed", "medusa" (the demo shows them).
 */
export async function startStack({ profile = "single", ...options } = {}) {
  if (profile === "production") return await startProductionStack(options);
  if (profile !== "single")
    throw new Error(`startStack: profile must be "single" or "production", got ${JSON.stringify(profile)}`);
  return await startSingleStack(options);
}

async function startSingleStack({
  sandbox: givenSandbox,
  sandboxOptions,
  env: extraEnv = {},
  seed = true,
  port: medusaPort,
  onProgress = () => {},
} = {}) {
  const cleanups = new Cleanups();
  try {
    const t0 = Date.now();
    const [db, sandbox] = await allSettledOrThrow([
      startPostgres().then((db) => (cleanups.add(() => db.stop()), db)),
      givenSandbox ?? startClientLoopSandbox(sandboxOptions).then((sb) => (cleanups.add(() => sb.stop()), sb)),
    ]);
    onProgress(
      "postgres",
      process.env.DATABASE_URL ? "a fresh database on the DATABASE_URL server" : "embedded Postgres",
    );
    const port = medusaPort || Number(process.env.MEDUSA_PORT) || (await freePort());
    const env = medusaEnv({ databaseUrl: db.url, port, sandbox, extra: extraEnv });
    const seedData = await migrateAndSeed(env, { seed, onProgress, t0 });

    const medusa = await startMedusa({ name: "medusa", port, env });
    cleanups.add(
      () => medusa.stop(),
      () => medusa.killSync(),
    );
    log(`Medusa up at ${medusa.url} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    onProgress("medusa", medusa.url);

    return {
      profile: "single",
      medusaUrl: medusa.url,
      port,
      callbackBaseUrl: medusa.url,
      /** `medusa start` itself: stop it (SIGTERM, or SIGKILL with `{ kill: true }`), start() it again, same database. */
      medusa,
      servers: [medusa],
      instances: [medusa],
      sandbox,
      seed: seedData,
      databaseUrl: db.url,
      env,
      logs: () => medusa.logs(),
      stop: () => cleanups.stopAll(),
    };
  } catch (e) {
    await cleanups.stopAll();
    throw e;
  }
}

/** Writes a small JSON file the tests read (vitest globalSetup → test workers). */
export function writeStackInfo(file, stack) {
  writeFileSync(
    file,
    JSON.stringify({
      medusaUrl: stack.medusaUrl,
      databaseUrl: stack.databaseUrl,
      seed: stack.seed,
      sandbox: { url: stack.sandbox.url, baseUrl: stack.sandbox.baseUrl, orgId: stack.sandbox.orgId },
    }),
  );
}
