/**
 * The provider and the plugin's ClientLoop module, without Medusa around them: against the real
 * sandbox over HTTP and the ledger on a real Postgres. Every method of Medusa's provider
 * contract, and the rule that only the ledger entry of the session id Medusa passes authorizes.
 */
import { startSandbox, type Sandbox } from "@clientloop/sandbox";
import { signPayload } from "@clientloop/core/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ClientLoopModuleService from "../src/modules/clientloop/service.js";
import { ClientLoopProviderService } from "../src/providers/clientloop/service.js";
import { startLedgerDb } from "./support/ledger-db.js";

let sandbox: Sandbox;
let db: Awaited<ReturnType<typeof startLedgerDb>>;
let clientloop: ClientLoopModuleService;
let provider: ClientLoopProviderService;
const silent = { info() {}, warn() {}, error() {}, debug() {} };
let n = 0;
const sid = () => `payses_01TEST${Date.now().toString(36).toUpperCase()}${(n++).toString().padStart(4, "0")}`;

beforeAll(async () => {
  [sandbox, db] = await Promise.all([
    startSandbox({ port: 0, events: { maxAttempts: 1, timeoutMs: 500 } }),
    startLedgerDb(),
  ]);
  clientloop = new ClientLoopModuleService(
    { logger: silent, __pg_connection__: db.knex },
    {
      apiKey: sandbox.apiKey,
      orgId: sandbox.orgId,
      baseUrl: sandbox.url,
      signingSecret: sandbox.signingSecret,
      successUrl: "https://shop.example/return?cart_id={cart_id}",
      callbackBaseUrl: "http://127.0.0.1:9",
      timeoutMs: 3000,
    },
  );
  provider = new ClientLoopProviderService({ logger: silent, clientloop }, {});
});
afterAll(async () => {
  await sandbox?.stop();
  await db?.stop();
});

async function initiate(amount: unknown = 29.99, currency = "usd", data: Record<string, unknown> = {}) {
  const session_id = sid();
  const out = await provider.initiatePayment({
    amount: amount as number,
    currency_code: currency,
    data: { email: "guest@example.com", cart_id: "cart_01ABCDEFGH", ...data },
    context: { idempotency_key: session_id },
  });
  return { session_id, out, data: out.data as Record<string, any> };
}

/** What the callback route does with ClientLoop's delivery of a session's event. */
async function deliver(clientloopId: string) {
  await sandbox.waitForEvents();
  const event = sandbox.events({ sessionId: clientloopId }).at(-1)!;
  const url = new URL(event.callbackUrl!);
  return await clientloop.receiveDelivery({
    sessionId: url.searchParams.get("session_id"),
    token: url.searchParams.get("token"),
    rawBody: event.body,
    signature: signPayload({ payload: event.body, secret: sandbox.signingSecret }),
  });
}

describe("options", () => {
  it("the provider takes none: they belong to the plugin entry", () => {
    expect(() => ClientLoopProviderService.validateOptions({})).not.toThrow();
    expect(() => ClientLoopProviderService.validateOptions({ apiKey: "x" })).toThrow(
      /Move them .* to the plugin entry/,
    );
  });

  it("without the payment module's dependency on the plugin's module, every call says how to fix it", async () => {
    const lonely = new ClientLoopProviderService({ logger: silent }, {});
    await expect(lonely.authorizePayment({ data: {}, context: { idempotency_key: sid() } })).rejects.toThrow(
      /dependencies: \["clientloop"\]/,
    );
  });
});

describe("initiatePayment", () => {
  it("creates one ClientLoop session with the exact amount, contact, transactionRef and URLs, recorded in the ledger", async () => {
    const before = sandbox.requests().byOperation.createPaymentSession ?? 0;
    const { session_id, out, data } = await initiate("29.99", "usd", { junk: "x", session_id: "payses_forged" });
    expect((sandbox.requests().byOperation.createPaymentSession ?? 0) - before).toBe(1);
    const remote = sandbox.getSession(out.id)!;
    expect(remote).toMatchObject({
      amount: "29.99",
      currency: "USD",
      transactionRef: session_id,
      successUrl: "https://shop.example/return?cart_id=cart_01ABCDEFGH",
    });
    expect(remote.contactRef?.contactEmail).toBe("guest@example.com");
    expect(out.status).toBe("requires_more");
    expect(JSON.parse(JSON.stringify(data))).toEqual({
      session_id,
      link: remote.link,
      expires_at: remote.expirationDate,
    });
    expect(await clientloop.ledger.bySessionId(session_id)).toMatchObject({
      status: "Active",
      clientloop_session_id: out.id,
      amount: "29.99",
      currency_code: "USD",
      link: remote.link,
    });
  });

  it("is exact in JPY and KWD and refuses what ClientLoop cannot carry, without calling it", async () => {
    expect(sandbox.getSession((await initiate({ value: "3500", precision: 20 }, "jpy")).out.id)).toMatchObject({
      amount: "3500",
      currency: "JPY",
    });
    expect(sandbox.getSession((await initiate("8.750", "kwd")).out.id)).toMatchObject({
      amount: "8.75",
      currency: "KWD",
    });
    const before = sandbox.requests().total;
    await expect(initiate(10.5, "jpy")).rejects.toThrow(/JPY/);
    await expect(initiate("1.625", "kwd")).rejects.toThrow(/at most 2 decimals/);
    await expect(initiate(29.99, "usd", { cart_id: undefined })).rejects.toThrow(/data\.cart_id is required/);
    await expect(initiate(29.99, "usd", { email: "not-an-email" })).rejects.toThrow(/data\.email/);
    expect(sandbox.requests().total).toBe(before);
  });

  it("a ClientLoop outage is a clear error and leaves nothing in the ledger", async () => {
    const fault = sandbox.injectFault({
      kind: "status",
      status: 503,
      retryAfter: 0,
      operationName: "createPaymentSession",
    });
    const session_id = sid();
    await expect(
      provider.initiatePayment({
        amount: 10,
        currency_code: "usd",
        data: { cart_id: "cart_01ABCDEFGH" },
        context: { idempotency_key: session_id },
      }),
    ).rejects.toThrow(/ClientLoop is unavailable right now/);
    sandbox.removeFault(fault.id);
    expect(await clientloop.ledger.bySessionId(session_id)).toBeUndefined();
  });
});

describe("authorizePayment and getPaymentStatus", () => {
  it("requires_more until the verified Completed event; then captured — for exactly that session id", async () => {
    const { session_id, out, data } = await initiate();
    expect((await provider.authorizePayment({ data, context: { idempotency_key: session_id } })).status).toBe(
      "requires_more",
    );
    sandbox.completeSession(out.id);
    expect(await deliver(out.id)).toMatchObject({ status: 200 });
    expect((await provider.authorizePayment({ data, context: { idempotency_key: session_id } })).status).toBe(
      "captured",
    );
    // the same data under another session id (a copy) authorizes nothing
    const other = await initiate();
    expect((await provider.authorizePayment({ data, context: { idempotency_key: other.session_id } })).status).toBe(
      "requires_more",
    );
    expect(
      (await provider.authorizePayment({ data: { ...data, clientloop: { status: "Completed" } }, context: {} })).status,
    ).toBe("pending");
    expect(
      (await provider.getPaymentStatus({ data: {}, context: { idempotency_key: "payses_unknown000000" } })).status,
    ).toBe("pending");
  });

  it("the data it returns comes from the ledger: what the shopper wrote is never written back", async () => {
    const { session_id, out, data } = await initiate();
    const remote = sandbox.getSession(out.id)!;
    const stored = { session_id, link: remote.link, expires_at: remote.expirationDate };
    expect(JSON.parse(JSON.stringify(data))).toEqual(stored);
    // what Medusa passes when the cart is completed: the session's stored data, here shopper-written
    const forged = { ...data, link: "https://evil.example/pay", clientloop: { status: "Completed" }, amount: 1 };
    const status = await provider.getPaymentStatus({ data: forged, context: { idempotency_key: session_id } });
    expect(JSON.parse(JSON.stringify(status.data))).toEqual(stored);
    // no ClientLoop session yet (still being created, or never): nothing of the request's data is kept
    const none = await provider.authorizePayment({
      data: forged,
      context: { idempotency_key: "payses_unknown000001" },
    });
    expect(none.status).toBe("pending");
    expect(JSON.parse(JSON.stringify(none.data))).toEqual({});
  });

  it("Expired → error, Canceled → canceled", async () => {
    const expired = await initiate();
    sandbox.expireSession(expired.out.id);
    await deliver(expired.out.id);
    expect(
      (await provider.getPaymentStatus({ data: expired.data, context: { idempotency_key: expired.session_id } }))
        .status,
    ).toBe("error");
    const canceled = await initiate();
    sandbox.cancelSession(canceled.out.id);
    await deliver(canceled.out.id);
    expect(
      (await provider.getPaymentStatus({ data: canceled.data, context: { idempotency_key: canceled.session_id } }))
        .status,
    ).toBe("canceled");
  });
});

describe("deletePayment (the cart changed)", () => {
  it("cancels the superseded ClientLoop session; data without its link cancels nothing", async () => {
    const { session_id, out, data } = await initiate();
    const victim = await initiate();
    await provider.deletePayment({ data: { session_id: victim.session_id } });
    expect(sandbox.getSession(victim.out.id)!.status).toBe("Active");
    await provider.deletePayment({ data });
    expect(sandbox.getSession(out.id)!.status).toBe("Canceled");
    expect(await clientloop.ledger.bySessionId(session_id)).toMatchObject({ cancel_state: "confirmed" });
  });

  it("never throws, and records a failed cancel for the background retry", async () => {
    const { session_id, out, data } = await initiate();
    const fault = sandbox.injectFault({ kind: "status", status: 500, operationName: "updatePaymentSession", times: 1 });
    await expect(provider.deletePayment({ data })).resolves.toBeDefined();
    sandbox.removeFault(fault.id);
    expect(sandbox.getSession(out.id)!.status).toBe("Active");
    const row = await clientloop.ledger.bySessionId(session_id);
    expect(row).toMatchObject({ cancel_state: "pending", cancel_attempts: 1 });
    await clientloop.cancel(row!);
    expect(sandbox.getSession(out.id)!.status).toBe("Canceled");
  });
});

describe("the rest of the contract", () => {
  it("capture is a no-op, refunds say where to go, webhooks on Medusa's generic route are ignored", async () => {
    const { data } = await initiate();
    expect(await provider.capturePayment({ data })).toEqual({ data });
    await expect(provider.refundPayment({ amount: 1, data })).rejects.toThrow(
      /refund this payment in the ClientLoop dashboard/,
    );
    expect(await provider.getWebhookActionAndData()).toEqual({ action: "not_supported" });
    expect(await provider.createAccountHolder({ context: { customer: { id: "cus_1" } } } as never)).toEqual({
      id: "cus_1",
      data: {},
    });
  });

  it("updatePayment changes the amount at ClientLoop only when it changed", async () => {
    const { session_id, out, data } = await initiate();
    const before = sandbox.requests().byOperation.updatePaymentSession ?? 0;
    await provider.updatePayment({ amount: 29.99, currency_code: "usd", data });
    expect((sandbox.requests().byOperation.updatePaymentSession ?? 0) - before).toBe(0);
    await provider.updatePayment({ amount: 31, currency_code: "usd", data });
    expect(sandbox.getSession(out.id)!.amount).toBe("31.00");
    expect((await clientloop.ledger.bySessionId(session_id))!.amount).toBe("31.00");
  });
});

describe("sendLink", () => {
  it("sends through ClientLoop to the given recipient, and refuses a session that cannot be paid", async () => {
    const { session_id, out } = await initiate();
    const row = (await clientloop.ledger.bySessionId(session_id))!;
    await clientloop.sendLink(row, "Email", "someone@example.com");
    expect(sandbox.outbox({ sessionId: out.id }).map((m) => m.recipient)).toEqual(["someone@example.com"]);
    sandbox.completeSession(out.id);
    await deliver(out.id);
    await expect(
      clientloop.sendLink((await clientloop.ledger.bySessionId(session_id))!, "Email", undefined),
    ).rejects.toThrow(/can no longer be paid/);
  });
});
