// Child process: runs one server for the benchmark and reports its URL over IPC.
//   node servers.mjs plain    -> graphql-http over core's schema, resolver returns a fixed session
//   node servers.mjs sandbox  -> @clientloop/sandbox (dist), all its real work
import { createServer } from "node:http";
import { schemaSDL } from "@clientloop/core/pure";
import { buildSchema } from "graphql";
import { createHandler } from "graphql-http/lib/use/http";

const kind = process.argv[2];

async function startPlain() {
  const schema = buildSchema(schemaSDL);
  const session = (input) => ({
    id: "ps_bench",
    orgId: input.orgId,
    status: "Active",
    amount: input.amount,
    currency: input.currency,
    callbackUrl: null,
    successUrl: null,
    link: "http://127.0.0.1/pay/ps_bench",
    contactId: null,
    contact: null,
    contactRef: null,
    transactionRef: null,
    invoiceIds: null,
    invoiceRefs: null,
    expirationDate: null,
    paymentId: null,
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    checkoutConfigurationId: null,
    invoiceTotal: null,
    brandLogoUrl: null,
    brandName: null,
  });
  const handler = createHandler({ schema, rootValue: { createPaymentSession: ({ input }) => session(input) } });
  const server = createServer(handler);
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${server.address().port}/`, apiKey: "unused", orgId: "abc123" };
}

async function startSandboxServer() {
  const { startSandbox } = await import("../dist/index.js");
  const sb = await startSandbox({ port: 0, orgId: "abc123" });
  return { url: sb.url, apiKey: sb.apiKey, orgId: sb.orgId, sessions: () => sb.listSessions().length };
}

const info = kind === "plain" ? await startPlain() : await startSandboxServer();
process.send({ ready: true, url: info.url, apiKey: info.apiKey, orgId: info.orgId });
process.on("message", (m) => {
  if (m === "stats") {
    global.gc?.();
    process.send({
      stats: {
        rssMB: Math.round(process.memoryUsage().rss / 1048576),
        heapMB: Math.round(process.memoryUsage().heapUsed / 1048576),
        sessions: info.sessions?.() ?? null,
      },
    });
  }
  if (m === "exit") process.exit(0);
});
