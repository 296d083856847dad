// n8n processes (`start`, `worker`, `webhook`) started from the cached install, each in its own
// process group so that stopping it also stops the task runners it spawned. Output goes to a log
// file per process and is kept in memory, so the suite can wait for log lines ("Worker started
// execution 6") and print the tail of a process that failed.
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { join } from "node:path";

const started = new Set();

/** Stops every process this module started (on exit, error or Ctrl-C). */
export async function stopAll() {
  await Promise.all([...started].map((p) => p.stop()));
}

// the last resort: whatever is still running when Node exits is killed
process.once("exit", () => {
  for (const p of started) p.kill("SIGKILL");
});

/**
 * Starts `n8n <command>` with `env` added to a clean environment (nothing of ours leaks in but
 * PATH, HOME and the npm/Node settings n8n needs). Returns a handle with `waitForLog`, `logs()`,
 * `stop()`.
 */
export function startN8n({ n8n, command, args = [], env, name, logDir }) {
  const logFile = join(logDir, `${name}.log`);
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, [n8n.bin, command, ...args], {
    cwd: env.N8N_USER_FOLDER,
    env: { ...baseEnv(), ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const waiters = new Set();
  const onData = (chunk) => {
    const text = chunk.toString();
    output += text;
    if (output.length > 4_000_000) output = output.slice(-2_000_000);
    log.write(text);
    for (const w of waiters) w.check();
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));

  const handle = {
    name,
    logFile,
    pid: child.pid,
    logs: () => output,
    tail: (lines = 40) => output.trimEnd().split("\n").slice(-lines).join("\n"),
    exited,
    get running() {
      return child.exitCode === null && child.signalCode === null;
    },
    kill(signal) {
      if (!handle.running) return;
      try {
        process.kill(-child.pid, signal); // the group: n8n and its task runners
      } catch {
        child.kill(signal);
      }
    },
    /** Resolves with the first match of `pattern` in the output (from the start), or throws. */
    waitForLog(pattern, timeoutMs, what = String(pattern)) {
      return new Promise((resolve, reject) => {
        const waiter = {
          check() {
            const match = pattern.exec(output);
            if (match) done(() => resolve(match));
            else if (!handle.running)
              done(() => reject(new Error(`${name} exited while waiting for ${what}:\n${handle.tail()}`)));
          },
        };
        const timer = setTimeout(
          () => done(() => reject(new Error(`${name}: no ${what} within ${timeoutMs / 1000} s:\n${handle.tail()}`))),
          timeoutMs,
        );
        const done = (settle) => {
          clearTimeout(timer);
          waiters.delete(waiter);
          settle();
        };
        waiters.add(waiter);
        exited.then(() => waiter.check());
        waiter.check();
      });
    },
    /** SIGTERM (n8n shuts down gracefully), SIGKILL after 30 s; safe to call twice. */
    stop() {
      stopping ??= stopProcess();
      return stopping;
    },
  };
  let stopping;
  async function stopProcess() {
    started.delete(handle);
    if (handle.running) {
      handle.kill("SIGTERM");
      const stopped = await Promise.race([exited.then(() => true), delay(30_000).then(() => false)]);
      if (!stopped) handle.kill("SIGKILL");
    }
    // the task runners of the group, if n8n left any behind
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // the group is gone
    }
    await exited;
    await new Promise((resolve) => log.end(resolve));
  }
  started.add(handle);
  return handle;
}

function baseEnv() {
  const keep = ["PATH", "HOME", "TMPDIR", "LANG", "TZ", "SSL_CERT_FILE", "NODE_EXTRA_CA_CERTS"];
  return Object.fromEntries(keep.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]]));
}

export const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `url` until it answers 200 (n8n's /healthz/readiness turns 200 once migrations are done). */
export async function waitForReady(url, processHandle, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (!processHandle.running)
      throw new Error(`${processHandle.name} exited before it was ready:\n${processHandle.tail()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = error.cause?.code ?? error.message;
    }
    await delay(500);
  }
  throw new Error(
    `${processHandle.name} not ready at ${url} within ${timeoutMs / 1000} s (${last}):\n${processHandle.tail()}`,
  );
}
