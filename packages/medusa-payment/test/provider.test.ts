/**
 * The provider class on its own, against the real ClientLoop sandbox over HTTP: every method of
 * the Medusa contract, the callback verification and the call counts.
 */
import { startSandbox, type Sandbox } from "@clientloop/sandbox";
import { signPayload } from "@clientloop/core/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientLoopProviderService, SESSION_ID_HEADER, TOKEN_HEADER } from "../src/providers/clientloop/service.js";

let sandbox: Sandbox;
let provider: ClientLoopProviderService;
const silent = { info() {}, warn() {}, error() {}, debug() {} };
let n = 0;
const sid = () => `payses_01TEST${Date.now().toString(36).toUpperCase()}${(n++).toString().padStart(4, "0")}`;

function options(extra: Record<string, unknown> = {}) {
  return {
    apiKey: sandbox.apiKey,
    orgId: sandbox.orgId,
    baseUrl: sandbox.url,
    signingSecret: sandbox.signingSecret,
    successUrl: "https://shop.example/return?cart_id={cart_id}",
    callbackBaseUrl: "http://127.0.0.1:9",
    timeoutMs: 3000,
    ...extra,
  };
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, events: { maxAttempts: 1, timeoutMs: 500 } });
  provider = new ClientLoopProviderService({ logger: silent }, options() as never);
});
afterAll(async () => sandbox?.stop());

async function initiate(amount: unknown = 29.99, currency = "usd", data: Record<string, unknown> = {}) {
  const session_id = sid();
  const out = await provider.initiatePayment({ amount: amount as number, currency_code: currency, data: { session_id, email: "guest@example.com", cart_id: "cart_01ABCDEFGH", ...data }, context: { idempotency_key: session_id } });
  return { session_id, out, data: out.data as Record<string, any> };
}

/** A signed Completed event for a session, with the callback token our route would pass. */
async function completedEvent(clientloopId: string) {
  sandbox.completeSession(clientloopId);
  await sandbox.waitForEvents();
  const event = sandbox.events({ sessionId: clientloopId })[0]!;
  const url = new URL(event.callbackUrl!);
  return {
    event,
    headers: {
      "clientloop-signature": signPayload({ payload: event.body, secret: sandbox.signingSecret }),
      [SESSION_ID_HEADER]: url.searchParams.get("session_id")!,
      [TOKEN_HEADER]: url.searchParams.get("token")!,
    },
  };
}

describe("validateOptions", () => {
  it("fails at boot with the option's name", () => {
    expect(() => ClientLoopProviderService.validateOptions({ ...options(), orgId: undefined })).toThrow(/orgId/);
    expect(() => ClientLoopProviderService.validateOptions(options())).not.toThrow();
  });
});

describe("initiatePayment", () => {
  it("creates one ClientLoop session with the exact amount, contact, transactionRef, URLs", async () => {
    const before = sandbox.requests().byOperation.createPaymentSession ?? 0;
    const { session_id, out, data } = await initiate("29.99", "usd", { junk: "x" });
    expect((sandbox.requests().byOperation.createPaymentSession ?? 0) - before).toBe(1);
    const remote = sandbox.getSession(out.id)!;
    expect(remote).toMatchObject({ amount: "29.99", currency: "USD", transactionRef: session_id, successUrl: "https://shop.example/return?cart_id=cart_01ABCDEFGH" });
    expect(remote.contactRef?.contactEmail).toBe("guest@example.com");
    expect(out.status).toBe("pending");
    expect(JSON.parse(JSON.stringify(data))).toEqual({
      session_id,
      clientloop_session_id: out.id,
      link: remote.link,
      expires_at: remote.expirationDate,
      amount: "29.99",
      currency: "USD",
      contact_digest: expect.any(String),
      clientloop: null,
    });
  });

  it("JPY and KWD amounts are exact; a third KWD decimal is refused before any call", async () => {
    expect((await initiate(3500, "jpy")).data.amount).toBe("3500");
    expect((await initiate({ value: "8.750", precision: 20 }, "kwd")).data.amount).toBe("8.75");
    const before = sandbox.requests().total;
    await expect(initiate(1.625, "kwd")).rejects.toThrow(/KWD.*not rounded/);
    await expect(initiate(10.5, "jpy")).rejects.toThrow(/JPY/);
    expect(sandbox.requests().total).toBe(before);
  });

  it("turns ClientLoop outages into a clear retryable error", async () => {
    const fault = sandbox.injectFault({ kind: "status", status: 503, retryAfter: 0, operationName: "createPaymentSession" });
    await expect(initiate()).rejects.toThrow(/ClientLoop is unavailable right now \(SERVICE_UNAVAILABLE\).*try again/);
    sandbox.removeFault(fault.id);
  });
});

describe("updatePayment", () => {
  it("does nothing when nothing changed, updates ClientLoop when the amount changes", async () => {
    const { session_id, out, data } = await initiate(29.99);
    const before = sandbox.requests().byOperation.updatePaymentSession ?? 0;
    const same = await provider.updatePayment({ amount: 29.99, currency_code: "usd", data, context: {} });
    expect((sandbox.requests().byOperation.updatePaymentSession ?? 0) - before).toBe(0);
    expect((same.data as any).amount).toBe("29.99");
    const changed = await provider.updatePayment({ amount: "38.49", currency_code: "usd", data, context: {} });
    expect((sandbox.requests().byOperation.updatePaymentSession ?? 0) - before).toBe(1);
    expect((changed.data as any)).toMatchObject({ amount: "38.49", session_id });
    expect(sandbox.getSession(out.id)!.amount).toBe("38.49");
  });
});

describe("callbacks, authorization and status", () => {
  it("a verified Completed event maps to SUCCESSFUL in major units, and its record authorizes as captured", async () => {
    const { session_id, out, data } = await initiate(29.99);
    expect((await provider.authorizePayment({ data })).status).toBe("pending");
    const { event, headers } = await completedEvent(out.id);
    const result = await provider.getWebhookActionAndData({ data: JSON.parse(event.body), rawData: Buffer.from(event.body), headers });
    expect(result.action).toBe("captured");
    expect(result.data).toMatchObject({ session_id, amount: "29.99" });
    const record = (result.data as any).clientloop;
    expect(record).toMatchObject({ status: "Completed", amount: "29.99", currency: "USD", clientloop_session_id: out.id });
    const paid = { ...data, clientloop: record };
    expect(await provider.authorizePayment({ data: paid })).toMatchObject({ status: "captured" });
    expect(await provider.getPaymentStatus({ data: paid })).toMatchObject({ status: "captured" });
    // the same record under another amount, or forged, is not believed
    expect((await provider.authorizePayment({ data: { ...paid, amount: "1.00" } })).status).toBe("pending");
    expect((await provider.authorizePayment({ data: { ...data, clientloop: { ...record, status: "Completed", event_id: "evt_other" } } })).status).toBe("pending");
    // paid: updates and cancels no longer call ClientLoop
    const before = sandbox.requests().total;
    expect((await provider.updatePayment({ amount: 29.99, currency_code: "usd", data: paid, context: {} })).status).toBe("captured");
    await provider.deletePayment({ data: paid });
    expect(sandbox.requests().total).toBe(before);
  });

  it("rejects a missing token, another session's token, a bad signature and a foreign org", async () => {
    const a = await initiate();
    const b = await initiate();
    const { event, headers } = await completedEvent(a.out.id);
    const rawData = Buffer.from(event.body);
    const call = (h: Record<string, string>, raw: Buffer | string = rawData) => provider.getWebhookActionAndData({ data: {}, rawData: raw, headers: h });
    await expect(call({ ...headers, [TOKEN_HEADER]: "" })).rejects.toThrow(/token/);
    const bToken = new URL(sandbox.getSession(b.out.id)!.callbackUrl!).searchParams.get("token")!;
    await expect(call({ ...headers, [SESSION_ID_HEADER]: b.session_id, [TOKEN_HEADER]: bToken })).rejects.toThrow(/another payment session/);
    await expect(call({ ...headers, "clientloop-signature": signPayload({ payload: event.body, secret: "whsec_wrong_secret_0000" }) })).rejects.toThrow(/SIGNATURE_MISMATCH/);
    const foreign = event.body.replace(`"orgId":"${sandbox.orgId}"`, '"orgId":"org_other"');
    await expect(call({ ...headers, "clientloop-signature": signPayload({ payload: foreign, secret: sandbox.signingSecret }) }, foreign)).rejects.toThrow(/another payment session/);
  });
});

describe("capture, refund, cancel, delete, retrieve", () => {
  it("capture is a no-op, refund is refused unless manual mode, delete cancels the link at ClientLoop", async () => {
    const { out, data } = await initiate();
    expect(await provider.capturePayment({ data })).toEqual({ data });
    await expect(provider.refundPayment({ amount: 5, data })).rejects.toThrow(/refund this payment in the ClientLoop dashboard/);
    const manual = new ClientLoopProviderService({ logger: silent }, options({ refundMode: "manual" }) as never);
    expect(await manual.refundPayment({ amount: 5, data })).toEqual({ data });
    expect((await provider.retrievePayment({ data })).data).toMatchObject({ clientloop_session_id: out.id });
    await provider.deletePayment({ data });
    expect(sandbox.getSession(out.id)!.status).toBe("Canceled");
    await expect(provider.deletePayment({ data })).resolves.toBeTruthy(); // already canceled: no throw
    await expect(provider.cancelPayment({ data })).resolves.toBeTruthy();
  });

  it("sends the link by email to the session's contact", async () => {
    const { out, data } = await initiate();
    expect(await provider.sendLink(data, "Email")).toMatchObject({ success: true });
    expect(sandbox.outbox({ sessionId: out.id })).toMatchObject([{ channel: "Email", recipient: "guest@example.com" }]);
    await expect(provider.sendLink(data, "Phone")).rejects.toThrow(/No phone number/);
  });
});
