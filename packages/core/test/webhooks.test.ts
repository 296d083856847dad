import { describe, expect, it } from "vitest";
import { ClientLoopSignatureVerificationError, constructEvent, signPayload, verifySignature } from "../src/webhooks/index.js";
import { createTestEvent, signTestEvent } from "../src/testing/index.js";

const secret = "whsec_test_secret";
const now = 1_763_900_000;

describe("callback signatures", () => {
  const event = createTestEvent({ paymentSession: { amount: "42.00", transactionRef: "payses_1" } });
  const { body, headers } = signTestEvent(event, secret, { timestamp: now });

  it("accepts a correctly signed raw body and returns the event", () => {
    expect(constructEvent({ payload: body, header: headers, secret, now })).toEqual(event);
    expect(constructEvent({ payload: Buffer.from(body), header: headers["clientloop-signature"], secret, now }).id).toBe(event.id);
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
    expect(() => verifySignature({ payload: body, header: newSig ? `t=${now},${newSig}` : "", secret: ["whsec_x", "whsec_new"], now })).not.toThrow();
  });

  it("rejects a correctly signed body that is not a ClientLoop event", () => {
    const forged = JSON.stringify({ id: "evt_1", type: "payment_session.completed", createdAt: "x", data: { paymentSession: { id: "p", amount: "1.00", currency: "USD", status: "Active" } } });
    const header = signPayload({ payload: forged, secret, timestamp: now });
    expect(() => constructEvent({ payload: forged, header, secret, now })).toThrow(/not a ClientLoop payment session event/);
  });
});
