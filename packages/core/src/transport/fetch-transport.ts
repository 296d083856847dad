/**
 * One attempt, with graphql-request doing the GraphQL exchange: one GraphQLClient per ClientLoop
 * (its static headers set once), the call's own headers on each request, and a timeout that also
 * covers reading the body. Under graphql-request: the `fetch` the caller gave, else Node's http
 * (node-fetch.ts), else the global fetch. Whether to send another attempt is decided by the
 * shared loop (pure/send.ts).
 *
 * graphql-request (and the graphql package under it, ~30 ms) is required on the first call, so
 * loading @clientloop/core stays cheap for code that never sends. Its CommonJS bundle is used
 * from both builds: one file instead of its many ESM modules (~5 µs less per call), and a
 * synchronous require() that works under test runners without ESM support (jest).
 */
import { createRequire } from "node:module";
import type * as GraphQLRequest from "graphql-request";
import { HEADERS, type OperationName } from "../pure/contract.js";
import { ClientLoopAPIError, ClientLoopConnectionError, ClientLoopTimeoutError } from "../pure/errors.js";
import { getHeader } from "../pure/http.js";
import type { GraphQLRequestBody, ResponseLike } from "../pure/response.js";
import { createNodeFetch, type FetchLike } from "./node-fetch.js";

export interface Logger {
  debug?(message: string): void;
  warn?(message: string): void;
}

export interface AttemptOptions {
  operation: OperationName;
  request: GraphQLRequestBody;
  /** This call's own headers (the Idempotency-Key), added to the client's. */
  headers: Record<string, string>;
  /** For this attempt, from connect to the last byte of the body. */
  timeoutMs: number;
  signal?: AbortSignal;
  logger?: Logger;
}

/** The caller's AbortSignal fired: final, as the request may already have been applied. */
export function abortedError(operation: OperationName): ClientLoopConnectionError {
  return new ClientLoopConnectionError(`ClientLoop ${operation} was aborted by the caller`, {
    code: "ABORTED",
    operation,
    mayHaveSucceeded: true,
  });
}

const requireFromHere = createRequire(import.meta.url);

/** The abort reason of an attempt that ran out of time (a caller's abort has its own). */
const TIMED_OUT = new Error("ClientLoop attempt timed out");
const abortForTimeout = (controller: AbortController) => controller.abort(TIMED_OUT);

export class FetchTransport {
  #client: GraphQLRequest.GraphQLClient | undefined;
  #clientError: typeof GraphQLRequest.ClientError | undefined;

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
    private readonly fetchImpl: typeof fetch | undefined,
  ) {}

  /** Loads graphql-request on first use (synchronous; throws if it is not installed). */
  prepare(): void {
    if (this.#client) return;
    const { ClientError, GraphQLClient } = requireFromHere("graphql-request") as typeof GraphQLRequest;
    this.#clientError = ClientError;
    this.#client = new GraphQLClient(this.url, {
      fetch: this.fetchImpl ?? defaultFetch(),
      method: "POST",
      errorPolicy: "all",
      redirect: "manual", // a 3xx is an answer: the API key is never sent on to another address
      // graphql-request would otherwise parse every document to find its operation name
      excludeOperationName: true,
      headers: this.headers,
    });
  }

  /** Resolves with the answer (any status); rejects with a typed error, or the network's, when none came. */
  async send(o: AttemptOptions): Promise<ResponseLike> {
    const client = this.#client;
    if (!client) throw new Error("FetchTransport.send() before prepare()");
    if (o.signal?.aborted) throw abortedError(o.operation);
    const controller = new AbortController();
    const { signal } = controller;
    const timer = setTimeout(abortForTimeout, o.timeoutMs, controller);
    const onAbort = o.signal && (() => controller.abort());
    if (onAbort) o.signal!.addEventListener("abort", onAbort, { once: true });
    const started = o.logger?.debug ? Date.now() : 0;
    let response: ResponseLike;
    try {
      const raw = await client.rawRequest({
        query: o.request.query,
        variables: o.request.variables,
        requestHeaders: o.headers,
        signal,
      });
      response = { status: raw.status, headers: raw.headers, body: raw }; // raw carries `data` and `errors`
    } catch (error) {
      if (!(error instanceof this.#clientError!)) throw this.#failure(o, error, signal.reason === TIMED_OUT);
      // A non-2xx answer. Rebuilt from the response only: ClientError's message embeds the variables.
      const r = error.response as { status: number; headers?: Headers; errors?: unknown; data?: unknown };
      response = { status: r.status, headers: r.headers, body: { errors: r.errors, data: r.data } };
    } finally {
      clearTimeout(timer);
      if (onAbort) o.signal!.removeEventListener("abort", onAbort);
    }
    o.logger?.debug?.(
      `clientloop ${o.operation}: HTTP ${response.status} in ${Date.now() - started} ms (request ${getHeader(response.headers, HEADERS.requestId) ?? "n/a"})`,
    );
    return response;
  }

  /** Why an attempt got no usable answer, as the typed error that says whether it may be repeated. */
  #failure(o: AttemptOptions, error: unknown, timedOut: boolean): unknown {
    if (o.signal?.aborted) return abortedError(o.operation);
    if (timedOut) {
      return new ClientLoopTimeoutError(`ClientLoop ${o.operation} timed out after ${o.timeoutMs} ms`, {
        code: "TIMEOUT",
        operation: o.operation,
        retryable: true,
        mayHaveSucceeded: true,
      });
    }
    if (isBadBody(error)) {
      return new ClientLoopAPIError(`ClientLoop ${o.operation} returned a response that is not GraphQL JSON`, {
        code: "INVALID_RESPONSE",
        operation: o.operation,
        mayHaveSucceeded: true,
      });
    }
    return error; // a network error: the loop tells "not sent" from "may have been applied"
  }
}

/** Node's http on Node; elsewhere undefined, which makes graphql-request use the global fetch of the moment. */
function defaultFetch(): typeof fetch | undefined {
  const onNode = typeof process !== "undefined" && typeof process.versions?.node === "string";
  // graphql-request only ever calls fetch(url, init), never with a Request: what FetchLike takes.
  return onNode ? (createNodeFetch() satisfies FetchLike as typeof fetch) : undefined;
}

/**
 * A 2xx answer whose body is not a GraphQL result: graphql-request then throws the JSON parser's
 * SyntaxError or its own "Invalid execution result" error (and nothing else of it reaches here:
 * other answers come back as ClientError). Anything else is the network's.
 */
function isBadBody(error: unknown): boolean {
  return (
    error instanceof SyntaxError || (error instanceof Error && error.message.startsWith("Invalid execution result"))
  );
}
