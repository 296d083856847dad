/** How long the return page waits between two polls, and an abortable sleep. */

export interface Backoff {
  /** The first wait, in ms (default 500). */
  initialMs?: number;
  /** The longest wait, in ms (default 5 000). */
  maxMs?: number;
  /** Each wait is this many times the previous one (default 1.5). */
  factor?: number;
  /** Up to this fraction is taken off each wait at random, so many shoppers do not poll in step (default 0.2). */
  jitter?: number;
}

export const DEFAULT_BACKOFF: Required<Backoff> = { initialMs: 500, maxMs: 5_000, factor: 1.5, jitter: 0.2 };

/** The backoff with defaults filled in, or a TypeError naming the field and the rule. */
export function checkBackoff(backoff: Backoff = {}): Required<Backoff> {
  const b = { ...DEFAULT_BACKOFF, ...backoff };
  const positive = (v: number) => typeof v === "number" && Number.isFinite(v) && v > 0;
  if (!positive(b.initialMs)) throw new TypeError("backoff.initialMs must be a positive number of milliseconds");
  if (!positive(b.maxMs) || b.maxMs < b.initialMs)
    throw new TypeError("backoff.maxMs must be a number of milliseconds, at least backoff.initialMs");
  if (!positive(b.factor) || b.factor < 1) throw new TypeError("backoff.factor must be a number ≥ 1");
  if (typeof b.jitter !== "number" || !(b.jitter >= 0 && b.jitter < 1))
    throw new TypeError("backoff.jitter must be a number from 0 to less than 1");
  return b;
}

/**
 * The wait before poll number `attempt + 1` (attempt 0 is the wait after the first poll):
 * `initialMs · factor^attempt`, capped at `maxMs`, less up to `jitter` of it at random.
 */
export function pollDelay(attempt: number, backoff: Backoff = {}, random: () => number = Math.random): number {
  if (!Number.isInteger(attempt) || attempt < 0) throw new TypeError("attempt must be an integer ≥ 0");
  const b = checkBackoff(backoff);
  const base = Math.min(b.maxMs, b.initialMs * b.factor ** attempt);
  return Math.round(base * (1 - b.jitter * random()));
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
