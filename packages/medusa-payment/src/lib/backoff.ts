/**
 * When the store tries again, in the background, what it owes: creating the order for a paid
 * session, and canceling a superseded session at ClientLoop. Pure, so the schedule is tested.
 */

/** Delays before order attempts 2, 3, …; after the last one the session needs attention. */
export const ORDER_RETRY_DELAYS_S = [10, 30, 120, 600, 1_800, 3_600, 7_200, 14_400] as const;
export const MAX_ORDER_ATTEMPTS = ORDER_RETRY_DELAYS_S.length + 1;

/** Delays before cancel attempts 2, 3, …; the last one repeats until the link has expired. */
export const CANCEL_RETRY_DELAYS_S = [10, 60, 300, 1_800, 3_600, 7_200, 14_400] as const;

export function nextOrderAttemptAt(failedAttempts: number, now: Date): Date | null {
  const delay = ORDER_RETRY_DELAYS_S[failedAttempts - 1];
  return delay === undefined ? null : new Date(now.getTime() + delay * 1000);
}

/** Null when there is no point any more: the link expires before the next attempt. */
export function nextCancelAttemptAt(failedAttempts: number, now: Date, expiresAt: Date | null): Date | null {
  const delay = CANCEL_RETRY_DELAYS_S[Math.min(failedAttempts, CANCEL_RETRY_DELAYS_S.length) - 1]!;
  const next = new Date(now.getTime() + delay * 1000);
  return expiresAt && next.getTime() > expiresAt.getTime() ? null : next;
}
