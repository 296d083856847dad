/**
 * The delivery schedule of events: the contract's (core's EVENT_RETRY_SCHEDULE, ~76 h) unless
 * the options give another one, or the older doubling backoff (`backoffMs`), which tests use to
 * keep retries short.
 */
import { EVENT_DELIVERY_TIMEOUT_MS, EVENT_RETRY_SCHEDULE } from "@clientloop/core/pure";
import type { EventDeliveryOptions } from "../types.js";

export interface ResolvedDeliveryOptions {
  /** Delays in ms before retry 1, 2, ...: one attempt at once plus one per delay. */
  schedule: readonly number[];
  timeoutMs: number;
}

const DOUBLING_DEFAULTS = { maxAttempts: 5, backoffMs: 1000, maxBackoffMs: 60_000 };

function nonNegative(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isFinite(value) && value >= 0))
    throw new RangeError(`events.${name} must be a number >= 0`);
}

/** `backoffMs` 50, 4 attempts → [50, 100, 200]. */
function doubling(o: EventDeliveryOptions): number[] {
  const attempts = o.maxAttempts ?? DOUBLING_DEFAULTS.maxAttempts;
  const first = o.backoffMs ?? DOUBLING_DEFAULTS.backoffMs;
  const max = o.maxBackoffMs ?? DOUBLING_DEFAULTS.maxBackoffMs;
  return Array.from({ length: attempts - 1 }, (_, i) => Math.min(first * 2 ** i, max));
}

export function resolveDeliveryOptions(o: EventDeliveryOptions = {}): ResolvedDeliveryOptions {
  if (o.maxAttempts !== undefined && !(Number.isInteger(o.maxAttempts) && o.maxAttempts >= 1)) {
    throw new RangeError("events.maxAttempts must be an integer >= 1");
  }
  for (const name of ["backoffMs", "maxBackoffMs", "timeoutMs"] as const) nonNegative(name, o[name]);
  const doublingAsked = o.backoffMs !== undefined || o.maxBackoffMs !== undefined;
  if (o.schedule !== undefined) {
    if (doublingAsked)
      throw new RangeError("events.schedule replaces events.backoffMs/maxBackoffMs: give one or the other");
    if (!Array.isArray(o.schedule)) throw new RangeError("events.schedule must be a list of delays in ms");
    o.schedule.forEach((ms, i) => nonNegative(`schedule[${i}]`, ms));
  }
  const base = o.schedule ?? (doublingAsked ? doubling(o) : EVENT_RETRY_SCHEDULE);
  const schedule = o.maxAttempts === undefined ? [...base] : base.slice(0, o.maxAttempts - 1);
  return { schedule, timeoutMs: o.timeoutMs ?? EVENT_DELIVERY_TIMEOUT_MS };
}
