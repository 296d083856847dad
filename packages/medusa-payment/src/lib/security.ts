/**
 * The two HMACs that make public session data safe to trust:
 * - the callback token: `callbackUrl` carries `token = HMAC(key, medusa session id)`, so only
 *   ClientLoop (which received the URL from us) can post for that session, and an event signed
 *   for one session cannot be posted to another session's callback;
 * - the proof: when a verified event is recorded in the session data, it is stored with
 *   `proof = HMAC(key, session id | ClientLoop id | payment id | status | amount | currency |
 *   event id | signature time)`. Session data is readable (and at creation writable) by the shopper, so
 *   `authorizePayment` only believes a status that carries a valid proof.
 * Keys are derived from the webhook signing secret with a purpose label, so neither HMAC can
 * be confused with a ClientLoop signature. Every secret of a rotation is accepted.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { PaymentSessionStatus as ClientLoopStatus } from "@clientloop/core";

const derive = (secret: string, purpose: string) => createHmac("sha256", secret).update(`clientloop-medusa/${purpose}/v1`).digest();

export function callbackToken(sessionId: string, secret: string): string {
  return createHmac("sha256", derive(secret, "callback-token")).update(sessionId).digest("base64url");
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function verifyCallbackToken(sessionId: unknown, token: unknown, secrets: readonly string[]): boolean {
  if (typeof sessionId !== "string" || typeof token !== "string" || !sessionId || !token || token.length > 100) return false;
  return secrets.some((secret) => safeEqual(callbackToken(sessionId, secret), token));
}

/** What a verified ClientLoop event leaves in the session data. */
export interface VerifiedRecord {
  event_id: string;
  /** The `t` of the delivery's ClientLoop-Signature: the same event and `t` again is a replay. */
  signed_at: number;
  status: ClientLoopStatus;
  clientloop_session_id: string;
  payment_id: string | null;
  /** ClientLoop Amount string and upper-case currency, as in the event. */
  amount: string;
  currency: string;
  proof: string;
}

function proofMessage(sessionId: string, r: Omit<VerifiedRecord, "proof">): string {
  return ["v1", sessionId, r.clientloop_session_id, r.payment_id ?? "", r.status, r.amount, r.currency, r.event_id, r.signed_at].join("|");
}

export function signRecord(sessionId: string, record: Omit<VerifiedRecord, "proof">, secret: string): VerifiedRecord {
  const proof = createHmac("sha256", derive(secret, "proof")).update(proofMessage(sessionId, record)).digest("hex");
  return { ...record, proof };
}

/** The record when its proof is valid for this Medusa session, otherwise undefined. */
export function verifiedRecord(sessionId: unknown, value: unknown, secrets: readonly string[]): VerifiedRecord | undefined {
  if (typeof sessionId !== "string" || !value || typeof value !== "object") return undefined;
  const r = value as Partial<VerifiedRecord>;
  if (
    typeof r.event_id !== "string" ||
    typeof r.signed_at !== "number" ||
    typeof r.status !== "string" ||
    typeof r.clientloop_session_id !== "string" ||
    !(r.payment_id === null || typeof r.payment_id === "string") ||
    typeof r.amount !== "string" ||
    typeof r.currency !== "string" ||
    typeof r.proof !== "string"
  ) {
    return undefined;
  }
  const record: Omit<VerifiedRecord, "proof"> = {
    event_id: r.event_id,
    signed_at: r.signed_at,
    status: r.status as ClientLoopStatus,
    clientloop_session_id: r.clientloop_session_id,
    payment_id: r.payment_id ?? null,
    amount: r.amount,
    currency: r.currency,
  };
  const ok = secrets.some((secret) => safeEqual(signRecord(sessionId, record, secret).proof, r.proof!));
  return ok ? { ...record, proof: r.proof } : undefined;
}

/** A short, non-reversible fingerprint (to notice a changed contact without storing it twice). */
export function digest(value: unknown, secret: string): string {
  return createHmac("sha256", derive(secret, "digest")).update(JSON.stringify(value ?? null)).digest("base64url").slice(0, 22);
}
