/** The callback route as an attacker meets it: forged, foreign, tampered, replayed, malformed. */
import { createHmac } from "node:crypto";
import { signPayload } from "@clientloop/core/webhooks";
import { describe, expect, it } from "vitest";
import { deliveriesSettled, e2e, paidCheckout, resend } from "../support/context.js";

/** A Completed event as ClientLoop would send it for a session, never sent by ClientLoop. */
function forgedCompleted(
  clientloopId: string,
  changes: Record<string, unknown> = {},
  id = `evt_forged_${Math.random().toString(36).slice(2)}`,
) {
  const remote = {
    ...e2e.sandbox.getSession(clientloopId)!,
    status: "Completed",
    link: null,
    paymentId: "pay_forged",
    ...changes,
  };
  return JSON.stringify({
    id,
    type: "payment_session.completed",
    createdAt: new Date().toISOString(),
    data: { paymentSession: remote },
  });
}

describe("forged, foreign, replayed, tampered and malformed callbacks", () => {
  it("are rejected with 400 and change nothing", async () => {
    const { shop, sandbox, stack, db } = e2e;
    const cart = await shop.cart("usd");
    const { session, clientloopId } = await shop.startClientLoop(cart);
    const other = await shop.startClientLoop(await shop.cart("usd"));
    const callbackUrl = sandbox.getSession(clientloopId)!.callbackUrl!;
    const otherUrl = sandbox.getSession(other.clientloopId)!.callbackUrl!;
    const body = forgedCompleted(clientloopId);
    const url = new URL(callbackUrl);
    const noToken = `${url.origin}${url.pathname}?session_id=${session.id}`;
    const badToken = `${noToken}&token=${createHmac("sha256", "guess").update(session.id).digest("base64url")}`;

    const attempts = {
      unsigned: await shop.postCallback(callbackUrl, body, {}),
      wrongSecret: await resend({ body, callbackUrl }, { secret: "whsec_attacker_secret_000000" }),
      noToken: await resend({ body, callbackUrl: noToken }),
      badToken: await resend({ body, callbackUrl: badToken }),
      otherSessionsCallback: await resend({ body, callbackUrl: otherUrl }),
      stale: await resend({ body, callbackUrl }, { timestamp: Math.floor(Date.now() / 1000) - 3600 }),
      coreRouteNoToken: await shop.postCallback(`${stack.medusaUrl}/hooks/clientloop`, body, {
        "clientloop-signature": signPayload({ payload: body, secret: sandbox.signingSecret }),
      }),
      foreignOrg: await resend({ body: forgedCompleted(clientloopId, { orgId: "org_someone_else" }), callbackUrl }),
      // signed, but an amount no currency allows here (3 decimals in USD): malformed, not a 500
      threeDecimals: await resend({ body: forgedCompleted(clientloopId, { amount: "29.999" }), callbackUrl }),
      notJson: await resend({ body: "{not json", callbackUrl }),
      tampered: await shop.postCallback(callbackUrl, body.replace('"amount":"29.99"', '"amount":"0.01"'), {
        "clientloop-signature": signPayload({ payload: body, secret: sandbox.signingSecret }),
      }),
    };
    expect(Object.fromEntries(Object.entries(attempts).map(([k, r]) => [k, r.status]))).toEqual(
      Object.fromEntries(Object.keys(attempts).map((k) => [k, 400])),
    );

    expect(await db.ledger(session.id)).toMatchObject({ status: "Active", order_state: "none" });
    expect((await db.session(session.id)).status).toBe("requires_more");
    expect((await shop.complete(cart.id)).status).toBe(400);
    expect(await db.ordersOfCart(cart.id)).toEqual([]);
    expect((await db.ledger(other.session.id)).status).toBe("Active");
    // a delivery to the real session URL that failed its signature is kept for the store owner
    expect((await db.activity(session.id)).filter((a) => a.kind === "delivery").map((a) => a.outcome)).toContain(
      "rejected",
    );
  });

  it("a correctly signed Completed event for another amount is recorded for attention, never an order", async () => {
    const { shop, sandbox, db } = e2e;
    const cart = await shop.cart("usd");
    const { session, clientloopId } = await shop.startClientLoop(cart);
    const callbackUrl = sandbox.getSession(clientloopId)!.callbackUrl!;
    const r = await resend({ body: forgedCompleted(clientloopId, { amount: "0.01" }), callbackUrl });
    expect(r.status).toBe(200);
    expect(await db.ledger(session.id)).toMatchObject({
      status: "Completed",
      order_state: "attention",
      attention_reason: "amount_mismatch",
      paid_amount: "0.01",
    });
    expect((await shop.complete(cart.id)).status).toBe(400);
    expect(await db.ordersOfCart(cart.id)).toEqual([]);
    expect((await shop.status(cart.id)).body).toMatchObject({
      payment_status: "paid_without_order",
      link: null,
      completed: false,
    });
  });

  it("an event for another session, sent to this session's callback URL, is rejected", async () => {
    const { shop, sandbox, db } = e2e;
    const paid = await paidCheckout("usd");
    const [paidEvent] = sandbox.events({ sessionId: paid.clientloopId });
    const victim = await shop.startClientLoop(await shop.cart("usd"));
    const r = await resend(paidEvent!, { url: sandbox.getSession(victim.clientloopId)!.callbackUrl! });
    expect(r.status).toBe(400);
    expect((await db.ledger(victim.session.id)).status).toBe("Active");
  });

  it("a replayed or repeated delivery is an acknowledged duplicate: nothing happens twice", async () => {
    const { shop, db, sandbox } = e2e;
    const { cart, clientloopId, orderId, paymentCollection, session } = await paidCheckout("usd");
    const [event] = sandbox.events({ sessionId: clientloopId });
    const replay = await shop.postCallback(event!.callbackUrl!, event!.body, {
      "clientloop-signature": event!.attempts.at(-1)!.signature,
    });
    expect(replay).toMatchObject({ status: 200, body: { received: true, duplicate: true } });
    const again = await resend(event!);
    expect(again).toMatchObject({ status: 200, body: { received: true, duplicate: true } });
    await deliveriesSettled();
    expect(await db.ordersOfCart(cart.id)).toEqual([orderId]);
    expect(await db.paymentsOf(paymentCollection.id)).toMatchObject([{ captures: "1", captured: "29.99" }]);
    const deliveries = (await db.activity(session.id)).filter((a) => a.kind === "delivery").map((a) => a.outcome);
    expect(deliveries).toEqual(["accepted", "duplicate", "duplicate"]);
  });

  it("the callback token never reaches Medusa's HTTP access log", async () => {
    const { stack, sandbox } = e2e;
    const { clientloopId } = await paidCheckout("usd");
    const token = new URL(sandbox.getSession(clientloopId)!.callbackUrl!).searchParams.get("token")!;
    const logged = stack
      .logs()
      .split("\n")
      .filter((l) => l.includes("/hooks/clientloop"));
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.some((l) => l.includes("token=[redacted]"))).toBe(true);
    expect(stack.logs()).not.toContain(token);
  });
});
