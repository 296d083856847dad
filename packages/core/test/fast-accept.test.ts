/**
 * The fast accept pass (pure/fast-accept.ts) must never accept what zod rejects, and must accept
 * the valid inputs callers send (otherwise every call pays zod's full cost again).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileAccept } from "../src/pure/fast-accept.js";
import {
  amountSchema,
  createPaymentSessionInputSchema,
  CURRENCY_CODES,
  emailSchema,
  sendPaymentSessionLinkInputSchema,
  updatePaymentSessionInputSchema,
} from "../src/pure/index.js";

const create = compileAccept(createPaymentSessionInputSchema)!;
const update = compileAccept(updatePaymentSessionInputSchema)!;
const send = compileAccept(sendPaymentSessionLinkInputSchema)!;

const full = {
  orgId: "org_1",
  amount: "149.90",
  currency: "EUR",
  callbackUrl: "https://shop.example.com/hooks/clientloop",
  successUrl: "https://shop.example.com/thanks",
  contactRef: {
    contactName: "Jane Doe",
    contactEmail: "jane@example.com",
    contactPhone: "+14155550100",
    address: { lines: ["1 Main St"], locality: "Springfield", postalCode: "12345", countryCode: "US" },
  },
  transactionRef: "order_1001",
  invoiceRefs: [
    {
      invoiceNumber: "INV-1",
      amount: "149.90",
      lines: [{ num: 1, quantity: 2, price: "74.95", productName: "Socks" }],
    },
  ],
  expirationDate: "2030-01-01T00:00:00Z",
  brandName: "ACME",
  createPendingPayment: true,
  invoiceTotal: "149.90",
};

describe("fast accept pass", () => {
  it("compiles the three input schemas (so valid calls skip zod's bookkeeping)", () => {
    expect([create, update, send].every((f) => typeof f === "function")).toBe(true);
  });

  it("accepts complete valid inputs as zod does", () => {
    for (const [accept, schema, input] of [
      [create, createPaymentSessionInputSchema, full],
      [create, createPaymentSessionInputSchema, { orgId: "o", amount: "1", currency: "JPY" }],
      [update, updatePaymentSessionInputSchema, { orgId: "o", id: "ps_1", status: "Canceled", paymentId: "pay_1" }],
      [send, sendPaymentSessionLinkInputSchema, { id: "ps_1", channel: "Phone", to: "+14155550100" }],
    ] as const) {
      expect(schema.safeParse(input).success).toBe(true);
      expect(accept(input)).toBe(true);
    }
  });

  it("leaves every rule break to zod: cross-field rules, currency fit, unknown fields, types", () => {
    const broken: unknown[] = [
      { ...full, contactId: "c_1" }, // contactId with contactRef
      { ...full, invoiceIds: ["i"] }, // invoiceIds with invoiceRefs
      { ...full, currency: "JPY" }, // 149.90 does not fit JPY
      { ...full, amount: "0.00" },
      { ...full, amount: 149.9 },
      { ...full, extra: 1 },
      { ...full, contactRef: { ...full.contactRef, contactEmail: "nope" } },
      { ...full, invoiceRefs: [{ lines: [{ num: 0 }] }] },
      { ...full, invoiceRefs: [{ lines: [{ num: 1.5 }] }] },
      { ...full, expirationDate: "2030-01-01" },
      { orgId: "o", amount: "1.00" },
      null,
      [],
      "input",
    ];
    for (const input of broken) {
      expect(createPaymentSessionInputSchema.safeParse(input).success).toBe(false);
      expect(create(input)).toBe(false);
    }
    expect(update({ orgId: "o", id: "p", createPendingPayment: true })).toBe(false);
    expect(send({ id: "p", channel: "Email", to: "+14155550100" })).toBe(false);
  });

  it("never accepts what zod rejects (property-based, mutated inputs)", () => {
    const value = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.string(),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constantFrom(
        "1.00",
        "1.001",
        "USD",
        "JPY",
        "usd",
        "+14155550100",
        "a@b.co",
        "https://x.test/",
        "2030-01-01T00:00:00Z",
        ...CURRENCY_CODES.slice(0, 5),
      ),
      fc.array(fc.string(), { maxLength: 2 }),
      fc.dictionary(fc.constantFrom("num", "price", "lines", "countryCode", "contactEmail"), fc.string(), {
        maxKeys: 2,
      }),
    );
    const keys = fc.constantFrom(
      ...Object.keys(createPaymentSessionInputSchema._zod.def.shape),
      "id",
      "status",
      "channel",
      "to",
      "unknownField",
    );
    fc.assert(
      fc.property(fc.dictionary(keys, value, { maxKeys: 6 }), fc.boolean(), (changes, fromFull) => {
        const input = fromFull ? { ...full, ...changes } : { orgId: "o", amount: "5.00", currency: "USD", ...changes };
        for (const [accept, schema] of [
          [create, createPaymentSessionInputSchema],
          [update, updatePaymentSessionInputSchema],
          [send, sendPaymentSessionLinkInputSchema],
        ] as const) {
          if (accept(input)) expect(schema.safeParse(input).success).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("agrees with zod on scalars", () => {
    const amount = compileAccept(amountSchema)!;
    const email = compileAccept(emailSchema)!;
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\d{1,4}(\.\d{1,3})?$/), fc.emailAddress()), (s) => {
        expect(amount(s)).toBe(amountSchema.safeParse(s).success);
        expect(email(s)).toBe(emailSchema.safeParse(s).success);
      }),
    );
  });
});
