/**
 * Events POSTed to a session's callbackUrl, exactly as docs/clientloop-contract.md describes:
 * body `{id, type, createdAt, data: {paymentSession}}`, signed with the organization's secret,
 * delivered at least once on the contract's schedule (or the options').
 *
 * Every automatic attempt has a due time on the sandbox clock: the first at once, each retry one
 * delay after the previous attempt's due time. Real time passing fires them (a timer armed for
 * the earliest), and so does moving the clock: `fireDue()` starts, in due order, every attempt
 * that is due — and a retry that falls due in turn starts as soon as the attempt before it has
 * failed, so one `advanceTime` can play three days of retries. Resends are extra, manual attempts.
 */
import { ERROR_CODES, EVENT_TYPE_OF_STATUS, type FinalSessionStatus, type PaymentSession } from "@clientloop/core/pure";
import type { Clock } from "../clock.js";
import { notFound, SandboxError } from "../errors.js";
import { randomId } from "../ids.js";
import type { DeliveryAttempt, EventRecord } from "../types.js";
import type { ResolvedDeliveryOptions } from "./options.js";
import { postEvent, type PostResult } from "./post.js";

/** What the dispatcher knows about an event besides its public record. */
interface Delivery {
  record: EventRecord;
  /** Automatic attempts made so far. */
  made: number;
  /** Sandbox time (ms) the next automatic attempt is due; null once none will be made. */
  dueAt: number | null;
  /** An automatic attempt is being made right now. */
  running: boolean;
}

export interface WaitOptions {
  /**
   * `"wait"` (default): until nothing is in flight and no event waits for a retry. `"ignore"`:
   * until nothing is in flight and nothing is due now on the sandbox clock (retries due later
   * are left waiting), e.g. after `advanceTime` with the long contract schedule.
   */
  scheduled?: "wait" | "ignore";
}

const MAX_TIMER_MS = 2 ** 31 - 1;

export class EventDispatcher {
  private readonly deliveries = new Map<string, Delivery>();
  /** Deliveries with an automatic attempt still to make (or being made). */
  private readonly pending = new Set<Delivery>();
  private readonly inFlight = new Set<AbortController>();
  private attemptsRunning = 0;
  private waiters: { ready: () => boolean; resolve: () => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly options: ResolvedDeliveryOptions,
    private readonly secretOf: (orgId: string) => string,
    private readonly clock: Clock,
    private readonly maxEvents: number,
  ) {}

  /** Records the event of a session that just left Active and makes its first attempt. */
  emit(session: PaymentSession): EventRecord {
    const type = EVENT_TYPE_OF_STATUS[session.status as FinalSessionStatus];
    if (!type) throw new Error(`no event for status ${session.status}`);
    const id = randomId("evt");
    const now = this.clock.now();
    const createdAt = new Date(now).toISOString();
    const deliver = session.callbackUrl !== null && !this.stopped;
    const record: EventRecord = {
      id,
      type,
      sessionId: session.id,
      orgId: session.orgId,
      createdAt,
      callbackUrl: session.callbackUrl,
      body: JSON.stringify({ id, type, createdAt, data: { paymentSession: session } }),
      deliveryStatus: session.callbackUrl ? "pending" : "no_callback",
      attempts: [],
      nextAttemptAt: deliver ? createdAt : null,
    };
    const delivery: Delivery = { record, made: 0, dueAt: deliver ? now : null, running: false };
    this.remember(delivery);
    if (deliver) {
      this.pending.add(delivery);
      this.start(delivery);
    }
    return record;
  }

  /** Starts every automatic attempt that is due on the sandbox clock, in due order (call after moving the clock). */
  fireDue(): void {
    const now = this.clock.now();
    const due = [...this.pending].filter((d) => !d.running && d.dueAt !== null && d.dueAt <= now);
    due.sort((a, b) => a.dueAt! - b.dueAt!);
    for (const d of due) this.start(d);
    this.arm();
  }

  /** Sends the event again now (same id and body, a fresh signature), as a dashboard's resend does. */
  async resend(eventId: string): Promise<DeliveryAttempt> {
    const delivery = this.deliveries.get(eventId);
    if (!delivery) throw notFound("eventId", "event");
    const { record } = delivery;
    if (!record.callbackUrl)
      throw new SandboxError(
        ERROR_CODES.BAD_USER_INPUT,
        "eventId: this event's session has no callbackUrl to send it to",
        "eventId",
      );
    const attempt = await this.attempt(delivery, { manual: true });
    if (attempt.ok) this.settle(delivery, "delivered");
    this.notify();
    return attempt.entry;
  }

  list(filter: { sessionId?: string; type?: string; orgId?: string } = {}): EventRecord[] {
    const out: EventRecord[] = [];
    for (const { record: e } of this.deliveries.values()) {
      if (
        (!filter.sessionId || e.sessionId === filter.sessionId) &&
        (!filter.type || e.type === filter.type) &&
        (!filter.orgId || e.orgId === filter.orgId)
      ) {
        out.push(e);
      }
    }
    return out;
  }

  /** Resolves once nothing is in flight and no event waits for a retry (or none is due now: `scheduled: "ignore"`). */
  idle(options: WaitOptions = {}): Promise<void> {
    const ready =
      options.scheduled === "ignore"
        ? () => this.attemptsRunning === 0 && (this.stopped || !this.anyDue())
        : () => this.attemptsRunning === 0 && (this.pending.size === 0 || this.stopped);
    if (ready()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ ready, resolve }));
  }

  /** Forgets every event and cancels the retries still scheduled. */
  clear(): void {
    this.deliveries.clear();
    this.pending.clear();
    this.arm();
    this.notify();
  }

  /** Cancels scheduled retries and aborts the attempts in flight (the sandbox is stopping). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const c of this.inFlight) c.abort(new Error("sandbox stopped"));
    this.notify();
  }

  private remember(delivery: Delivery): void {
    this.deliveries.set(delivery.record.id, delivery);
    // bounded memory: the oldest events go first (a Map iterates in insertion order)
    while (this.deliveries.size > this.maxEvents) {
      const oldest = this.deliveries.values().next().value!;
      this.deliveries.delete(oldest.record.id);
      this.pending.delete(oldest);
    }
  }

  /** Makes the due automatic attempt, then schedules the next one (or settles the event). */
  private start(delivery: Delivery): void {
    const scheduledAt = delivery.dueAt!;
    delivery.running = true;
    void this.attempt(delivery, { scheduledAt }).then(({ ok, entry }) => {
      delivery.running = false;
      delivery.made++;
      const { record } = delivery;
      const delay = this.options.schedule[delivery.made - 1];
      if (ok || record.deliveryStatus === "delivered") this.settle(delivery, "delivered");
      else if (delay === undefined || this.stopped) this.settle(delivery, "failed");
      else if (this.pending.has(delivery)) {
        delivery.dueAt = scheduledAt + delay;
        record.nextAttemptAt = new Date(delivery.dueAt).toISOString();
        entry.retryInMs = delay;
      }
      if (!this.stopped) this.fireDue(); // the next attempt may be due already (after advanceTime)
      this.notify();
    });
  }

  private async attempt(
    delivery: Delivery,
    kind: { scheduledAt?: number; manual?: true },
  ): Promise<{ ok: boolean; entry: DeliveryAttempt }> {
    const { record } = delivery;
    const at = new Date(this.clock.now()).toISOString();
    this.attemptsRunning++;
    let result: PostResult;
    try {
      result = await postEvent(record, this.secretOf(record.orgId), this.options.timeoutMs, this.inFlight);
    } finally {
      this.attemptsRunning--;
    }
    const entry: DeliveryAttempt = {
      attempt: record.attempts.length + 1,
      at,
      ...(kind.scheduledAt !== undefined ? { scheduledAt: new Date(kind.scheduledAt).toISOString() } : {}),
      ...(kind.manual ? { manual: true as const } : {}),
      ...(result.status !== undefined ? { status: result.status } : {}),
      ...(result.error !== undefined ? { error: result.error } : {}),
      durationMs: result.durationMs,
      signature: result.signature,
    };
    record.attempts.push(entry);
    return { ok: result.ok, entry };
  }

  private settle(delivery: Delivery, status: "delivered" | "failed"): void {
    delivery.record.deliveryStatus = status;
    delivery.record.nextAttemptAt = null;
    delivery.dueAt = null;
    this.pending.delete(delivery);
  }

  private anyDue(): boolean {
    const now = this.clock.now();
    for (const d of this.pending) if (d.running || (d.dueAt !== null && d.dueAt <= now)) return true;
    return false;
  }

  /** One timer, for the earliest retry still waiting; real time runs at the sandbox clock's pace. */
  private arm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stopped) return;
    let next = Infinity;
    for (const d of this.pending) if (!d.running && d.dueAt !== null && d.dueAt < next) next = d.dueAt;
    if (next === Infinity) return;
    this.timer = setTimeout(() => this.fireDue(), Math.min(Math.max(next - this.clock.now(), 0), MAX_TIMER_MS));
    this.timer.unref();
  }

  private notify(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) {
      if (w.ready()) w.resolve();
      else this.waiters.push(w);
    }
  }
}
