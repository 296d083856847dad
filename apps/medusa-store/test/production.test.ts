/**
 * The store on Medusa's production topology (scripts/stack/production.mjs): one `medusa build`,
 * two `server` instances and one `worker`, on one Postgres and one Redis (Medusa's Redis event
 * bus, workflow engine, locking and caching modules). ClientLoop's callbacks go to server A; the
 * storefront talks to server B. Booted once for the whole file: building and starting three
 * processes takes minutes on a busy machine.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { startSandbox, type Sandbox } from "@clientloop/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM module without types
import { runMedusa, startStack } from "../scripts/stack.mjs";
import { Db } from "./support/db.js";
import { Shop, until } from "./support/shop.js";
import {
  logLines,
  portClosed,
  refused,
  settledOrder,
  type MedusaInstance,
  type ProductionStack,
} from "./support/topology.js";

let sandbox: Sandbox;
let stack: ProductionStack;
let serverA: MedusaInstance;
let serverB: MedusaInstance;
let worker: MedusaInstance;
/** The storefront's side: server B. */
let shopB: Shop;
let db: Db;

/** Lines in which Medusa's Redis event bus reports handling an event: only a worker does that. */
const EVENT_PROCESSED = /"message":"(Processing|Retrying) [\w.-]+/;

beforeAll(async () => {
  // Redeliveries every ≤ 5 s for minutes: a callback that finds server A down reaches it once it is back.
  sandbox = await startSandbox({ port: 0, events: { backoffMs: 500, maxBackoffMs: 5_000, maxAttempts: 100 } });
  stack = await startStack({ profile: "production", sandbox, env: { CLIENTLOOP_TIMEOUT_MS: "5000" } });
  [serverA, serverB] = stack.servers;
  worker = stack.worker;
  shopB = new Shop(serverB.url, stack.seed, sandbox);
  db = new Db(stack.databaseUrl);
  await db.connect();
}, 900_000);

afterAll(async () => {
  await db?.end().catch(() => {});
  await stack?.stop();
  await sandbox?.stop();
  if (!stack) return;
  // nothing left behind: no instance answers, the build is removed, the private Redis is gone
  for (const instance of stack.instances) expect(await refused(`${instance.url}/health`)).toBe(true);
  expect(existsSync(stack.buildDir)).toBe(false);
  if (!process.env.REDIS_URL) expect(await portClosed(stack.redisUrl)).toBe(true);
}, 120_000);

describe("the production topology", () => {
  it("two servers and a worker, started from one production build, each with its own role", async () => {
    expect(stack.callbackBaseUrl).toBe(serverA.url);
    expect(stack.medusaUrl).toBe(serverB.url);
    expect(new Set(stack.instances.map((i) => i.port)).size).toBe(3);
    expect([serverA.mode, serverB.mode, worker.mode]).toEqual(["server", "server", "worker"]);
    for (const instance of stack.instances) expect((await fetch(`${instance.url}/health`)).status).toBe(200);

    for (const server of stack.servers) {
      // the Store API, and the admin dashboard as `medusa build` bundled it (not a dev server)
      expect((await new Shop(server.url, stack.seed, sandbox).store("GET", "/store/regions")).status).toBe(200);
      const admin = await fetch(`${server.url}/app`);
      expect(admin.status).toBe(200);
      expect(await admin.text()).toMatch(/<script type="module"[^>]* src="\/app\/assets\/[^"]+\.js"/);
    }
    // the worker serves no API and no admin: only /health
    expect((await fetch(`${worker.url}/store/regions`)).status).toBe(404);
    expect((await fetch(`${worker.url}/app`)).status).toBe(404);
  });

  it("an admin session made on server A holds on server B (sessions in Redis)", async () => {
    const email = `admin+${randomBytes(3).toString("hex")}@clientloop.test`;
    const password = randomBytes(12).toString("base64url");
    await runMedusa(["user", "-e", email, "-p", password], stack.env, { cwd: stack.buildDir, timeoutMs: 180_000 });
    const login = await fetch(`${serverA.url}/auth/user/emailpass`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    // as behind a TLS-terminating load balancer: in production Medusa sets only Secure cookies,
    // and only on requests that came over HTTPS (it trusts one proxy hop)
    const session = await fetch(`${serverA.url}/auth/session`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "x-forwarded-proto": "https" },
    });
    expect(session.status).toBe(200);
    const cookie = session.headers.getSetCookie().find((c) => c.startsWith("connect.sid="));
    expect(cookie).toMatch(/; Secure/);
    const me = await fetch(`${serverB.url}/admin/users/me`, { headers: { cookie: cookie!.split(";")[0]! } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe(email);
  });
});

describe("the ClientLoop provider on every instance", () => {
  it("each server creates ClientLoop sessions; callbacks always point at server A", async () => {
    for (const server of stack.servers) {
      const shop = new Shop(server.url, stack.seed, sandbox);
      const cart = await shop.cart("usd");
      const { session, clientloopId } = await shop.startClientLoop(cart);
      const remote = sandbox.getSession(clientloopId)!;
      expect(remote).toMatchObject({ status: "Active", amount: "29.99", currency: "USD", transactionRef: session.id });
      expect(remote.callbackUrl!.startsWith(`${serverA.url}/`)).toBe(true);
    }
  });

  it("the worker has the provider: a payment webhook received by server B is handed to it there", async () => {
    const notFound = (id: string) => logLines(worker, new RegExp(`payment provider with id: ${id}\\b`));
    const processed = () => logLines(worker, /"message":"Processing payment\.webhook_received/).length;
    const before = processed();
    // Medusa's own webhook route only queues the event (due after its `webhook_delay`, 5 s); the
    // worker's payment-webhook subscriber then resolves the provider and asks it to verify the
    // body (this unsigned one fails verification; what matters is who handles it, and where).
    const post = (provider: string) =>
      fetch(`${serverB.url}/hooks/payment/${provider}`, {
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
    for (const server of stack.servers) expect(logLines(server, EVENT_PROCESSED)).toEqual([]);
  });
});

describe("a checkout across the instances", () => {
  it("started on server B, paid, called back on server A: one order, one capture for the exact total", async () => {
    const cart = await shopB.cart("usd", [{ variant: "tee", quantity: 2 }]);
    expect(cart.total).toBe(49.98);
    const { paymentCollection, clientloopId } = await shopB.startClientLoop(cart);
    const paid = await shopB.payOnHostedPage(sandbox.getSession(clientloopId)!.link!);
    expect(paid.status).toBe(303);
    expect(paid.location).toContain(`cart_id=${cart.id}`);

    const orderId = await settledOrder(db, cart.id, paymentCollection.id);
    await sandbox.waitForEvents();
    // the return page, on server B, finds the same order
    const complete = await shopB.complete(cart.id);
    expect(complete.body).toMatchObject({ type: "order", order: { id: orderId } });

    const events = sandbox.events({ sessionId: clientloopId });
    expect(events.map((e) => e.type)).toEqual(["payment_session.completed"]);
    expect(events[0]!.callbackUrl!.startsWith(`${serverA.url}/`)).toBe(true);
    expect(events[0]!.deliveryStatus).toBe("delivered");
    expect(await db.ordersOfCart(cart.id)).toEqual([orderId]);
    const payments = await db.paymentsOf(paymentCollection.id);
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ amount: "49.98", captures: "1", captured: "49.98" });
    expect((await shopB.order(orderId)).total).toBe(49.98);
  });

  it("events are handled on the worker, never on a server; scheduled jobs are loaded only there", async () => {
    await until(async () => logLines(worker, /Processing order\.placed/).length > 0, {
      timeoutMs: 60_000,
      what: "order.placed on the worker",
    });
    // a subscriber really ran there for the checkout (the plugin's settling of a paid session, say)
    const withSubscribers = logLines(worker, /"message":"Processing [\w.-]+ .*which has [1-9]\d* subscribers/).filter(
      (l) => !l.includes("payment.webhook_received"),
    );
    expect(withSubscribers.length).toBeGreaterThan(0);
    for (const server of stack.servers) {
      expect(logLines(server, EVENT_PROCESSED)).toEqual([]);
      expect(logLines(server, /job to load|jobs? loaded/i)).toEqual([]);
    }
    expect(logLines(worker, /job to load|jobs? loaded/i).length).toBeGreaterThan(0);
  });
});

describe("an instance killed and restarted", () => {
  it("server A down after the payment: server B keeps selling; A back, the callback lands and the order appears once", async () => {
    const cart = await shopB.cart("usd");
    const { paymentCollection, clientloopId } = await shopB.startClientLoop(cart);

    await serverA.kill(); // SIGKILL: a crash, not a graceful shutdown
    expect(serverA.running()).toBe(false);
    expect(await refused(`${serverA.url}/health`)).toBe(true);
    expect((await shopB.getCart(cart.id)).id).toBe(cart.id); // B is unaffected

    expect((await shopB.payOnHostedPage(sandbox.getSession(clientloopId)!.link!)).status).toBe(303);
    await until(async () => sandbox.events({ sessionId: clientloopId })[0]?.attempts.some((a) => a.error), {
      timeoutMs: 30_000,
      what: "a delivery to the dead server",
    });
    expect(await db.ordersOfCart(cart.id)).toEqual([]);

    await serverA.restart();
    expect(serverA.running()).toBe(true);
    expect((await fetch(`${serverA.url}/health`)).status).toBe(200);
    const orderId = await settledOrder(db, cart.id, paymentCollection.id);
    await sandbox.waitForEvents();

    const [event] = sandbox.events({ sessionId: clientloopId });
    expect(event!.deliveryStatus).toBe("delivered");
    expect(event!.attempts.at(-1)!.status).toBe(200);
    expect(event!.attempts.filter((a) => a.status === 200)).toHaveLength(1);
    expect(await db.ordersOfCart(cart.id)).toEqual([orderId]);
    expect(await db.paymentsOf(paymentCollection.id)).toMatchObject([
      { amount: "29.99", captures: "1", captured: "29.99" },
    ]);
    // and the restarted A serves the store again
    expect((await new Shop(serverA.url, stack.seed, sandbox).getCart(cart.id)).id).toBe(cart.id);
    expect(sandbox.getSession(clientloopId)?.status).toBe("Completed");
  });
});
