/**
 * The fetch that graphql-request runs on. Per attempt: a timeout that also covers reading the
 * body; between attempts: backoff or the server's Retry-After. Whether and when to repeat an
 * attempt is decided in pure/retry.ts (shared with the n8n node): a mutation that may have
 * reached the server is never sent twice unless repeating it cannot duplicate anything.
 */
import { HEADERS, outcomeOfStatus, type AttemptOutcome, type OperationName } from "../pure/contract.js";
import { ClientLoopConnectionError, ClientLoopTimeoutError } from "../pure/errors.js";
import { getHeader, parseRetryAfter } from "../pure/http.js";
import { networkErrorCode, outcomeOfNetworkError, retryDelay, type BackoffOptions } from "../pure/retry.js";
import { sleep } from "./sleep.js";

export interface Logger {
  debug?(message: string): void;
  warn?(message: string): void;
}

export interface AttemptPolicy {
  operation: OperationName;
  input: unknown;
  timeoutMs: number;
  maxRetries: number;
  backoff?: BackoffOptions;
  signal?: AbortSignal;
  logger?: Logger;
}

type Attempt =
  | { kind: "response"; response: Response; outcome: AttemptOutcome; retryAfterMs?: number }
  | { kind: "error"; error: ClientLoopConnectionError; outcome: AttemptOutcome };

/**
 * The response with its body already read. A plain object rather than `new Response(body)`:
 * graphql-request only reads status, ok, headers and text(), and copying costs ~10 µs a call.
 */
function bufferedResponse(res: Response, body: string): Response {
  return {
    status: res.status,
    statusText: res.statusText,
    ok: res.ok,
    headers: res.headers,
    url: res.url,
    text: async () => body,
    json: async () => JSON.parse(body) as unknown,
  } as Response;
}

/** Returns a fetch that applies the policy; one instance per logical call. */
export function createPolicyFetch(fetchImpl: typeof fetch, policy: AttemptPolicy): typeof fetch {
  const { operation, logger } = policy;

  const attemptOnce = async (url: string | URL | Request, init: RequestInit | undefined): Promise<Attempt> => {
    const controller = new AbortController();
    const onAbort = () => controller.abort(policy.signal?.reason);
    policy.signal?.addEventListener("abort", onAbort, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, policy.timeoutMs);
    const started = Date.now();
    try {
      const res = await fetchImpl(url, { ...init, signal: controller.signal });
      const body = await res.text(); // read under the same timeout
      const response = bufferedResponse(res, body);
      const outcome = outcomeOfStatus(res.status);
      logger?.debug?.(
        `clientloop ${operation}: HTTP ${res.status} in ${Date.now() - started} ms (request ${getHeader(res.headers, HEADERS.requestId) ?? "n/a"})`,
      );
      return { kind: "response", response, outcome, retryAfterMs: parseRetryAfter(getHeader(res.headers, HEADERS.retryAfter), Date.now()) };
    } catch (error) {
      if (policy.signal?.aborted) {
        return { kind: "error", outcome: "final", error: new ClientLoopConnectionError(`ClientLoop ${operation} was aborted by the caller`, { code: "ABORTED", operation, mayHaveSucceeded: true }) };
      }
      if (timedOut) {
        const error = new ClientLoopTimeoutError(`ClientLoop ${operation} timed out after ${policy.timeoutMs} ms`, {
          code: "TIMEOUT", operation, retryable: true, mayHaveSucceeded: true,
        });
        return { kind: "error", outcome: "ambiguous", error };
      }
      const code = networkErrorCode(error);
      const notSent = outcomeOfNetworkError(error) === "not-processed";
      const connError = new ClientLoopConnectionError(
        `ClientLoop ${operation} could not ${notSent ? "connect" : "complete"} (${code ?? "network error"})`,
        { code: notSent ? "CONNECTION_FAILED" : "CONNECTION_LOST", operation, retryable: true, mayHaveSucceeded: !notSent },
      );
      return { kind: "error", outcome: notSent ? "not-processed" : "ambiguous", error: connError };
    } finally {
      clearTimeout(timer);
      policy.signal?.removeEventListener("abort", onAbort);
    }
  };

  return async (url, init) => {
    for (let attempts = 1; ; attempts++) {
      const result = await attemptOnce(url, init);
      const delay =
        result.outcome === "final"
          ? undefined
          : retryDelay({
              operation,
              input: policy.input,
              outcome: result.outcome,
              attempts,
              maxRetries: policy.maxRetries,
              retryAfterMs: result.kind === "response" ? result.retryAfterMs : undefined,
              backoff: policy.backoff,
            });
      if (delay === undefined) {
        if (result.kind === "error") throw result.error;
        return result.response;
      }
      logger?.warn?.(
        `clientloop ${operation}: attempt ${attempts} failed (${result.kind === "error" ? result.error.code : `HTTP ${result.response.status}`}); retrying in ${delay} ms`,
      );
      await sleep(delay, policy.signal);
    }
  };
}
