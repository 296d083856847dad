#!/usr/bin/env node
// Per-call overhead of the ClientLoop client against a raw fetch of the same request to the same
// loopback server (2,000 sequential createPaymentSession calls each), where the extra time goes,
// and the cold require() time of the built CJS entry. Run: npm run bench -w @clientloop/core
// (after a build). Never part of `npm test`: timings on a shared machine are noisy.
//
// Every call path runs in the same loop, one call of each in turn, so all see the same machine
// load. The steps between the raw call and the client show where the microseconds go:
//   raw              the documents' own fetch example: build the JSON body, POST it, read the JSON
//   + validation     the same, after core's input validation (buildOperationRequest)
//   + exchange       validation, then graphql-request doing the exchange over fetch (one GraphQLClient, headers per request)
//   over fetch       the client given `fetch`: all of the above plus its attempt (timeout over the body) and retry loop
//   raw http         the documents' request with Node's http.request (keep-alive global agent): the default stack's floor
//   ClientLoop       the client as it comes: over Node's http (its default on Node)
//   naive            for reference: a naive graphql-request + zod client (zod's full parse, no timeout, no retries)
import { execFileSync } from "node:child_process";
import { createServer, request as httpRequest } from "node:http";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";

const require = createRequire(import.meta.url);
const entry = require.resolve("../dist/index.cjs");
const { ClientLoop, OPERATIONS, buildOperationRequest, createPaymentSessionInputSchema } = require(entry);
const { GraphQLClient } = require("graphql-request");

const CALLS = Number(process.env.CALLS ?? 2000);
const TARGET = 1.1;
const input = {
  orgId: "org_bench",
  amount: "100.00",
  currency: "USD",
  contactRef: { contactEmail: "ann@example.com" },
};
const reply = JSON.stringify({
  data: {
    createPaymentSession: {
      id: "ps_1",
      orgId: "org_bench",
      status: "Active",
      amount: "100.00",
      currency: "USD",
      callbackUrl: null,
      successUrl: null,
      link: "http://127.0.0.1/pay/ps_1",
      contactId: null,
      contact: null,
      contactRef: { contactEmail: "ann@example.com" },
      transactionRef: null,
      invoiceIds: null,
      invoiceRefs: null,
      expirationDate: null,
      paymentId: null,
      createdAt: "2026-01-01T00:00:00Z",
      updatedAt: "2026-01-01T00:00:00Z",
      checkoutConfigurationId: null,
      invoiceTotal: null,
      brandLogoUrl: null,
      brandName: null,
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
const document = OPERATIONS.createPaymentSession.document;
const headers = { authorization: "Bearer sk_bench", "user-agent": "bench" };

const rawSend = async (variables) => {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers, "idempotency-key": crypto.randomUUID() },
    body: JSON.stringify({ query: document, variables }),
  });
  const json = await res.json();
  if (!json.data.createPaymentSession.id) throw new Error("bad reply");
};
// The same request with Node's http: what the client's default stack costs without the client.
const rawHttpSend = (variables) =>
  new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers, "idempotency-key": crypto.randomUUID() },
    });
    req.on("error", reject);
    req.on("response", (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const json = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        if (!json.data.createPaymentSession.id) reject(new Error("bad reply"));
        else resolve();
      });
    });
    req.end(JSON.stringify({ query: document, variables }));
  });
const exchange = new GraphQLClient(url, { method: "POST", errorPolicy: "all", excludeOperationName: true, headers });
const naiveClient = new GraphQLClient(url, { headers });
const client = new ClientLoop({ apiKey: "sk_bench", baseUrl: url });
const fetchClient = new ClientLoop({ apiKey: "sk_bench", baseUrl: url, fetch: globalThis.fetch });

const paths = {
  raw: () => rawSend({ input }),
  "+ validation": () => rawSend(buildOperationRequest("createPaymentSession", input).variables),
  "+ exchange": async () => {
    const request = buildOperationRequest("createPaymentSession", input);
    const r = await exchange.rawRequest({
      query: request.query,
      variables: request.variables,
      requestHeaders: { "idempotency-key": crypto.randomUUID() },
    });
    if (!r.data.createPaymentSession.id) throw new Error("bad reply");
  },
  "over fetch": async () => {
    const s = await fetchClient.paymentSessions.create(input);
    if (!s.id) throw new Error("bad reply");
  },
  "raw http": () => rawHttpSend({ input }),
  ClientLoop: async () => {
    const s = await client.paymentSessions.create(input);
    if (!s.id) throw new Error("bad reply");
  },
  naive: async () => {
    const valid = createPaymentSessionInputSchema.parse(input);
    const d = await naiveClient.request(document, { input: valid }, { "idempotency-key": crypto.randomUUID() });
    if (!d.createPaymentSession.id) throw new Error("bad reply");
  },
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Medians of `calls` calls of each path, the paths taking turns. */
async function measure(names, calls) {
  const times = Object.fromEntries(names.map((k) => [k, []]));
  for (let i = 0; i < 500; i++) for (const name of names) await paths[name](); // warm up
  for (let i = 0; i < calls; i++) {
    for (const name of names) {
      const t = performance.now();
      await paths[name]();
      times[name].push(performance.now() - t);
    }
  }
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
}

// The target: the client against the raw call, the two alone taking turns.
const target = await measure(["raw", "ClientLoop"], CALLS);
// Where the difference goes: every step in one loop (more code in turn, so each step runs a little colder).
const m = await measure(Object.keys(paths), CALLS);
server.close();

const µs = (ms) => `${(ms * 1000).toFixed(1)} µs`.padStart(9);
const ratio = target.ClientLoop / target.raw;
console.log(
  `client overhead, ${CALLS} sequential createPaymentSession calls each (loopback, node ${process.version}):`,
);
console.log(`  raw fetch     median ${target.raw.toFixed(3)} ms`);
console.log(`  ClientLoop    median ${target.ClientLoop.toFixed(3)} ms (its default stack on Node: Node's http)`);
console.log(`  ratio ${ratio.toFixed(3)}x (target <= ${TARGET.toFixed(2)}x): ${ratio <= TARGET ? "met" : "NOT met"}`);
// Differences of medians are marginal costs: timed in place, any code is slower (the first code
// to run after the event loop wakes pays for cold caches, whatever it is).
console.log(
  `where the time goes (every path in one loop, ${CALLS} calls each; differences of medians, noise about ±5 µs):`,
);
for (const [name, value] of Object.entries(m))
  console.log(`  ${name.padEnd(13)} median ${value.toFixed(3)} ms  ${(value / m.raw).toFixed(3)}x`);
console.log(`  input validation (core's schemas, fast accept pass)        ${µs(m["+ validation"] - m.raw)}`);
console.log(`  graphql-request doing the exchange, over fetch             ${µs(m["+ exchange"] - m["+ validation"])}`);
console.log(`  attempt timeout (an AbortSignal fetch links to), retry loop ${µs(m["over fetch"] - m["+ exchange"])}`);
console.log(`  Node's http instead of fetch, for the same request         ${µs(m["raw http"] - m.raw)}`);
console.log(`  the client over Node's http, above that request            ${µs(m.ClientLoop - m["raw http"])}`);

// Cold require: a fresh process each time; what it loads, and what waits for the first call.
const coldRuns = 7;
const probe = (code) => JSON.parse(execFileSync(process.execPath, ["-e", code], { encoding: "utf8" }));
const requireTime = (what) =>
  `const t=process.hrtime.bigint();require(${JSON.stringify(what)});const ms=Number(process.hrtime.bigint()-t)/1e6;`;
const cold = [],
  zod = [],
  firstCall = [];
for (let i = 0; i < coldRuns; i++) {
  cold.push(
    probe(
      `${requireTime(entry)}const loaded=Object.keys(require.cache);console.log(JSON.stringify({ms,gr:loaded.some(f=>f.includes("graphql-request")),gql:loaded.some(f=>/node_modules\\/graphql\\//.test(f))}))`,
    ),
  );
  zod.push(probe(`${requireTime(require.resolve("zod/v4/mini"))}console.log(ms)`));
  firstCall.push(probe(`${requireTime(require.resolve("graphql-request"))}console.log(ms)`));
}
const coldMs = median(cold.map((c) => c.ms));
console.log(`cold require("@clientloop/core") (CJS): median ${coldMs.toFixed(1)} ms over ${coldRuns} fresh processes`);
console.log(
  `  of which zod/mini (the schemas are public exports; it loads its 60+ locale modules): ~${median(zod).toFixed(1)} ms`,
);
console.log(
  `  graphql-request and graphql loaded at require: ${cold.some((c) => c.gr || c.gql) ? "yes" : "no"} (they load on the first call: ~${median(firstCall).toFixed(1)} ms, once)`,
);
