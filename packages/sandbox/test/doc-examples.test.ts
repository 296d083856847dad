// The documents' own example requests, in every language, accepted unchanged.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../src/index.js";
import { createExamples, sendExamples, updateExamples } from "./fixtures/doc-examples.js";
import { post } from "./helpers.js";

let sb: Sandbox;
beforeAll(async () => {
  // the examples use orgId "abc123" and session id "abc123"
  sb = await startSandbox({
    port: 0,
    orgId: "abc123",
    seed: {
      orgs: [
        { id: "abc123", sessions: [{ id: "abc123", amount: "25.00", currency: "USD", contactId: "contact_jane" }] },
      ],
    },
  });
});
afterAll(() => sb.stop());

const SESSION_FIELDS = [
  "id",
  "orgId",
  "status",
  "amount",
  "currency",
  "callbackUrl",
  "successUrl",
  "link",
  "contactId",
  "contact",
  "contactRef",
  "transactionRef",
  "invoiceIds",
  "invoiceRefs",
  "expirationDate",
  "paymentId",
  "createdAt",
  "updatedAt",
  "checkoutConfigurationId",
  "invoiceTotal",
  "brandLogoUrl",
  "brandName",
];

describe("createPaymentSession examples", () => {
  for (const [lang, body] of Object.entries(createExamples)) {
    it(`accepts the ${lang} example unchanged`, async () => {
      const r = await post(sb, body);
      expect(r.status).toBe(200);
      expect(r.body.errors).toBeUndefined();
      const s = r.body.data.createPaymentSession;
      expect(Object.keys(s)).toEqual(SESSION_FIELDS);
      expect(s).toMatchObject({
        orgId: "abc123",
        status: "Active",
        amount: "100.00",
        currency: "USD",
        paymentId: null,
        contact: null,
      });
      expect(s.link).toBe(`${sb.baseUrl}/pay/${s.id}`);
      expect(s.createdAt).toBe(s.updatedAt);
    });
  }
});

describe("updatePaymentSession examples", () => {
  for (const [lang, body] of Object.entries(updateExamples)) {
    it(`accepts the ${lang} example unchanged`, async () => {
      const r = await post(sb, body);
      expect(r.status).toBe(200);
      expect(r.body.errors).toBeUndefined();
      const s = r.body.data.updatePaymentSession;
      expect(Object.keys(s)).toEqual(SESSION_FIELDS);
      expect(s).toMatchObject({
        id: "abc123",
        orgId: "abc123",
        status: "Active",
        amount: "25.00",
        contactId: "contact_jane",
      });
      expect(s.contact).toMatchObject({
        id: "contact_jane",
        orgId: "abc123",
        name: "Jane Doe",
        email: "jane.doe@example.com",
      });
    });
  }
});

describe("sendPaymentSessionLink examples", () => {
  for (const [lang, body] of Object.entries(sendExamples)) {
    it(`accepts the ${lang} example unchanged`, async () => {
      const before = sb.outbox().length;
      const r = await post(sb, body);
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ data: { sendPaymentSessionLink: { success: true, message: expect.any(String) } } });
      const sent = sb.outbox();
      expect(sent).toHaveLength(before + 1);
      expect(sent.at(-1)).toMatchObject({
        channel: "Email",
        recipient: "jane.doe@example.com",
        sessionId: "abc123",
        link: `${sb.baseUrl}/pay/abc123`,
      });
    });
  }
});
