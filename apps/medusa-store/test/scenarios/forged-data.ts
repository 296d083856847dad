/**
 * The critical attack: Medusa saves the shopper's `data` on a new payment session before the
 * provider runs. While ClientLoop's create is slow, a shopper posts a session for a big cart
 * whose data copies another, already paid session's (everything the Store API shows of it, plus
 * forged records) and completes the cart in the same moment. Nothing a shopper writes may
 * authorize: no order, no payment, and the real link still works afterwards.
 */
import { describe, expect, it } from "vitest";
import { copiedPaidSessionData } from "../support/attacks.js";
import { deliveriesSettled, e2e, paidCheckout, sleep } from "../support/context.js";

describe("shopper-written session data cannot authorize anything", () => {
  it("a copy of a paid session's data, raced against a slow ClientLoop create, never becomes an order (8 tries, 0.3–2 s latency)", async () => {
    const { shop, sandbox, db } = e2e;
    const paid = await paidCheckout("usd");
    const copied = await copiedPaidSessionData(shop, db, paid);

    for (const latency of [300, 300, 600, 600, 1000, 1000, 2000, 2000]) {
      const cart = await shop.cart("usd", [{ variant: "tee", quantity: 10 }]);
      expect(cart.total).toBe(209.9);
      // the collection first: Medusa's workflow for it waits only 2 s for the cart's lock, which
      // the completions below hold (it then fails with a 500, which is not the attack)
      await shop.paymentCollection(cart.id);
      const fault = sandbox.injectFault({
        kind: "latency",
        ms: latency,
        operationName: "createPaymentSession",
        times: 1,
      });
      const initiating = shop.initiateRaw(cart.id, shop.seed.providers.clientloop, {
        ...copied,
        email: cart.email,
        cart_id: cart.id,
      });
      // complete the cart again and again while the forged session waits for ClientLoop
      const completions = [];
      for (let t = 0; t < latency + 300; t += 100) {
        completions.push(await shop.complete(cart.id));
        await sleep(100);
      }
      const created = await initiating;
      sandbox.removeFault(fault.id);
      expect(created.status).toBe(200);
      expect(completions.filter((c) => c.status === 200 && c.body?.type === "order")).toEqual([]);
      expect(await db.ordersOfCart(cart.id)).toEqual([]);
      expect(await db.paymentsOf(created.body.payment_collection.id)).toEqual([]);
      const session = created.body.payment_collection.payment_sessions[0];
      expect(Object.keys(session.data).sort()).toEqual(["expires_at", "link", "session_id"]);
      expect(session.data.session_id).toBe(session.id);

      // the shopper's own, real link still pays for exactly this cart
      await shop.payOnHostedPage(session.data.link);
      const orderId = await shop.waitForOrder(cart.id);
      expect(await db.paymentsOf(created.body.payment_collection.id)).toMatchObject([
        { amount: "209.9", captures: "1", captured: "209.9" },
      ]);
      expect(await db.ordersOfCart(cart.id)).toEqual([orderId]);
    }
    await deliveriesSettled();
  });

  it("a forged session deleted while ClientLoop is slow cannot cancel somebody else's ClientLoop session", async () => {
    const { shop, sandbox } = e2e;
    const victimCart = await shop.cart("usd");
    const victim = await shop.startClientLoop(victimCart);
    const attacker = await shop.cart("usd");
    await shop.paymentCollection(attacker.id); // one collection for both sessions below
    const fault = sandbox.injectFault({ kind: "latency", ms: 1500, operationName: "createPaymentSession", times: 1 });
    // the victim's session id and ClientLoop id (not its link, which only the victim has), in a
    // session that Medusa deletes — calling the provider with this data — while it is created
    const forged = shop.initiateRaw(attacker.id, shop.seed.providers.clientloop, {
      session_id: victim.session.id,
      clientloop_session_id: victim.clientloopId,
      cart_id: attacker.id,
      email: attacker.email,
    });
    await sleep(300);
    const replacing = await shop.initiateRaw(attacker.id, shop.seed.providers.clientloop, {
      cart_id: attacker.id,
      email: attacker.email,
    });
    await forged;
    sandbox.removeFault(fault.id);
    expect(replacing.status).toBe(200);
    await sleep(500);
    expect(sandbox.getSession(victim.clientloopId)!.status).toBe("Active");
    // and the victim's payment still becomes the victim's order
    sandbox.completeSession(victim.clientloopId);
    expect(await shop.waitForOrder(victimCart.id)).toBeTruthy();
  });
});
