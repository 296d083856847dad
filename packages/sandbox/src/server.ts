/**
 * Wires the parts together and serves them on one node:http server: the API on `/`, the
 * hosted page on `/pay/…`, the control API and dashboard on `/_sandbox/…`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { HEADERS } from "@clientloop/core/pure";
import { Clock } from "./clock.js";
import { Controller, type SandboxControl } from "./control/controller.js";
import { controlRoutes, handleControl, type ControlRoute } from "./control/routes.js";
import { EventDispatcher } from "./events/dispatcher.js";
import { resolveDeliveryOptions } from "./events/options.js";
import { FaultRegistry } from "./faults.js";
import { DocumentCache } from "./graphql/documents.js";
import { GraphQLHandler } from "./graphql/handler.js";
import { getSchema } from "./graphql/schema.js";
import { handleHostedPage } from "./hosted-page/routes.js";
import { newRequestId, sendJson } from "./http.js";
import { resolveOrgs, type ResolvedOrg } from "./options.js";
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

/** Everything a running sandbox is made of. */
interface Parts {
  orgs: OrgRegistry;
  store: SessionStore;
  ops: PaymentSessionOperations;
  events: EventDispatcher;
  graphql: GraphQLHandler;
  controller: Controller;
  routes: ControlRoute[];
  /** Base of the hosted-page links; known once the server listens. */
  publicBase: { value: string };
}

function createOrgs(resolved: ResolvedOrg[], clock: Clock): OrgRegistry {
  const orgs = new OrgRegistry();
  for (const o of resolved) {
    orgs.add({ id: o.id, name: o.name, apiKeys: o.apiKeys, signingSecret: o.signingSecret });
    for (const c of o.contacts ?? []) orgs.addContact(o.id, c, clock.nowIso());
  }
  return orgs;
}

function createParts(options: SandboxOptions, resolved: ResolvedOrg[]): Parts {
  const clock = new Clock();
  const orgs = createOrgs(resolved, clock);
  const publicBase = { value: options.publicBaseUrl?.replace(/\/+$/, "") ?? "" };
  const secretOf = (orgId: string) => orgs.get(orgId)!.signingSecret;
  const events = new EventDispatcher(
    resolveDeliveryOptions(options.events),
    secretOf,
    clock,
    options.maxEvents ?? 5_000,
  );
  const store = new SessionStore(
    clock,
    orgs,
    () => publicBase.value,
    options.maxSessions ?? 20_000,
    (s) => events.emit(s),
  );
  const outbox = new Outbox(options.maxOutbox ?? 5_000);
  const ops = new PaymentSessionOperations(store, outbox, clock);
  const faults = new FaultRegistry();
  const requests = new RequestCounter();
  const idempotency = new IdempotencyStore();
  const schema = getSchema();
  const documents = new DocumentCache(schema, options.introspection ?? true);
  const graphql = new GraphQLHandler({ schema, documents, orgs, ops, store, faults, idempotency, requests, clock });
  const controller = new Controller({
    clock,
    orgs,
    store,
    ops,
    outbox,
    events,
    faults,
    requests,
    idempotency,
    defaultOrgId: resolved[0]!.id,
  });
  return { orgs, store, ops, events, graphql, controller, routes: controlRoutes(controller, orgs), publicBase };
}

/** Sessions from the seed, created with the API's own rules. */
function seedSessions(parts: Parts, resolved: ResolvedOrg[]): void {
  for (const o of resolved) {
    for (const s of o.sessions) parts.controller.createSession({ ...s, orgId: o.id });
  }
}

function router(p: Parts): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const requestId = newRequestId();
    res.setHeader(HEADERS.requestId, requestId);
    try {
      const url = req.url ?? "/";
      const q = url.indexOf("?");
      const path = q === -1 ? url : url.slice(0, q);
      if (path === "/") return await p.graphql.handle(req, res, requestId);
      if (path.startsWith("/pay/") && (await handleHostedPage(req, res, path, p))) return;
      if (path === "/_sandbox" || path.startsWith("/_sandbox/")) {
        return await handleControl(
          req,
          res,
          path,
          new URLSearchParams(q === -1 ? "" : url.slice(q + 1)),
          p.controller,
          p.orgs,
          p.routes,
        );
      }
      req.resume();
      sendJson(res, 404, {
        error: { code: "NOT_FOUND", message: "Not found: the API is POST /, the control API /_sandbox/" },
      });
    } catch {
      // never leak internals (or request contents) in an answer
      sendJson(res, 500, {
        errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }],
      });
    }
  };
}

function listen(server: Server, port: number, host: string): Promise<{ port: number; baseUrl: string }> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const actual = (server.address() as AddressInfo).port;
      resolve({ port: actual, baseUrl: `http://${host.includes(":") ? `[${host}]` : host}:${actual}` });
    });
  });
}

/** stop(): cancels deliveries and timers, closes the server, and destroys keep-alive sockets, which would hold close() open. */
function stopper(server: Server, p: Parts): () => Promise<void> {
  const sockets = new Set<Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  let stopped: Promise<void> | undefined;
  return () =>
    (stopped ??= new Promise<void>((resolve) => {
      p.events.stop();
      p.store.stop();
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    }));
}

/** Starts a sandbox. `port: 0` (the default) picks a free port. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const resolved = resolveOrgs(options);
  const parts = createParts(options, resolved);
  seedSessions(parts, resolved);
  const route = router(parts);
  const server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => void route(req, res));
  const stop = stopper(server, parts);
  const { port, baseUrl } = await listen(server, options.port ?? 0, options.host ?? "127.0.0.1");
  parts.publicBase.value ||= baseUrl;

  const sandbox = Object.create(parts.controller) as Sandbox;
  Object.assign(sandbox, {
    url: `${baseUrl}/`,
    baseUrl,
    port,
    orgId: resolved[0]!.id,
    apiKey: resolved[0]!.apiKeys[0]!,
    signingSecret: resolved[0]!.signingSecret,
    orgs: parts.orgs.list().map(orgInfo),
    control: parts.controller,
    stop,
  });
  return sandbox;
}
