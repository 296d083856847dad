/**
 * The retry decision, shared by every transport (the client's fetch, the n8n node's
 * httpRequest): how an attempt ended, whether it may be repeated, and how long to wait.
 * Pure: the caller sleeps with whatever timer its runtime allows.
 */
import { MAX_RETRY_AFTER_MS, mayRetry, type AttemptOutcome, type OperationName } from "./contract.js";
import { ClientLoopConnectionError, ClientLoopError } from "./errors.js";

export interface BackoffOptions {
  /** First delay, in ms. Default 500. */
  initialMs?: number;
  /** Largest delay, in ms. Default 8000. */
  maxMs?: number;
}

/** Exponential backoff, capped, waiting a random 50–100 % of the step (attempt counts from 0). */
export function backoffDelay(
  attempt: number,
  { initialMs = 500, maxMs = 8000 }: BackoffOptions = {},
  random = Math.random,
): number {
  const step = Math.min(maxMs, initialMs * 2 ** attempt);
  return Math.round(step / 2 + (random() * step) / 2);
}

/** Network error codes of failures that happen before a request can have been sent. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** The first `code` along an error's `cause` chain (Node and undici put it at different depths). */
export function networkErrorCode(error: unknown): string | undefined {
  for (
    let e = error as { code?: unknown; cause?: unknown } | undefined, i = 0;
    e && i < 5;
    e = e.cause as typeof e, i++
  ) {
    if (typeof e.code === "string") return e.code;
  }
  return undefined;
}

/** A transport error without an HTTP answer: not sent at all, or possibly applied. */
export function outcomeOfNetworkError(error: unknown): AttemptOutcome {
  const code = networkErrorCode(error);
  return code !== undefined && NOT_SENT_CODES.has(code) ? "not-processed" : "ambiguous";
}

/** How a failed attempt ended, read from its typed error (`retryable`, `mayHaveSucceeded`). */
export function outcomeOfError(error: ClientLoopError): AttemptOutcome {
  if (!error.retryable) return "final";
  return error.mayHaveSucceeded ? "ambiguous" : "not-processed";
}

/**
 * A failure without an answer as a typed error: not sent (connection refused, DNS failure) or
 * possibly applied (the connection dropped after sending). ClientLoop errors pass unchanged.
 */
export function connectionError(operation: OperationName, error: unknown): ClientLoopError {
  if (ClientLoopError.isInstance(error)) return error;
  const code = networkErrorCode(error);
  const notSent = outcomeOfNetworkError(error) === "not-processed";
  return new ClientLoopConnectionError(
    `ClientLoop ${operation} could not ${notSent ? "connect" : "complete"} (${code ?? "network error"})`,
    {
      code: notSent ? "CONNECTION_FAILED" : "CONNECTION_LOST",
      operation,
      retryable: true,
      mayHaveSucceeded: !notSent,
      cause: error,
    },
  );
}

export interface RetryQuestion {
  operation: OperationName;
  /** The (validated) input, to tell a status-changing update from a field update. */
  input: unknown;
  outcome: AttemptOutcome;
  /** Attempts made so far, the failed one included (1 after the first). */
  attempts: number;
  maxRetries: number;
  /** The server's Retry-After, when it sent one. */
  retryAfterMs?: number;
  backoff?: BackoffOptions;
}

/** Milliseconds to wait before the next attempt, or undefined when the failure must be returned. */
export function retryDelay(q: RetryQuestion): number | undefined {
  if (q.attempts > q.maxRetries || !mayRetry(q.operation, q.outcome, q.input)) return undefined;
  if (q.retryAfterMs !== undefined) return q.retryAfterMs <= MAX_RETRY_AFTER_MS ? q.retryAfterMs : undefined;
  return backoffDelay(q.attempts - 1, q.backoff);
}
