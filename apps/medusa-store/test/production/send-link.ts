/**
 * The resend-link limits live in the ledger (Postgres), not in a server's memory: both servers
 * count against the same quota, per cart and per client IP, even for requests at the same moment.
 * (production.test.ts sets CLIENTLOOP_SEND_LINK_IP_LIMIT to 6.)
 */
import { describe, expect, it } from "vitest";
import { prod } from "../support/production-context.js";
import { shopA } from "../support/production-checkouts.js";
import type { Shop } from "../support/shop.js";

const send = (shop: Shop, from: string, cartId: string) =>
  shop.storeFrom(from, "POST", `/store/clientloop/carts/${cartId}/send-link`, { channel: "Email" });

describe("resend-link limits shared by both servers", () => {
  it("per cart: three sends in all, alternating servers; the fourth is refused on either", async () => {
    const { shopB, sandbox } = prod;
    const cart = await shopB.cart("usd");
    const { clientloopId } = await shopB.startClientLoop(cart);
    const a = shopA();
    const statuses = [];
    for (const shop of [a, shopB, a, shopB, a]) statuses.push((await send(shop, "127.0.0.31", cart.id)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(sandbox.outbox({ sessionId: clientloopId }).map((m) => m.recipient)).toEqual([
      cart.email,
      cart.email,
      cart.email,
    ]);
  });

  it("per cart, at the same moment: six requests split over both servers send exactly three links", async () => {
    const { shopB, sandbox } = prod;
    const cart = await shopB.cart("usd");
    const { clientloopId } = await shopB.startClientLoop(cart);
    const a = shopA();
    const results = await Promise.all([a, shopB, a, shopB, a, shopB].map((shop) => send(shop, "127.0.0.32", cart.id)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 429, 429, 429]);
    expect(sandbox.outbox({ sessionId: clientloopId })).toHaveLength(3);
  });

  it("per client IP: six sends from one address across both servers, then refused on both; another address is not", async () => {
    const { shopB } = prod;
    const a = shopA();
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const cart = await shopB.cart("usd");
      await shopB.startClientLoop(cart);
      statuses.push((await send(i % 2 ? shopB : a, "127.0.0.33", cart.id)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
    const cart = await shopB.cart("usd");
    await shopB.startClientLoop(cart);
    expect((await send(a, "127.0.0.34", cart.id)).status).toBe(200);
  });
});
