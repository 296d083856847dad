/**
 * Events POSTed to a session's callbackUrl, exactly as docs/clientloop-contract.md describes:
 * body `{id, type, createdAt, data: {paymentSession}}`, the contract's headers, signed with
 * core's `signPayload` and the organization's secret. Delivery is at least once: anything but
 * a 2xx (or no answer within the timeout) is retried with doubling delays; every attempt is
 * recorded for `GET /_sandbox/events`.
 */
import { EVENT_TYPES, HEADERS, WEBHOOK_USER_AGENT, type EventType, type PaymentSession } from "@clientloop/core/pure";
import { signPayload } from "@clientloop/core/webhooks";
import { randomId } from "../ids.js";
import { BoundedList } from "../state/bounded.js";
import type { DeliveryAttempt, EventDeliveryOptions, EventRecord } from "../types.js";

export { WEBHOOK_USER_AGENT };

const TYPE_OF_STATUS: Record<string, EventType> = {
  Completed: EVENT_TYPES.completed,
  Expired: EVENT_TYPES.expired,
  Canceled: EVENT_TYPES.canceled,
};

export interface ResolvedDeliveryOptions {
  maxAttempts: number;
  backoffMs: number;
  maxBackoffMs: number;
  timeoutMs: number;
}

export function resolveDeliveryOptions(o: EventDeliveryOptions = {}): ResolvedDeliveryOptions {
  const opts = { maxAttempts: o.maxAttempts ?? 5, backoffMs: o.backoffMs ?? 1000, maxBackoffMs: o.maxBackoffMs ?? 60_000, timeoutMs: o.timeoutMs ?? 10_000 };
  if (!Number.isInteger(opts.maxAttempts) || opts.maxAttempts < 1) throw new RangeError("events.maxAttempts must be an integer >= 1");
  for (const k of ["backoffMs", "maxBackoffMs", "timeoutMs"] as const) {
    if (!Number.isFinite(opts[k]) || opts[k] < 0) throw new RangeError(`events.${k} must be a number >= 0`);
  }
  return opts;
}

export class EventDispatcher {
  private readonly records: BoundedList<EventRecord>;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private pending = 0;
  private idleWaiters: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly options: ResolvedDeliveryOptions,
    private readonly secretOf: (orgId: string) => string,
    private readonly nowIso: () => string,
    maxEvents: number,
  ) {
    this.records = new BoundedList(maxEvents);
  }

  /** Records the event for a session that just left Active and starts delivering it. */
  emit(session: PaymentSession): EventRecord {
    const type = TYPE_OF_STATUS[session.status];
    if (!type) throw new Error(`no event for status ${session.status}`);
    const id = randomId("evt");
    const createdAt = this.nowIso();
    const body = JSON.stringify({ id, type, createdAt, data: { paymentSession: session } });
    const record: EventRecord = {
      id,
      type,
      sessionId: session.id,
      orgId: session.orgId,
      createdAt,
      callbackUrl: session.callbackUrl,
      body,
      deliveryStatus: session.callbackUrl ? "pending" : "no_callback",
      attempts: [],
    };
    this.records.push(record);
    if (session.callbackUrl && !this.stopped) {
      this.pending++;
      void this.attempt(record, 1);
    }
    return record;
  }

  private async attempt(record: EventRecord, n: number): Promise<void> {
    const url = record.callbackUrl!;
    // A fresh timestamp per attempt: receivers reject signatures older than 300 s, and a
    // retry may come long after the first try. Real time, not the sandbox clock (see clock.ts).
    const signature = signPayload({ payload: record.body, secret: this.secretOf(record.orgId) });
    const started = Date.now();
    const attempt: DeliveryAttempt = { attempt: n, at: new Date(started).toISOString(), durationMs: 0, signature };
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timer = setTimeout(() => controller.abort(new Error(`no answer within ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
    let ok = false;
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": WEBHOOK_USER_AGENT,
          [HEADERS.eventId]: record.id,
          [HEADERS.eventType]: record.type,
          [HEADERS.signature]: signature,
        },
        body: record.body,
        redirect: "manual",
        signal: controller.signal,
      });
      await res.arrayBuffer().catch(() => undefined);
      attempt.status = res.status;
      ok = res.status >= 200 && res.status < 300;
    } catch (error) {
      attempt.error = describe(error, controller.signal);
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(controller);
      attempt.durationMs = Date.now() - started;
      record.attempts.push(attempt);
    }
    if (ok) return this.settle(record, "delivered");
    if (n >= this.options.maxAttempts || this.stopped) return this.settle(record, "failed");
    const delay = Math.min(this.options.backoffMs * 2 ** (n - 1), this.options.maxBackoffMs);
    attempt.retryInMs = delay;
    const t = setTimeout(() => {
      this.timers.delete(t);
      void this.attempt(record, n + 1);
    }, delay);
    t.unref();
    this.timers.add(t);
  }

  private settle(record: EventRecord, status: "delivered" | "failed"): void {
    record.deliveryStatus = status;
    this.pending--;
    if (this.pending === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  list(filter: { sessionId?: string; type?: string; orgId?: string } = {}): EventRecord[] {
    return this.records
      .all()
      .filter(
        (e) =>
          (!filter.sessionId || e.sessionId === filter.sessionId) &&
          (!filter.type || e.type === filter.type) &&
          (!filter.orgId || e.orgId === filter.orgId),
      );
  }

  /** Resolves once no delivery is in flight or waiting for a retry. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  clear(): void {
    this.records.clear();
  }

  /** Cancels retries and in-flight deliveries (the sandbox is stopping). */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    const waiting = this.timers.size;
    this.timers.clear();
    for (const c of this.inFlight) c.abort(new Error("sandbox stopped"));
    // deliveries waiting for a retry will never settle on their own
    for (let i = 0; i < waiting; i++) this.pending--;
    if (this.pending <= 0) {
      this.pending = 0;
      for (const w of this.idleWaiters.splice(0)) w();
    }
  }
}

function describe(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return signal.reason instanceof Error ? signal.reason.message : "aborted";
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
