/**
 * Payment sessions in memory, their lifecycle and the expiry timer. Every status change goes
 * through `transition`, which is where events are emitted, so no path can change a status
 * without the callback hearing about it.
 */
import type { Contact, PaymentSession, PaymentSessionStatus } from "@clientloop/core/pure";
import type { Clock } from "../clock.js";
import { notActive } from "../errors.js";
import { randomId } from "../ids.js";
import type { SessionFilter } from "../types.js";
import type { OrgRegistry } from "./orgs.js";

/** A stored session: core's PaymentSession minus the derived `link` and `contact`. */
export type SessionRecord = Omit<PaymentSession, "link" | "contact"> & {
  /** expirationDate in epoch ms, compared with the sandbox clock. */
  expiresAt: number | null;
};

const MAX_TIMER_MS = 2 ** 31 - 1;

export class SessionStore {
  private readonly sessions = new Map<string, SessionRecord>();
  /**
   * The eviction cursor: one iterator kept across inserts. A fresh `values()` would walk every
   * deleted slot from the start (a Map keeps them until it rehashes), which at 20,000 sessions
   * was a tenth of a create. Only the oldest is ever deleted, so every live session lies ahead.
   */
  private oldest = this.sessions.values();
  /** Active sessions with an expirationDate: the only ones the expiry timer looks at. */
  private readonly expiring = new Set<SessionRecord>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly orgs: OrgRegistry,
    private readonly linkBase: () => string,
    private readonly maxSessions: number,
    private readonly onStatusChange: (session: PaymentSession) => void,
  ) {}

  newId(): string {
    let id = randomId("ps");
    while (this.sessions.has(id)) id = randomId("ps");
    return id;
  }

  has(id: string): boolean {
    return this.sessions.has(id);
  }

  insert(record: SessionRecord): void {
    this.sessions.set(record.id, record);
    // Bounded memory: the oldest sessions go first (a Map iterates in insertion order).
    while (this.sessions.size > this.maxSessions) {
      const oldest = this.oldest.next().value as SessionRecord;
      this.sessions.delete(oldest.id);
      this.expiring.delete(oldest);
    }
    this.track(record);
  }

  /** The session, expired first if its time has passed (lazy expiry on every access). */
  get(id: string): SessionRecord | undefined {
    const record = this.sessions.get(id);
    if (record) this.expireIfDue(record, this.clock.now());
    return record;
  }

  list(filter: SessionFilter = {}): SessionRecord[] {
    this.sweep();
    const out: SessionRecord[] = [];
    for (const r of this.sessions.values()) {
      if ((!filter.orgId || r.orgId === filter.orgId) && (!filter.status || r.status === filter.status)) out.push(r);
    }
    return out;
  }

  /** Call after changing a record's expiry or status: (re)arms the timer. */
  track(record: SessionRecord): void {
    if (record.status === "Active" && record.expiresAt !== null) {
      this.expiring.add(record);
      if (this.expireIfDue(record, this.clock.now())) return;
      if (record.expiresAt < this.timerAt) this.arm(record.expiresAt);
    } else {
      this.expiring.delete(record);
    }
  }

  /** Changes the status of an Active session and emits its event. */
  transition(record: SessionRecord, status: Exclude<PaymentSessionStatus, "Active">, paymentId?: string | null): void {
    if (record.status !== "Active") throw notActive(record.status);
    record.status = status;
    record.updatedAt = this.clock.nowIso();
    if (status === "Completed") record.paymentId = paymentId ?? record.paymentId ?? randomId("pay");
    else if (paymentId) record.paymentId = paymentId;
    this.expiring.delete(record);
    this.onStatusChange(this.view(record));
  }

  /** The PaymentSession as the API returns it: `link` while Active, `contact` resolved. */
  view(r: SessionRecord): PaymentSession {
    return {
      id: r.id,
      orgId: r.orgId,
      status: r.status,
      amount: r.amount,
      currency: r.currency,
      callbackUrl: r.callbackUrl,
      successUrl: r.successUrl,
      link: r.status === "Active" ? `${this.linkBase()}/pay/${encodeURIComponent(r.id)}` : null,
      contactId: r.contactId,
      contact: r.contactId ? this.contact(r.orgId, r.contactId) : null,
      contactRef: r.contactRef,
      transactionRef: r.transactionRef,
      invoiceIds: r.invoiceIds,
      invoiceRefs: r.invoiceRefs,
      expirationDate: r.expirationDate,
      paymentId: r.paymentId,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      checkoutConfigurationId: r.checkoutConfigurationId,
      invoiceTotal: r.invoiceTotal,
      brandLogoUrl: r.brandLogoUrl,
      brandName: r.brandName,
    };
  }

  contact(orgId: string, contactId: string): Contact | null {
    return this.orgs.get(orgId)?.contacts.get(contactId) ?? null;
  }

  /** Expires every Active session whose time has passed (timer, advanceTime, listings). */
  sweep(): void {
    const now = this.clock.now();
    for (const r of [...this.expiring]) this.expireIfDue(r, now);
    this.rearm();
  }

  private expireIfDue(record: SessionRecord, now: number): boolean {
    if (record.status !== "Active" || record.expiresAt === null || record.expiresAt > now) return false;
    this.transition(record, "Expired");
    return true;
  }

  private rearm(): void {
    let next = Infinity;
    for (const r of this.expiring) if (r.expiresAt! < next) next = r.expiresAt!;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
    if (next !== Infinity) this.arm(next);
  }

  private arm(at: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    const delay = Math.min(Math.max(at - this.clock.now(), 0), MAX_TIMER_MS);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.sweep();
    }, delay);
    this.timer.unref();
  }

  clear(): void {
    this.sessions.clear();
    this.oldest = this.sessions.values();
    this.expiring.clear();
    this.rearm();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  get size(): number {
    return this.sessions.size;
  }
}
