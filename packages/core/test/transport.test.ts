/**
 * Transport behaviour over real HTTP against a scripted loopback server: timeouts that cover
 * the body, Retry-After, which failures are repeated for which operation, redirects and redaction,
 * each over both stacks: Node's http (the default) and fetch (the `fetch` option). Then what only
 * the default stack does: keep-alive, https through Node's global agent, the answer size cap.
 * (The client's behaviour against the real ClientLoop rules is tested in packages/sandbox.)
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { readFileSync } from "node:fs";
import https, { createServer as createSecureServer } from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ClientLoop, ClientLoopError, type ClientLoopOptions } from "../src/index.js";

/** A self-signed certificate for 127.0.0.1, made for these tests only (fixtures/tls/README.md). */
const TEST_CERT = readFileSync(new URL("./fixtures/tls/localhost-cert.pem", import.meta.url), "utf8");
const TEST_KEY = readFileSync(new URL("./fixtures/tls/localhost-key.pem", import.meta.url), "utf8");

type Step =
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | { rawBody: string; contentType: string }
  | { stallBody: true }
  | { stallHeaders: true }
  | { destroy: true }
  | { redirect: string };

let server: Server;
let url: string;
let script: Step[] = [];
const received: { headers: IncomingMessage["headers"]; body: string; port: number | undefined }[] = [];
/** The `fetch` option of the stack under test (undefined: the default). */
let stackFetch: typeof fetch | undefined;

const session = (input: Record<string, unknown>) => ({
  id: "ps_1",
  orgId: "org_1",
  status: "Active",
  amount: input.amount ?? "10.00",
  currency: input.currency ?? "USD",
  link: "http://pay.test/ps_1",
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
});

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body, port: req.socket.remotePort });
      const step = script.shift() ?? { status: 200 };
      if ("destroy" in step) return req.socket.destroy();
      if ("redirect" in step) {
        res.writeHead(307, { location: step.redirect });
        return res.end();
      }
      if ("rawBody" in step) {
        res.writeHead(200, { "content-type": step.contentType });
        return res.end(step.rawBody);
      }
      if ("stallHeaders" in step) return; // never answers
      if ("stallBody" in step) {
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"data":'); // and never finishes
        return;
      }
      const { query, variables } = JSON.parse(body) as { query: string; variables: { input: Record<string, unknown> } };
      const field = /\{\s*(\w+)\(input/.exec(query)![1]!;
      const payload = step.body ?? {
        data: {
          [field]: field === "sendPaymentSessionLink" ? { success: true, message: null } : session(variables.input),
        },
      };
      res.writeHead(step.status, {
        "content-type": "application/json",
        "x-request-id": `req_${received.length}`,
        ...step.headers,
      });
      res.end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  script = [];
  received.length = 0;
});

const logs: string[] = [];
const client = (o: Partial<ClientLoopOptions> = {}) =>
  new ClientLoop({
    apiKey: "sk_test_SECRET_KEY",
    baseUrl: url,
    backoff: { initialMs: 5, maxMs: 20 },
    logger: { debug: (m) => logs.push(m), warn: (m) => logs.push(m) },
    fetch: stackFetch,
    ...o,
  });
const createInput = {
  orgId: "org_1",
  amount: "10.00",
  currency: "USD",
  contactRef: { contactEmail: "ann@example.com", contactPhone: "+14155554345" },
};

async function failure(p: Promise<unknown>): Promise<ClientLoopError> {
  try {
    await p;
  } catch (e) {
    if (ClientLoopError.isInstance(e)) return e;
    throw e;
  }
  throw new Error("expected a failure");
}

const STACKS = [
  ["Node's http (the default)", undefined],
  ["fetch", globalThis.fetch],
] as const;

describe.each(STACKS)("ClientLoop transport over %s", (_stack, fetchImpl) => {
  beforeAll(() => {
    stackFetch = fetchImpl;
  });

  it("sends the documented request with auth, user agent and an idempotency key", async () => {
    const result = await client({ appInfo: { name: "shop", version: "1.0.0" } }).paymentSessions.create(createInput);
    expect(result.id).toBe("ps_1");
    expect(result.lastResponse.requestId).toBe("req_1");
    expect(Object.keys(result)).not.toContain("lastResponse");
    const { headers, body } = received[0]!;
    expect(headers.authorization).toBe("Bearer sk_test_SECRET_KEY");
    expect(headers["user-agent"]).toMatch(/^clientloop-node\/\d+\.\d+\.\d+ node\/\d+.* shop\/1\.0\.0$/);
    expect(headers["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(body)).toMatchObject({ variables: { input: createInput } });
    expect(JSON.parse(body).query).toMatch(/^mutation CreatePaymentSession/);
  });

  it("never follows a redirect: the API key goes only to the configured address", async () => {
    script = [{ redirect: `${url}elsewhere` }];
    const e = await failure(client().paymentSessions.create(createInput));
    expect(e).toMatchObject({ kind: "api", statusCode: 307 });
    expect(received).toHaveLength(1);
  });

  it("validates before any network call", async () => {
    const e = await failure(client().paymentSessions.create({ ...createInput, amount: 10 as never }));
    expect(e.kind).toBe("validation");
    expect(received).toHaveLength(0);
  });

  it("retries 429 and 503 for every operation, honouring Retry-After, with the same idempotency key", async () => {
    script = [
      {
        status: 429,
        headers: { "retry-after": "0" },
        body: { errors: [{ message: "slow down", extensions: { code: "RATE_LIMITED" } }] },
      },
      { status: 503, body: "" },
      { status: 200 },
    ];
    const result = await client().paymentSessions.create(createInput);
    expect(result.id).toBe("ps_1");
    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.headers["idempotency-key"])).size).toBe(1);
  });

  it("gives up after maxRetries with a typed rate-limit error", async () => {
    script = [
      { status: 429, headers: { "retry-after": "0" } },
      { status: 429, headers: { "retry-after": "0" } },
    ];
    const e = await failure(client({ maxRetries: 1 }).paymentSessions.sendLink({ id: "ps_1", channel: "Email" }));
    expect(e.kind).toBe("rate_limit");
    expect(e.mayHaveSucceeded).toBe(false);
    expect(received).toHaveLength(2);
  });

  it("does not wait for a Retry-After beyond 60 s", async () => {
    script = [{ status: 429, headers: { "retry-after": "3600" } }];
    const e = await failure(client().paymentSessions.create(createInput));
    expect(e.kind).toBe("rate_limit");
    expect(received).toHaveLength(1);
  });

  it("never repeats a create or a send after a 500 (it may have been applied)", async () => {
    script = [{ status: 500, body: { errors: [{ message: "boom", extensions: { code: "INTERNAL_SERVER_ERROR" } }] } }];
    const e = await failure(client().paymentSessions.create(createInput));
    expect(e).toMatchObject({ kind: "api", code: "INTERNAL_SERVER_ERROR", mayHaveSucceeded: true, statusCode: 500 });
    expect(received).toHaveLength(1);
    script = [{ status: 502, body: "bad gateway" }];
    expect((await failure(client().paymentSessions.sendLink({ id: "ps_1", channel: "Email" }))).mayHaveSucceeded).toBe(
      true,
    );
    expect(received).toHaveLength(2);
  });

  it("repeats an update after a 500 or a dropped connection (idempotent), but not one that sets status", async () => {
    script = [{ status: 500 }, { destroy: true }, { status: 200 }];
    const updated = await client().paymentSessions.update({ orgId: "org_1", id: "ps_1", amount: "12.00" });
    expect(updated.amount).toBe("12.00");
    expect(received).toHaveLength(3);
    received.length = 0;
    script = [{ status: 500 }];
    expect(
      (await failure(client().paymentSessions.update({ orgId: "org_1", id: "ps_1", status: "Canceled" })))
        .mayHaveSucceeded,
    ).toBe(true);
    expect(received).toHaveLength(1);
  });

  it("times out when the body stalls, not only the headers, and does not repeat a create", async () => {
    script = [{ stallBody: true }];
    const e = await failure(client({ timeoutMs: 150 }).paymentSessions.create(createInput));
    expect(e).toMatchObject({ kind: "timeout", code: "TIMEOUT", mayHaveSucceeded: true });
    expect(received).toHaveLength(1);
    script = [{ stallHeaders: true }, { status: 200 }];
    const ok = await client({ timeoutMs: 150 }).paymentSessions.update({
      orgId: "org_1",
      id: "ps_1",
      brandName: "Shop",
    });
    expect(ok.id).toBe("ps_1");
  });

  it("reads a 2xx answer that is not GraphQL JSON as an invalid response, never repeated for a create", async () => {
    for (const step of [
      { rawBody: "<html>proxy error</html>", contentType: "text/html" },
      { rawBody: '{"data":', contentType: "application/json" },
    ]) {
      received.length = 0;
      script = [step];
      const e = await failure(client().paymentSessions.create(createInput));
      expect(e).toMatchObject({ kind: "api", code: "INVALID_RESPONSE", mayHaveSucceeded: true });
      expect(received).toHaveLength(1);
    }
  });

  it("retries a refused connection (nothing was sent) and then reports it", async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r())); // nothing listens there now
    const closed = new ClientLoop({
      apiKey: "k",
      fetch: stackFetch,
      baseUrl: `http://127.0.0.1:${port}/`,
      maxRetries: 2,
      backoff: { initialMs: 1, maxMs: 2 },
    });
    const e = await failure(closed.paymentSessions.create(createInput));
    expect(e).toMatchObject({ kind: "connection", code: "CONNECTION_FAILED", mayHaveSucceeded: false });
  });

  it("honours the caller's AbortSignal", async () => {
    script = [{ stallHeaders: true }];
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const e = await failure(
      client().paymentSessions.update({ orgId: "org_1", id: "ps_1" }, { signal: controller.signal }),
    );
    expect(e.code).toBe("ABORTED");
  });

  it("keeps the API key and personal data out of errors and logs", async () => {
    logs.length = 0;
    script = [
      {
        status: 200,
        body: {
          errors: [
            {
              message: "contact ann@example.com / +14155554345 rejected for key sk_test_SECRET_KEY",
              extensions: { code: "BAD_USER_INPUT", field: "input.contactRef" },
            },
          ],
        },
      },
    ];
    const e = await failure(client().paymentSessions.create(createInput));
    const everything = [
      e.message,
      JSON.stringify(e),
      JSON.stringify(e.toJSON()),
      String(e.stack),
      ...logs,
      JSON.stringify(client()),
    ].join("\n");
    expect(everything).not.toContain("ann@example.com");
    expect(everything).not.toContain("+14155554345");
    expect(everything).not.toContain("SECRET_KEY");
    expect(e.message).toContain("[redacted]");
    expect(logs.length).toBeGreaterThan(0);
  });

  it("rejects bad options with a clear message", () => {
    expect(() => new ClientLoop({ apiKey: "" })).toThrow(/apiKey/);
    expect(() => new ClientLoop({ apiKey: "k", baseUrl: "graph.clientloop.com" })).toThrow(/baseUrl/);
    expect(() => new ClientLoop({ apiKey: "k", maxRetries: -1 })).toThrow(/maxRetries/);
  });
});

describe("Node's http stack (the default)", () => {
  beforeAll(() => {
    stackFetch = undefined;
  });

  it("keeps the connection alive between calls", async () => {
    const c = client();
    await c.paymentSessions.create(createInput);
    await c.paymentSessions.create(createInput);
    expect(received).toHaveLength(2);
    expect(received[1]!.port).toBe(received[0]!.port);
  });

  it("cuts off an answer larger than 16 MiB as a lost connection, never repeated for a create", async () => {
    script = [{ rawBody: `{"data":"${"x".repeat(17 * 1024 * 1024)}"}`, contentType: "application/json" }];
    const e = await failure(client().paymentSessions.create(createInput));
    expect(e).toMatchObject({ kind: "connection", code: "CONNECTION_LOST", mayHaveSucceeded: true });
    expect(received).toHaveLength(1);
  });

  it("speaks https through Node's global agent, with the CA set there", async () => {
    const tls = await secureServer();
    const previous = https.globalAgent.options.ca;
    https.globalAgent.options.ca = TEST_CERT;
    try {
      const s = await client({ baseUrl: tls.url }).paymentSessions.create(createInput);
      expect(s).toMatchObject({ id: "ps_tls", link: "https://pay.test/ps_tls" });
      expect(tls.authorization).toEqual(["Bearer sk_test_SECRET_KEY"]);
    } finally {
      https.globalAgent.options.ca = previous;
      https.globalAgent.destroy(); // no kept-alive socket to the closed server
      await tls.close();
    }
  });

  it("refuses an https server whose certificate is not trusted, before sending anything", async () => {
    const tls = await secureServer();
    try {
      const e = await failure(client({ baseUrl: tls.url, maxRetries: 0 }).paymentSessions.create(createInput));
      expect(e.kind).toBe("connection");
      expect(tls.authorization).toEqual([]);
    } finally {
      await tls.close();
    }
  });
});

/** An https server with the test certificate (127.0.0.1), answering every create. */
async function secureServer() {
  const authorization: (string | undefined)[] = [];
  const tls = createSecureServer({ cert: TEST_CERT, key: TEST_KEY }, (req, res) => {
    authorization.push(req.headers.authorization);
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          data: { createPaymentSession: { ...session(createInput), id: "ps_tls", link: "https://pay.test/ps_tls" } },
        }),
      );
    });
  });
  await new Promise<void>((r) => tls.listen(0, "127.0.0.1", r));
  return {
    url: `https://127.0.0.1:${(tls.address() as AddressInfo).port}/`,
    authorization,
    close: () => new Promise<void>((r) => tls.close(() => r())),
  };
}
