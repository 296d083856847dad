// What every profile of the stack needs: the ClientLoop sandbox, Medusa's environment, and a
// migrated, seeded database.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runMedusa } from "./medusa.mjs";

export const log = (...a) => {
  if (process.env.STACK_QUIET !== "1") console.log("[stack]", ...a);
};

/** Starts the ClientLoop sandbox (packages/sandbox). */
export async function startClientLoopSandbox(options = {}) {
  const { startSandbox } = await import("@clientloop/sandbox");
  const sb = await startSandbox({ port: 0, ...options });
  log(`ClientLoop sandbox at ${sb.url}`);
  return sb;
}

/** Variables of the production topology that must not leak into a stack from the caller's shell. */
const TOPOLOGY_VARIABLES = ["REDIS_URL", "REDIS_PREFIX", "MEDUSA_WORKER_MODE"];

/**
 * Environment for medusa commands: database, secrets, ClientLoop options (see medusa-config.ts).
 * Redis and the worker mode come only from `extra`: a REDIS_URL in the caller's shell does not
 * turn the single-process stack into a Redis one.
 */
export function medusaEnv({ databaseUrl, port, sandbox, callbackBaseUrl = `http://127.0.0.1:${port}`, extra = {} }) {
  const env = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV === "production" ? "production" : "development",
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    JWT_SECRET: process.env.JWT_SECRET ?? randomBytes(16).toString("hex"),
    COOKIE_SECRET: process.env.COOKIE_SECRET ?? randomBytes(16).toString("hex"),
    STORE_CORS: process.env.STORE_CORS ?? "http://localhost:8000",
    ADMIN_CORS: process.env.ADMIN_CORS ?? `http://localhost:${port}`,
    AUTH_CORS: process.env.AUTH_CORS ?? `http://localhost:8000,http://localhost:${port}`,
    MEDUSA_DISABLE_TELEMETRY: "true",
    CLIENTLOOP_API_KEY: sandbox.apiKey,
    CLIENTLOOP_ORG_ID: sandbox.orgId,
    CLIENTLOOP_BASE_URL: sandbox.url,
    CLIENTLOOP_SIGNING_SECRET: sandbox.signingSecret,
    CLIENTLOOP_CALLBACK_BASE_URL: callbackBaseUrl,
    CLIENTLOOP_SUCCESS_URL:
      process.env.CLIENTLOOP_SUCCESS_URL ?? "http://localhost:8000/checkout/clientloop/return?cart_id={cart_id}",
  };
  for (const name of TOPOLOGY_VARIABLES) delete env[name];
  Object.assign(env, extra);
  delete env.NODE_OPTIONS; // vitest's loader flags must not leak into the Medusa processes
  return env;
}

/**
 * `medusa db:migrate`, then (with `seed`) the seed script, whose ids and keys it returns.
 * `onProgress("migrate" | "seed", detail)` as each finishes.
 */
export async function migrateAndSeed(env, { seed = true, onProgress = () => {}, t0 = Date.now() } = {}) {
  await runMedusa(["db:migrate"], env);
  log(`migrated in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  onProgress("migrate", "medusa db:migrate");
  if (!seed) return undefined;
  const dir = mkdtempSync(join(tmpdir(), "clientloop-seed-"));
  try {
    const seedFile = join(dir, "seed.json");
    await runMedusa(["exec", "./src/scripts/seed.ts"], { ...env, SEED_OUTPUT: seedFile });
    const seedData = JSON.parse(readFileSync(seedFile, "utf8"));
    log(`seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    onProgress(
      "seed",
      "regions USD/JPY/KWD with ClientLoop, products with stock, shipping, sales channel, publishable key",
    );
    return seedData;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
