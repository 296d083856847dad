/**
 * Everything this project assumes about ClientLoop where its public documents are silent:
 * error codes, headers, which requests may be retried, events and their signing.
 * docs/clientloop-contract.md explains each choice; change both together when the real
 * behaviour is known. Pure data and pure functions only: the n8n package bundles this file.
 */

export const DEFAULT_BASE_URL = "https://graph.clientloop.com/";

/**
 * The cheapest authenticated request, which any valid API key may run: integrations test a key
 * with it. A wrong key gets HTTP 401 with `UNAUTHENTICATED`.
 */
export const API_KEY_CHECK_QUERY = "{ __typename }";

/** `extensions.code` values of GraphQL errors. */
export const ERROR_CODES = {
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  BAD_USER_INPUT: "BAD_USER_INPUT",
  NOT_FOUND: "NOT_FOUND",
  SESSION_NOT_ACTIVE: "SESSION_NOT_ACTIVE",
  NO_RECIPIENT: "NO_RECIPIENT",
  IDEMPOTENCY_KEY_REUSED: "IDEMPOTENCY_KEY_REUSED",
  RATE_LIMITED: "RATE_LIMITED",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
  GRAPHQL_PARSE_FAILED: "GRAPHQL_PARSE_FAILED",
  GRAPHQL_VALIDATION_FAILED: "GRAPHQL_VALIDATION_FAILED",
  /** Not a GraphQL request at all: bad JSON, no query, wrong method or content type, too large. */
  BAD_REQUEST: "BAD_REQUEST",
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** Header names, lower case (HTTP header names are case-insensitive). */
export const HEADERS = {
  requestId: "x-request-id",
  idempotencyKey: "idempotency-key",
  retryAfter: "retry-after",
  signature: "clientloop-signature",
  eventId: "clientloop-event-id",
  eventType: "clientloop-event-type",
  /** Set to "true" on a response replayed for a repeated Idempotency-Key. */
  idempotentReplayed: "idempotent-replayed",
} as const;

/** User-Agent of the requests that deliver events to a `callbackUrl`. */
export const WEBHOOK_USER_AGENT = "ClientLoop-Webhooks/1";

/** Events POSTed to a session's `callbackUrl`, one per status change. */
export const EVENT_TYPES = {
  completed: "payment_session.completed",
  expired: "payment_session.expired",
  canceled: "payment_session.canceled",
} as const;
export type EventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];

/** A session status that ends the session (and sends an event). */
export type FinalSessionStatus = "Completed" | "Expired" | "Canceled";

/** The session status each event type reports. */
export const EVENT_STATUS: Record<EventType, FinalSessionStatus> = {
  [EVENT_TYPES.completed]: "Completed",
  [EVENT_TYPES.expired]: "Expired",
  [EVENT_TYPES.canceled]: "Canceled",
};

/** The event type sent when a session reaches a final status (the inverse of EVENT_STATUS). */
export const EVENT_TYPE_OF_STATUS = Object.fromEntries(
  Object.entries(EVENT_STATUS).map(([type, status]) => [status, type]),
) as Record<FinalSessionStatus, EventType>;

/**
 * Event delivery is at least once: the first attempt at once, then one retry after each of
 * these delays (ms, from the previous attempt's due time): 10 s, 1 min, 5 min, 15 min, 30 min,
 * 1 h, 2 h, 4 h, 8 h, then 12 h five times — 15 attempts over about 76 hours.
 */
export const EVENT_RETRY_SCHEDULE: readonly number[] = Object.freeze([
  10_000, 60_000, 300_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000, 43_200_000, 43_200_000,
  43_200_000, 43_200_000, 43_200_000,
]);

/** A delivery attempt without a complete answer within this time failed. */
export const EVENT_DELIVERY_TIMEOUT_MS = 10_000;

/** Only a 2xx answer acknowledges an event; anything else is a failed attempt. */
export function isDeliveryAcknowledged(status: number): boolean {
  return status >= 200 && status < 300;
}

/** Signature scheme version and the default clock tolerance of receivers. */
export const SIGNATURE_SCHEME = "v1";
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

/** Retry-After values above this are not waited for: the error is returned instead. */
export const MAX_RETRY_AFTER_MS = 60_000;

export type OperationName = "createPaymentSession" | "updatePaymentSession" | "sendPaymentSessionLink";

/**
 * How a failed attempt ended, as far as retrying is concerned:
 * - `not-processed`: the server did not act on it (never sent, 429, 503);
 * - `ambiguous`: it may have been applied (timeout, connection lost after sending, 500/502/504);
 * - `final`: a definite answer (success, validation, auth, state errors...).
 */
export type AttemptOutcome = "not-processed" | "ambiguous" | "final";

/** HTTP statuses the contract defines as "not processed, try again later". */
export function outcomeOfStatus(status: number): AttemptOutcome {
  if (status === 429 || status === 503) return "not-processed";
  if (status === 500 || status === 502 || status === 504) return "ambiguous";
  return "final";
}

/**
 * Whether an attempt that ended this way may be repeated for this operation. Creating a session
 * or sending a link twice has visible effects (a second link, a second message), so those are
 * repeated only when the server certainly did not act. Updating fields is idempotent, unless
 * the update changes the status.
 */
export function mayRetry(operation: OperationName, outcome: AttemptOutcome, input?: unknown): boolean {
  if (outcome === "not-processed") return true;
  if (outcome === "final") return false;
  if (operation !== "updatePaymentSession") return false;
  const status = (input as { status?: unknown } | undefined)?.status;
  return status === undefined || status === null;
}
