// Medusa's CLI as the stacks run it: one-off commands (`runMedusa`) and long-running
// `medusa start` instances (`startMedusa`) that can be killed and restarted on the same port.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const APP_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

function medusaBin() {
  // npm workspaces hoist the binary to the root node_modules/.bin
  for (const p of [
    join(APP_DIR, "node_modules", ".bin", "medusa"),
    resolve(APP_DIR, "../../node_modules/.bin/medusa"),
  ]) {
    if (existsSync(p)) return p;
  }
  return "medusa";
}

/** Runs `medusa <args>` (in the app directory unless `cwd`); resolves with its output, rejects with the output on failure. */
export function runMedusa(args, env, { timeoutMs = 300_000, cwd = APP_DIR } = {}) {
  return new Promise((res, rej) => {
    const child = spawn(medusaBin(), args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
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

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * `medusa start --port <port>` in `cwd`, waiting until it answers `/health` (worker instances
 * answer it too: Medusa registers the route before it checks the mode).
 *
 * Returns `{ name, mode, url, port, pid, running(), logs(), start(), stop(), kill(), restart() }`:
 * `kill()` ends the process at once (SIGKILL: a crash, no graceful shutdown) and resolves when it
 * is gone; `stop()` shuts it down gracefully (SIGTERM, then SIGKILL after 10 s; `{ kill: true }`
 * is kill()); `start()` starts it again (if it is not running) on the same port with the same
 * environment; `restart()` is stop() then start(). `logs()` is everything it printed, across
 * restarts (the last few MB), with a line marking each start.
 */
export async function startMedusa({ name, port, env, cwd = APP_DIR, healthTimeoutMs = 300_000 }) {
  const url = `http://127.0.0.1:${port}`;
  let output = "";
  let child;
  const keep = (d) => {
    output += d;
    if (output.length > 8_000_000) output = output.slice(-4_000_000);
    if (process.env.STACK_DEBUG) process.stderr.write(`[${name}] ${d}`);
  };
  const exited = () => !child || child.exitCode !== null || child.signalCode !== null;
  const waitForExit = (ms) =>
    exited()
      ? Promise.resolve(true)
      : Promise.race([new Promise((r) => child.once("exit", () => r(true))), sleep(ms).then(() => false)]);

  async function spawnAndWait() {
    output += `\n----- [${name}] medusa start --port ${port} (${new Date().toISOString()}) -----\n`;
    child = spawn(medusaBin(), ["start", "--port", String(port)], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    const deadline = Date.now() + healthTimeoutMs;
    while (Date.now() < deadline) {
      if (exited())
        throw new Error(
          `${name}: medusa start exited with ${child.exitCode ?? child.signalCode}:\n${output.slice(-4000)}`,
        );
      try {
        if ((await fetch(`${url}/health`, { signal: AbortSignal.timeout(10_000) })).ok) return;
      } catch {}
      await sleep(250);
    }
    throw new Error(
      `${name}: medusa start did not answer /health within ${healthTimeoutMs} ms:\n${output.slice(-4000)}`,
    );
  }

  const instance = {
    name,
    mode: env.MEDUSA_WORKER_MODE ?? "shared",
    url,
    port,
    get pid() {
      return child?.pid;
    },
    running: () => !exited(),
    logs: () => output,
    async start() {
      if (!exited()) return;
      try {
        await spawnAndWait();
      } catch (e) {
        instance.killSync();
        throw e;
      }
    },
    async kill() {
      if (exited()) return;
      child.kill("SIGKILL");
      await waitForExit(30_000);
    },
    async stop({ kill = false } = {}) {
      if (kill) return await instance.kill();
      if (exited()) return;
      child.kill("SIGTERM");
      if (!(await waitForExit(10_000))) await instance.kill();
    },
    async restart() {
      await instance.stop();
      await instance.start();
    },
    /** For process exit handlers: no waiting. */
    killSync() {
      if (!exited()) child.kill("SIGKILL");
    },
  };
  await instance.start();
  return instance;
}

/**
 * Several instances as one Medusa (`stack.medusa` of the production profile): start() and
 * stop() act on all of them, running() is true while any is up, so that a scenario that takes
 * "the store" down works on either profile.
 */
export function allOf(instances) {
  return {
    running: () => instances.some((i) => i.running()),
    start: async () => void (await Promise.all(instances.map((i) => i.start()))),
    stop: async (options) => void (await Promise.all(instances.map((i) => i.stop(options)))),
    kill: async () => void (await Promise.all(instances.map((i) => i.kill()))),
    restart: async () => void (await Promise.all(instances.map((i) => i.restart()))),
  };
}
