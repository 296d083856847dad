/**
 * The store is down when the customer pays (a deploy, an outage). ClientLoop keeps delivering
 * for three days (the contract's schedule; the sandbox clock covers it in seconds); once the store
 * is back, the next delivery becomes the order, exactly once. The resend-link limits, kept in the
 * ledger, survive the restart. Runs last: it moves the sandbox clock by most of a day.
 */
import { EVENT_RETRY_SCHEDULE } from "@clientloop/core";
import { describe, expect, it } from "vitest";
import { deliveriesSettled, e2e } from "../support/context.js";
import { until } from "../support/shop.js";

const HOUR = 3_600_000;

describe("paid while the store is down", () => {
  it("the order appears exactly once when the store is back, inside ClientLoop's delivery window; limits survive the restart", async () => {
    const { shop, sandbox, stack, db } = e2e;
    const cart = await shop.cart("usd");
    const { session, clientloopId, paymentCollection } = await shop.startClientLoop(cart);
    // another cart uses up its resend quota before the restart
    const waiting = await shop.cart("usd");
    await shop.startClientLoop(waiting);
    const send = () =>
      shop.storeFrom("127.0.0.21", "POST", `/store/clientloop/carts/${waiting.id}/send-link`, { channel: "Email" });
    for (let i = 0; i < 3; i++) expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(429);

    await stack.medusa.stop({ kill: true });
    expect((await shop.payOnHostedPage(session.data.link)).status).toBe(303);
    await deliveriesSettled();
    // 18 hours of ClientLoop retrying against a store that is down
    let elapsed = 0;
    while (elapsed < 18 * HOUR) {
      const event = sandbox.events({ sessionId: clientloopId })[0]!;
      expect(event.deliveryStatus).toBe("pending");
      const wait = Date.parse(event.nextAttemptAt!) - sandbox.now().getTime();
      sandbox.advanceTime(Math.max(wait, 0));
      elapsed += Math.max(wait, 0);
      await deliveriesSettled();
    }
    const failed = sandbox.events({ sessionId: clientloopId })[0]!;
    expect(failed.attempts.length).toBeGreaterThanOrEqual(9);
    expect(failed.attempts.every((a) => a.status === undefined)).toBe(true);
    // the attempts followed the contract's schedule (on the sandbox clock)
    const gaps = failed.attempts.slice(1).map((a, i) => Date.parse(a.at) - Date.parse(failed.attempts[i]!.at));
    gaps.forEach((gap, i) => {
      // (attempt times are ISO strings: a gap may read a millisecond short)
      expect(gap).toBeGreaterThanOrEqual(EVENT_RETRY_SCHEDULE[i]! - 1_000);
      expect(gap).toBeLessThan(EVENT_RETRY_SCHEDULE[i]! + 60_000);
    });
    // and go on for three days: the store may be down that long
    expect(EVENT_RETRY_SCHEDULE.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(72 * HOUR);
    expect(await db.ordersOfCart(cart.id)).toEqual([]);

    await stack.medusa.start();
    // the next scheduled delivery reaches the store
    const pending = sandbox.events({ sessionId: clientloopId })[0]!;
    sandbox.advanceTime(Math.max(Date.parse(pending.nextAttemptAt!) - sandbox.now().getTime(), 0));
    await deliveriesSettled();
    const delivered = sandbox.events({ sessionId: clientloopId })[0]!;
    expect(delivered.deliveryStatus).toBe("delivered");
    expect(delivered.attempts.at(-1)!.status).toBe(200);
    const orderId = await shop.waitForOrder(cart.id);
    expect(await db.ordersOfCart(cart.id)).toEqual([orderId]);
    expect(await db.paymentsOf(paymentCollection.id)).toMatchObject([
      { amount: "29.99", captures: "1", captured: "29.99" },
    ]);

    // a resend from ClientLoop's dashboard later: acknowledged, still one order
    const resent = await sandbox.resendEvent(delivered.id);
    expect(resent.status).toBe(200);
    await until(async () => (await db.ledger(session.id)).order_state === "placed", { what: "ledger placed" });
    expect(await db.ordersOfCart(cart.id)).toEqual([orderId]);
    expect(await db.paymentsOf(paymentCollection.id)).toHaveLength(1);

    // the other cart's resend quota was kept across the restart (it lives in the ledger)
    expect((await send()).status).toBe(429);
  });
});
