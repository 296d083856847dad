/**
 * The steps a request to `POST /` (or `GET /`) goes through, in order, each with one job. A step
 * either fills in part of the exchange or ends the request with an answer; handler.ts runs them
 * and sends the answer. Order matters: authentication comes before anything that could reveal
 * the schema or the input rules, faults before idempotency, execution last.
 */
import { ERROR_CODES, HEADERS } from "@clientloop/core/pure";
import { execute, GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema } from "graphql";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Clock } from "../clock.js";
import type { FaultPlan, FaultRegistry } from "../faults.js";
import { BodyTooLargeError, readBody } from "../http.js";
import type { IdempotencyStore, StoredResponse } from "../state/idempotency.js";
import type { PaymentSessionOperations } from "../state/operations.js";
import type { Organization, OrgRegistry } from "../state/orgs.js";
import type { RequestCounter } from "../state/requests.js";
import type { SessionStore } from "../state/sessions.js";
import type { RequestLogEntry } from "../types.js";
import { selectOperation, type DocumentCache, type PreparedOperation } from "./documents.js";
import { contentTypeOf, GQL_RESPONSE, JSON_TYPE, negotiate, type MediaType } from "./media.js";
import { rootValue, type ResolverContext } from "./resolvers.js";
import { coerceVariables } from "./variables.js";

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

interface GraphQLParams {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
  extensions?: unknown;
}

/** One request on its way through the steps. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  started: number;
  media: MediaType;
  org: Organization | null;
  params: GraphQLParams;
  rawBody: Buffer;
  document: DocumentNode | null;
  operation: PreparedOperation | null;
  plan: FaultPlan | null;
  idempotency: { key: string; fingerprint: string } | null;
  replay: boolean;
  entry: RequestLogEntry | null;
}

/** How a request ends. */
export type Answer =
  | { kind: "error"; status: number; code: string; message: string; headers?: Record<string, string> }
  /** Errors before execution (parse, validation). */
  | { kind: "request-errors"; errors: readonly GraphQLError[] }
  | { kind: "response"; response: StoredResponse; headers?: Record<string, string> }
  /** An injected fault that ends the request before anything ran. */
  | { kind: "fault" };

export type Step = (x: Exchange, d: GraphQLHandlerDeps) => Answer | undefined | Promise<Answer | undefined>;

const fail = (status: number, code: string, message: string, headers?: Record<string, string>): Answer => ({
  kind: "error",
  status,
  code,
  message,
  headers,
});
const BAD_REQUEST = ERROR_CODES.BAD_REQUEST; // not a GraphQL request at all

/** The media type of the answer, from Accept. */
function negotiateMedia(x: Exchange): Answer | undefined {
  const media = negotiate(x.req.headers.accept);
  if (!media) return fail(406, BAD_REQUEST, `Not acceptable: this endpoint answers ${GQL_RESPONSE} or ${JSON_TYPE}`);
  x.media = media;
  return undefined;
}

function checkMethod(x: Exchange): Answer | undefined {
  const method = x.req.method;
  if (method !== "POST" && method !== "GET")
    return fail(405, BAD_REQUEST, "Only POST (and GET for queries) are supported", { allow: "GET, POST" });
  return undefined;
}

/** Without a valid key nothing else is revealed, not even parse errors. */
function authenticate(x: Exchange, d: GraphQLHandlerDeps): Answer | undefined {
  const key = /^Bearer\s+(\S+)\s*$/i.exec(x.req.headers.authorization ?? "")?.[1];
  const org = key ? d.orgs.byApiKey(key) : undefined;
  if (org) {
    x.org = org;
    return undefined;
  }
  const message = key ? "The API key is not valid" : "Missing API key: send Authorization: Bearer <api-key>";
  return fail(401, ERROR_CODES.UNAUTHENTICATED, message, { "www-authenticate": 'Bearer realm="ClientLoop"' });
}

/** `{query, variables, operationName, extensions}` from a JSON body, or from the query string of a GET. */
async function readParams(x: Exchange): Promise<Answer | undefined> {
  if (x.req.method === "GET") {
    const url = new URL(x.req.url ?? "/", "http://sandbox");
    x.params = {
      query: url.searchParams.get("query") ?? undefined,
      operationName: url.searchParams.get("operationName") ?? undefined,
    };
    const vars = url.searchParams.get("variables");
    if (!vars) return undefined;
    try {
      x.params.variables = JSON.parse(vars);
    } catch {
      return fail(400, BAD_REQUEST, "The variables parameter is not valid JSON");
    }
    return undefined;
  }
  const type = x.req.headers["content-type"];
  if (!type || !/^application\/(graphql-response\+)?json\s*(;|$)/i.test(type)) {
    x.req.resume();
    return fail(415, BAD_REQUEST, "Content-Type must be application/json");
  }
  try {
    x.rawBody = await readBody(x.req);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return fail(413, BAD_REQUEST, error.message);
    throw error;
  }
  let params: unknown;
  try {
    params = JSON.parse(x.rawBody.toString("utf8"));
  } catch {
    return fail(400, BAD_REQUEST, "The request body is not valid JSON");
  }
  if (!params || typeof params !== "object" || Array.isArray(params))
    return fail(400, BAD_REQUEST, "The request body must be a JSON object with a query");
  x.params = params as GraphQLParams;
  return undefined;
}

const isObjectOrNull = (v: unknown) => v == null || (typeof v === "object" && !Array.isArray(v));

function checkParams(x: Exchange): Answer | undefined {
  const { query, variables, operationName, extensions } = x.params;
  if (typeof query !== "string" || query.length === 0)
    return fail(400, BAD_REQUEST, 'Missing query: send {"query": "..."}');
  if (!isObjectOrNull(variables)) return fail(400, BAD_REQUEST, "variables must be a JSON object");
  if (operationName != null && typeof operationName !== "string")
    return fail(400, BAD_REQUEST, "operationName must be a string");
  if (!isObjectOrNull(extensions)) return fail(400, BAD_REQUEST, "extensions must be a JSON object");
  return undefined;
}

/** The parsed and validated document (cached) and the operation to run; the request is counted from here. */
function prepareOperation(x: Exchange, d: GraphQLHandlerDeps): Answer | undefined {
  const prepared = d.documents.get(x.params.query as string);
  if (!prepared.ok) return { kind: "request-errors", errors: prepared.errors };
  const operation = selectOperation(prepared.operations, x.params.operationName as string | null | undefined);
  if (typeof operation === "string") {
    return {
      kind: "request-errors",
      errors: [new GraphQLError(operation, { extensions: { code: ERROR_CODES.GRAPHQL_VALIDATION_FAILED } })],
    };
  }
  x.document = prepared.document;
  x.operation = operation;
  beginLog(x, d);
  if (x.req.method === "GET" && operation.type !== "query")
    return fail(405, BAD_REQUEST, "Mutations must be sent with POST", { allow: "POST" });
  return undefined;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Injected latency, and a fault that ends the request before anything is applied. */
function injectFaults(x: Exchange, d: GraphQLHandlerDeps): Answer | undefined | Promise<Answer | undefined> {
  const op = x.operation!;
  const plan = (x.plan = d.faults.plan(op.rootFields, op.node.name?.value ?? null));
  const before = (): Answer | undefined =>
    plan.terminal && (plan.terminal.when ?? "before") === "before" ? { kind: "fault" } : undefined;
  return plan.latencyMs > 0 ? sleep(plan.latencyMs).then(before) : before();
}

/** Idempotency-Key on mutations: the contract's 24 h replay, or a conflict for another body. */
function replayIdempotent(x: Exchange, d: GraphQLHandlerDeps): Answer | undefined {
  if (x.operation!.type !== "mutation") return undefined;
  const raw = x.req.headers[HEADERS.idempotencyKey];
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!key) return undefined;
  const found = d.idempotency.lookup(x.org!.id, key, x.rawBody, d.clock.now());
  x.entry!.idempotencyKey = key;
  if (found.kind === "conflict") {
    return fail(
      409,
      ERROR_CODES.IDEMPOTENCY_KEY_REUSED,
      "This Idempotency-Key was already used with a different request body",
    );
  }
  if (found.kind === "replay") {
    x.replay = true;
    return { kind: "response", response: found.response, headers: { [HEADERS.idempotentReplayed]: "true" } };
  }
  x.idempotency = { key, fingerprint: found.fingerprint };
  return undefined;
}

/** Runs the operation (synchronous resolvers) and stores the answer for its Idempotency-Key. */
function run(x: Exchange, d: GraphQLHandlerDeps): Answer {
  const op = x.operation!;
  const variables = (x.params.variables ?? {}) as Record<string, unknown>;
  const contextValue: ResolverContext = { org: x.org!, ops: d.ops, store: d.store };
  let response: StoredResponse;
  const result =
    op.fast?.(rootValue, variables, contextValue) ??
    (execute({
      schema: d.schema,
      document: x.document!,
      rootValue,
      contextValue,
      variableValues: variables,
      operationName: op.node.name?.value,
    }) as ExecutionResult);
  if (typeof (result as unknown as Promise<unknown>).then === "function")
    throw new Error("resolvers of the sandbox are synchronous");
  if (!("data" in result)) {
    // Variables did not fit the schema (nothing ran). graphql-js's messages echo the values,
    // so coerce again to report each field without them; the happy path coerces only once.
    const coerced = coerceVariables(d.schema, op.node, variables);
    response = requestErrors(x.media, "errors" in coerced ? coerced.errors : (result.errors ?? []));
  } else {
    response = {
      status: 200,
      contentType: contentTypeOf(x.media),
      body: Buffer.from(JSON.stringify(formatResult(result))),
    };
  }
  if (x.idempotency)
    d.idempotency.store(x.org!.id, x.idempotency.key, x.idempotency.fingerprint, response, d.clock.now());
  return { kind: "response", response };
}

/** Errors before execution (no `data`): 400 with graphql-response+json, 200 with application/json. */
export function requestErrors(media: MediaType, errors: readonly GraphQLError[]): StoredResponse {
  return {
    status: media === GQL_RESPONSE ? 400 : 200,
    contentType: contentTypeOf(media),
    body: Buffer.from(JSON.stringify({ errors: errors.map((e) => e.toJSON()) })),
  };
}

export const STEPS: readonly Step[] = [
  negotiateMedia,
  checkMethod,
  authenticate,
  readParams,
  checkParams,
  prepareOperation,
  injectFaults,
  replayIdempotent,
  run,
];

/** Counts the request as soon as its operation is known (see RequestCounter.begin). */
export function beginLog(x: Exchange, d: GraphQLHandlerDeps): RequestLogEntry {
  return (x.entry ??= d.requests.begin({
    requestId: x.requestId,
    at: new Date().toISOString(),
    operations: x.operation?.rootFields ?? [],
    operationName: typeof x.params.operationName === "string" ? x.params.operationName : null,
    status: "pending",
    orgId: x.org?.id ?? null,
    idempotencyKey: null,
    idempotentReplay: false,
    fault: null,
    durationMs: 0,
  }));
}

/** Errors as JSON, their `extensions` (code, field) kept; nothing from the original error leaks. */
function formatResult(result: ExecutionResult): Record<string, unknown> {
  if (!result.errors?.length) return { data: result.data ?? null };
  return {
    errors: result.errors.map((e) => {
      const json = e.toJSON() as { extensions?: Record<string, unknown> };
      // an unexpected exception in a resolver: say so without its details
      if (!json.extensions?.code)
        return { ...json, message: "Internal server error", extensions: { code: ERROR_CODES.INTERNAL_SERVER_ERROR } };
      return json;
    }),
    data: result.data ?? null,
  };
}
