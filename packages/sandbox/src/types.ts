/** Public types of @clientloop/sandbox (options, seed file, control API records). */
import type { PaymentSession, PaymentSessionStatus } from "@clientloop/core/pure";

export type { PaymentSession, PaymentSessionStatus };

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
  /** Attempts per event, the first included. Default 5 (the contract's sandbox default). */
  maxAttempts?: number;
  /** Delay before the first retry; doubles each time (1 s, 2 s, 4 s, 8 s by default). */
  backoffMs?: number;
  /** Upper bound of one delay. Default 60 s. */
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
  channel: "Email" | "Phone";
  recipient: string;
  link: string;
  sessionId: string;
  orgId: string;
  sentAt: string;
}

export interface DeliveryAttempt {
  attempt: number;
  at: string;
  /** HTTP status of the callback's answer; absent when there was none. */
  status?: number;
  /** Why the attempt failed without an answer (timeout, connection refused...). */
  error?: string;
  durationMs: number;
  /** The `ClientLoop-Signature` header sent with this attempt. */
  signature: string;
  /** When this attempt failed and another follows: the backoff before it. */
  retryInMs?: number;
}

export type EventDeliveryStatus = "pending" | "delivered" | "failed" | "no_callback";

export interface EventRecord {
  id: string;
  type: "payment_session.completed" | "payment_session.expired" | "payment_session.canceled";
  sessionId: string;
  orgId: string;
  createdAt: string;
  callbackUrl: string | null;
  /** The exact JSON body POSTed (the signature covers these bytes). */
  body: string;
  deliveryStatus: EventDeliveryStatus;
  attempts: DeliveryAttempt[];
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
