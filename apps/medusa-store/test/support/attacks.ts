/**
 * What an attacker (or a network) sends, shared by the single-process and the production suites:
 * session data copied from a paid session, and callback bodies re-posted with a fresh signature,
 * to the event's own URL or to the same path on another server.
 */
import type { Sandbox } from "@clientloop/sandbox";
import { signPayload } from "@clientloop/core/webhooks";
import type { Db } from "./db.js";
import type { Shop } from "./shop.js";

/**
 * Everything the Store API shows of a paid session's data, plus what earlier versions kept in
 * session data and a forged "verified" record: what a shopper would paste into a new session.
 */
export async function copiedPaidSessionData(
  shop: Shop,
  db: Db,
  paid: { cart: { id: string }; session: { id: string }; clientloopId: string },
) {
  const paidSession = (await shop.getCart(paid.cart.id)).payment_collection.payment_sessions[0];
  const ledger = await db.ledger(paid.session.id);
  return {
    ...paidSession.data,
    clientloop_session_id: paid.clientloopId,
    amount: "29.99",
    currency: "USD",
    status: "captured",
    clientloop: {
      event_id: "evt_forged",
      status: "Completed",
      clientloop_session_id: paid.clientloopId,
      payment_id: ledger.clientloop_payment_id,
      amount: "29.99",
      currency: "USD",
      proof: "0".repeat(43),
    },
  } as Record<string, unknown>;
}

/** Posts an event body as ClientLoop would (a fresh signature), by default to the event's own callback URL. */
export function resendWith(
  shop: Shop,
  sandbox: Sandbox,
  event: { body: string; callbackUrl: string | null },
  {
    secret = sandbox.signingSecret,
    body = event.body,
    url = event.callbackUrl!,
    timestamp,
  }: { secret?: string; body?: string; url?: string; timestamp?: number } = {},
) {
  return shop.postCallback(url, body, {
    "clientloop-signature": signPayload({ payload: body, secret, timestamp }),
  });
}

/** The same callback URL (path, session and token) on another instance, as a load balancer may route it. */
export function onInstance(callbackUrl: string, instanceUrl: string): string {
  const url = new URL(callbackUrl);
  return `${instanceUrl}${url.pathname}${url.search}`;
}
