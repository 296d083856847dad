/**
 * Instances killed and restarted after a payment: one server, then the whole store. The order
 * still appears, once. (production.test.ts gives the sandbox redeliveries every ≤ 5 s for minutes:
 * the delivery window these restarts happen inside.)
 */
import { describe, expect, it } from "vitest";
import { prod } from "../support/production-context.js";
import { Shop, until } from "../support/shop.js";
import { expectExactlyOne } from "../support/production-checkouts.js";
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

  it(
    "Medusa entirely down after the payment (both servers and the worker), back inside the delivery window: the order appears once",
    { timeout: 15 * 60_000 },
    async () => {
      const { shopB, sandbox, db, stack } = prod;
      const cart = await shopB.cart("usd", [{ variant: "tee", quantity: 3 }]);
      const { paymentCollection, clientloopId } = await shopB.startClientLoop(cart);
      const link = sandbox.getSession(clientloopId)!.link!;

      await stack.medusa.kill();
      expect(stack.medusa.running()).toBe(false);
      for (const instance of stack.instances) expect(await refused(`${instance.url}/health`)).toBe(true);
      expect((await shopB.payOnHostedPage(link)).status).toBe(303);
      await until(async () => (sandbox.events({ sessionId: clientloopId })[0]?.attempts.length ?? 0) >= 2, {
        timeoutMs: 60_000,
        what: "deliveries failing against the store that is down",
      });
      expect(await db.ordersOfCart(cart.id)).toEqual([]);

      await stack.medusa.start();
      for (const instance of stack.instances) expect((await fetch(`${instance.url}/health`)).status).toBe(200);
      const orderId = await settledOrder(db, cart.id, paymentCollection.id, 300_000);
      await sandbox.waitForEvents();
      const [event] = sandbox.events({ sessionId: clientloopId });
      expect(event!.deliveryStatus).toBe("delivered");
      // every attempt before the store was back failed; the first that reached it was the order
      const answered = event!.attempts.filter((a) => a.status !== undefined);
      expect(answered.map((a) => a.status)).toEqual([200]);
      expect(event!.attempts.at(-1)!.status).toBe(200);
      await expectExactlyOne({
        cartId: cart.id,
        paymentCollectionId: paymentCollection.id,
        total: String(cart.total),
        orderId,
      });
      // the return page on B finds it
      expect((await shopB.returnPage(cart.id)).orderId).toBe(orderId);
    },
  );
});
