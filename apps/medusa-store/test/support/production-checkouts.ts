/**
 * Checkouts on the production topology, each one way a real checkout goes (the storefront on
 * server B, ClientLoop's callbacks on server A, orders made on the worker), and the one check
 * every one of them ends with: exactly one order, one payment, one capture for the exact total.
 * The scenario modules run them one by one and all mixed together.
 */
import { expect } from "vitest";
import { copiedPaidSessionData, onInstance, resendWith } from "./attacks.js";
import { prod } from "./production-context.js";
import { Shop, until } from "./shop.js";
import { settledOrder } from "./topology.js";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A finished checkout: what its single order and payment must be. */
export interface Checkout {
  cartId: string;
  paymentCollectionId: string;
  /** The cart's total as Postgres prints the payment's amount ("29.99", "209.9"). */
  total: string;
  orderId: string;
}

/** A Store API client on server A (the storefront normally talks to B). */
export const shopA = () => new Shop(prod.serverA.url, prod.stack.seed, prod.sandbox);

/** The deliveries that are due have been attempted (later retries do not hold it). */
export const deliveriesSettled = () => prod.sandbox.waitForEvents({ scheduled: "ignore" });

/** Exactly one order for the cart, one payment in its collection, one capture of the exact total. */
export async function expectExactlyOne(checkout: Checkout) {
  expect(await prod.db.ordersOfCart(checkout.cartId)).toEqual([checkout.orderId]);
  const payments = await prod.db.paymentsOf(checkout.paymentCollectionId);
  expect(payments).toHaveLength(1);
  expect(payments[0]).toMatchObject({ amount: checkout.total, captures: "1", captured: checkout.total });
}

async function settled(cart: { id: string; total: number }, paymentCollectionId: string): Promise<Checkout> {
  const orderId = await settledOrder(prod.db, cart.id, paymentCollectionId, 600_000);
  return { cartId: cart.id, paymentCollectionId, total: String(cart.total), orderId };
}

/** Webhook first: paid, called back on A, the order made; then the return page on B finds it. */
export async function webhookFirst(): Promise<Checkout> {
  const { shopB, sandbox } = prod;
  const cart = await shopB.cart("usd");
  const { paymentCollection, clientloopId } = await shopB.startClientLoop(cart);
  expect((await shopB.payOnHostedPage(sandbox.getSession(clientloopId)!.link!)).status).toBe(303);
  const checkout = await settled(cart, paymentCollection.id);
  expect((await shopB.returnPage(cart.id, { timeoutMs: 600_000 })).orderId).toBe(checkout.orderId);
  return checkout;
}

/**
 * Return first: the shopper is back (polling on B, and a second tab on A) before ClientLoop's
 * event; completing early is refused, and both tabs end on the same order.
 */
export async function returnFirst(): Promise<Checkout> {
  const { shopB, sandbox } = prod;
  const cart = await shopB.cart("usd");
  const { paymentCollection, clientloopId } = await shopB.startClientLoop(cart);
  // refused: not paid (400), or, under load, busy with another request on the cart (409)
  expect([400, 409]).toContain((await shopB.complete(cart.id)).status);
  expect(await prod.db.ordersOfCart(cart.id)).toEqual([]);
  const tabs = [
    shopB.returnPage(cart.id, { timeoutMs: 600_000, intervalMs: 50 }),
    shopA().returnPage(cart.id, { timeoutMs: 600_000, intervalMs: 70 }),
  ];
  await sleep(200);
  expect((await shopB.payOnHostedPage(sandbox.getSession(clientloopId)!.link!)).status).toBe(303);
  const [b, a] = await Promise.all(tabs);
  const checkout = await settled(cart, paymentCollection.id);
  expect(b!.orderId).toBe(checkout.orderId);
  expect(a!.orderId).toBe(checkout.orderId);
  return checkout;
}

/**
 * Duplicates: while ClientLoop delivers the event to A, five more signed copies reach A and five
 * reach B at the same moment (a retry storm behind a load balancer). One delivery is accepted.
 */
export async function duplicateDeliveries(): Promise<Checkout> {
  const { shopB, sandbox } = prod;
  const cart = await shopB.cart("usd", [{ variant: "mug" }]);
  const { paymentCollection, session, clientloopId } = await shopB.startClientLoop(cart);
  expect((await shopB.payOnHostedPage(sandbox.getSession(clientloopId)!.link!)).status).toBe(303);
  const event = await until(async () => sandbox.events({ sessionId: clientloopId })[0], {
    what: "the event recorded",
  });
  const urls = [prod.serverA.url, prod.serverB.url].map((server) => onInstance(event.callbackUrl!, server));
  const copies = await Promise.all(
    Array.from({ length: 10 }, (_, i) => resendWith(shopB, sandbox, event, { url: urls[i % 2] })),
  );
  expect(copies.map((c) => c.status)).toEqual(copies.map(() => 200));
  const checkout = await settled(cart, paymentCollection.id);
  await until(async () => sandbox.events({ sessionId: clientloopId })[0]?.deliveryStatus === "delivered", {
    timeoutMs: 120_000,
    what: "ClientLoop's own delivery",
  });
  const deliveries = (await prod.db.activity(session.id)).filter((a) => a.kind === "delivery");
  expect(deliveries.filter((d) => d.outcome === "accepted")).toHaveLength(1);
  expect(deliveries.filter((d) => d.outcome === "duplicate")).toHaveLength(deliveries.length - 1);
  expect(deliveries.length).toBeGreaterThanOrEqual(10);
  return checkout;
}

/**
 * Everyone settles it at once: as the paid event reaches the worker, admins retry the order on A
 * and B and the shopper completes the cart on A and B. Each settle reads the order and its
 * payment only while no completion of the cart runs: mid-way, a completion has made the order but
 * not its payment, and one that then fails undoes its order. The order stays, and the ledger
 * names it.
 */
export async function settledByEveryone(): Promise<Checkout> {
  const { shopB, sandbox, db } = prod;
  const a = shopA();
  const cart = await shopB.cart("usd");
  const { paymentCollection, session, clientloopId } = await shopB.startClientLoop(cart);
  expect((await shopB.payOnHostedPage(sandbox.getSession(clientloopId)!.link!)).status).toBe(303);
  const row = await until(
    async () => {
      const r = await db.ledger(session.id);
      return r?.status === "Completed" ? r : undefined;
    },
    { what: "the paid event recorded" },
  );
  const racing = await Promise.all([
    ...Array.from({ length: 8 }, (_, i) =>
      (i % 2 ? a : shopB).admin("POST", `/admin/clientloop/sessions/${row.id}/retry-order`),
    ),
    ...Array.from({ length: 4 }, (_, i) => (i % 2 ? a : shopB).complete(cart.id)),
  ]);
  expect(racing.filter((r) => r.status >= 500)).toEqual([]);
  const placed = await until(
    async () => {
      const r = await db.ledger(session.id);
      return r?.order_state === "placed" ? r : undefined;
    },
    { timeoutMs: 120_000, what: "the ledger's order placed" },
  );
  const orderId = await settledOrder(db, cart.id, paymentCollection.id, 60_000);
  expect(orderId).toBe(placed.order_id);
  expect(await db.session(session.id)).toMatchObject({ deleted_at: null });
  return { cartId: cart.id, paymentCollectionId: paymentCollection.id, total: String(cart.total), orderId };
}

/**
 * The cart changes on A after the payment started on B: the first ClientLoop session is
 * superseded (its cancel may fail; the worker retries it), the new one is paid for the new total.
 */
export async function cartChange(): Promise<Checkout & { superseded: string }> {
  const { shopB, sandbox } = prod;
  const cart = await shopB.cart("usd");
  const first = await shopB.startClientLoop(cart);
  await shopA().addItem(cart.id, "mug");
  const changed = await shopB.getCart(cart.id);
  expect(changed.total).toBe(38.49);
  const second = await shopB.startClientLoop(changed);
  expect(sandbox.getSession(second.clientloopId)).toMatchObject({ amount: "38.49", status: "Active" });
  expect((await shopB.payOnHostedPage(sandbox.getSession(second.clientloopId)!.link!)).status).toBe(303);
  return { ...(await settled(changed, second.paymentCollection.id)), superseded: first.clientloopId };
}

/** The paid checkout whose session data the forged-data attack copies. */
export async function forgeryMaterial() {
  const { shopB, sandbox, db } = prod;
  const cart = await shopB.cart("usd");
  const started = await shopB.startClientLoop(cart);
  sandbox.completeSession(started.clientloopId);
  await settledOrder(db, cart.id, started.paymentCollection.id);
  return copiedPaidSessionData(shopB, db, { cart, ...started });
}

/**
 * The forged-data attack: a session for a bigger cart posted on B with a paid session's data
 * while ClientLoop's create is slow (the caller sets the latency), the cart completed on A and B
 * all the while. No order until the shopper pays their own link; then exactly one.
 */
export async function forgedData(copied: Record<string, unknown>): Promise<Checkout> {
  const { shopB, db } = prod;
  const a = shopA();
  const cart = await shopB.cart("usd", [{ variant: "tee", quantity: 10 }]);
  expect(cart.total).toBe(209.9);
  // the cart's payment collection first: Medusa refuses to create it (409) while a completion holds the cart
  await shopB.paymentCollection(cart.id);
  let waiting = true;
  const initiating = shopB
    .initiateRaw(cart.id, shopB.seed.providers.clientloop, { ...copied, email: cart.email, cart_id: cart.id })
    .finally(() => (waiting = false));
  const completions = [];
  for (let i = 0; waiting || i < 3; i++) {
    completions.push(await (i % 2 ? a : shopB).complete(cart.id));
    await sleep(100);
  }
  const created = await initiating;
  expect(created.status).toBe(200);
  expect(completions.filter((c) => c.status === 200 && c.body?.type === "order")).toEqual([]);
  const paymentCollectionId = created.body.payment_collection.id as string;
  expect(await db.ordersOfCart(cart.id)).toEqual([]);
  expect(await db.paymentsOf(paymentCollectionId)).toEqual([]);
  const session = created.body.payment_collection.payment_sessions[0];
  // Nothing the shopper wrote stays on the session. (A completion that raced the create may have
  // left it without its link until the next status read; storefronts read the link from the
  // status route, which reads the ledger, as the shopper's own link is read here.)
  for (const key of Object.keys(session.data)) expect(["expires_at", "link", "session_id"]).toContain(key);
  const link = (await db.ledger(session.id))?.link;
  expect(link).toMatch(/^http/);
  expect(link).not.toBe(copied.link);
  // the shopper's own link pays for exactly this cart
  expect((await shopB.payOnHostedPage(link!)).status).toBe(303);
  return settled(cart, paymentCollectionId);
}
