// Benchmark: the sandbox against a plain graphql-http server over the same schema, with the
// documents' full-selection create mutation (their curl example, read from
// fixtures/source-documents), at 16 and 64 connections, in the same run.
// Each server runs in its own process; autocannon runs here. Never part of `npm test`.
// "heap MB" is measured after a forced GC at the end of each run: the sandbox keeps at most
// maxSessions (20,000) sessions, so it stays flat however long the benchmark runs.
//   npm run bench -w @clientloop/sandbox            (BENCH_DURATION=10 seconds per run)
import { fork } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { createRequestBody } from "./source-document.mjs";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
if (!existsSync(here("../dist/index.js"))) {
  console.error("bench: build first (npm run build -w @clientloop/sandbox)");
  process.exit(1);
}
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? "16,64").split(",").map(Number);

function startServer(kind) {
  const child = fork(here("./servers.mjs"), [kind], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    execArgv: ["--expose-gc"],
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("message", (m) => resolve({ ...m, child }));
  });
}

function ask(child, what) {
  return new Promise((resolve) => {
    child.once("message", (m) => resolve(m.stats));
    child.send(what);
  });
}

function load(server, connections, duration) {
  return autocannon({
    url: server.url,
    method: "POST",
    connections,
    duration,
    headers: {
      "content-type": "application/json",
      accept: "application/graphql-response+json",
      authorization: `Bearer ${server.apiKey}`,
    },
    body: createRequestBody,
  });
}

async function check(server) {
  const res = await fetch(server.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${server.apiKey}` },
    body: createRequestBody,
  });
  const body = await res.json();
  if (res.status !== 200 || !body.data?.createPaymentSession?.id)
    throw new Error(`unexpected answer: ${JSON.stringify(body)}`);
}

const rows = [];
const servers = { plain: await startServer("plain"), sandbox: await startServer("sandbox") };
try {
  for (const s of Object.values(servers)) await check(s);
  for (const connections of CONNECTIONS) {
    for (const [name, server] of Object.entries(servers)) {
      await load(server, connections, WARMUP);
      const r = await load(server, connections, DURATION);
      const stats = await ask(server.child, "stats");
      rows.push({
        server: name,
        connections,
        reqPerSec: Math.round(r.requests.average),
        p50: r.latency.p50,
        p99: r.latency.p99,
        max: r.latency.max,
        non2xx: r.non2xx,
        errors: r.errors + r.timeouts,
        rssMB: stats.rssMB,
        heapMB: stats.heapMB,
        sessions: stats.sessions,
      });
    }
  }
} finally {
  for (const s of Object.values(servers)) s.child.send("exit");
}

const pad = (v, n) => String(v).padStart(n);
console.log(
  `\ncreatePaymentSession (full selection), ${DURATION}s per run after ${WARMUP}s warm-up, loopback, node ${process.version}`,
);
console.log(
  `${"server".padEnd(8)} ${pad("conns", 5)} ${pad("req/s", 8)} ${pad("p50 ms", 7)} ${pad("p99 ms", 7)} ${pad("max ms", 7)} ${pad("non2xx", 7)} ${pad("errors", 6)} ${pad("RSS MB", 7)} ${pad("heap MB", 7)} ${pad("kept", 6)}`,
);
for (const r of rows) {
  console.log(
    `${r.server.padEnd(8)} ${pad(r.connections, 5)} ${pad(r.reqPerSec, 8)} ${pad(r.p50, 7)} ${pad(r.p99, 7)} ${pad(r.max, 7)} ${pad(r.non2xx, 7)} ${pad(r.errors, 6)} ${pad(r.rssMB, 7)} ${pad(r.heapMB, 7)} ${pad(r.sessions ?? "-", 6)}`,
  );
}
for (const connections of CONNECTIONS) {
  const p = rows.find((r) => r.server === "plain" && r.connections === connections);
  const s = rows.find((r) => r.server === "sandbox" && r.connections === connections);
  console.log(
    `ratio at ${connections} connections: sandbox/plain throughput ${(s.reqPerSec / p.reqPerSec).toFixed(2)}x, p99 ${s.p99} ms vs ${p.p99} ms`,
  );
}
const s64 = rows.find((r) => r.server === "sandbox" && r.connections === 64);
const p64 = rows.find((r) => r.server === "plain" && r.connections === 64);
if (s64 && p64) {
  const ok = s64.reqPerSec >= 4.5 * p64.reqPerSec && s64.p99 < 20 && s64.non2xx === 0 && s64.errors === 0;
  console.log(`target (>= 4.5x plain throughput, p99 < 20 ms, no errors at 64 connections): ${ok ? "met" : "NOT met"}`);
}
