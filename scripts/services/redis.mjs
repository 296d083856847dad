// Redis for the production-profile stacks and queue-mode tests: REDIS_URL when it is set (used as
// given, never flushed; it must answer PING), otherwise a private `redis-server` on a free loopback port, with no
// persistence, stopped (and its directory removed) on stop. Debian's redis-server package is
// installed first when the machine has none.
//
//   const redis = await startRedis();   // { url, external, stop() }
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { connect as connectTls } from "node:tls";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./ports.mjs";

const APT_ENSURE = join(dirname(fileURLToPath(import.meta.url)), "..", "apt-ensure.sh");

const log = (...a) => {
  if (process.env.STACK_QUIET !== "1") console.log("[redis]", ...a);
};

export async function startRedis() {
  if (process.env.REDIS_URL) {
    const url = process.env.REDIS_URL;
    if (!(await ping(url)))
      throw new Error(
        `redis: REDIS_URL (${redacted(url)}) does not answer PING: check that the server is up and the URL's password`,
      );
    return { url, external: true, async stop() {} };
  }
  const installed = spawnSync("bash", [APT_ENSURE, "redis-server", "redis-server"], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (installed.status !== 0)
    throw new Error("redis: redis-server is missing and could not be installed (apt-get install redis-server)");
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "clientloop-redis-"));
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const stopSync = () => child.exitCode === null && child.kill("SIGKILL");
  process.once("exit", stopSync);
  try {
    await waitForPong(`redis://127.0.0.1:${port}`, child, () => output);
  } catch (e) {
    stopSync();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  log(`redis-server on port ${port}`);
  return {
    url: `redis://127.0.0.1:${port}`,
    external: false,
    async stop() {
      process.removeListener("exit", stopSync);
      if (child.exitCode === null && !child.signalCode) {
        child.kill("SIGTERM");
        await Promise.race([new Promise((r) => child.once("exit", r)), new Promise((r) => setTimeout(r, 5_000))]);
        stopSync();
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A Redis command in RESP, safe for any bytes in its arguments. */
const command = (...args) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`;

const redacted = (url) => url.replace(/\/\/[^@/]*@/, "//***@");

/** True when the Redis at `url` answers PING (after AUTH when the URL has a password). */
function ping(url) {
  const { protocol, hostname, port, username, password } = new URL(url);
  const options = { host: hostname.replace(/^\[|\]$/g, ""), port: Number(port || 6379) };
  return new Promise((resolve) => {
    const socket = protocol === "rediss:" ? connectTls({ ...options, servername: options.host }) : connect(options);
    let answer = "";
    socket.setTimeout(2_000, () => socket.destroy());
    socket.on(protocol === "rediss:" ? "secureConnect" : "connect", () => {
      const auth = password
        ? command("AUTH", ...(username ? [decodeURIComponent(username)] : []), decodeURIComponent(password))
        : "";
      socket.write(auth + command("PING"));
    });
    socket.on("data", (d) => {
      answer += d;
      if (answer.includes("+PONG\r\n") || answer.startsWith("-")) socket.end();
    });
    socket.on("close", () => resolve(answer.includes("+PONG\r\n") && !answer.startsWith("-")));
    socket.on("error", () => resolve(false));
  });
}

async function waitForPong(url, child, getOutput, timeoutMs = 30_000) {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    if (child.exitCode !== null)
      throw new Error(`redis-server exited with ${child.exitCode}:\n${getOutput().slice(-2000)}`);
    if (await ping(url)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`redis-server did not answer PING within ${timeoutMs} ms:\n${getOutput().slice(-2000)}`);
}
