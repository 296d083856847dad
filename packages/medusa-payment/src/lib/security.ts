/**
 * Keyed hashes, derived from the webhook signing secret with a purpose label so none can be
 * confused with a ClientLoop signature or with each other:
 * - the callback token: each session's `callbackUrl` carries `token = HMAC(key, medusa session
 *   id)`. ClientLoop's signature is this project's assumption about ClientLoop (its documents
 *   define none); the callback URL is ours by the documented API, so the token authenticates a
 *   callback even if that assumption is wrong, and binds a delivery to one Medusa session.
 * - fingerprints of recipients and client IPs for the resend-link limits (no address is stored
 *   in clear for counting).
 * Every secret of a rotation is accepted; the first one signs.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

const derive = (secret: string, purpose: string) =>
  createHmac("sha256", secret).update(`clientloop-medusa/${purpose}/v1`).digest();

export function callbackToken(sessionId: string, secret: string): string {
  return createHmac("sha256", derive(secret, "callback-token")).update(sessionId).digest("base64url");
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function verifyCallbackToken(sessionId: unknown, token: unknown, secrets: readonly string[]): boolean {
  if (typeof sessionId !== "string" || typeof token !== "string" || !sessionId || !token || token.length > 100)
    return false;
  return secrets.some((secret) => safeEqual(callbackToken(sessionId, secret), token));
}

/** A short keyed fingerprint (for counting sends per recipient or IP without storing them). */
export function fingerprint(value: string, secret: string): string {
  return createHmac("sha256", derive(secret, "fingerprint"))
    .update(value.trim().toLowerCase())
    .digest("base64url")
    .slice(0, 22);
}

/** `j***@example.com`, `+1415***45`: enough for an admin to recognise, not to harvest. */
export function maskRecipient(recipient: string): string {
  const at = recipient.indexOf("@");
  if (at > 0) return `${recipient[0]}***${recipient.slice(at)}`;
  return recipient.length > 6 ? `${recipient.slice(0, 5)}***${recipient.slice(-2)}` : "***";
}
