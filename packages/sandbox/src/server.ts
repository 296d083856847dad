/**
 * Wires the parts together and serves them on one node:http server: the API on `/`, the
 * hosted page on `/pay/…`, the control API and dashboard on `/_sandbox/…`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { HEADERS } from "@clientloop/core/pure";
import { Clock } from "./clock.js";
import { Controller, type SandboxControl } from "./control/controller.js";
import { controlRoutes, handleControl } from "./control/routes.js";
import { EventDispatcher, resolveDeliveryOptions } from "./events/dispatcher.js";
import { FaultRegistry } from "./faults.js";
import { DocumentCache } from "./graphql/documents.js";
import { GraphQLHandler } from "./graphql/handler.js";
import { getSchema } from "./graphql/schema.js";
import { handleHostedPage } from "./hosted-page/routes.js";
import { newRequestId, sendJson } from "./http.js";
import { resolveOrgs } from "./options.js";
import { IdempotencyStore } from "./state/idempotency.js";
import { PaymentSessionOperations } from "./state/operations.js";
import { orgInfo, OrgRegistry } from "./state/orgs.js";
import { Outbox } from "./state/outbox.js";
import { RequestCounter } from "./state/requests.js";
import { SessionStore } from "./state/sessions.js";
import type { OrganizationInfo, SandboxOptions } from "./types.js";

export interface Sandbox extends SandboxControl {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4010/`. */
  url: string;
  /** Scheme, host and port, e.g. `http://127.0.0.1:4010` (links are `<baseUrl>/pay/<id>`). */
  baseUrl: string;
  port: number;
  /** The default organization, its API key and webhook signing secret. */
  orgId: string;
  apiKey: string;
  signingSecret: string;
  /** Every organization (from the options and the seed). */
  orgs: OrganizationInfo[];
  /** The control API as an object (the same methods are also on the sandbox itself). */
  control: SandboxControl;
  /** Closes the server and cancels pending event deliveries. */
  stop(): Promise<void>;
}

/** Starts a sandbox. `port: 0` (the default) picks a free port. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const resolvedOrgs = resolveOrgs(options);
  const clock = new Clock();
  const orgs = new OrgRegistry();
  for (const o of resolvedOrgs) {
    orgs.add({ id: o.id, name: o.name, apiKeys: o.apiKeys, signingSecret: o.signingSecret });
    for (const c of o.contacts ?? []) orgs.addContact(o.id, c, clock.nowIso());
  }
  const host = options.host ?? "127.0.0.1";
  let publicBase = options.publicBaseUrl?.replace(/\/+$/, "") ?? "";

  const events = new EventDispatcher(
    resolveDeliveryOptions(options.events),
    (orgId) => orgs.get(orgId)!.signingSecret,
    () => clock.nowIso(),
    options.maxEvents ?? 5_000,
  );
  const store = new SessionStore(clock, orgs, () => publicBase, options.maxSessions ?? 20_000, (s) => events.emit(s));
  const outbox = new Outbox(options.maxOutbox ?? 5_000);
  const ops = new PaymentSessionOperations(store, outbox, clock);
  const faults = new FaultRegistry();
  const requests = new RequestCounter();
  const idempotency = new IdempotencyStore();
  const schema = getSchema();
  const graphql = new GraphQLHandler({
    schema,
    documents: new DocumentCache(schema, options.introspection ?? true),
    orgs,
    ops,
    store,
    faults,
    idempotency,
    requests,
    clock,
  });
  const controller = new Controller({ clock, orgs, store, ops, outbox, events, faults, requests, idempotency, defaultOrgId: resolvedOrgs[0]!.id });
  const routes = controlRoutes(controller, orgs);

  // sessions from the seed, created with the API's own rules
  for (const o of resolvedOrgs) {
    for (const s of o.sessions) controller.createSession({ ...s, orgId: o.id });
  }

  const server: Server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
    void route(req, res);
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = newRequestId();
    res.setHeader(HEADERS.requestId, requestId);
    try {
      const url = req.url ?? "/";
      const q = url.indexOf("?");
      const path = q === -1 ? url : url.slice(0, q);
      if (path === "/") return await graphql.handle(req, res, requestId);
      if (path.startsWith("/pay/")) {
        if (await handleHostedPage(req, res, path, { store, ops, orgs })) return;
      }
      if (path === "/_sandbox" || path.startsWith("/_sandbox/")) {
        return await handleControl(req, res, path, new URLSearchParams(q === -1 ? "" : url.slice(q + 1)), controller, orgs, routes);
      }
      req.resume();
      sendJson(res, 404, { error: { code: "NOT_FOUND", message: "Not found: the API is POST /, the control API /_sandbox/" } });
    } catch {
      // never leak internals (or request contents) in an answer
      sendJson(res, 500, { errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  if (!publicBase) publicBase = baseUrl;

  const sockets = new Set<import("node:net").Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= new Promise<void>((resolve) => {
      events.stop();
      store.stop();
      server.close(() => resolve());
      // keep-alive connections would hold close() open
      for (const s of sockets) s.destroy();
    }));

  const sandbox = Object.create(controller) as Sandbox;
  Object.assign(sandbox, {
    url: `${baseUrl}/`,
    baseUrl,
    port,
    orgId: resolvedOrgs[0]!.id,
    apiKey: resolvedOrgs[0]!.apiKeys[0]!,
    signingSecret: resolvedOrgs[0]!.signingSecret,
    orgs: orgs.list().map(orgInfo),
    control: controller,
    stop,
  });
  return sandbox;
}
