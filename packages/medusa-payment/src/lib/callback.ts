/**
 * Verifying one delivery to the callback route, without I/O: the per-session token from the
 * callback URL, ClientLoop's signature over the raw body (300 s tolerance), the event's shape
 * and money (core's constructEvent: a signed event with an amount its currency cannot carry is
 * malformed, not a server error), and that it is about this Medusa session and organization. Anything unverified is
 * a 400 and changes nothing; `tokenValid` tells the caller whether the URL was one we gave
 * ClientLoop (then a bad signature is worth recording: a wrong or rotated secret looks like this).
 */
import type { PaymentSession } from "@clientloop/core";
import { constructEvent, parseSignatureHeader, type ClientLoopEvent } from "@clientloop/core/webhooks";
import { isClientLoopStatus } from "./status";
import { verifyCallbackToken } from "./security";

export const SESSION_ID_PATTERN = /^payses_[0-9A-Za-z]{10,40}$/;

export interface CallbackInput {
  sessionId: unknown;
  token: unknown;
  rawBody: unknown;
  signature: string | undefined;
}

export interface VerifiedDelivery {
  /** The Medusa payment session the callback URL was made for. */
  paymentSessionId: string;
  event: ClientLoopEvent;
  session: PaymentSession;
  /** `t` of the delivery's signature (Unix seconds). */
  signedAt: number;
}

export type DeliveryCheck =
  | { ok: true; delivery: VerifiedDelivery }
  | { ok: false; status: 400; reason: string; tokenValid: boolean; paymentSessionId?: string };

const reject = (reason: string, tokenValid: boolean, paymentSessionId?: string): DeliveryCheck => ({
  ok: false,
  status: 400,
  reason,
  tokenValid,
  paymentSessionId,
});

export function verifyDelivery(
  input: CallbackInput,
  { secrets, orgId, now }: { secrets: readonly string[]; orgId: string; now?: number },
): DeliveryCheck {
  const { sessionId, token } = input;
  if (typeof sessionId !== "string" || !SESSION_ID_PATTERN.test(sessionId) || typeof token !== "string" || !token) {
    return reject("missing or malformed session_id/token", false);
  }
  if (!verifyCallbackToken(sessionId, token, secrets)) return reject("invalid session token", false);
  const raw = input.rawBody;
  if (typeof raw !== "string" && !(raw instanceof Uint8Array)) return reject("no raw JSON body", true, sessionId);
  let event: ClientLoopEvent;
  try {
    event = constructEvent({
      payload: raw,
      header: input.signature,
      secret: [...secrets],
      ...(now === undefined ? {} : { now }),
    });
  } catch (error) {
    return reject((error as { code?: string }).code ?? "invalid signature", true, sessionId);
  }
  const session = event.data.paymentSession;
  if (session.transactionRef !== sessionId)
    return reject("the event is about another payment session", true, sessionId);
  if (session.orgId !== orgId) return reject("the event is about another organization", true, sessionId);
  if (!isClientLoopStatus(session.status)) return reject("unknown session status", true, sessionId);
  return {
    ok: true,
    delivery: {
      paymentSessionId: sessionId,
      event,
      session,
      signedAt: parseSignatureHeader(input.signature!)!.timestamp,
    },
  };
}
