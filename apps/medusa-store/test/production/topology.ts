/**
 * The topology itself: each instance in its role, the provider on every instance, and a checkout
 * that crosses them (started on server B, called back on server A, settled on the worker).
 */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM module without types
import { runMedusa } from "../../scripts/stack.mjs";
import { prod } from "../support/production-context.js";
import { Shop, until } from "../support/shop.js";
import { logLines, settledOrder } from "../support/topology.js";

/** Lines in which Medusa's Redis event bus reports handling an event: only a worker does that. */
const EVENT_PROCESSED = /"message":"(Processing|Retrying) [\w.-]+/;

describe("the production topology", () => {
  it("two servers and a worker, started from one production build, each with its own role", async () => {
    expect(prod.stack.callbackBaseUrl).toBe(prod.serverA.url);
    expect(prod.stack.medusaUrl).toBe(prod.serverB.url);
    expect(new Set(prod.stack.instances.map((i) => i.port)).size).toBe(3);
    expect([prod.serverA.mode, prod.serverB.mode, prod.worker.mode]).toEqual(["server", "server", "worker"]);
    for (const instance of prod.stack.instances) expect((await fetch(`${instance.url}/health`)).status).toBe(200);

    for (const server of prod.stack.servers) {
      // the Store API, and the admin dashboard as `medusa build` bundled it (not a dev server)
      expect((await new Shop(server.url, prod.stack.seed, prod.sandbox).store("GET", "/store/regions")).status).toBe(
        200,
      );
      const admin = await fetch(`${server.url}/app`);
      expect(admin.status).toBe(200);
      expect(await admin.text()).toMatch(/<script type="module"[^>]* src="\/app\/assets\/[^"]+\.js"/);
    }
    // the worker serves no API and no admin: only /health
    expect((await fetch(`${prod.worker.url}/store/regions`)).status).toBe(404);
    expect((await fetch(`${prod.worker.url}/app`)).status).toBe(404);
  });

  it("an admin session made on server A holds on server B (sessions in Redis)", async () => {
    const email = `admin+${randomBytes(3).toString("hex")}@clientloop.test`;
    const password = randomBytes(12).toString("base64url");
    await runMedusa(["user", "-e", email, "-p", password], prod.stack.env, {
      cwd: prod.stack.buildDir,
      timeoutMs: 180_000,
    });
    const login = await fetch(`${prod.serverA.url}/auth/user/emailpass`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    // as behind a TLS-terminating load balancer: in production Medusa sets only Secure cookies,
    // and only on requests that came over HTTPS (it trusts one proxy hop)
    const session = await fetch(`${prod.serverA.url}/auth/session`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "x-forwarded-proto": "https" },
    });
    expect(session.status).toBe(200);
    const cookie = session.headers.getSetCookie().find((c) => c.startsWith("connect.sid="));
    expect(cookie).toMatch(/; Secure/);
    const me = await fetch(`${prod.serverB.url}/admin/users/me`, { headers: { cookie: cookie!.split(";")[0]! } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe(email);
  });
});

describe("the ClientLoop provider on every instance", () => {
  it("each server creates ClientLoop sessions; callbacks always point at server A", async () => {
    for (const server of prod.stack.servers) {
      const shop = new Shop(server.url, prod.stack.seed, prod.sandbox);
      const cart = await shop.cart("usd");
      const { session, clientloopId } = await shop.startClientLoop(cart);
      const remote = prod.sandbox.getSession(clientloopId)!;
      expect(remote).toMatchObject({ status: "Active", amount: "29.99", currency: "USD", transactionRef: session.id });
      expect(remote.callbackUrl!.startsWith(`${prod.serverA.url}/`)).toBe(true);
    }
  });

  it("the worker has the provider: a payment webhook received by server B is handed to it there", async () => {
    const notFound = (id: string) => logLines(prod.worker, new RegExp(`payment provider with id: ${id}\\b`));
    const processed = () => logLines(prod.worker, /"message":"Processing payment\.webhook_received/).length;
    const before = processed();
    // Medusa's own webhook route only queues the event (due after its `webhook_delay`, 5 s); the
    // worker's payment-webhook subscriber then resolves the provider and asks it to verify the
    // body (this unsigned one fails verification; what matters is who handles it, and where).
    const post = (provider: string) =>
      fetch(`${prod.serverB.url}/hooks/payment/${provider}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
    expect((await post("clientloop_clientloop")).status).toBe(200);
    // the control: a provider no instance has, queued after ours (due later, handled after it)
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await post("nobody_nobody")).status).toBe(200);
    await until(async () => processed() >= before + 2 && notFound("pp_nobody_nobody").length > 0, {
      timeoutMs: 120_000,
      what: "the worker to handle both webhooks",
    });
    expect(notFound("pp_clientloop_clientloop")).toEqual([]);
    for (const server of prod.stack.servers) expect(logLines(server, EVENT_PROCESSED)).toEqual([]);
  });
});

describe("a checkout across the instances", () => {
  it("started on server B, paid, called back on server A: one order, one capture for the exact total", async () => {
    const cart = await prod.shopB.cart("usd", [{ variant: "tee", quantity: 2 }]);
    expect(cart.total).toBe(49.98);
    const { paymentCollection, clientloopId } = await prod.shopB.startClientLoop(cart);
    const paid = await prod.shopB.payOnHostedPage(prod.sandbox.getSession(clientloopId)!.link!);
    expect(paid.status).toBe(303);
    expect(paid.location).toContain(`cart_id=${cart.id}`);

    const orderId = await settledOrder(prod.db, cart.id, paymentCollection.id);
    await prod.sandbox.waitForEvents();
    // the return page, on server B, finds the same order
    const complete = await prod.shopB.complete(cart.id);
    expect(complete.body).toMatchObject({ type: "order", order: { id: orderId } });

    const events = prod.sandbox.events({ sessionId: clientloopId });
    expect(events.map((e) => e.type)).toEqual(["payment_session.completed"]);
    expect(events[0]!.callbackUrl!.startsWith(`${prod.serverA.url}/`)).toBe(true);
    expect(events[0]!.deliveryStatus).toBe("delivered");
    expect(await prod.db.ordersOfCart(cart.id)).toEqual([orderId]);
    const payments = await prod.db.paymentsOf(paymentCollection.id);
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ amount: "49.98", captures: "1", captured: "49.98" });
    expect((await prod.shopB.order(orderId)).total).toBe(49.98);
  });

  it("events are handled on the worker, never on a server; scheduled jobs are loaded only there", async () => {
    await until(async () => logLines(prod.worker, /Processing order\.placed/).length > 0, {
      timeoutMs: 60_000,
      what: "order.placed on the worker",
    });
    // a subscriber really ran there for the checkout (the plugin's settling of a paid session, say)
    const withSubscribers = logLines(
      prod.worker,
      /"message":"Processing [\w.-]+ .*which has [1-9]\d* subscribers/,
    ).filter((l) => !l.includes("payment.webhook_received"));
    expect(withSubscribers.length).toBeGreaterThan(0);
    for (const server of prod.stack.servers) {
      expect(logLines(server, EVENT_PROCESSED)).toEqual([]);
      expect(logLines(server, /job to load|jobs? loaded/i)).toEqual([]);
    }
    expect(logLines(prod.worker, /job to load|jobs? loaded/i).length).toBeGreaterThan(0);
  });
});
