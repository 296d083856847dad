/** The control API over HTTP, `/_sandbox/…`: the Controller's methods as JSON endpoints. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { SandboxError, httpStatusOf } from "../errors.js";
import { BodyTooLargeError, parseFormOrJson, readBody, redirect, sendHtml, sendJson } from "../http.js";
import type { OrgRegistry } from "../state/orgs.js";
import type { FaultSpec, PaymentSessionStatus, SandboxContact } from "../types.js";
import type { Controller, CreateSessionInput } from "./controller.js";
import { dashboardPage } from "./dashboard.js";

type Handler = (ctx: {
  req: IncomingMessage;
  params: string[];
  query: URLSearchParams;
  body: () => Promise<Record<string, unknown>>;
}) => unknown | Promise<unknown>;

export type ControlRoute = [method: string, path: RegExp, handler: Handler];

/** A handler's answer that sends the browser back to a page (the dashboard's forms). */
class Redirect {
  constructor(readonly location: string) {}
}

const isForm = (req: IncomingMessage) =>
  (req.headers["content-type"] ?? "").includes("application/x-www-form-urlencoded");

export function controlRoutes(c: Controller, orgs: OrgRegistry): ControlRoute[] {
  const filter = (q: URLSearchParams, ...keys: string[]) =>
    Object.fromEntries(keys.map((k) => [k, q.get(k) ?? undefined]).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >;
  return [
    ["GET", /^\/health$/, () => ({ ok: true })],
    ["GET", /^\/orgs$/, () => orgs.list().map((o) => ({ id: o.id, name: o.name, contacts: [...o.contacts.values()] }))],
    [
      "GET",
      /^\/sessions$/,
      ({ query }) =>
        c.listSessions(filter(query, "orgId", "status") as { orgId?: string; status?: PaymentSessionStatus }),
    ],
    ["POST", /^\/sessions$/, async ({ body }) => c.createSession((await body()) as CreateSessionInput)],
    ["GET", /^\/sessions\/([^/]+)$/, ({ params }) => c.getSession(params[0]!) ?? notFound()],
    [
      "POST",
      /^\/sessions\/([^/]+)\/complete$/,
      async ({ params, body }) => {
        const b = await body();
        return c.completeSession(params[0]!, typeof b.paymentId === "string" ? { paymentId: b.paymentId } : {});
      },
    ],
    ["POST", /^\/sessions\/([^/]+)\/cancel$/, ({ params }) => c.cancelSession(params[0]!)],
    ["POST", /^\/sessions\/([^/]+)\/expire$/, ({ params }) => c.expireSession(params[0]!)],
    ["GET", /^\/clock$/, () => ({ now: c.now().toISOString() })],
    [
      "POST",
      /^\/clock\/advance$/,
      async ({ body }) => {
        const b = await body();
        const ms =
          Number(b.ms ?? 0) +
          Number(b.seconds ?? 0) * 1000 +
          Number(b.minutes ?? 0) * 60_000 +
          Number(b.hours ?? 0) * 3_600_000;
        return { now: c.advanceTime(ms).toISOString() };
      },
    ],
    ["GET", /^\/outbox$/, ({ query }) => c.outbox(filter(query, "sessionId", "orgId", "channel"))],
    ["DELETE", /^\/outbox$/, () => (c.clearOutbox(), { cleared: true })],
    ["GET", /^\/events$/, ({ query }) => c.events(filter(query, "sessionId", "type", "orgId"))],
    ["GET", /^\/events\/([^/]+)$/, ({ params }) => c.events().find((e) => e.id === params[0]) ?? notFound("event")],
    [
      "POST",
      /^\/events\/([^/]+)\/resend$/,
      async ({ req, params, body }) => {
        await body(); // a form or an empty body: read so the connection stays usable
        const attempt = await c.resendEvent(params[0]!);
        return isForm(req) ? new Redirect(`/_sandbox/#${encodeURIComponent(params[0]!)}`) : attempt;
      },
    ],
    ["GET", /^\/requests$/, () => c.requests()],
    ["DELETE", /^\/requests$/, () => (c.resetRequests(), { reset: true })],
    ["GET", /^\/faults$/, () => c.faults()],
    ["POST", /^\/faults$/, async ({ body }) => c.injectFault((await body()) as unknown as FaultSpec)],
    ["DELETE", /^\/faults$/, () => (c.clearFaults(), { cleared: true })],
    ["DELETE", /^\/faults\/([^/]+)$/, ({ params }) => ({ removed: c.removeFault(params[0]!) })],
    [
      "POST",
      /^\/contacts$/,
      async ({ body }) => {
        const { orgId, ...contact } = await body();
        return c.addContact(contact as unknown as SandboxContact, typeof orgId === "string" ? orgId : undefined);
      },
    ],
    ["POST", /^\/reset$/, () => (c.reset(), { reset: true })],
  ];
}

function notFound(what = "payment session"): never {
  throw new SandboxError("NOT_FOUND", `no ${what} with this id`);
}

export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: URLSearchParams,
  c: Controller,
  orgs: OrgRegistry,
  routes: ControlRoute[],
): Promise<void> {
  const sub = path.slice("/_sandbox".length) || "/";
  if (sub === "/" && (req.method === "GET" || req.method === "HEAD")) {
    sendHtml(
      res,
      200,
      dashboardPage({
        sessions: c.listSessions(),
        outbox: c.outbox(),
        events: c.events(),
        orgs: orgs.list(),
        now: c.now(),
      }),
    );
    return;
  }
  let pathMatched = false;
  for (const [method, pattern, handler] of routes) {
    const m = pattern.exec(sub);
    if (!m) continue;
    pathMatched = true;
    if (method !== req.method) continue;
    const params = m.slice(1).map((p) => decodeURIComponent(p));
    const body = async () => parseFormOrJson(req, await readBody(req));
    try {
      const result = await handler({ req, params, query, body });
      if (result instanceof Redirect) redirect(res, result.location);
      else sendJson(res, 200, result ?? null);
    } catch (error) {
      sendJson(res, ...errorBody(error));
    }
    return;
  }
  sendJson(res, pathMatched ? 405 : 404, {
    error: {
      code: pathMatched ? "METHOD_NOT_ALLOWED" : "NOT_FOUND",
      message: `${req.method} ${path} is not a control endpoint`,
    },
  });
}

function errorBody(error: unknown): [number, unknown] {
  if (error instanceof SandboxError) {
    return [
      httpStatusOf(error.code),
      {
        error: {
          code: error.code,
          message: error.message,
          ...(error.extensions.field ? { field: error.extensions.field } : {}),
        },
      },
    ];
  }
  if (error instanceof BodyTooLargeError) return [413, { error: { code: "BAD_REQUEST", message: error.message } }];
  if (error instanceof SyntaxError || error instanceof TypeError || error instanceof RangeError) {
    return [400, { error: { code: "BAD_REQUEST", message: error.message } }];
  }
  return [500, { error: { code: "INTERNAL_SERVER_ERROR", message: "internal error" } }];
}
