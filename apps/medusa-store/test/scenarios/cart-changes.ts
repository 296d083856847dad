/**
 * The cart changes after the payment started: Medusa replaces the payment session, the old
 * ClientLoop session must stop being payable, and a customer who paid it anyway is never lost.
 * Plus expiry and cancellation on the hosted page.
 */
import { describe, expect, it } from "vitest";
import { deliveriesSettled, e2e } from "../support/context.js";
import { until } from "../support/shop.js";

describe("the cart changes after the payment started", () => {
  it("the superseded ClientLoop session is canceled, the new one carries the new amount", async () => {
    const { shop, sandbox, db } = e2e;
    const cart = await shop.cart("usd");
    const first = await shop.startClientLoop(cart);
    await shop.addItem(cart.id, "mug");
    await until(async () => sandbox.getSession(first.clientloopId)!.status === "Canceled", {
      what: "old session canceled",
    });
    expect((await shop.payOnHostedPage(first.session.data.link)).status).toBe(409);
    expect(await db.ledger(first.session.id)).toMatchObject({ cancel_state: "confirmed" });

    const second = await shop.startClientLoop(cart);
    expect(sandbox.getSession(second.clientloopId)).toMatchObject({
      amount: "38.49",
      currency: "USD",
      status: "Active",
    });
    sandbox.completeSession(second.clientloopId);
    const orderId = await shop.waitForOrder(cart.id);
    expect((await shop.order(orderId)).total).toBe(38.49);
    expect(await db.paymentsOf(second.paymentCollection.id)).toMatchObject([
      { amount: "38.49", captures: "1", captured: "38.49" },
    ]);
    await deliveriesSettled();
    // the canceled session's event is acknowledged and changes nothing
    const [canceled] = sandbox.events({ sessionId: first.clientloopId });
    expect(canceled).toMatchObject({ type: "payment_session.canceled", deliveryStatus: "delivered" });
    expect(await db.ordersOfCart(cart.id)).toEqual([orderId]);
  });

  it("when ClientLoop fails the cancel, the store retries it in the background until ClientLoop confirms", async () => {
    const { shop, sandbox, db } = e2e;
    const cart = await shop.cart("usd");
    const first = await shop.startClientLoop(cart);
    const fault = sandbox.injectFault({ kind: "status", status: 500, operationName: "updatePaymentSession", times: 1 });
    await shop.addItem(cart.id, "mug");
    await until(async () => (await db.ledger(first.session.id))?.cancel_attempts >= 1, {
      what: "the failed cancel recorded",
    });
    expect(sandbox.getSession(first.clientloopId)!.status).toBe("Active");
    const attention = await shop.admin("GET", "/admin/clientloop/attention");
    expect(attention.body.cancel_unconfirmed.map((s: any) => s.payment_session_id)).toContain(first.session.id);
    sandbox.removeFault(fault.id);
    await until(async () => sandbox.getSession(first.clientloopId)!.status === "Canceled", {
      what: "the retried cancel",
      timeoutMs: 60_000,
    });
    await until(async () => (await db.ledger(first.session.id)).cancel_state === "confirmed", {
      what: "the cancel confirmed in the ledger",
    });
    expect((await db.activity(first.session.id)).filter((a) => a.kind === "cancel").map((a) => a.outcome)).toEqual([
      "failed",
      "confirmed",
    ]);
  });

  it("a customer who pays the superseded link is told the store will confirm, and the store owner sees what to do", async () => {
    const { shop, sandbox, db } = e2e;
    const cart = await shop.cart("usd");
    const first = await shop.startClientLoop(cart);
    const fault = sandbox.injectFault({ kind: "status", status: 500, operationName: "updatePaymentSession", times: 1 });
    await shop.addItem(cart.id, "mug");
    await until(async () => (await db.ledger(first.session.id))?.cancel_attempts >= 1, {
      what: "the failed cancel recorded",
    });
    sandbox.removeFault(fault.id);
    // the customer pays the old link before the retry cancels it
    expect((await shop.payOnHostedPage(first.session.data.link)).status).toBe(303);
    await until(async () => (await db.ledger(first.session.id)).order_state === "attention", {
      what: "the payment recorded for attention",
    });
    expect(await db.ledger(first.session.id)).toMatchObject({
      status: "Completed",
      attention_reason: "session_deleted",
      paid_amount: "29.99",
    });
    const [event] = sandbox.events({ sessionId: first.clientloopId });
    expect(event!.attempts.map((a) => a.status)).toEqual([200]);

    const status = (await shop.status(cart.id)).body;
    expect(status).toMatchObject({ payment_status: "paid_without_order", link: null, completed: false });
    expect(status.message).toMatch(/no need to pay again/);
    // even after the storefront started a new session for the new total
    await shop.startClientLoop(cart);
    expect((await shop.status(cart.id)).body).toMatchObject({ payment_status: "paid_without_order", link: null });

    const attention = (await shop.admin("GET", "/admin/clientloop/attention")).body;
    const item = attention.paid_without_order.find((s: any) => s.payment_session_id === first.session.id);
    expect(item.attention).toMatchObject({ reason: "session_deleted" });
    expect(item.attention.action).toMatch(/Refund the payment in ClientLoop, or create the order/);
    expect(item.events.map((e: any) => e.type)).toEqual(["payment_session.completed"]);
    // the owner refunded it in ClientLoop: resolved, off the list, the customer can pay the new total
    const resolved = await shop.admin("POST", `/admin/clientloop/sessions/${item.id}/resolve`, {
      resolution: "refunded in ClientLoop",
    });
    expect(resolved.status).toBe(200);
    expect(
      (await shop.admin("GET", "/admin/clientloop/attention")).body.paid_without_order.map((s: any) => s.id),
    ).not.toContain(item.id);
    expect((await shop.status(cart.id)).body.payment_status).toBe("pending");
    expect(await db.ordersOfCart(cart.id)).toEqual([]);
    await deliveriesSettled();
  });

  it("paying while an item is being added: the old link is refused, or the payment becomes the order it paid for, or it is kept for the store — never lost", async () => {
    const { shop, sandbox, db } = e2e;
    for (let i = 0; i < 4; i++) {
      const cart = await shop.cart("usd");
      const first = await shop.startClientLoop(cart);
      const [paid, added] = await Promise.allSettled([
        shop.payOnHostedPage(first.session.data.link),
        shop.addItem(cart.id, "mug"),
      ]);
      await deliveriesSettled();
      const ledger = await until(
        async () => {
          const l = await db.ledger(first.session.id);
          return l.status !== "Active" && (l.status !== "Completed" || l.order_state !== "pending") ? l : undefined;
        },
        { what: "the race settled" },
      );
      const paidStatus = paid.status === "fulfilled" ? paid.value.status : 0;
      if (paidStatus === 303 && ledger.order_state === "placed") {
        // the cart was completed (locked) before the item could be added: the order is what was paid for
        expect(added.status).toBe("rejected");
        const [orderId] = await db.ordersOfCart(cart.id);
        expect((await shop.order(orderId!)).total).toBe(29.99);
        expect(await db.paymentsOf(first.paymentCollection.id)).toMatchObject([{ captures: "1", captured: "29.99" }]);
      } else if (paidStatus === 303) {
        expect(ledger).toMatchObject({
          status: "Completed",
          order_state: "attention",
          attention_reason: "session_deleted",
        });
        expect((await shop.status(cart.id)).body.payment_status).toBe("paid_without_order");
      } else {
        expect(paidStatus).toBe(409);
        expect(ledger.status).toBe("Canceled");
        expect(sandbox.getSession(first.clientloopId)!.paymentId ?? null).toBeNull();
      }
    }
  });
});

describe("expired and canceled sessions", () => {
  it("expired: no order, the Medusa session shows error, the storefront can start again", async () => {
    const { shop, sandbox, db } = e2e;
    const cart = await shop.cart("usd");
    const { session, clientloopId } = await shop.startClientLoop(cart);
    sandbox.expireSession(clientloopId);
    await until(async () => (await db.session(session.id)).status === "error", { what: "session error" });
    expect((await shop.status(cart.id)).body).toMatchObject({
      payment_status: "expired",
      completed: false,
      link: null,
    });
    expect((await shop.complete(cart.id)).status).toBeGreaterThanOrEqual(400);
    expect(await db.ordersOfCart(cart.id)).toEqual([]);
    const retry = await shop.startClientLoop(cart);
    sandbox.completeSession(retry.clientloopId);
    expect(await shop.waitForOrder(cart.id)).toBeTruthy();
  });

  it("canceled on the hosted page: no order, the session shows canceled; a new session can still be paid", async () => {
    const { shop, sandbox, db } = e2e;
    const cart = await shop.cart("usd");
    const { session, clientloopId } = await shop.startClientLoop(cart);
    const res = await fetch(`${session.data.link}/cancel`, { method: "POST", redirect: "manual" });
    expect(res.status).toBe(303);
    await until(async () => (await db.session(session.id)).status === "canceled", { what: "session canceled" });
    expect((await shop.status(cart.id)).body.payment_status).toBe("canceled");
    expect((await shop.complete(cart.id)).status).toBeGreaterThanOrEqual(400);
    expect(await db.ordersOfCart(cart.id)).toEqual([]);
    expect(sandbox.getSession(clientloopId)!.status).toBe("Canceled");
    const retry = await shop.startClientLoop(cart);
    sandbox.completeSession(retry.clientloopId);
    expect(await shop.waitForOrder(cart.id)).toBeTruthy();
  });
});
