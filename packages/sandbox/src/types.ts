/** Public types of @clientloop/sandbox (options, seed file, control API records). */
import type { EventType, PaymentSession, PaymentSessionLinkChannel, PaymentSessionStatus } from "@clientloop/core/pure";

export type { EventType, PaymentSession, PaymentSessionLinkChannel, PaymentSessionStatus };

/** A contact of an organization, resolved for sessions created with `contactId`. */
export interface SandboxContact {
  id: string;
  name: string;
  givenName?: string | null;
  familyName?: string | null;
  email?: string | null;
  phone?: string | null;
}

/**
 * A session to have in place at start, e.g. to accept the documents' examples that update
 * session `abc123`. Fields are those of `CreatePaymentSessionInput` (without `orgId`).
 */
export interface SandboxSeedSession {
  id?: string;
  amount: string;
  currency: string;
  [field: string]: unknown;
}

export interface SandboxOrgSeed {
  id: string;
  /** Shown on the hosted page when a session has no `brandName`. */
  name?: string;
  apiKey?: string;
  apiKeys?: string[];
  signingSecret?: string;
  contacts?: SandboxContact[];
  sessions?: SandboxSeedSession[];
}

/** The `--seed file.json` format. */
export interface SandboxSeed {
  orgs: SandboxOrgSeed[];
}

export interface EventDeliveryOptions {
  /**
   * Delays in ms before retry 1, 2, ..., each counted from the previous attempt's due time.
   * Default: the contract's schedule (core's EVENT_RETRY_SCHEDULE: 10 s, 1 min, 5 min, 15 min,
   * 30 min, 1 h, 2 h, 4 h, 8 h, then 12 h five times — 15 attempts over about 76 hours).
   */
  schedule?: readonly number[];
  /** Attempts per event, the first included: cuts the schedule short. */
  maxAttempts?: number;
  /**
   * Instead of a schedule: doubling delays from this one (1 s, 2 s, 4 s, 8 s...), with
   * `maxAttempts` defaulting to 5. Tests use it to keep retries short.
   */
  backoffMs?: number;
  /** Upper bound of one doubling delay. Default 60 s. */
  maxBackoffMs?: number;
  /** A callback that has not answered after this long failed. Default 10 s (the contract's). */
  timeoutMs?: number;
}

export interface SandboxOptions {
  /** Port to listen on; 0 (the default for `startSandbox`) picks a free one. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** Base of the hosted-page links (`<publicBaseUrl>/pay/<id>`). Default `http://<host>:<port>`. */
  publicBaseUrl?: string;
  /** The default organization (ignored fields fall back to defaults or the seed's first org). */
  orgId?: string;
  orgName?: string;
  apiKey?: string;
  signingSecret?: string;
  /** Contacts of the default organization (replaces the two built-in demo contacts). */
  contacts?: SandboxContact[];
  /** Several organizations, keys, secrets, contacts and sessions: an object or a JSON file path. */
  seed?: SandboxSeed | string;
  events?: EventDeliveryOptions;
  /** Sessions kept in memory; the oldest are dropped beyond this. Default 20,000. */
  maxSessions?: number;
  /** Event records kept (with their attempts). Default 5,000. */
  maxEvents?: number;
  /** Outbox messages kept. Default 5,000. */
  maxOutbox?: number;
  /** GraphQL introspection for authenticated requests. Default true. */
  introspection?: boolean;
}

export interface OrganizationInfo {
  id: string;
  name: string;
  apiKeys: string[];
  signingSecret: string;
}

export interface OutboxMessage {
  id: string;
  channel: PaymentSessionLinkChannel;
  recipient: string;
  link: string;
  sessionId: string;
  orgId: string;
  sentAt: string;
}

export interface DeliveryAttempt {
  /** 1, 2, ... in the order attempts finished, resends included. */
  attempt: number;
  /** When it was made (sandbox clock, ISO). */
  at: string;
  /** An automatic attempt: when it was due (sandbox clock, ISO), per the schedule. */
  scheduledAt?: string;
  /** A resend (`resendEvent`, the dashboard's button), outside the schedule. */
  manual?: true;
  /** HTTP status of the callback's answer; absent when there was none. */
  status?: number;
  /** Why the attempt failed without an answer (timeout, connection refused...). */
  error?: string;
  durationMs: number;
  /** The `ClientLoop-Signature` header sent with this attempt. */
  signature: string;
  /** An automatic attempt that failed with another to follow: the delay before it (from `scheduledAt`). */
  retryInMs?: number;
}

/** `pending` while automatic attempts remain; `no_callback` when the session has no callbackUrl. */
export type EventDeliveryStatus = "pending" | "delivered" | "failed" | "no_callback";

export interface EventRecord {
  id: string;
  type: EventType;
  sessionId: string;
  orgId: string;
  createdAt: string;
  callbackUrl: string | null;
  /** The exact JSON body POSTed (the signature covers these bytes). */
  body: string;
  deliveryStatus: EventDeliveryStatus;
  attempts: DeliveryAttempt[];
  /** While pending: when the next automatic attempt is due (sandbox clock, ISO); null otherwise. */
  nextAttemptAt: string | null;
}

/** Counts of API requests (POST / and GET /), for tests that count ClientLoop calls. */
export interface RequestStats {
  total: number;
  /** By mutation/query root field (`createPaymentSession`...); `(invalid)` when none was found. */
  byOperation: Record<string, number>;
  /** By HTTP status sent (or `dropped`); requests still being handled are not in here yet. */
  byStatus: Record<string, number>;
  /** The most recent requests, newest last (at most 1,000). */
  recent: RequestLogEntry[];
}

export interface RequestLogEntry {
  requestId: string;
  at: string;
  operations: string[];
  operationName: string | null;
  /** The HTTP status sent, `dropped` (fault), or `pending` while the request is handled. */
  status: number | "dropped" | "pending";
  orgId: string | null;
  idempotencyKey: string | null;
  idempotentReplay: boolean;
  fault: string | null;
  durationMs: number;
}

export type FaultKind = "latency" | "status" | "drop";

export interface FaultSpec {
  /** `latency` delays, `status` answers 429/500/503 instead, `drop` destroys the connection. */
  kind: FaultKind;
  /** latency: extra milliseconds before the request is handled. */
  ms?: number;
  /** status: 429, 500 or 503 (default 503). */
  status?: 429 | 500 | 503;
  /** status 429/503: Retry-After seconds (default 1). */
  retryAfter?: number;
  /**
   * drop and status 500: `before` (default) — nothing is applied; `after` — the mutation is
   * applied (and its result stored for the Idempotency-Key), then the fault hits.
   */
  when?: "before" | "after";
  /** Probability per matching request, 0..1 (default 1). */
  rate?: number;
  /** Only the next N matching requests; the fault is removed afterwards. */
  times?: number;
  /** Only requests for this operation: a root field (`createPaymentSession`) or an operationName. */
  operationName?: string;
}

export interface Fault extends FaultSpec {
  id: string;
  /** How many requests this fault has hit. */
  hits: number;
}

export interface SessionFilter {
  orgId?: string;
  status?: PaymentSessionStatus;
}
