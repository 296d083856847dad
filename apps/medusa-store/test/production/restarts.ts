/**
 * Instances killed and restarted after a payment: the order still appears, once.
 */
import { describe, expect, it } from "vitest";
import { prod } from "../support/production-context.js";
import { Shop, until } from "../support/shop.js";
import { refused, settledOrder } from "../support/topology.js";

describe("an instance killed and restarted", () => {
  it("server A down after the payment: server B keeps selling; A back, the callback lands and the order appears once", async () => {
    const cart = await prod.shopB.cart("usd");
    const { paymentCollection, clientloopId } = await prod.shopB.startClientLoop(cart);

    await prod.serverA.kill(); // SIGKILL: a crash, not a graceful shutdown
    expect(prod.serverA.running()).toBe(false);
    expect(await refused(`${prod.serverA.url}/health`)).toBe(true);
    expect((await prod.shopB.getCart(cart.id)).id).toBe(cart.id); // B is unaffected

    expect((await prod.shopB.payOnHostedPage(prod.sandbox.getSession(clientloopId)!.link!)).status).toBe(303);
    await until(async () => prod.sandbox.events({ sessionId: clientloopId })[0]?.attempts.some((a) => a.error), {
      timeoutMs: 30_000,
      what: "a delivery to the dead server",
    });
    expect(await prod.db.ordersOfCart(cart.id)).toEqual([]);

    await prod.serverA.restart();
    expect(prod.serverA.running()).toBe(true);
    expect((await fetch(`${prod.serverA.url}/health`)).status).toBe(200);
    const orderId = await settledOrder(prod.db, cart.id, paymentCollection.id);
    await prod.sandbox.waitForEvents();

    const [event] = prod.sandbox.events({ sessionId: clientloopId });
    expect(event!.deliveryStatus).toBe("delivered");
    expect(event!.attempts.at(-1)!.status).toBe(200);
    expect(event!.attempts.filter((a) => a.status === 200)).toHaveLength(1);
    expect(await prod.db.ordersOfCart(cart.id)).toEqual([orderId]);
    expect(await prod.db.paymentsOf(paymentCollection.id)).toMatchObject([
      { amount: "29.99", captures: "1", captured: "29.99" },
    ]);
    // and the restarted A serves the store again
    expect((await new Shop(prod.serverA.url, prod.stack.seed, prod.sandbox).getCart(cart.id)).id).toBe(cart.id);
    expect(prod.sandbox.getSession(clientloopId)?.status).toBe("Completed");
  });
});
