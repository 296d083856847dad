/**
 * The payment session `data` this provider stores. It is public: the store API returns it to
 * the shopper, and the store request's own `data` is merged into it at creation. So it holds
 * an allow-list of harmless fields only (never the API key, the callback URL or its token), and
 * every other key the shopper sent is removed (returned as `undefined`, which JSON drops).
 */
import type { VerifiedRecord } from "./security.js";

export interface ClientLoopSessionData {
  /** The Medusa payment session id (set by the Payment Module, echoed back). */
  session_id: string;
  /** The ClientLoop PaymentSession id. */
  clientloop_session_id: string;
  /** The hosted payment page; the storefront redirects the customer here. */
  link: string | null;
  /** ISO date after which the link no longer works. */
  expires_at: string | null;
  /** The ClientLoop Amount and currency the session was created or last updated with. */
  amount: string;
  currency: string;
  /** Fingerprint of the contact sent to ClientLoop, to notice changes without calling it. */
  contact_digest: string;
  /** The last verified ClientLoop event (with its proof), or null while none arrived. */
  clientloop: VerifiedRecord | null;
}

export const ALLOWED_KEYS: readonly (keyof ClientLoopSessionData)[] = [
  "session_id",
  "clientloop_session_id",
  "link",
  "expires_at",
  "amount",
  "currency",
  "contact_digest",
  "clientloop",
];

/** `next` plus `undefined` for every key of `previous` that is not allowed (so it is dropped). */
export function withOnlyAllowedKeys(previous: Record<string, unknown> | undefined, next: Partial<ClientLoopSessionData>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(previous ?? {})) {
    if (!(ALLOWED_KEYS as readonly string[]).includes(key)) out[key] = undefined;
  }
  for (const key of ALLOWED_KEYS) {
    if (key in next) out[key] = next[key];
  }
  return out;
}

/** Reads our fields from stored data, ignoring anything else. */
export function readSessionData(data: Record<string, unknown> | undefined): Partial<ClientLoopSessionData> {
  const d = data ?? {};
  const str = (k: string) => (typeof d[k] === "string" ? (d[k] as string) : undefined);
  return {
    session_id: str("session_id"),
    clientloop_session_id: str("clientloop_session_id"),
    link: str("link") ?? null,
    expires_at: str("expires_at") ?? null,
    amount: str("amount"),
    currency: str("currency"),
    contact_digest: str("contact_digest"),
    clientloop: (d.clientloop as VerifiedRecord | null | undefined) ?? null,
  };
}
