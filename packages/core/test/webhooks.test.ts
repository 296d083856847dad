import { describe, expect, it } from "vitest";
import { ClientLoopInvalidEventError, ClientLoopSignatureVerificationError } from "../src/pure/errors.js";
import { constructEvent, signPayload, verifySignature } from "../src/webhooks/index.js";
import { createTestEvent, signTestEvent } from "../src/testing/index.js";

const secret = "whsec_test_secret";
const now = 1_763_900_000;

describe("callback signatures", () => {
  const event = createTestEvent({ paymentSession: { amount: "42.00", transactionRef: "payses_1" } });
  const { body, headers } = signTestEvent(event, secret, { timestamp: now });

  it("accepts a correctly signed raw body and returns the event", () => {
    expect(constructEvent({ payload: body, header: headers, secret, now })).toEqual(event);
    expect(
      constructEvent({ payload: Buffer.from(body), header: headers["clientloop-signature"], secret, now }).id,
    ).toBe(event.id);
  });

  const rejects = (options: Parameters<typeof verifySignature>[0], code: string) => {
    try {
      verifySignature(options);
      expect.unreachable();
    } catch (e) {
      expect(ClientLoopSignatureVerificationError.isInstance(e)).toBe(true);
      expect((e as ClientLoopSignatureVerificationError).code).toBe(code);
      expect((e as Error).message).not.toContain(secret);
    }
  };

  it("rejects a tampered body, a wrong secret, a missing or malformed header", () => {
    rejects({ payload: body.replace('"42.00"', '"1.00"'), header: headers, secret, now }, "SIGNATURE_MISMATCH");
    rejects({ payload: body, header: headers, secret: "whsec_other", now }, "SIGNATURE_MISMATCH");
    rejects({ payload: body, header: {}, secret, now }, "SIGNATURE_MISSING");
    rejects({ payload: body, header: "v1=abc", secret, now }, "SIGNATURE_MALFORMED");
    rejects({ payload: body, header: `t=${now},v0=${"a".repeat(64)}`, secret, now }, "SIGNATURE_MALFORMED");
  });

  it("applies the 300 s tolerance by default, both ways", () => {
    rejects({ payload: body, header: headers, secret, now: now + 301 }, "TIMESTAMP_OUT_OF_TOLERANCE");
    rejects({ payload: body, header: headers, secret, now: now - 301 }, "TIMESTAMP_OUT_OF_TOLERANCE");
    expect(() => verifySignature({ payload: body, header: headers, secret, now: now + 299 })).not.toThrow();
    rejects({ payload: body, header: headers, secret, now, toleranceSeconds: 0 }, "TOLERANCE_INVALID");
  });

  it("refuses a parsed object instead of the raw body, and an empty secret", () => {
    rejects({ payload: JSON.parse(body), header: headers, secret, now }, "PAYLOAD_NOT_RAW");
    rejects({ payload: body, header: headers, secret: "", now }, "SECRET_MISSING");
  });

  it("supports secret rotation: several v1 signatures and several secrets", () => {
    const oldSig = signPayload({ payload: body, secret: "whsec_old", timestamp: now });
    const newSig = signPayload({ payload: body, secret: "whsec_new", timestamp: now }).split(",")[1];
    const header = `${oldSig},${newSig}`;
    expect(() => verifySignature({ payload: body, header, secret: "whsec_new", now })).not.toThrow();
    expect(() => verifySignature({ payload: body, header, secret: "whsec_old", now })).not.toThrow();
    expect(() =>
      verifySignature({
        payload: body,
        header: newSig ? `t=${now},${newSig}` : "",
        secret: ["whsec_x", "whsec_new"],
        now,
      }),
    ).not.toThrow();
  });

  it("rejects a correctly signed body that is not a ClientLoop event", () => {
    const forged = JSON.stringify({
      id: "evt_1",
      type: "payment_session.completed",
      createdAt: "x",
      data: { paymentSession: { id: "p", amount: "1.00", currency: "USD", status: "Active" } },
    });
    const header = signPayload({ payload: forged, secret, timestamp: now });
    expect(() => constructEvent({ payload: forged, header, secret, now })).toThrow(
      /not a ClientLoop payment session event/,
    );
  });

  describe("a correctly signed but malformed event", () => {
    const signed = (mutate: (e: Record<string, any>) => void) => {
      const e = JSON.parse(JSON.stringify(createTestEvent({ paymentSession: { amount: "42.00", currency: "USD" } })));
      mutate(e);
      const payload = JSON.stringify(e);
      return () => constructEvent({ payload, header: signPayload({ payload, secret, timestamp: now }), secret, now });
    };
    const issuesOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        // a typed error receivers can answer with 4xx: still a signature-verification error, with the fields
        expect(ClientLoopInvalidEventError.isInstance(e)).toBe(true);
        expect(ClientLoopSignatureVerificationError.isInstance(e)).toBe(true);
        expect((e as ClientLoopInvalidEventError).kind).toBe("invalid_event");
        expect((e as ClientLoopInvalidEventError).code).toBe("PAYLOAD_INVALID");
        return (e as ClientLoopInvalidEventError).issues.map((i) => i.path);
      }
      throw new Error("expected constructEvent to throw");
    };

    it("names the field: an amount with 3 decimals, a number amount, an unknown currency, a JPY amount with decimals", () => {
      expect(issuesOf(signed((e) => (e.data.paymentSession.amount = "42.001")))).toEqual([
        "event.data.paymentSession.amount",
      ]);
      expect(issuesOf(signed((e) => (e.data.paymentSession.amount = 42)))).toEqual([
        "event.data.paymentSession.amount",
      ]);
      expect(issuesOf(signed((e) => (e.data.paymentSession.currency = "XYZ")))).toEqual([
        "event.data.paymentSession.currency",
      ]);
      expect(
        issuesOf(signed((e) => Object.assign(e.data.paymentSession, { currency: "JPY", amount: "42.50" }))),
      ).toEqual(["event.data.paymentSession.amount"]);
      expect(
        issuesOf(
          signed((e) => (e.data.paymentSession.invoiceRefs = [{ amount: "1.001", lines: [{ num: 1, price: "x" }] }])),
        ),
      ).toEqual([
        "event.data.paymentSession.invoiceRefs[0].amount",
        "event.data.paymentSession.invoiceRefs[0].lines[0].price",
      ]);
    });

    it("names the field: ids, the status against the type, dates, an unknown type, a missing session", () => {
      expect(issuesOf(signed((e) => (e.id = "")))).toEqual(["event.id"]);
      expect(issuesOf(signed((e) => delete e.data.paymentSession.orgId))).toEqual(["event.data.paymentSession.orgId"]);
      expect(issuesOf(signed((e) => (e.data.paymentSession.status = "Active")))).toEqual([
        "event.data.paymentSession.status",
      ]);
      expect(issuesOf(signed((e) => (e.createdAt = "yesterday")))).toEqual(["event.createdAt"]);
      expect(issuesOf(signed((e) => (e.type = "payment_session.refunded")))).toEqual(["event.type"]);
      expect(issuesOf(signed((e) => delete e.data))).toEqual(["event.data.paymentSession"]);
      expect(issuesOf(signed((e) => (e.data.paymentSession.paymentId = 7)))).toEqual([
        "event.data.paymentSession.paymentId",
      ]);
    });

    it("refuses a signed body that is not JSON, with the same typed error", () => {
      const payload = "not json";
      expect(
        issuesOf(() =>
          constructEvent({ payload, header: signPayload({ payload, secret, timestamp: now }), secret, now }),
        ),
      ).toEqual(["event"]);
    });

    it("accepts every event the testing helpers build (each type), and fields ClientLoop may add later", () => {
      for (const type of [
        "payment_session.completed",
        "payment_session.expired",
        "payment_session.canceled",
      ] as const) {
        const e = { ...createTestEvent({ type }), futureField: 1 };
        const payload = JSON.stringify(e);
        expect(
          constructEvent({ payload, header: signPayload({ payload, secret, timestamp: now }), secret, now }).type,
        ).toBe(type);
      }
    });
  });
});
