#!/usr/bin/env node
// Per-call overhead of the ClientLoop client against a raw fetch of the same request to the
// same loopback server (2,000 sequential calls each, alternating), and the cold
// require() time of the built CJS entry. Run: npm run bench -w @clientloop/core (after a build).
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";

const require = createRequire(import.meta.url);
const { ClientLoop, OPERATIONS } = require("../dist/index.cjs");

const CALLS = Number(process.env.CALLS ?? 2000);
const input = { orgId: "org_bench", amount: "100.00", currency: "USD", contactRef: { contactEmail: "ann@example.com" } };
const reply = JSON.stringify({
  data: {
    createPaymentSession: {
      id: "ps_1", orgId: "org_bench", status: "Active", amount: "100.00", currency: "USD", callbackUrl: null, successUrl: null,
      link: "http://127.0.0.1/pay/ps_1", contactId: null, contact: null, contactRef: { contactEmail: "ann@example.com" },
      transactionRef: null, invoiceIds: null, invoiceRefs: null, expirationDate: null, paymentId: null,
      createdAt: "2026-01-01T00:00:00Z", updatedAt: "2026-01-01T00:00:00Z", checkoutConfigurationId: null,
      invoiceTotal: null, brandLogoUrl: null, brandName: null,
    },
  },
});

const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json", "x-request-id": "req_1" });
    res.end(reply);
  });
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const url = `http://127.0.0.1:${server.address().port}/`;

const client = new ClientLoop({ apiKey: "sk_bench", baseUrl: url });
// The baseline is the documents' own fetch example: build the JSON body, POST it, read the JSON.
const rawCall = async () => {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer sk_bench", "idempotency-key": crypto.randomUUID() },
    body: JSON.stringify({ query: OPERATIONS.createPaymentSession.document, variables: { input } }),
  });
  const json = await res.json();
  if (!json.data.createPaymentSession.id) throw new Error("bad reply");
};
const clientCall = async () => {
  const s = await client.paymentSessions.create(input);
  if (!s.id) throw new Error("bad reply");
};

// Calls alternate (raw, client, raw, client, ...) so both paths see the same machine load.
async function timed(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (let i = 0; i < 500; i++) { await rawCall(); await clientCall(); } // warm up both paths
const raw = [], cli = [];
for (let i = 0; i < CALLS; i++) {
  raw.push(await timed(rawCall));
  cli.push(await timed(clientCall));
}
server.close();

const coldRuns = 5;
const cold = [];
for (let i = 0; i < coldRuns; i++) {
  const out = execFileSync(process.execPath, ["-e", `const t=process.hrtime.bigint();require(${JSON.stringify(require.resolve("../dist/index.cjs"))});console.log(Number(process.hrtime.bigint()-t)/1e6)`], { encoding: "utf8" });
  cold.push(Number(out));
}

const mRaw = median(raw), mCli = median(cli);
console.log(`client overhead, ${CALLS} sequential createPaymentSession calls each (loopback):`);
console.log(`  raw fetch        median ${mRaw.toFixed(3)} ms`);
console.log(`  ClientLoop       median ${mCli.toFixed(3)} ms`);
console.log(`  ratio            ${(mCli / mRaw).toFixed(3)}x  (target <= 1.10x)`);
console.log(`cold require("@clientloop/core") (CJS): median ${median(cold).toFixed(1)} ms over ${coldRuns} runs`);
