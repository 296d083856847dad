/** The store owner's side: an order's ClientLoop record, retrying a failed order, refunds, boot-time configuration checks. */
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM module without types
import { runMedusa } from "../../scripts/stack.mjs";
import { deliveriesSettled, e2e, ledgerPlaced, paidCheckout } from "../support/context.js";
import { until } from "../support/shop.js";

describe("the ClientLoop record of an order, for the admin", () => {
  it("shows the session (status, amount, ids, expiry) and its timeline: created, delivery accepted, order placed", async () => {
    const { shop } = e2e;
    const { orderId, clientloopId, session } = await paidCheckout("usd");
    await ledgerPlaced(session.id);
    const r = await shop.admin("GET", `/admin/clientloop/sessions?order_id=${orderId}`);
    expect(r.status).toBe(200);
    const [s] = r.body.sessions;
    expect(s).toMatchObject({
      payment_session_id: session.id,
      clientloop_session_id: clientloopId,
      status: "Completed",
      amount: "29.99",
      currency_code: "USD",
      order_id: orderId,
      payable_link: null,
      attention: null,
    });
    expect(s.clientloop_payment_id).toMatch(/./);
    expect(s.events).toMatchObject([{ type: "payment_session.completed", amount: "29.99", deliveries: 1 }]);
    expect(s.timeline.map((a: any) => `${a.kind}:${a.outcome}`)).toEqual([
      "session:created",
      "delivery:accepted",
      "order:placed",
    ]);
    expect((await shop.request("GET", `/admin/clientloop/sessions?order_id=${orderId}`)).status).toBe(401);
  });
});

describe("a paid cart that cannot be completed right away", () => {
  it("is retried by the store (not by ClientLoop), listed while it fails, and an admin can retry it once fixed", async () => {
    const { shop, sandbox, db } = e2e;
    const cart = await shop.cart("usd", [{ variant: "mug" }]);
    const { session, clientloopId } = await shop.startClientLoop(cart);
    // the mug sells out while the customer pays
    const [level] = await db.query(
      `SELECT il.inventory_item_id, il.location_id, il.stocked_quantity::int AS stocked, il.reserved_quantity::int AS reserved FROM inventory_level il JOIN product_variant_inventory_item pv ON pv.inventory_item_id = il.inventory_item_id JOIN product_variant v ON v.id = pv.variant_id WHERE v.sku = 'CL-MUG-BLUE'`,
    );
    const stock = (stocked_quantity: number) =>
      shop.admin("POST", `/admin/inventory-items/${level.inventory_item_id}/location-levels/${level.location_id}`, {
        stocked_quantity,
      });
    expect((await stock(level.reserved)).status).toBe(200);
    try {
      sandbox.completeSession(clientloopId);
      await until(async () => (await db.ledger(session.id)).order_attempts >= 1, {
        what: "a failed order attempt",
        timeoutMs: 60_000,
      }).catch(async (e) => {
        throw new Error(
          `${e.message}: ${JSON.stringify({ ledger: await db.ledger(session.id), orders: await db.ordersOfCart(cart.id) })}`,
        );
      });
      await deliveriesSettled();
      // ClientLoop's delivery was acknowledged: the store owns the retry
      expect(sandbox.events({ sessionId: clientloopId })[0]!.attempts.map((a) => a.status)).toEqual([200]);
      expect(await db.ordersOfCart(cart.id)).toEqual([]);
      expect((await shop.status(cart.id)).body).toMatchObject({ payment_status: "paid", completed: false, link: null });
      const listed = (await shop.admin("GET", "/admin/clientloop/attention")).body.paid_without_order.find(
        (s: any) => s.payment_session_id === session.id,
      );
      expect(listed.attention.reason).toBe("order_retrying");
    } finally {
      expect((await stock(level.stocked)).status).toBe(200);
    }
    const { id } = await db.ledger(session.id);
    const retried = await shop.admin("POST", `/admin/clientloop/sessions/${id}/retry-order`);
    expect(retried).toMatchObject({ status: 200, body: { outcome: "placed" } });
    const [orderId] = await db.ordersOfCart(cart.id);
    expect(retried.body.session.order_id).toBe(orderId);
    expect((await shop.order(orderId!)).total).toBe(18.5);
    expect((await shop.status(cart.id)).body).toMatchObject({
      payment_status: "paid",
      completed: true,
      order_id: orderId,
    });
  });
});

describe("refunds", () => {
  it("fail with a clear 'refund it in ClientLoop' error and change nothing", async () => {
    const { shop, db } = e2e;
    const { orderId, paymentCollection } = await paidCheckout("usd");
    const [payment] = await db.paymentsOf(paymentCollection.id);
    const r = await shop.admin("POST", `/admin/payments/${payment!.id}/refund`, { amount: 5 });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/refund this payment in the ClientLoop dashboard/);
    expect((await shop.order(orderId)).payment_collections[0].payments[0].refunds).toEqual([]);
    await deliveriesSettled();
  });
});

describe("configuration", () => {
  it("Medusa refuses to boot with missing or invalid plugin options, naming them and never a secret", async () => {
    const { stack, sandbox } = e2e;
    const env = { ...stack.env, CLIENTLOOP_API_KEY: "", CLIENTLOOP_CALLBACK_BASE_URL: "not a url" };
    const error: Error = await runMedusa(["exec", "./src/scripts/noop.ts"], env, { timeoutMs: 300_000 }).then(
      () => new Error("booted"),
      (e: Error) => e,
    );
    expect(error.message).toMatch(/`apiKey` is required/);
    expect(error.message).toMatch(/`callbackBaseUrl` must be an absolute http\(s\) URL/);
    expect(error.message).toMatch(/plugins › "@clientloop\/medusa-payment" › options/);
    expect(error.message).not.toContain(sandbox.signingSecret);
  });
});
