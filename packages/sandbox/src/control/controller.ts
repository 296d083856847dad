/**
 * What tests control: sessions, the clock, the outbox, events, request counts, faults and
 * contacts. The same methods back `startSandbox()`'s object and the `/_sandbox/…` endpoints.
 */
import { ERROR_CODES, parseCreatePaymentSessionInput, type Contact, type PaymentSession } from "@clientloop/core/pure";
import type { Clock } from "../clock.js";
import { notFound, SandboxError, validated } from "../errors.js";
import type { EventDispatcher, WaitOptions } from "../events/dispatcher.js";
import type { FaultRegistry } from "../faults.js";
import { stripNulls } from "../state/normalize.js";
import type { IdempotencyStore } from "../state/idempotency.js";
import type { PaymentSessionOperations } from "../state/operations.js";
import type { Organization, OrgRegistry } from "../state/orgs.js";
import type { Outbox } from "../state/outbox.js";
import type { RequestCounter } from "../state/requests.js";
import type { SessionRecord, SessionStore } from "../state/sessions.js";
import type {
  DeliveryAttempt,
  EventRecord,
  Fault,
  FaultSpec,
  OutboxMessage,
  RequestStats,
  SandboxContact,
  SessionFilter,
} from "../types.js";

export interface ControllerDeps {
  clock: Clock;
  orgs: OrgRegistry;
  store: SessionStore;
  ops: PaymentSessionOperations;
  outbox: Outbox;
  events: EventDispatcher;
  faults: FaultRegistry;
  requests: RequestCounter;
  idempotency: IdempotencyStore;
  defaultOrgId: string;
}

/** Input of `createSession`: a CreatePaymentSessionInput, `orgId` optional, `id` to choose one. */
export type CreateSessionInput = { orgId?: string; id?: string; amount: string; currency: string } & Record<
  string,
  unknown
>;

/** The control API: methods of the object `startSandbox()` returns (and of its `control`). */
export interface SandboxControl {
  /** A session of any organization, as the API would return it (undefined if unknown). */
  getSession(id: string): PaymentSession | undefined;
  listSessions(filter?: SessionFilter): PaymentSession[];
  /** Creates a session with the API's rules; `orgId` defaults to the default org, `id` may be chosen. */
  createSession(input: CreateSessionInput): PaymentSession;
  /** As if the customer paid on the hosted page: Completed, paymentId set, event sent. */
  completeSession(id: string, options?: { paymentId?: string }): PaymentSession;
  /** As if the customer canceled on the hosted page. */
  cancelSession(id: string): PaymentSession;
  /** Expires an Active session now (its event is sent). */
  expireSession(id: string): PaymentSession;
  /** The sandbox clock. */
  now(): Date;
  /**
   * Moves the sandbox clock forward, synchronously: sessions whose expirationDate passes expire
   * (their events are sent), and every event delivery that falls due is started, in due order;
   * a retry that falls due in turn starts once the attempt before it failed. Await
   * `waitForEvents({ scheduled: "ignore" })` for those attempts to be made.
   */
  advanceTime(ms: number): Date;
  /** Links "sent" by email/SMS, oldest first. */
  outbox(filter?: { sessionId?: string; orgId?: string; channel?: string }): OutboxMessage[];
  clearOutbox(): void;
  /** Events with every delivery attempt, oldest first. */
  events(filter?: { sessionId?: string; type?: string; orgId?: string }): EventRecord[];
  /**
   * Resolves when no attempt is in flight and no event waits for a retry (every event delivered,
   * failed or without callback). `{ scheduled: "ignore" }`: as soon as nothing is in flight and
   * nothing is due now on the sandbox clock — retries due later keep waiting.
   */
  waitForEvents(options?: WaitOptions): Promise<void>;
  /**
   * Sends an event again now, as a payment dashboard's "Resend" does: the same id and body, a
   * fresh signature. The attempt is recorded (`manual: true`); a 2xx marks the event delivered.
   */
  resendEvent(eventId: string): Promise<DeliveryAttempt>;
  /** API request counts per operation and status, and the latest requests. */
  requests(): RequestStats;
  resetRequests(): void;
  injectFault(spec: FaultSpec): Fault;
  faults(): Fault[];
  removeFault(id: string): boolean;
  clearFaults(): void;
  /** Adds (or replaces) a contact of an organization (default: the default org). */
  addContact(contact: SandboxContact, orgId?: string): Contact;
  /** Forgets sessions, outbox, events, request counts, faults, idempotency keys and the clock offset. */
  reset(): void;
}

export class Controller implements SandboxControl {
  constructor(private readonly d: ControllerDeps) {}

  private org(orgId?: string): Organization {
    const org = this.d.orgs.get(orgId ?? this.d.defaultOrgId);
    if (!org) throw notFound("orgId", "organization");
    return org;
  }

  private record(id: string): SessionRecord {
    const r = this.d.store.get(id);
    if (!r) throw notFound("id", "payment session");
    return r;
  }

  getSession(id: string): PaymentSession | undefined {
    const r = this.d.store.get(id);
    return r ? this.d.store.view(r) : undefined;
  }

  listSessions(filter: SessionFilter = {}): PaymentSession[] {
    return this.d.store.list(filter).map((r) => this.d.store.view(r));
  }

  /** Creates a session directly (same rules as the API), e.g. with a chosen id. */
  createSession(input: CreateSessionInput): PaymentSession {
    const { id, ...rest } = input;
    const org = this.org(typeof rest.orgId === "string" ? rest.orgId : undefined);
    const parsed = validated(parseCreatePaymentSessionInput, stripNulls({ ...rest, orgId: org.id }));
    if (id !== undefined && (typeof id !== "string" || id.length === 0))
      throw new SandboxError(ERROR_CODES.BAD_USER_INPUT, "id: must be a non-empty string", "id");
    return this.d.store.view(this.d.ops.create(org, parsed, id));
  }

  /** The customer paid: Completed, paymentId set, event sent. */
  completeSession(id: string, options: { paymentId?: string } = {}): PaymentSession {
    return this.d.store.view(this.d.ops.complete(this.record(id), options.paymentId));
  }

  cancelSession(id: string): PaymentSession {
    return this.d.store.view(this.d.ops.cancel(this.record(id)));
  }

  expireSession(id: string): PaymentSession {
    return this.d.store.view(this.d.ops.expire(this.record(id)));
  }

  now(): Date {
    return new Date(this.d.clock.now());
  }

  advanceTime(ms: number): Date {
    this.d.clock.advance(ms);
    this.d.events.fireDue(); // retries due before the new "now" first, then the expiry events
    this.d.store.sweep();
    return this.now();
  }

  outbox(filter: { sessionId?: string; orgId?: string; channel?: string } = {}): OutboxMessage[] {
    return this.d.outbox.messages(filter);
  }

  clearOutbox(): void {
    this.d.outbox.clear();
  }

  events(filter: { sessionId?: string; type?: string; orgId?: string } = {}): EventRecord[] {
    return this.d.events.list(filter);
  }

  waitForEvents(options?: WaitOptions): Promise<void> {
    return this.d.events.idle(options);
  }

  resendEvent(eventId: string): Promise<DeliveryAttempt> {
    return this.d.events.resend(eventId);
  }

  requests(): RequestStats {
    return this.d.requests.stats();
  }

  resetRequests(): void {
    this.d.requests.reset();
  }

  injectFault(spec: FaultSpec): Fault {
    return this.d.faults.add(spec);
  }

  faults(): Fault[] {
    return this.d.faults.list();
  }

  removeFault(id: string): boolean {
    return this.d.faults.remove(id);
  }

  clearFaults(): void {
    this.d.faults.clear();
  }

  addContact(contact: SandboxContact, orgId?: string): Contact {
    return this.d.orgs.addContact(this.org(orgId).id, contact, this.d.clock.nowIso());
  }

  /** Forgets sessions, outbox, events, request counts, faults, idempotency keys and clock offset (orgs and contacts stay). */
  reset(): void {
    this.d.clock.reset();
    this.d.store.clear();
    this.d.outbox.clear();
    this.d.events.clear();
    this.d.requests.reset();
    this.d.faults.clear();
    this.d.idempotency.clear();
  }
}
