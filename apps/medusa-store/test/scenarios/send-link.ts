/**
 * Resending the pay link must not make the store a message relay: the store route sends only to
 * a recipient the store knows for the cart (read server-side), for the caller's own cart, within
 * limits kept in the ledger (per cart, per recipient, per client IP); a refused send uses no
 * quota; a forged X-Forwarded-For picks no quota of its own. Admins may choose the recipient.
 * (The limits surviving a restart is checked in the downtime scenario, which restarts Medusa.)
 */
import { describe, expect, it } from "vitest";
import { e2e } from "../support/context.js";

const sendPath = (cartId: string) => `/store/clientloop/carts/${cartId}/send-link`;

describe("resending the pay link", () => {
  it("goes to the cart's own email, never to what the shopper wrote in the session data or the request", async () => {
    const { shop, sandbox } = e2e;
    const cart = await shop.cart("usd");
    const { clientloopId } = await shop.startClientLoop(cart, { email: "victim@relay.example", phone: "+15550001111" });
    expect(
      (await shop.storeFrom("127.0.0.11", "POST", sendPath(cart.id), { channel: "Email", to: "victim@relay.example" }))
        .status,
    ).toBe(400);
    const sent = await shop.storeFrom("127.0.0.11", "POST", sendPath(cart.id), { channel: "Email" });
    expect(sent).toMatchObject({ status: 200, body: { success: true } });
    // the phone of the cart's billing address, not the one in the session data
    expect((await shop.storeFrom("127.0.0.11", "POST", sendPath(cart.id), { channel: "Phone" })).status).toBe(200);
    expect(sandbox.outbox({ sessionId: clientloopId }).map((m) => [m.channel, m.recipient])).toEqual([
      ["Email", cart.email],
      ["Phone", "+14155554345"],
    ]);
  });

  it("is limited per cart (a refused request uses no quota) and per recipient across carts", async () => {
    const { shop, sandbox } = e2e;
    const email = `limits+${Date.now()}@example.com`;
    const cart = await shop.cart("usd", undefined, email);
    const { clientloopId } = await shop.startClientLoop(cart);
    // refused before sending: unknown field, bad channel — none of them counts
    for (const body of [{ channel: "Fax" }, { channel: "Email", extra: 1 }, {}])
      expect((await shop.storeFrom("127.0.0.12", "POST", sendPath(cart.id), body)).status).toBe(400);
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await shop.storeFrom("127.0.0.12", "POST", sendPath(cart.id), { channel: "Email" })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(sandbox.outbox({ sessionId: clientloopId })).toHaveLength(3);
    // the same address on a fresh cart: its recipient quota is used up
    const other = await shop.cart("usd", undefined, email);
    await shop.startClientLoop(other);
    const r = await shop.storeFrom("127.0.0.12", "POST", sendPath(other.id), { channel: "Email" });
    expect(r.status).toBe(429);
  });

  it("counts per client IP; a forged X-Forwarded-For does not pick a new quota", async () => {
    const { shop } = e2e;
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const cart = await shop.cart("usd");
      await shop.startClientLoop(cart);
      const r = await shop.storeFrom(
        "127.0.0.13",
        "POST",
        sendPath(cart.id),
        { channel: "Email" },
        { "x-forwarded-for": `203.0.113.${i}` },
      );
      statuses.push(r.status);
    }
    // CLIENTLOOP_SEND_LINK_IP_LIMIT is 6 in this suite
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
    // another client is not affected
    const cart = await shop.cart("usd");
    await shop.startClientLoop(cart);
    expect((await shop.storeFrom("127.0.0.14", "POST", sendPath(cart.id), { channel: "Email" })).status).toBe(200);
  });

  it("a logged-in customer's cart only for that customer, to their own email; no link when nothing can be paid", async () => {
    const { shop, sandbox } = e2e;
    const customer = await shop.registerCustomer();
    const cart = await shop.cart("usd", undefined, customer.email, customer.token);
    const asCustomer = { authorization: `Bearer ${customer.token}` };
    expect((await shop.storeFrom("127.0.0.15", "POST", sendPath(cart.id), { channel: "Email" })).status).toBe(404);
    expect(
      (await shop.storeFrom("127.0.0.15", "POST", sendPath(cart.id), { channel: "Email" }, asCustomer)).status,
    ).toBe(400);
    const { clientloopId } = await shop.startClientLoop(cart, {}, customer.token);
    expect((await shop.storeFrom("127.0.0.15", "POST", sendPath(cart.id), { channel: "Email" })).status).toBe(404);
    expect(
      (await shop.storeFrom("127.0.0.15", "POST", sendPath(cart.id), { channel: "Phone" }, asCustomer)).status,
    ).toBe(200);
    expect(sandbox.outbox({ sessionId: clientloopId }).map((m) => m.recipient)).toEqual(["+14155550199"]);
    expect(
      (await shop.storeFrom("127.0.0.15", "POST", sendPath("cart_01NOSUCHCART000000000000"), { channel: "Email" }))
        .status,
    ).toBe(404);
  });

  it("the admin route can send anywhere the admin chooses, and needs an admin", async () => {
    const { shop, sandbox, db } = e2e;
    const cart = await shop.cart("usd");
    const { session, clientloopId } = await shop.startClientLoop(cart);
    const { id } = await db.ledger(session.id);
    const path = `/admin/clientloop/sessions/${id}/send-link`;
    expect((await shop.request("POST", path, { channel: "Phone", to: "+14155550100" })).status).toBe(401);
    expect((await shop.admin("POST", path, { channel: "Phone", to: "not a phone" })).status).toBe(400);
    expect((await shop.admin("POST", path, { channel: "Phone", to: "+14155550100" })).status).toBe(200);
    expect(sandbox.outbox({ sessionId: clientloopId }).at(-1)).toMatchObject({
      channel: "Phone",
      recipient: "+14155550100",
    });
    const timeline = (await shop.admin("GET", `/admin/clientloop/sessions?cart_id=${cart.id}`)).body.sessions[0]
      .timeline;
    expect(timeline.at(-1)).toMatchObject({
      kind: "link",
      outcome: "sent",
      detail: "Phone to +1415***00 (by an admin)",
    });
  });
});
