/**
 * GraphQL over HTTP on POST / (and GET / for queries): content negotiation, the status codes
 * of the GraphQL-over-HTTP spec and of docs/clientloop-contract.md, authentication, faults,
 * Idempotency-Key, request counting. The hot path does no per-request schema work: documents
 * come parsed and validated from the cache.
 */
import { ERROR_CODES, HEADERS } from "@clientloop/core/pure";
import { execute, GraphQLError, type ExecutionResult, type GraphQLSchema } from "graphql";
import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import type { Clock } from "../clock.js";
import type { FaultPlan, FaultRegistry } from "../faults.js";
import { BodyTooLargeError, readBody, send } from "../http.js";
import type { IdempotencyStore, StoredResponse } from "../state/idempotency.js";
import type { PaymentSessionOperations } from "../state/operations.js";
import type { Organization, OrgRegistry } from "../state/orgs.js";
import type { RequestCounter } from "../state/requests.js";
import type { RequestLogEntry } from "../types.js";
import type { SessionStore } from "../state/sessions.js";
import { selectOperation, type DocumentCache, type PreparedOperation } from "./documents.js";
import { rootValue, type ResolverContext } from "./resolvers.js";
import { coerceVariables } from "./variables.js";

const GQL_RESPONSE = "application/graphql-response+json";
const JSON_TYPE = "application/json";
type MediaType = typeof GQL_RESPONSE | typeof JSON_TYPE;

/** An HTTP request that is not a GraphQL request at all. */
const BAD_REQUEST = ERROR_CODES.BAD_REQUEST;

export interface GraphQLHandlerDeps {
  schema: GraphQLSchema;
  documents: DocumentCache;
  orgs: OrgRegistry;
  ops: PaymentSessionOperations;
  store: SessionStore;
  faults: FaultRegistry;
  idempotency: IdempotencyStore;
  requests: RequestCounter;
  clock: Clock;
}

interface RequestState {
  requestId: string;
  started: number;
  media: MediaType;
  org: Organization | null;
  operations: string[];
  operationName: string | null;
  idempotencyKey: string | null;
  replay: boolean;
  faultLabels: string[];
  entry?: RequestLogEntry;
}

const acceptCache = new Map<string, MediaType | null>();

/** GraphQL-over-HTTP negotiation: the highest-q type we serve; no Accept means application/json. */
export function negotiate(accept: string | undefined): MediaType | null {
  if (!accept) return JSON_TYPE;
  const cached = acceptCache.get(accept);
  if (cached !== undefined) return cached;
  let best: MediaType | null = null;
  let bestQ = 0;
  for (const part of accept.split(",")) {
    const [range, ...params] = part.trim().toLowerCase().split(";");
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!(q > 0)) continue;
    const type: MediaType | null =
      range === GQL_RESPONSE ? GQL_RESPONSE : range === JSON_TYPE || range === "application/*" || range === "*/*" ? JSON_TYPE : null;
    if (!type) continue;
    // on equal q the spec's own type wins over application/json
    if (q > bestQ || (q === bestQ && type === GQL_RESPONSE)) [best, bestQ] = [type, q];
  }
  if (acceptCache.size < 100) acceptCache.set(accept, best);
  return best;
}

function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m?.[1];
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class GraphQLHandler {
  constructor(private readonly d: GraphQLHandlerDeps) {}

  async handle(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const st: RequestState = {
      requestId,
      started: performance.now(),
      media: JSON_TYPE,
      org: null,
      operations: [],
      operationName: null,
      idempotencyKey: null,
      replay: false,
      faultLabels: [],
    };
    const media = negotiate(req.headers.accept);
    if (!media) {
      return this.fail(res, st, 406, BAD_REQUEST, `Not acceptable: this endpoint answers ${GQL_RESPONSE} or ${JSON_TYPE}`);
    }
    st.media = media;
    const method = req.method ?? "GET";
    if (method !== "POST" && method !== "GET") {
      return this.fail(res, st, 405, BAD_REQUEST, "Only POST (and GET for queries) are supported", { allow: "GET, POST" });
    }

    // Authentication first: without a valid key nothing else is revealed, not even parse errors.
    const key = bearer(req);
    const org = key ? this.d.orgs.byApiKey(key) : undefined;
    if (!org) {
      const message = key ? "The API key is not valid" : "Missing API key: send Authorization: Bearer <api-key>";
      return this.fail(res, st, 401, ERROR_CODES.UNAUTHENTICATED, message, { "www-authenticate": 'Bearer realm="ClientLoop"' });
    }
    st.org = org;

    let params: { query?: unknown; variables?: unknown; operationName?: unknown; extensions?: unknown };
    let rawBody: Buffer;
    if (method === "POST") {
      const type = req.headers["content-type"];
      if (!type || !/^application\/(graphql-response\+)?json\s*(;|$)/i.test(type)) {
        req.resume();
        return this.fail(res, st, 415, BAD_REQUEST, "Content-Type must be application/json");
      }
      try {
        rawBody = await readBody(req);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return this.fail(res, st, 413, BAD_REQUEST, error.message);
        throw error;
      }
      try {
        params = JSON.parse(rawBody.toString("utf8"));
      } catch {
        return this.fail(res, st, 400, BAD_REQUEST, "The request body is not valid JSON");
      }
      if (!params || typeof params !== "object" || Array.isArray(params)) {
        return this.fail(res, st, 400, BAD_REQUEST, "The request body must be a JSON object with a query");
      }
    } else {
      const url = new URL(req.url ?? "/", "http://sandbox");
      rawBody = Buffer.alloc(0);
      params = { query: url.searchParams.get("query") ?? undefined, operationName: url.searchParams.get("operationName") ?? undefined };
      const vars = url.searchParams.get("variables");
      if (vars) {
        try {
          params.variables = JSON.parse(vars);
        } catch {
          return this.fail(res, st, 400, BAD_REQUEST, "The variables parameter is not valid JSON");
        }
      }
    }

    const { query, variables, operationName } = params;
    if (typeof query !== "string" || query.length === 0) return this.fail(res, st, 400, BAD_REQUEST, "Missing query: send {\"query\": \"...\"}");
    if (variables != null && (typeof variables !== "object" || Array.isArray(variables))) {
      return this.fail(res, st, 400, BAD_REQUEST, "variables must be a JSON object");
    }
    if (operationName != null && typeof operationName !== "string") return this.fail(res, st, 400, BAD_REQUEST, "operationName must be a string");
    const ext = params.extensions;
    if (ext != null && (typeof ext !== "object" || Array.isArray(ext))) return this.fail(res, st, 400, BAD_REQUEST, "extensions must be a JSON object");
    st.operationName = operationName ?? null;

    const prepared = this.d.documents.get(query);
    if (!prepared.ok) return this.requestErrors(res, st, prepared.errors);
    const operation = selectOperation(prepared.operations, operationName);
    if (typeof operation === "string") {
      return this.requestErrors(res, st, [new GraphQLError(operation, { extensions: { code: ERROR_CODES.GRAPHQL_VALIDATION_FAILED } })]);
    }
    st.operations = operation.rootFields;
    this.begin(st);
    if (method === "GET" && operation.type !== "query") {
      return this.fail(res, st, 405, BAD_REQUEST, "Mutations must be sent with POST", { allow: "POST" });
    }

    const plan = this.d.faults.plan(operation.rootFields, operation.node.name?.value ?? null);
    st.faultLabels = plan.labels;
    if (plan.latencyMs > 0) await sleep(plan.latencyMs);
    if (plan.terminal && (plan.terminal.when ?? "before") === "before") return this.applyFault(req, res, st, plan);

    // Idempotency-Key: the contract's 24 h replay for mutations.
    const idemKey = operation.type === "mutation" ? headerValue(req, HEADERS.idempotencyKey) : undefined;
    let fingerprint: string | undefined;
    if (idemKey) {
      st.idempotencyKey = idemKey;
      const found = this.d.idempotency.lookup(org.id, idemKey, rawBody, this.d.clock.now());
      if (found.kind === "conflict") {
        return this.fail(res, st, 409, ERROR_CODES.IDEMPOTENCY_KEY_REUSED, "This Idempotency-Key was already used with a different request body");
      }
      if (found.kind === "replay") {
        st.replay = true;
        return this.finish(req, res, st, found.response, plan, { [HEADERS.idempotentReplayed]: "true" });
      }
      fingerprint = found.fingerprint;
    }

    const response = this.run(operation, (variables ?? {}) as Record<string, unknown>, prepared.document, org, st);
    if (idemKey && fingerprint && response.status < 500) {
      this.d.idempotency.store(org.id, idemKey, fingerprint, response, this.d.clock.now());
    }
    return this.finish(req, res, st, response, plan);
  }

  private run(
    operation: PreparedOperation,
    variables: Record<string, unknown>,
    document: import("graphql").DocumentNode,
    org: Organization,
    st: RequestState,
  ): StoredResponse {
    const contextValue: ResolverContext = { org, ops: this.d.ops, store: this.d.store };
    const result = execute({
      schema: this.d.schema,
      document,
      rootValue,
      contextValue,
      variableValues: variables,
      operationName: operation.node.name?.value,
    }) as ExecutionResult;
    if (typeof (result as unknown as Promise<unknown>).then === "function") {
      throw new Error("resolvers of the sandbox are synchronous");
    }
    if (!("data" in result)) {
      // Variables did not fit the schema (nothing ran). graphql-js's messages echo the values,
      // so coerce again to report each field without them; the happy path coerces only once.
      const coerced = coerceVariables(this.d.schema, operation.node, variables);
      return this.errorResponse(st, "errors" in coerced ? coerced.errors : (result.errors ?? []));
    }
    return { status: 200, contentType: contentTypeOf(st.media), body: Buffer.from(JSON.stringify(formatResult(result))) };
  }

  /** Errors before execution (no `data`): 400 with graphql-response+json, 200 with application/json. */
  private errorResponse(st: RequestState, errors: readonly GraphQLError[]): StoredResponse {
    const status = st.media === GQL_RESPONSE ? 400 : 200;
    return { status, contentType: contentTypeOf(st.media), body: Buffer.from(JSON.stringify({ errors: errors.map((e) => e.toJSON()) })) };
  }

  private requestErrors(res: ServerResponse, st: RequestState, errors: readonly GraphQLError[]): void {
    const r = this.errorResponse(st, errors);
    this.respond(res, st, r.status, r.contentType, r.body);
  }

  private fail(res: ServerResponse, st: RequestState, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
    const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
    this.respond(res, st, status, contentTypeOf(st.media), body, headers);
  }

  private applyFault(req: IncomingMessage, res: ServerResponse, st: RequestState, plan: FaultPlan): void {
    const fault = plan.terminal!;
    if (fault.kind === "drop") {
      this.log(st, "dropped");
      req.socket.destroy();
      return;
    }
    const status = fault.status ?? 503;
    const code =
      status === 429 ? ERROR_CODES.RATE_LIMITED : status === 503 ? ERROR_CODES.SERVICE_UNAVAILABLE : ERROR_CODES.INTERNAL_SERVER_ERROR;
    const message =
      status === 429
        ? "Too many requests (injected fault); the request was not processed"
        : status === 503
          ? "Service unavailable (injected fault); the request was not processed"
          : "Internal server error (injected fault)";
    const headers: Record<string, string> = status === 500 ? {} : { [HEADERS.retryAfter]: String(fault.retryAfter ?? 1) };
    this.fail(res, st, status, code, message, headers);
  }

  private finish(
    req: IncomingMessage,
    res: ServerResponse,
    st: RequestState,
    response: StoredResponse,
    plan: FaultPlan,
    headers: Record<string, string> = {},
  ): void {
    if (plan.terminal) return this.applyFault(req, res, st, plan); // a fault "after": the work is done, the answer is lost
    this.respond(res, st, response.status, response.contentType, response.body, headers);
  }

  private respond(res: ServerResponse, st: RequestState, status: number, contentType: string, body: string | Buffer, headers: Record<string, string> = {}): void {
    send(res, status, contentType, body, headers);
    this.log(st, status);
  }

  private begin(st: RequestState): RequestLogEntry {
    return (st.entry ??= this.d.requests.begin({
      requestId: st.requestId,
      at: new Date().toISOString(),
      operations: st.operations,
      operationName: st.operationName,
      status: "pending",
      orgId: st.org?.id ?? null,
      idempotencyKey: null,
      idempotentReplay: false,
      fault: null,
      durationMs: 0,
    }));
  }

  private log(st: RequestState, status: number | "dropped"): void {
    const entry = this.begin(st);
    entry.idempotencyKey = st.idempotencyKey;
    entry.idempotentReplay = st.replay;
    entry.fault = st.faultLabels.length ? st.faultLabels.join(", ") : null;
    this.d.requests.end(entry, status, Math.round((performance.now() - st.started) * 100) / 100);
  }
}

function contentTypeOf(media: MediaType): string {
  return `${media}; charset=utf-8`;
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Errors as JSON, their `extensions` (code, field) kept; nothing from the original error leaks. */
function formatResult(result: ExecutionResult): Record<string, unknown> {
  if (!result.errors?.length) return { data: result.data ?? null };
  return {
    errors: result.errors.map((e) => {
      const json = e.toJSON() as { extensions?: Record<string, unknown> };
      // an unexpected exception in a resolver: say so without its details
      if (!json.extensions?.code) return { ...json, message: "Internal server error", extensions: { code: ERROR_CODES.INTERNAL_SERVER_ERROR } };
      return json;
    }),
    data: result.data ?? null,
  };
}
