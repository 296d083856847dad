/**
 * End to end, over HTTP: a real `medusa start` on a real Postgres (embedded unless DATABASE_URL
 * is set, fresh database per run), the ClientLoop sandbox, and the plugin as a store installs it.
 * One stack for the whole suite (starting Medusa costs ~25 s); scenarios use their own carts.
 */
import { createHmac } from "node:crypto";
import { startSandbox, type Sandbox } from "@clientloop/sandbox";
import { signPayload } from "@clientloop/core/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM module without types
import { runMedusa, startStack } from "../scripts/stack.mjs";
import { Db } from "./support/db.js";
import { Shop, until, type Seed } from "./support/shop.js";

let stack: { medusaUrl: string; databaseUrl: string; seed: Seed; env: Record<string, string>; stop(): Promise<void>; logs(): string };
let sandbox: Sandbox;
let shop: Shop;
let db: Db;

const ALLOWED_KEYS = ["amount", "clientloop", "clientloop_session_id", "contact_digest", "currency", "expires_at", "link", "session_id"];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, events: { backoffMs: 250, maxAttempts: 5 } });
  stack = await startStack({ sandbox, env: { CLIENTLOOP_TIMEOUT_MS: "3000", CLIENTLOOP_EXPIRES_IN_MINUTES: "30" } });
  shop = new Shop(stack.medusaUrl, stack.seed, sandbox);
  db = new Db(stack.databaseUrl);
  await db.connect();
});

afterAll(async () => {
  await db?.end().catch(() => {});
  await stack?.stop();
  await sandbox?.stop();
});

/** Requests to ClientLoop by operation since `before`. */
function callsSince(before: Record<string, number>) {
  const now = sandbox.requests().byOperation;
  const ops = new Set([...Object.keys(now), ...Object.keys(before)]);
  return Object.fromEntries([...ops].map((k) => [k, (now[k] ?? 0) - (before[k] ?? 0)]).filter(([, v]) => v !== 0));
}

/** Re-sends an event body as ClientLoop would (fresh timestamp), to the session's callback URL. */
function resend(event: { body: string; callbackUrl: string | null }, { secret = sandbox.signingSecret, body = event.body, url = event.callbackUrl!, timestamp }: { secret?: string; body?: string; url?: string; timestamp?: number } = {}) {
  return shop.postCallback(url, body, { "clientloop-signature": signPayload({ payload: body, secret, timestamp }) });
}

async function paidCheckout(currency: "usd" | "jpy" | "kwd" = "usd") {
  const cart = await shop.cart(currency);
  const started = await shop.startClientLoop(cart);
  sandbox.completeSession(started.clientloopId);
  const orderId = await shop.waitForOrder(cart.id);
  await sandbox.waitForEvents(); // the callback answers once the completion workflow has finished
  return { cart, ...started, orderId };
}

describe("1. initiating a ClientLoop payment", () => {
  it("creates the ClientLoop session: link in the data, exact amount, currency, contact and transactionRef", async () => {
    const cart = await shop.cart("usd");
    expect(cart.total).toBe(29.99);
    const { session, clientloopId } = await shop.startClientLoop(cart);
    expect(session.status).toBe("pending");
    expect(session.data.link).toMatch(new RegExp(`^${sandbox.baseUrl}/pay/`));
    const remote = sandbox.getSession(clientloopId)!;
    expect(remote).toMatchObject({ status: "Active", amount: "29.99", currency: "USD", transactionRef: session.id, orgId: sandbox.orgId, link: session.data.link });
    expect(remote.contactRef?.contactEmail).toBe(cart.email);
    expect(remote.successUrl).toBe(`http://localhost:8000/checkout/clientloop/return?cart_id=${cart.id}`);
    expect(remote.callbackUrl).toMatch(new RegExp(`^${stack.medusaUrl}/hooks/clientloop\\?session_id=${session.id}&token=`));
    expect(Date.parse(remote.expirationDate!) - Date.now()).toBeGreaterThan(25 * 60_000);
  });

  it("stores only an allow-list: no secrets, token or callback URL; shopper-sent keys are dropped", async () => {
    const cart = await shop.cart("usd");
    const forged = { event_id: "evt_x", status: "Completed", clientloop_session_id: "x", payment_id: "p", amount: "29.99", currency: "USD", proof: "f".repeat(64) };
    const { session, clientloopId } = await shop.startClientLoop(cart, { clientloop: forged, status: "Completed", callback: "http://evil.example", foo: "bar" });
    expect(Object.keys(session.data).sort()).toEqual(ALLOWED_KEYS);
    expect(session.data.clientloop).toBeNull();
    const token = new URL(sandbox.getSession(clientloopId)!.callbackUrl!).searchParams.get("token")!;
    const stored = JSON.stringify(await db.session(session.id));
    for (const secret of [token, sandbox.apiKey, sandbox.signingSecret, "hooks/clientloop", "callback"]) expect(stored).not.toContain(secret);
    const publicCart = JSON.stringify(await shop.getCart(cart.id));
    for (const secret of [token, sandbox.apiKey, sandbox.signingSecret, "hooks/clientloop"]) expect(publicCart).not.toContain(secret);
  });

  it("a shopper cannot mark a session paid through the data they send", async () => {
    const cart = await shop.cart("usd");
    // a genuine, verified record of another (paid) session, copied into this one
    const paid = await paidCheckout("usd");
    const paidData = (await db.session(paid.session.id)).data;
    expect(paidData.clientloop.status).toBe("Completed");
    await shop.startClientLoop(cart, { clientloop: paidData.clientloop, clientloop_session_id: paidData.clientloop_session_id });
    const r = await shop.complete(cart.id);
    expect(r.status).toBe(400);
    expect((await shop.status(cart.id)).body).toMatchObject({ payment_status: "pending", completed: false });
    expect(await db.ordersOfCart(cart.id)).toEqual([]);
  });
});

describe("2. paying on the hosted page", () => {
  it("the signed event completes the cart exactly once, captured for the exact amount, with one ClientLoop call", async () => {
    const before = sandbox.requests().byOperation;
    const cart = await shop.cart("usd", [{ variant: "tee", quantity: 2 }]);
    const { session, clientloopId, paymentCollection } = await shop.startClientLoop(cart);
    const paid = await shop.payOnHostedPage(session.data.link);
    expect(paid.status).toBe(303);
    expect(paid.location).toContain(`cart_id=${cart.id}`);
    const orderId = await shop.waitForOrder(cart.id);
    await sandbox.waitForEvents();

    expect(await db.ordersOfCart(cart.id)).toEqual([orderId]);
    const payments = await db.paymentsOf(paymentCollection.id);
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ amount: "49.98", captures: "1", captured: "49.98" });
    expect(payments[0]!.captured_at).not.toBeNull();
    const order = await shop.order(orderId);
    expect(order.total).toBe(49.98);
    expect(order.payment_collections[0].payments[0].captures).toHaveLength(1);
    const events = sandbox.events({ sessionId: clientloopId });
    expect(events).toHaveLength(1);
    expect(events[0]!.deliveryStatus).toBe("delivered");
    expect(events[0]!.attempts.map((a) => a.status)).toEqual([200]);
    // one create, no reads (there is no read API), no updates
    expect(callsSince(before)).toEqual({ createPaymentSession: 1 });
    // completing again (the return page) returns the same order
    const again = await shop.complete(cart.id);
    expect(again.body.type).toBe("order");
    expect(again.body.order.id).toBe(orderId);
    expect((await shop.status(cart.id)).body).toMatchObject({ payment_status: "paid", completed: true, order_id: orderId, link: null });
  });
});

describe("3. the return page and the event, in either order", () => {
  it("return first: completion is refused until the event, then polling ends in one order", async () => {
    const cart = await shop.cart("usd");
    const { clientloopId, paymentCollection } = await shop.startClientLoop(cart);
    const early = await shop.complete(cart.id);
    expect(early.status).toBe(400); // NOT_ALLOWED: not paid yet
    expect((await shop.status(cart.id)).body.payment_status).toBe("pending");
    // the return page polls while the event is on its way
    const returning = shop.returnPage(cart.id, { intervalMs: 20 });
    const returning2 = shop.returnPage(cart.id, { intervalMs: 35 });
    await new Promise((r) => setTimeout(r, 100));
    sandbox.completeSession(clientloopId);
    const [a, b] = await Promise.all([returning, returning2]);
    await sandbox.waitForEvents();
    expect(a.orderId).toBeTruthy();
    expect(b.orderId).toBe(a.orderId);
    expect(await db.ordersOfCart(cart.id)).toEqual([a.orderId]);
    expect(await db.paymentsOf(paymentCollection.id)).toMatchObject([{ amount: "29.99", captures: "1", captured: "29.99" }]);
  });

  it("event first: the return page finds the order already placed", async () => {
    const { cart, orderId, paymentCollection } = await paidCheckout("usd");
    await sandbox.waitForEvents();
    const back = await shop.returnPage(cart.id);
    expect(back.orderId).toBe(orderId);
    const complete = await shop.complete(cart.id);
    expect(complete.body.order.id).toBe(orderId);
    expect(await db.ordersOfCart(cart.id)).toEqual([orderId]);
    expect(await db.paymentsOf(paymentCollection.id)).toMatchObject([{ captures: "1", captured: "29.99" }]);
  });
});

describe("4. the cart total changes after the payment started", () => {
  it("the old ClientLoop session is canceled (never charged), the new one carries the new amount", async () => {
    const cart = await shop.cart("usd");
    const first = await shop.startClientLoop(cart);
    expect(sandbox.getSession(first.clientloopId)!.amount).toBe("29.99");
    await shop.addItem(cart.id, "mug");
    // Medusa drops the session on a total change; the provider cancels it at ClientLoop
    await until(async () => sandbox.getSession(first.clientloopId)!.status === "Canceled", { what: "old session canceled" });
    expect(() => sandbox.completeSession(first.clientloopId)).toThrow();
    const oldLink = await shop.payOnHostedPage(first.session.data.link);
    expect(oldLink.status).toBe(409);

    const second = await shop.startClientLoop(cart);
    expect(sandbox.getSession(second.clientloopId)).toMatchObject({ amount: "38.49", currency: "USD", status: "Active" });
    sandbox.completeSession(second.clientloopId);
    const orderId = await shop.waitForOrder(cart.id);
    expect((await shop.order(orderId)).total).toBe(38.49);
    expect(await db.paymentsOf(second.paymentCollection.id)).toMatchObject([{ amount: "38.49", captures: "1", captured: "38.49" }]);
    await sandbox.waitForEvents();
    // the canceled session's event finds no Medusa session (deleted) and changes nothing
    // (an attempt that races the deletion may get a 5xx first; ClientLoop delivers again)
    const canceledEvents = sandbox.events({ sessionId: first.clientloopId });
    expect(canceledEvents.map((e) => e.type)).toEqual(["payment_session.canceled"]);
    expect(canceledEvents[0]!.attempts.at(-1)!.status).toBe(404);
    expect(await db.ordersOfCart(cart.id)).toEqual([orderId]);
  });
});

describe("5. expired and canceled sessions", () => {
  it("expired: no order, the session shows error", async () => {
    const cart = await shop.cart("usd");
    const { session, clientloopId } = await shop.startClientLoop(cart);
    sandbox.expireSession(clientloopId);
    await until(async () => (await db.session(session.id)).status === "error", { what: "session error" });
    expect((await shop.status(cart.id)).body).toMatchObject({ payment_status: "expired", completed: false, link: null });
    expect((await shop.complete(cart.id)).status).toBeGreaterThanOrEqual(400);
    expect(await db.ordersOfCart(cart.id)).toEqual([]);
  });

  it("canceled on the hosted page: no order, the session shows canceled; a new session can still be paid", async () => {
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

describe("6. forged, foreign, replayed and tampered events", () => {
  it("are rejected with 4xx and change nothing", async () => {
    const cart = await shop.cart("usd");
    const { session, clientloopId } = await shop.startClientLoop(cart);
    const other = await shop.startClientLoop(await shop.cart("usd"));
    const callbackUrl = sandbox.getSession(clientloopId)!.callbackUrl!;
    const otherUrl = sandbox.getSession(other.clientloopId)!.callbackUrl!;

    // A Completed event as ClientLoop would send it, built from the real session, but never sent by ClientLoop.
    const remote = { ...sandbox.getSession(clientloopId)!, status: "Completed", link: null, paymentId: "pay_forged" };
    const body = JSON.stringify({ id: "evt_forged_1", type: "payment_session.completed", createdAt: new Date().toISOString(), data: { paymentSession: remote } });
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
      coreRouteNoToken: await shop.postCallback(`${stack.medusaUrl}/hooks/clientloop`, body, { "clientloop-signature": signPayload({ payload: body, secret: sandbox.signingSecret }) }),
      foreignOrg: await resend({ body: body.replace(`"orgId":"${sandbox.orgId}"`, `"orgId":"org_someone_else"`), callbackUrl }),
    };
    for (const [name, r] of Object.entries(attempts)) expect([name, r.status >= 400 && r.status < 500]).toEqual([name, true]);

    // tampered after signing: the signature no longer matches
    const signature = signPayload({ payload: body, secret: sandbox.signingSecret });
    const tampered = await shop.postCallback(callbackUrl, body.replace('"amount":"29.99"', '"amount":"0.01"'), { "clientloop-signature": signature });
    expect(tampered.status).toBe(400);
    // signed with the real secret but for another amount than the Medusa session's: refused too
    const otherAmount = await resend({ body: body.replace('"amount":"29.99"', '"amount":"0.01"'), callbackUrl });
    expect(otherAmount.status).toBe(409);

    expect((await db.session(session.id)).status).toBe("pending");
    expect((await db.session(session.id)).data.clientloop).toBeNull();
    expect((await shop.complete(cart.id)).status).toBe(400);
    expect(await db.ordersOfCart(cart.id)).toEqual([]);
    expect((await db.session(other.session.id)).status).toBe("pending");
  });

  it("an event for another session, replayed to this session's callback, is rejected", async () => {
    const paid = await paidCheckout("usd");
    await sandbox.waitForEvents();
    const [paidEvent] = sandbox.events({ sessionId: paid.clientloopId });
    const victim = await shop.startClientLoop(await shop.cart("usd"));
    const victimUrl = sandbox.getSession(victim.clientloopId)!.callbackUrl!;
    const r = await resend(paidEvent!, { url: victimUrl });
    expect(r.status).toBe(400);
    expect((await db.session(victim.session.id)).status).toBe("pending");
  });

  it("a replayed delivery is rejected; a redelivery of the same event is a duplicate; neither changes anything", async () => {
    const { cart, clientloopId, orderId, paymentCollection } = await paidCheckout("usd");
    await sandbox.waitForEvents();
    const [event] = sandbox.events({ sessionId: clientloopId });
    // the original delivery's exact bytes and header, as captured: within the 300 s tolerance, so
    // the signature verifies, but this very delivery was already received
    const original = event!.attempts.at(-1)!.signature;
    const replay = await shop.postCallback(event!.callbackUrl!, event!.body, { "clientloop-signature": original });
    expect(replay.status).toBe(409);
    // ClientLoop's own redelivery (at least once) signs anew: acknowledged, nothing done twice
    const signedAt = Number(/t=(\d+)/.exec(original)![1]);
    const redelivery = await resend(event!, { timestamp: signedAt + 1 });
    expect(redelivery.status).toBe(200);
    expect(redelivery.body).toMatchObject({ received: true, duplicate: true });
    expect(await db.ordersOfCart(cart.id)).toEqual([orderId]);
    expect(await db.paymentsOf(paymentCollection.id)).toMatchObject([{ captures: "1", captured: "29.99" }]);
  });
});

describe("7. currencies", () => {
  it("JPY (0 decimals): 3500 yen exactly", async () => {
    const { cart, clientloopId, orderId, paymentCollection } = await paidCheckout("jpy");
    expect(cart.total).toBe(3500);
    expect(sandbox.getSession(clientloopId)).toMatchObject({ amount: "3500", currency: "JPY" });
    expect((await shop.order(orderId)).total).toBe(3500);
    expect(await db.paymentsOf(paymentCollection.id)).toMatchObject([{ amount: "3500", captured: "3500" }]);
  });

  it("KWD (3 decimals): 8.750 dinars exactly", async () => {
    const { cart, clientloopId, orderId, paymentCollection } = await paidCheckout("kwd");
    expect(cart.total).toBe(8.75);
    expect(sandbox.getSession(clientloopId)).toMatchObject({ amount: "8.75", currency: "KWD" });
    expect((await shop.order(orderId)).total).toBe(8.75);
    expect(await db.paymentsOf(paymentCollection.id)).toMatchObject([{ amount: "8.75", captured: "8.75" }]);
  });

  it("KWD with a third decimal (1.625) cannot be sent to ClientLoop: a clear error, nothing created, never rounded", async () => {
    const before = sandbox.requests().byOperation;
    const cart = await shop.cart("kwd", [{ variant: "sticker" }]);
    expect(cart.total).toBe(1.625);
    const r = await shop.initiateRaw(cart.id, shop.seed.providers.clientloop, { email: cart.email, cart_id: cart.id });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/KWD.*at most 2 decimals.*not rounded/);
    expect(callsSince(before)).toEqual({});
    expect((await shop.getCart(cart.id)).payment_collection.payment_sessions).toEqual([]);
  });
});

describe("8. twenty checkouts in parallel, events delivered twice and out of order", () => {
  it("each cart ends in exactly one order and one captured payment", async () => {
    const before = sandbox.requests().byOperation;
    const carts = await Promise.all(Array.from({ length: 20 }, (_, i) => shop.cart(i % 3 === 0 ? "jpy" : "usd")));
    const started = await Promise.all(carts.map((c) => shop.startClientLoop(c)));
    for (const s of started) sandbox.completeSession(s.clientloopId);
    // while ClientLoop delivers, duplicates of every event arrive, newest first, alongside
    await until(async () => started.every((s) => sandbox.events({ sessionId: s.clientloopId }).length === 1), { what: "events recorded" });
    const events = started.map((s) => sandbox.events({ sessionId: s.clientloopId })[0]!).reverse();
    const dupes = await Promise.all(events.map((e) => resend(e)));
    // 200: recorded or a duplicate; 409: signed in the same second as the genuine delivery, so
    // indistinguishable from a replay of it; 500: raced the genuine delivery's completion (retried)
    expect(dupes.every((d) => [200, 409, 500].includes(d.status))).toBe(true);
    const orders = await Promise.all(carts.map((c) => shop.waitForOrder(c.id, 120_000)));
    await sandbox.waitForEvents();
    // later redeliveries, signed after every genuine attempt: acknowledged duplicates
    const lastSignedAt = (e: (typeof events)[number]) => Math.max(...sandbox.events({ sessionId: e.sessionId })[0]!.attempts.map((a) => Number(/t=(\d+)/.exec(a.signature)![1])));
    const replays = await Promise.all(events.map((e) => resend(e, { timestamp: lastSignedAt(e) + 1 })));
    expect(replays.map((r) => r.status)).toEqual(events.map(() => 200));
    expect(replays.every((r) => r.body.duplicate === true)).toBe(true);

    for (const [i, cart] of carts.entries()) {
      expect(await db.ordersOfCart(cart.id)).toEqual([orders[i]]);
      const payments = await db.paymentsOf(started[i]!.paymentCollection.id);
      expect(payments).toHaveLength(1);
      expect(payments[0]).toMatchObject({ captures: "1", captured: String(cart.total) });
    }
    expect(new Set(orders).size).toBe(20);
    expect(callsSince(before)).toEqual({ createPaymentSession: 20 });
  });
});

describe("9. ClientLoop unavailable or slow while initiating", () => {
  it("503s: a clear error, no session on either side, and a retry works", async () => {
    const cart = await shop.cart("usd");
    const before = sandbox.requests().byOperation;
    const fault = sandbox.injectFault({ kind: "status", status: 503, retryAfter: 0, operationName: "createPaymentSession" });
    const r = await shop.initiateRaw(cart.id, shop.seed.providers.clientloop, { email: cart.email, cart_id: cart.id });
    sandbox.removeFault(fault.id);
    expect(r.status).toBe(500);
    expect(r.body.message).toMatch(/ClientLoop is unavailable right now.*try again/);
    expect((await shop.getCart(cart.id)).payment_collection.payment_sessions).toEqual([]);
    expect(sandbox.listSessions().filter((s) => s.contactRef?.contactEmail === cart.email)).toEqual([]);
    expect(callsSince(before).createPaymentSession).toBe(3); // 1 + 2 retries: 503 means "not processed"
    const retry = await shop.startClientLoop(cart);
    sandbox.completeSession(retry.clientloopId);
    expect(await shop.waitForOrder(cart.id)).toBeTruthy();
  });

  it("slow (timeout) and dropped-after-processing: a clear error, never retried blindly, no half state; a retry works", async () => {
    const cart = await shop.cart("usd");
    const before = sandbox.requests().byOperation;
    const slow = sandbox.injectFault({ kind: "latency", ms: 4000, operationName: "createPaymentSession", times: 1 });
    const r1 = await shop.initiateRaw(cart.id, shop.seed.providers.clientloop, { email: cart.email, cart_id: cart.id });
    sandbox.removeFault(slow.id);
    expect(r1.status).toBe(500);
    expect(r1.body.message).toMatch(/ClientLoop is unavailable right now/);
    sandbox.injectFault({ kind: "drop", when: "after", operationName: "createPaymentSession", times: 1 });
    const r2 = await shop.initiateRaw(cart.id, shop.seed.providers.clientloop, { email: cart.email, cart_id: cart.id });
    expect(r2.status).toBe(500);
    expect(r2.body.message).toMatch(/If a payment link was created it will expire unused/);
    // a create that may have succeeded is never repeated: exactly the two calls reach ClientLoop
    await until(async () => callsSince(before).createPaymentSession === 2, { what: "the slow request to be counted", timeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, 1500));
    expect(callsSince(before).createPaymentSession).toBe(2);
    expect((await shop.getCart(cart.id)).payment_collection.payment_sessions).toEqual([]);
    const retry = await shop.startClientLoop(cart);
    sandbox.completeSession(retry.clientloopId);
    const orderId = await shop.waitForOrder(cart.id);
    expect(await db.ordersOfCart(cart.id)).toEqual([orderId]);
  });
});

describe("resending the pay link", () => {
  it("store route sends to the session's contact, rate-limited; admin route can send elsewhere; both need their auth", async () => {
    const cart = await shop.cart("usd");
    const { session, clientloopId } = await shop.startClientLoop(cart);
    const path = `/store/clientloop/payment-sessions/${session.id}/send-link`;
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await shop.store("POST", path, { channel: "Email" })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await shop.store("POST", path, { channel: "Email", to: "someone@else.example" })).status).toBe(400);
    expect(sandbox.outbox({ sessionId: clientloopId }).map((m) => m.recipient)).toEqual([cart.email, cart.email, cart.email]);

    const adminPath = `/admin/clientloop/payment-sessions/${session.id}/send-link`;
    expect((await shop.request("POST", adminPath, { channel: "Phone", to: "+14155550100" })).status).toBe(401);
    const admin = await shop.admin("POST", adminPath, { channel: "Phone", to: "+14155550100" });
    expect(admin.status).toBe(200);
    expect(sandbox.outbox({ sessionId: clientloopId }).at(-1)).toMatchObject({ channel: "Phone", recipient: "+14155550100" });
  });
});

describe("refunds", () => {
  it("fail with a clear 'refund it in ClientLoop' error and change nothing", async () => {
    const { orderId, paymentCollection } = await paidCheckout("usd");
    const [payment] = await db.paymentsOf(paymentCollection.id);
    const r = await shop.admin("POST", `/admin/payments/${payment!.id}/refund`, { amount: 5 });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/refund this payment in the ClientLoop dashboard/);
    expect((await shop.order(orderId)).payment_collections[0].payments[0].refunds).toEqual([]);
  });
});

describe("configuration", () => {
  it("Medusa refuses to boot with missing or invalid provider options, naming them", async () => {
    const env = { ...stack.env, CLIENTLOOP_API_KEY: "", CLIENTLOOP_CALLBACK_BASE_URL: "not a url" };
    const error: Error = await runMedusa(["exec", "./src/scripts/noop.ts"], env, { timeoutMs: 120_000 }).then(
      () => new Error("booted"),
      (e: Error) => e,
    );
    expect(error.message).toMatch(/`apiKey` is required/);
    expect(error.message).toMatch(/`callbackBaseUrl` must be an absolute http\(s\) URL/);
    expect(error.message).not.toContain(sandbox.signingSecret);
  });
});
