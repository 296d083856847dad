/** Which failures the return page waits out, and which it reports at once. */

/** The HTTP status of a failed js-sdk call (`FetchError.status`), if it got an answer. */
export function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

/**
 * A failure worth retrying while polling: no answer (the network), a timeout, a conflict (Medusa
 * completing the same cart: 409), rate limiting, or a server error. A 400, 401, 403 or 404 is a
 * mistake (a wrong cart id or publishable key) that waiting would not fix.
 */
export function isTransient(error: unknown): boolean {
  const status = httpStatusOf(error);
  if (status === undefined) return true; // the kit checks its own arguments before it polls
  return status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;
}
