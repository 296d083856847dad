// The whole stack for tests, the demo and the benchmark, started and stopped from one place:
// Postgres (embedded, or the server of DATABASE_URL with a fresh database), the ClientLoop
// sandbox, `medusa db:migrate`, `medusa exec` of the seed, and `medusa start` on a free port.
//
//   const stack = await startStack();      // { medusaUrl, sandbox, seed, databaseUrl, stop() }
//   ...
//   await stack.stop();                    // stops Medusa, the sandbox and Postgres
//
// Every process started here is stopped by stop() (and on exit of this process).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../../../scripts/services/ports.mjs";
import { startPostgres } from "../../../scripts/services/postgres.mjs";

export { freePort, startPostgres };

export const APP_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const MEDUSA_BIN = join(APP_DIR, "node_modules", ".bin", "medusa");

const log = (...a) => {
  if (process.env.STACK_QUIET !== "1") console.log("[stack]", ...a);
};

function medusaBin() {
  // npm workspaces hoist the binary to the root node_modules/.bin
  for (const p of [MEDUSA_BIN, resolve(APP_DIR, "../../node_modules/.bin/medusa")]) {
    try {
      readFileSync(p);
      return p;
    } catch {}
  }
  return "medusa";
}

/** Runs `medusa <args>` in the app directory; resolves with stdout, rejects with the output on failure. */
export function runMedusa(args, env, { timeoutMs = 300_000 } = {}) {
  return new Promise((res, rej) => {
    const child = spawn(medusaBin(), args, { cwd: APP_DIR, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) res(out);
      else rej(new Error(`medusa ${args.join(" ")} exited with ${code}:\n${out.slice(-4000)}`));
    });
  });
}

async function waitForHealth(url, child, getOutput, timeoutMs = 300_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`medusa start exited with ${child.exitCode}:\n${getOutput().slice(-4000)}`);
    try {
      const r = await fetch(`${url}/health`);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`medusa start did not answer /health within ${timeoutMs} ms:\n${getOutput().slice(-4000)}`);
}

/** Starts the ClientLoop sandbox (packages/sandbox). */
export async function startClientLoopSandbox(options = {}) {
  const { startSandbox } = await import("@clientloop/sandbox");
  const sb = await startSandbox({ port: 0, ...options });
  log(`ClientLoop sandbox at ${sb.url}`);
  return sb;
}

/** Environment for medusa commands: database, secrets, ClientLoop options (see medusa-config.ts). */
export function medusaEnv({ databaseUrl, port, sandbox, extra = {} }) {
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
    CLIENTLOOP_CALLBACK_BASE_URL: `http://127.0.0.1:${port}`,
    CLIENTLOOP_SUCCESS_URL: process.env.CLIENTLOOP_SUCCESS_URL ?? "http://localhost:8000/checkout/clientloop/return?cart_id={cart_id}",
    ...extra,
  };
  delete env.NODE_OPTIONS; // vitest's loader flags must not leak into the Medusa processes
  return env;
}

/**
 * Starts everything and seeds the store. Options: `sandbox` (an already started sandbox),
 * `sandboxOptions`, `env` (extra environment for Medusa), `seed`, `port` (default: MEDUSA_PORT or a
 * free one), and `onProgress(phase, detail)`,
 * called as each phase finishes: "postgres", "migrate", "seed", "medusa" (the demo shows them).
 */
export async function startStack({ sandbox: givenSandbox, sandboxOptions, env: extraEnv = {}, seed = true, port: medusaPort, onProgress = () => {} } = {}) {
  const cleanups = [];
  const stopAll = async () => {
    while (cleanups.length) await cleanups.pop()().catch((e) => console.error("[stack] stop:", e?.message ?? e));
  };
  const onExit = () => {
    for (const c of cleanups) if (c.sync) c.sync();
  };
  process.once("exit", onExit);
  try {
    const t0 = Date.now();
    const [db, sandbox] = await Promise.all([startPostgres(), givenSandbox ?? startClientLoopSandbox(sandboxOptions)]);
    cleanups.push(() => db.stop());
    if (!givenSandbox) cleanups.push(() => sandbox.stop());
    onProgress("postgres", process.env.DATABASE_URL ? "a fresh database on the DATABASE_URL server" : "embedded Postgres");
    const port = medusaPort || Number(process.env.MEDUSA_PORT) || (await freePort());
    const env = medusaEnv({ databaseUrl: db.url, port, sandbox, extra: extraEnv });

    await runMedusa(["db:migrate"], env);
    log(`migrated in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    onProgress("migrate", "medusa db:migrate");

    let seedData;
    if (seed) {
      const seedFile = join(mkdtempSync(join(tmpdir(), "clientloop-seed-")), "seed.json");
      await runMedusa(["exec", "./src/scripts/seed.ts"], { ...env, SEED_OUTPUT: seedFile });
      seedData = JSON.parse(readFileSync(seedFile, "utf8"));
      rmSync(dirname(seedFile), { recursive: true, force: true });
      log(`seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      onProgress("seed", "regions USD/JPY/KWD with ClientLoop, products with stock, shipping, sales channel, publishable key");
    }

    const medusaUrl = `http://127.0.0.1:${port}`;
    let output = "";
    const medusa = medusaProcess({ port, env, onOutput: (d) => (output = (output + d).slice(-200_000)) });
    const stopMedusa = () => medusa.stop();
    stopMedusa.sync = () => medusa.kill();
    cleanups.push(stopMedusa);
    await medusa.start();
    log(`Medusa up at ${medusaUrl} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    onProgress("medusa", medusaUrl);

    return {
      medusaUrl,
      port,
      sandbox,
      seed: seedData,
      databaseUrl: db.url,
      env,
      logs: () => output,
      /** `medusa start` alone: stop it (SIGTERM, or SIGKILL with `{ kill: true }`) and start it again, same database. */
      medusa,
      async stop() {
        process.removeListener("exit", onExit);
        await stopAll();
      },
    };
  } catch (e) {
    await stopAll();
    process.removeListener("exit", onExit);
    throw e;
  }
}

/**
 * One `medusa start` process that can be stopped and started again on the same port (tests use
 * it to take the store down while ClientLoop keeps delivering). Output goes to `onOutput`.
 */
export function medusaProcess({ port, env, onOutput = () => {} }) {
  const url = `http://127.0.0.1:${port}`;
  let child;
  let output = "";
  const keep = (d) => {
    output = (output + d).slice(-100_000);
    onOutput(String(d));
    if (process.env.STACK_DEBUG) process.stderr.write(d);
  };
  const running = () => child && child.exitCode === null && !child.signalCode;
  return {
    url,
    running,
    async start() {
      if (running()) return;
      output = "";
      child = spawn(medusaBin(), ["start", "--port", String(port)], { cwd: APP_DIR, env, stdio: ["ignore", "pipe", "pipe"] });
      child.stdout.on("data", keep);
      child.stderr.on("data", keep);
      await waitForHealth(url, child, () => output);
    },
    async stop({ kill = false } = {}) {
      if (!running()) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill(kill ? "SIGKILL" : "SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (running()) {
        child.kill("SIGKILL");
        await exited;
      }
    },
    kill() {
      if (running()) child.kill("SIGKILL");
    },
  };
}

/** Writes a small JSON file the tests read (vitest globalSetup → test workers). */
export function writeStackInfo(file, stack) {
  writeFileSync(
    file,
    JSON.stringify({ medusaUrl: stack.medusaUrl, databaseUrl: stack.databaseUrl, seed: stack.seed, sandbox: { url: stack.sandbox.url, baseUrl: stack.sandbox.baseUrl, orgId: stack.sandbox.orgId } }),
  );
}
