/**
 * @clientloop/core's client against the sandbox over real HTTP: the typed results, every
 * documented error path as a typed error, and the retry policy proven with fault injection
 * (the sandbox counts what actually reached it). Lives here because the sandbox depends on core.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ClientLoop,
  ClientLoopAuthenticationError,
  ClientLoopError,
  ClientLoopNotFoundError,
  ClientLoopStateError,
  ClientLoopValidationError,
} from "@clientloop/core";
import { startSandbox, type Sandbox } from "../src/index.js";

let sb: Sandbox;
let client: ClientLoop;

beforeAll(async () => {
  sb = await startSandbox({
    port: 0,
    seed: {
      orgs: [
        {
          id: "org_a",
          apiKey: "sk_a",
          signingSecret: "whsec_a",
          contacts: [
            { id: "c_ann", name: "Ann Lee", email: "ann@example.com", phone: "+14155550100" },
            { id: "c_none", name: "No Contact" },
          ],
        },
        { id: "org_b", apiKey: "sk_b", signingSecret: "whsec_b" },
      ],
    },
  });
  client = new ClientLoop({ apiKey: "sk_a", baseUrl: sb.url, backoff: { initialMs: 5, maxMs: 20 } });
});
afterAll(() => sb.stop());
beforeEach(() => {
  sb.clearFaults();
  sb.resetRequests();
});

async function failure(p: Promise<unknown>): Promise<ClientLoopError> {
  try {
    await p;
  } catch (e) {
    if (ClientLoopError.isInstance(e)) return e;
    throw e;
  }
  throw new Error("expected a ClientLoopError");
}

const create = (extra: Record<string, unknown> = {}) =>
  client.paymentSessions.create({ orgId: "org_a", amount: "25.50", currency: "USD", ...extra });

describe("ClientLoop client against the sandbox", () => {
  it("creates, updates and sends a link, with typed full results", async () => {
    const s = await create({ contactId: "c_ann", transactionRef: "order_1" });
    expect(s).toMatchObject({
      orgId: "org_a",
      status: "Active",
      amount: "25.50",
      currency: "USD",
      transactionRef: "order_1",
      contact: { email: "ann@example.com" },
    });
    expect(s.link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(s.lastResponse.requestId).toBeTruthy();
    const u = await client.paymentSessions.update({ orgId: "org_a", id: s.id, amount: "30.00" });
    expect(u.amount).toBe("30.00");
    const sent = await client.paymentSessions.sendLink({ id: s.id, channel: "Phone" });
    expect(sent.success).toBe(true);
    expect(sb.outbox({ sessionId: s.id })).toMatchObject([
      { channel: "Phone", recipient: "+14155550100", link: s.link },
    ]);
  });

  it("maps every documented failure to its typed error", async () => {
    const bad = new ClientLoop({ apiKey: "sk_wrong", baseUrl: sb.url });
    expect(
      await failure(bad.paymentSessions.create({ orgId: "org_a", amount: "1.00", currency: "USD" })),
    ).toBeInstanceOf(ClientLoopAuthenticationError);
    expect((await failure(create({ orgId: "org_b" }))).code).toBe("FORBIDDEN");

    const s = await create();
    const other = new ClientLoop({ apiKey: "sk_b", baseUrl: sb.url });
    expect(await failure(other.paymentSessions.update({ orgId: "org_b", id: s.id, amount: "1.00" }))).toBeInstanceOf(
      ClientLoopNotFoundError,
    );

    const noRecipient = await failure(
      client.paymentSessions.sendLink({ id: (await create({ contactId: "c_none" })).id, channel: "Email" }),
    );
    expect(noRecipient).toBeInstanceOf(ClientLoopValidationError);
    expect(noRecipient.code).toBe("NO_RECIPIENT");

    sb.completeSession(s.id);
    const state = await failure(client.paymentSessions.update({ orgId: "org_a", id: s.id, amount: "2.00" }));
    expect(state).toBeInstanceOf(ClientLoopStateError);
    expect(state.code).toBe("SESSION_NOT_ACTIVE");
    expect(
      (await failure(client.paymentSessions.sendLink({ id: s.id, channel: "Email", to: "x@example.com" }))).code,
    ).toBe("SESSION_NOT_ACTIVE");
  });

  it("sends nothing for invalid input", async () => {
    const e = await failure(create({ amount: "1.005" }));
    expect(e).toBeInstanceOf(ClientLoopValidationError);
    expect(sb.requests().total).toBe(0);
  });

  it("retries a 503 and a 429 and creates exactly one session", async () => {
    sb.injectFault({ kind: "status", status: 503, retryAfter: 0, times: 1, operationName: "createPaymentSession" });
    sb.injectFault({ kind: "status", status: 429, retryAfter: 0, times: 1, operationName: "createPaymentSession" });
    const before = sb.listSessions({ orgId: "org_a" }).length;
    const s = await create({ transactionRef: "retry_503" });
    expect(s.status).toBe("Active");
    expect(sb.requests().byOperation.createPaymentSession).toBe(3);
    expect(sb.listSessions({ orgId: "org_a" }).length).toBe(before + 1);
  });

  it("does not repeat a create whose connection dropped after ClientLoop applied it", async () => {
    sb.injectFault({ kind: "drop", when: "after", times: 1, operationName: "createPaymentSession" });
    const before = sb.listSessions({ orgId: "org_a" }).length;
    const e = await failure(create({ transactionRef: "dropped_after" }));
    expect(e).toMatchObject({ kind: "connection", mayHaveSucceeded: true });
    expect(sb.requests().byOperation.createPaymentSession).toBe(1);
    // exactly one session exists: no duplicate from a blind retry
    expect(sb.listSessions({ orgId: "org_a" }).length).toBe(before + 1);
  });

  it("does not repeat a send after a 500, so the customer gets one message", async () => {
    const s = await create({ contactId: "c_ann" });
    sb.clearOutbox();
    sb.injectFault({ kind: "status", status: 500, when: "after", times: 1, operationName: "sendPaymentSessionLink" });
    const e = await failure(client.paymentSessions.sendLink({ id: s.id, channel: "Email" }));
    expect(e).toMatchObject({ kind: "api", mayHaveSucceeded: true });
    expect(sb.outbox({ sessionId: s.id })).toHaveLength(1);
  });

  it("repeats an update after a dropped connection, ending in the requested state", async () => {
    const s = await create();
    sb.injectFault({ kind: "drop", when: "after", times: 1, operationName: "updatePaymentSession" });
    const u = await client.paymentSessions.update({ orgId: "org_a", id: s.id, amount: "99.99" });
    expect(u.amount).toBe("99.99");
    expect(sb.requests().byOperation.updatePaymentSession).toBe(2);
  });

  it("times out on a slow sandbox and reports it without retrying the create", async () => {
    sb.injectFault({ kind: "latency", ms: 400, times: 1, operationName: "createPaymentSession" });
    const slow = new ClientLoop({ apiKey: "sk_a", baseUrl: sb.url, timeoutMs: 100 });
    const e = await failure(slow.paymentSessions.create({ orgId: "org_a", amount: "1.00", currency: "USD" }));
    expect(e).toMatchObject({ kind: "timeout", mayHaveSucceeded: true });
    expect(sb.requests().byOperation.createPaymentSession).toBe(1);
  });
});
