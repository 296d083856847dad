/**
 * The one retry loop of every transport, around one attempt interface. The client sends an
 * attempt with fetch (through graphql-request), the n8n node with n8n's HTTP helper; this loop
 * reads each answer, asks pure/retry.ts whether and when to repeat it, and returns the result or
 * throws the typed error. Pure: the caller passes its runtime's sleep.
 */
import { HEADERS, type OperationName } from "./contract.js";
import type { ClientLoopError } from "./errors.js";
import { getHeader, parseRetryAfter } from "./http.js";
import {
  parseOperationResponse,
  type ErrorContext,
  type GraphQLRequestBody,
  type OperationTypes,
  type ResponseLike,
} from "./response.js";
import { connectionError, outcomeOfError, retryDelay, type BackoffOptions } from "./retry.js";

/**
 * Sends attempt number `attempt` (1, 2, ...) of one request. Resolves with the answer, whatever
 * its HTTP status; rejects when there was none (a network error, a timeout: ideally a
 * ClientLoopError saying whether the request may have been applied).
 */
export type SendAttempt = (attempt: number) => Promise<ResponseLike>;

export interface RetryNotice {
  operation: OperationName;
  /** The attempt that failed (1 after the first). */
  attempt: number;
  delayMs: number;
  error: ClientLoopError;
}

export interface SendOperationOptions<K extends OperationName> {
  operation: K;
  /** From `buildOperationRequest`: already validated, so bad input never reaches the loop. */
  request: GraphQLRequestBody;
  send: SendAttempt;
  /** Extra attempts for failures that are safe to repeat. */
  maxRetries: number;
  backoff?: BackoffOptions;
  /** Waits between attempts (a timer, n8n's sleep); may reject to stop, e.g. on abort. */
  sleep(ms: number): Promise<void>;
  /** The values error messages must not contain (variables, the API key). */
  errorContext?: ErrorContext;
  onRetry?(notice: RetryNotice): void;
}

export interface OperationResponse<K extends OperationName> {
  result: OperationTypes[K]["result"];
  /** The answer the result came from. */
  response: ResponseLike;
  attempts: number;
}

/** Sends the request until it succeeds or the failure may not be repeated; throws ClientLoopError. */
export async function sendOperation<K extends OperationName>(
  o: SendOperationOptions<K>,
): Promise<OperationResponse<K>> {
  for (let attempt = 1; ; attempt++) {
    let failure: ClientLoopError;
    let retryAfterMs: number | undefined;
    let response: ResponseLike | undefined;
    try {
      response = await o.send(attempt);
    } catch (error) {
      failure = connectionError(o.operation, error);
    }
    if (response) {
      try {
        return { result: parseOperationResponse(o.operation, response, o.errorContext), response, attempts: attempt };
      } catch (error) {
        failure = error as ClientLoopError;
        retryAfterMs = parseRetryAfter(getHeader(response.headers, HEADERS.retryAfter), Date.now());
      }
    }
    const delayMs = retryDelay({
      operation: o.operation,
      input: o.request.variables.input,
      outcome: outcomeOfError(failure!),
      attempts: attempt,
      maxRetries: o.maxRetries,
      retryAfterMs,
      backoff: o.backoff,
    });
    if (delayMs === undefined) throw failure!;
    o.onRetry?.({ operation: o.operation, attempt, delayMs, error: failure! });
    await o.sleep(delayMs);
  }
}
