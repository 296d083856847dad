/** Test helpers: real HTTP against a sandbox started on port 0 in each file. */
import { OPERATIONS } from "@clientloop/core/pure";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Sandbox } from "../src/index.js";

export interface GqlResponse {
  status: number;
  headers: Headers;
  body: any;
}

export async function post(
  sb: Pick<Sandbox, "url" | "apiKey">,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<GqlResponse> {
  const res = await fetch(sb.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${sb.apiKey}`, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

export const CREATE = OPERATIONS.createPaymentSession.document;
export const UPDATE = OPERATIONS.updatePaymentSession.document;
export const SEND = OPERATIONS.sendPaymentSessionLink.document;

export function create(sb: Sandbox, input: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return post(
    sb,
    { query: CREATE, variables: { input: { orgId: sb.orgId, amount: "100.00", currency: "USD", ...input } } },
    headers,
  );
}

export function update(sb: Sandbox, input: Record<string, unknown>, headers: Record<string, string> = {}) {
  return post(sb, { query: UPDATE, variables: { input: { orgId: sb.orgId, ...input } } }, headers);
}

export function send(sb: Sandbox, input: Record<string, unknown>, headers: Record<string, string> = {}) {
  return post(sb, { query: SEND, variables: { input } }, headers);
}

/** The session created by a successful create call; fails loudly otherwise. */
export async function created(sb: Sandbox, input: Record<string, unknown> = {}) {
  const r = await create(sb, input);
  if (!r.body?.data?.createPaymentSession) throw new Error(`create failed: ${JSON.stringify(r.body)}`);
  return r.body.data.createPaymentSession as Record<string, any>;
}

export function firstError(r: GqlResponse): { message: string; extensions: { code: string; field?: string } } {
  return r.body.errors?.[0];
}

export interface ReceivedCall {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** A port nothing listens on (now): a callback receiver that is down. */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

/** A callback receiver: answers with `statuses` in turn (the last one repeats); `port` to come up where one was down. */
export async function startReceiver(
  statuses: number[] = [200],
  port = 0,
): Promise<{ url: string; calls: ReceivedCall[]; close(): Promise<void>; server: Server }> {
  const calls: ReceivedCall[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      calls.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() });
      const status = statuses[Math.min(calls.length - 1, statuses.length - 1)]!;
      res.writeHead(status, { "content-type": "text/plain" });
      res.end(status < 300 ? "ok" : "nope");
    });
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/hooks/clientloop`,
    calls,
    server,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Polls until `fn` returns a truthy value (events are asynchronous). */
export async function eventually<T>(fn: () => T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}
