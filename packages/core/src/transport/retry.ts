/** Backoff between attempts: exponential, capped, with jitter in [50 %, 100 %) of the step. */

export interface BackoffOptions {
  /** First delay, in ms. Default 500. */
  initialMs?: number;
  /** Largest delay, in ms. Default 8000. */
  maxMs?: number;
}

export function backoffDelay(attempt: number, { initialMs = 500, maxMs = 8000 }: BackoffOptions = {}, random = Math.random): number {
  const step = Math.min(maxMs, initialMs * 2 ** attempt);
  return Math.round(step / 2 + (random() * step) / 2);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
