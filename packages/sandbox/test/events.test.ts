// Events to callbackUrl: payload, headers and signature exactly as the contract says, verified
// with core's own constructEvent; retries with backoff; every attempt recorded.
import { EVENT_TYPES } from "@clientloop/core/pure";
import { constructEvent } from "@clientloop/core/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../src/index.js";
import { created, eventually, startReceiver, update } from "./helpers.js";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({
    port: 0,
    signingSecret: "whsec_test_events",
    events: { maxAttempts: 4, backoffMs: 50, timeoutMs: 1000 },
  });
});
afterAll(() => sb.stop());

describe("events", () => {
  it("POSTs payment_session.completed with the contract's headers, body and signature", async () => {
    const hook = await startReceiver([200]);
    try {
      const s = await created(sb, { callbackUrl: hook.url, transactionRef: "order_42", contactId: "contact_jane" });
      sb.completeSession(s.id);
      const call = await eventually(() => hook.calls[0]);
      expect(call.headers["content-type"]).toBe("application/json");
      expect(call.headers["user-agent"]).toBe("ClientLoop-Webhooks/1");
      expect(call.headers["clientloop-event-type"]).toBe("payment_session.completed");
      expect(call.headers["clientloop-event-id"]).toMatch(/^evt_/);
      expect(call.headers["clientloop-signature"]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);

      // the receiver's side, with core's verifier: signature, tolerance, shape
      const event = constructEvent({
        payload: call.body,
        header: call.headers as Record<string, string>,
        secret: "whsec_test_events",
      });
      expect(Object.keys(JSON.parse(call.body))).toEqual(["id", "type", "createdAt", "data"]);
      expect(event.id).toBe(call.headers["clientloop-event-id"]);
      expect(event.type).toBe(EVENT_TYPES.completed);
      const ps = event.data.paymentSession;
      expect(ps).toMatchObject({
        id: s.id,
        orgId: sb.orgId,
        status: "Completed",
        amount: "100.00",
        currency: "USD",
        transactionRef: "order_42",
        link: null,
      });
      expect(ps.paymentId).toMatch(/^pay_/);
      expect(ps.contact).toMatchObject({ id: "contact_jane", name: "Jane Doe" });
      expect(Object.keys(ps)).toHaveLength(22);

      await sb.waitForEvents();
      const [record] = sb.events({ sessionId: s.id });
      expect(record).toMatchObject({
        id: event.id,
        type: "payment_session.completed",
        deliveryStatus: "delivered",
        body: call.body,
      });
      expect(record!.attempts).toEqual([
        expect.objectContaining({ attempt: 1, status: 200, signature: call.headers["clientloop-signature"] }),
      ]);
    } finally {
      await hook.close();
    }
  });

  it("rejects the event with the wrong secret (the signature is real)", async () => {
    const hook = await startReceiver([200]);
    try {
      const s = await created(sb, { callbackUrl: hook.url });
      sb.cancelSession(s.id);
      const call = await eventually(() => hook.calls[0]);
      expect(() =>
        constructEvent({
          payload: call.body,
          header: call.headers["clientloop-signature"] as string,
          secret: "whsec_other",
        }),
      ).toThrow(/signature/i);
      expect(
        constructEvent({
          payload: call.body,
          header: call.headers["clientloop-signature"] as string,
          secret: "whsec_test_events",
        }).type,
      ).toBe("payment_session.canceled");
    } finally {
      await hook.close();
    }
  });

  it("sends one event per status change: canceled (update), expired (clock), none while Active", async () => {
    const hook = await startReceiver([200]);
    try {
      const a = await created(sb, { callbackUrl: hook.url });
      await update(sb, { id: a.id, amount: "50.00" });
      await update(sb, { id: a.id, status: "Canceled" });
      const b = await created(sb, {
        callbackUrl: hook.url,
        expirationDate: new Date(sb.now().getTime() + 60_000).toISOString(),
      });
      sb.advanceTime(120_000);
      await sb.waitForEvents();
      const types = hook.calls.map((c) => [
        JSON.parse(c.body).data.paymentSession.id,
        c.headers["clientloop-event-type"],
      ]);
      expect(types).toEqual([
        [a.id, "payment_session.canceled"],
        [b.id, "payment_session.expired"],
      ]);
      expect(JSON.parse(hook.calls[0]!.body).data.paymentSession.amount).toBe("50.00");
    } finally {
      await hook.close();
    }
  });

  it("retries failures with doubling delays and records every attempt", async () => {
    const hook = await startReceiver([500, 503, 200]);
    try {
      const s = await created(sb, { callbackUrl: hook.url });
      sb.completeSession(s.id);
      await sb.waitForEvents();
      expect(hook.calls).toHaveLength(3);
      const ids = new Set(hook.calls.map((c) => c.headers["clientloop-event-id"]));
      expect(ids.size).toBe(1); // the same event, so receivers can dedupe on id
      expect(new Set(hook.calls.map((c) => c.body)).size).toBe(1);
      const [record] = sb.events({ sessionId: s.id });
      expect(record!.deliveryStatus).toBe("delivered");
      expect(record!.attempts.map((a) => a.status)).toEqual([500, 503, 200]);
      // exponential backoff from events.backoffMs: 50 ms, then 100 ms
      expect(record!.attempts.map((a) => a.retryInMs)).toEqual([50, 100, undefined]);
    } finally {
      await hook.close();
    }
  });

  it("gives up after maxAttempts and records connection errors", async () => {
    const hook = await startReceiver([200]);
    await hook.close(); // nothing listens there any more
    const s = await created(sb, { callbackUrl: hook.url });
    sb.expireSession(s.id);
    await sb.waitForEvents();
    const [record] = sb.events({ sessionId: s.id });
    expect(record!.deliveryStatus).toBe("failed");
    expect(record!.attempts).toHaveLength(4);
    expect(record!.attempts.map((a) => a.retryInMs)).toEqual([50, 100, 200, undefined]);
    expect(record!.attempts.every((a) => a.status === undefined && typeof a.error === "string")).toBe(true);
  });

  it("sends only events core's constructEvent accepts: every type, rich sessions, 0- and 3-decimal currencies", async () => {
    const hook = await startReceiver([200]);
    try {
      const rich = {
        callbackUrl: hook.url,
        successUrl: "https://shop.example.com/thanks",
        contactRef: {
          contactName: "Ann Lee",
          contactEmail: "ann@example.com",
          address: { lines: ["1 Main St"], countryCode: "US" },
        },
        invoiceRefs: [
          {
            invoiceNumber: "INV-1",
            amount: "10.00",
            lines: [
              { num: 2, quantity: 1, price: "4.00" },
              { num: 1, price: "6.00" },
            ],
          },
        ],
        invoiceTotal: "10.00",
        expirationDate: new Date(sb.now().getTime() + 3_600_000).toISOString(),
        createPendingPayment: true,
      };
      const a = await created(sb, { ...rich, amount: "10.00", currency: "EUR" });
      const b = await created(sb, {
        callbackUrl: hook.url,
        amount: "1500",
        currency: "JPY",
        contactId: "contact_jane",
      });
      const c = await created(sb, { callbackUrl: hook.url, amount: "1.25", currency: "KWD", invoiceIds: ["inv_1"] });
      sb.completeSession(a.id);
      sb.cancelSession(b.id);
      sb.expireSession(c.id);
      await sb.waitForEvents();
      expect(hook.calls).toHaveLength(3);
      const types = hook.calls.map(
        (call) =>
          constructEvent({
            payload: call.body,
            header: call.headers as Record<string, string>,
            secret: "whsec_test_events",
          }).type,
      );
      expect(types.sort()).toEqual([EVENT_TYPES.canceled, EVENT_TYPES.completed, EVENT_TYPES.expired]);
    } finally {
      await hook.close();
    }
  });

  it("records events of sessions without callbackUrl as no_callback", async () => {
    const s = await created(sb);
    sb.completeSession(s.id);
    expect(sb.events({ sessionId: s.id })[0]).toMatchObject({ deliveryStatus: "no_callback", attempts: [] });
  });

  it("serves events over HTTP", async () => {
    const s = await created(sb);
    sb.cancelSession(s.id);
    const res = await fetch(`${sb.baseUrl}/_sandbox/events?sessionId=${s.id}`);
    expect(await res.json()).toEqual([expect.objectContaining({ sessionId: s.id, type: "payment_session.canceled" })]);
  });
});
