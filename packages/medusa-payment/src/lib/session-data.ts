/**
 * The payment session `data` this provider stores. It is public (the Store API returns it) and,
 * at creation, shopper-writable (Medusa saves the request's `data` before the provider runs). So
 * it holds only what the storefront needs — the hosted page and its expiry — and nothing the
 * plugin trusts: payment truth lives in the plugin's ledger (the ClientLoop module), keyed by the
 * session id Medusa itself passes. Every other key the shopper sent is removed (returned as
 * `undefined`, which JSON drops).
 */
export interface PublicSessionData {
  /** The Medusa payment session id (Medusa's own key; echoed back). */
  session_id: string;
  /** The hosted payment page; the storefront redirects the customer here. */
  link: string | null;
  /** ISO date after which the link no longer works. */
  expires_at: string | null;
}

export const PUBLIC_KEYS: readonly (keyof PublicSessionData)[] = ["session_id", "link", "expires_at"];

/** `next`, plus `undefined` for every other key of `previous` (so it is dropped when stored). */
export function publicSessionData(
  previous: Record<string, unknown> | undefined,
  next: PublicSessionData | Record<string, never>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(previous ?? {})) out[key] = undefined;
  return Object.assign(out, next);
}

/**
 * The public data of a session as the ledger knows it: its link and expiry once ClientLoop gave
 * them, otherwise nothing (every key of `previous` dropped, until the provider's own data lands).
 */
export function ledgerSessionData(
  previous: Record<string, unknown> | undefined,
  row: { payment_session_id: string; link: string | null; expires_at: Date | string | null } | undefined,
): Record<string, unknown> {
  if (!row?.link) return publicSessionData(previous, {});
  // as ClientLoop echoes the expirationDate the plugin sent: whole seconds, no ".000"
  const expires = row.expires_at === null ? null : new Date(row.expires_at).toISOString().replace(/\.000Z$/, "Z");
  return publicSessionData(previous, { session_id: row.payment_session_id, link: row.link, expires_at: expires });
}
