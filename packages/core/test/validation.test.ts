import { describe, expect, it } from "vitest";
import {
  ClientLoopValidationError,
  parseCreatePaymentSessionInput,
  parseSendPaymentSessionLinkInput,
  parseUpdatePaymentSessionInput,
} from "../src/pure/index.js";

const base = { orgId: "org_1", amount: "100.00", currency: "USD" };
const upd = { orgId: "org_1", id: "ps_1" };
const address = { lines: ["1 Main St"], countryCode: "US" };

type Case = [name: string, op: "create" | "update" | "send", input: unknown, path: string, rule: RegExp];

const CASES: Case[] = [
  // Amount
  ["amount as a number", "create", { ...base, amount: 100.1 }, "input.amount", /numbers are not accepted/],
  ["amount with 3 decimals", "create", { ...base, amount: "1.234" }, "input.amount", /at most 2 decimal places/],
  ["amount with a sign", "create", { ...base, amount: "-5.00" }, "input.amount", /decimal string/],
  ["amount with exponent", "create", { ...base, amount: "1e3" }, "input.amount", /decimal string/],
  ["amount with comma", "create", { ...base, amount: "1,00" }, "input.amount", /decimal string/],
  ["amount with leading zeros", "create", { ...base, amount: "007.00" }, "input.amount", /decimal string/],
  ["amount empty", "create", { ...base, amount: "" }, "input.amount", /decimal string/],
  ["amount zero", "create", { ...base, amount: "0.00" }, "input.amount", /greater than 0/],
  ["amount missing", "create", { orgId: "o", currency: "USD" }, "input.amount", /required/],
  ["amount trailing dot", "create", { ...base, amount: "10." }, "input.amount", /decimal string/],
  [
    "JPY amount with decimals",
    "create",
    { ...base, currency: "JPY", amount: "10.50" },
    "input.amount",
    /more decimal places than JPY allows \(0\)/,
  ],
  ["invoiceTotal as number", "create", { ...base, invoiceTotal: 5 }, "input.invoiceTotal", /numbers are not accepted/],
  [
    "line price too precise",
    "create",
    { ...base, invoiceRefs: [{ lines: [{ num: 1, price: "1.005" }] }] },
    "input.invoiceRefs[0].lines[0].price",
    /at most 2 decimal places/,
  ],
  [
    "JPY line price with decimals",
    "create",
    { ...base, currency: "JPY", amount: "100", invoiceRefs: [{ lines: [{ num: 1, price: "1.5" }] }] },
    "input.invoiceRefs[0].lines[0].price",
    /JPY/,
  ],
  // Currency
  ["currency lower case", "create", { ...base, currency: "usd" }, "input.currency", /ISO 4217/],
  ["currency unknown", "create", { ...base, currency: "ABC" }, "input.currency", /ISO 4217/],
  ["currency two letters", "create", { ...base, currency: "US" }, "input.currency", /ISO 4217/],
  ["currency metal (no minor unit)", "create", { ...base, currency: "XAU" }, "input.currency", /ISO 4217/],
  ["currency missing", "create", { orgId: "o", amount: "1.00" }, "input.currency", /required/],
  // IDs
  ["orgId empty", "create", { ...base, orgId: "" }, "input.orgId", /must not be empty/],
  ["orgId missing", "create", { amount: "1.00", currency: "USD" }, "input.orgId", /required/],
  ["update id missing", "update", { orgId: "o" }, "input.id", /required/],
  // URLs
  [
    "callbackUrl without protocol",
    "create",
    { ...base, callbackUrl: "example.com/cb" },
    "input.callbackUrl",
    /absolute http\(s\) URL/,
  ],
  ["successUrl ftp", "create", { ...base, successUrl: "ftp://example.com" }, "input.successUrl", /http\(s\)/],
  [
    "brandLogoUrl javascript:",
    "create",
    { ...base, brandLogoUrl: "javascript:alert(1)" },
    "input.brandLogoUrl",
    /http\(s\)/,
  ],
  [
    "productImageUrl relative",
    "create",
    { ...base, invoiceRefs: [{ lines: [{ num: 1, productImageUrl: "/img.png" }] }] },
    "input.invoiceRefs[0].lines[0].productImageUrl",
    /http\(s\)/,
  ],
  [
    "update callbackUrl (String in the schema) still a URL",
    "update",
    { ...upd, callbackUrl: "not a url" },
    "input.callbackUrl",
    /http\(s\)/,
  ],
  // DateTime
  [
    "expirationDate without zone",
    "create",
    { ...base, expirationDate: "2030-01-01T10:00:00" },
    "input.expirationDate",
    /time zone/,
  ],
  ["expirationDate date only", "create", { ...base, expirationDate: "2030-01-01" }, "input.expirationDate", /ISO 8601/],
  [
    "expirationDate impossible day",
    "create",
    { ...base, expirationDate: "2030-02-30T10:00:00Z" },
    "input.expirationDate",
    /ISO 8601/,
  ],
  [
    "expirationDate as epoch number",
    "create",
    { ...base, expirationDate: 1893456000 },
    "input.expirationDate",
    /numbers are not accepted/,
  ],
  // Email / Phone
  [
    "contact email invalid",
    "create",
    { ...base, contactRef: { contactEmail: "ann(at)example.com" } },
    "input.contactRef.contactEmail",
    /email address/,
  ],
  [
    "contact phone not E.164",
    "create",
    { ...base, contactRef: { contactPhone: "415-555-4345" } },
    "input.contactRef.contactPhone",
    /E\.164/,
  ],
  [
    "contact phone starting +0",
    "create",
    { ...base, contactRef: { contactPhone: "+0155554345" } },
    "input.contactRef.contactPhone",
    /E\.164/,
  ],
  [
    "contact phone too long",
    "create",
    { ...base, contactRef: { contactPhone: "+1234567890123456" } },
    "input.contactRef.contactPhone",
    /E\.164/,
  ],
  [
    "billing contact email invalid",
    "create",
    { ...base, invoiceRefs: [{ billingContact: { contactEmail: "x@" } }] },
    "input.invoiceRefs[0].billingContact.contactEmail",
    /email/,
  ],
  // Address
  [
    "country alpha-3",
    "create",
    { ...base, contactRef: { address: { ...address, countryCode: "USA" } } },
    "input.contactRef.address.countryCode",
    /alpha-2/,
  ],
  [
    "country lower case",
    "create",
    { ...base, contactRef: { address: { ...address, countryCode: "us" } } },
    "input.contactRef.address.countryCode",
    /alpha-2/,
  ],
  [
    "address without lines",
    "create",
    { ...base, contactRef: { address: { lines: [], countryCode: "US" } } },
    "input.contactRef.address.lines",
    /at least one/,
  ],
  [
    "address missing country",
    "create",
    { ...base, contactRef: { address: { lines: ["x"] } } },
    "input.contactRef.address.countryCode",
    /required/,
  ],
  // Line items
  [
    "line num fractional",
    "create",
    { ...base, invoiceRefs: [{ lines: [{ num: 1.5 }] }] },
    "input.invoiceRefs[0].lines[0].num",
    /integer/,
  ],
  [
    "line num zero",
    "create",
    { ...base, invoiceRefs: [{ lines: [{ num: 0 }] }] },
    "input.invoiceRefs[0].lines[0].num",
    /1 or more/,
  ],
  [
    "line quantity negative",
    "create",
    { ...base, invoiceRefs: [{ lines: [{ num: 1, quantity: -2 }] }] },
    "input.invoiceRefs[0].lines[0].quantity",
    /greater than 0/,
  ],
  // Exclusive pairs
  [
    "contactId with contactRef",
    "create",
    { ...base, contactId: "c1", contactRef: { contactName: "Ann" } },
    "input.contactRef",
    /together with contactId/,
  ],
  [
    "invoiceIds with invoiceRefs",
    "create",
    { ...base, invoiceIds: ["i1"], invoiceRefs: [{ invoiceId: "i1" }] },
    "input.invoiceRefs",
    /together with invoiceIds/,
  ],
  [
    "update contactId with contactRef",
    "update",
    { ...upd, contactId: "c1", contactRef: {} },
    "input.contactRef",
    /together with contactId/,
  ],
  // Create-only and unknown fields
  [
    "createPendingPayment on update",
    "update",
    { ...upd, createPendingPayment: true },
    "input.createPendingPayment",
    /only be set when the payment session is created/,
  ],
  [
    "invoiceTotal on update (not in the update input)",
    "update",
    { ...upd, invoiceTotal: "1.00" },
    "input.invoiceTotal",
    /not a field/,
  ],
  ["unknown field", "create", { ...base, amountCents: 100 }, "input.amountCents", /not a field/],
  [
    "createPendingPayment as string",
    "create",
    { ...base, createPendingPayment: "yes" },
    "input.createPendingPayment",
    /true or false/,
  ],
  [
    "status unknown",
    "update",
    { ...upd, status: "Paid" },
    "input.status",
    /one of Expired, Active, Completed, Canceled/,
  ],
  ["update amount zero", "update", { ...upd, amount: "0" }, "input.amount", /greater than 0/],
  // sendPaymentSessionLink
  ["channel unknown", "send", { id: "ps_1", channel: "Sms" }, "input.channel", /Email or Phone/],
  [
    "to is a phone on Email",
    "send",
    { id: "ps_1", channel: "Email", to: "+14155554345" },
    "input.to",
    /email address.*channel Email/,
  ],
  [
    "to is an email on Phone",
    "send",
    { id: "ps_1", channel: "Phone", to: "ann@example.com" },
    "input.to",
    /E\.164.*channel Phone/,
  ],
  ["to is a local phone number", "send", { id: "ps_1", channel: "Phone", to: "4155554345" }, "input.to", /E\.164/],
  ["send id missing", "send", { channel: "Email" }, "input.id", /required/],
  ["input not an object", "create", "amount=1", "input", /object/i],
];

const parsers = {
  create: parseCreatePaymentSessionInput,
  update: parseUpdatePaymentSessionInput,
  send: parseSendPaymentSessionLinkInput,
};

describe("input validation (bad inputs)", () => {
  it("covers at least 40 bad inputs", () => expect(CASES.length).toBeGreaterThanOrEqual(40));

  it.each(CASES)("%s → names %s", (_name, op, input, path, rule) => {
    let error: unknown;
    try {
      parsers[op](input);
    } catch (e) {
      error = e;
    }
    expect(ClientLoopValidationError.isInstance(error)).toBe(true);
    const issues = (error as ClientLoopValidationError).issues;
    const issue = issues.find((i) => i.path === path);
    expect(issue, `issues: ${JSON.stringify(issues)}`).toBeDefined();
    expect(issue!.message).toMatch(rule);
    expect((error as Error).message).toContain(path);
    expect((error as ClientLoopValidationError).code).toBe("BAD_USER_INPUT");
  });

  it("never echoes the rejected value in the message", () => {
    const secretish = {
      ...base,
      contactRef: { contactEmail: "ann.secret(at)example.com", contactPhone: "555-SECRET" },
    };
    try {
      parseCreatePaymentSessionInput(secretish);
      expect.unreachable();
    } catch (e) {
      expect(JSON.stringify((e as ClientLoopValidationError).toJSON())).not.toMatch(/secret/i);
    }
  });

  it("reports every problem at once", () => {
    try {
      parseCreatePaymentSessionInput({ orgId: "", amount: 1, currency: "usd" });
      expect.unreachable();
    } catch (e) {
      expect((e as ClientLoopValidationError).issues.map((i) => i.path).sort()).toEqual([
        "input.amount",
        "input.currency",
        "input.orgId",
      ]);
    }
  });
});

describe("input validation (good inputs)", () => {
  it("accepts the documents' minimal examples", () => {
    expect(parseCreatePaymentSessionInput({ orgId: "abc123", amount: "100.00", currency: "USD" })).toEqual({
      orgId: "abc123",
      amount: "100.00",
      currency: "USD",
    });
    expect(parseUpdatePaymentSessionInput({ orgId: "abc123", id: "abc123" })).toEqual({
      orgId: "abc123",
      id: "abc123",
    });
    expect(parseSendPaymentSessionLinkInput({ id: "abc123", channel: "Email" })).toEqual({
      id: "abc123",
      channel: "Email",
    });
  });

  it("accepts a full create input with every field", () => {
    const full = {
      ...base,
      callbackUrl: "https://shop.example.com/hooks/clientloop?sid=1",
      successUrl: "http://localhost:8000/return?cart_id=cart_1",
      contactRef: {
        contactId: "x",
        contactName: "Ann Lee",
        contactFirstName: "Ann",
        contactLastName: "Lee",
        contactEmail: "ann@example.com",
        contactPhone: "+14155554345",
        address: {
          lines: ["1 Main St", "Apt 2"],
          locality: "SF",
          administrativeArea: "CA",
          postalCode: "94105",
          countryCode: "US",
        },
      },
      transactionRef: "payses_1",
      invoiceRefs: [
        {
          orderId: "o1",
          invoiceId: "i1",
          invoiceNumber: "INV-1",
          amount: "100.00",
          lines: [
            {
              num: 1,
              quantity: 2,
              price: "50.00",
              productId: "p",
              productSku: "s",
              productName: "Mug",
              productDescription: "d",
              productImageUrl: "https://img.example.com/m.png",
            },
          ],
          billingContact: { contactEmail: "b@example.com" },
          shippingContact: { contactPhone: "+447911123456" },
        },
      ],
      expirationDate: "2030-01-01T10:00:00.000+02:00",
      createPendingPayment: true,
      checkoutConfigurationId: "cc_1",
      invoiceTotal: "100.00",
      brandLogoUrl: "https://example.com/logo.png",
      brandName: "Shop",
    };
    expect(parseCreatePaymentSessionInput(full)).toEqual(full);
  });

  it("accepts whole JPY amounts and zero-padded ones, and KWD with 2 decimals", () => {
    expect(() => parseCreatePaymentSessionInput({ ...base, currency: "JPY", amount: "1500" })).not.toThrow();
    expect(() => parseCreatePaymentSessionInput({ ...base, currency: "JPY", amount: "1500.00" })).not.toThrow();
    expect(() => parseCreatePaymentSessionInput({ ...base, currency: "KWD", amount: "1.25" })).not.toThrow();
  });

  it("accepts `to` matching its channel", () => {
    expect(() => parseSendPaymentSessionLinkInput({ id: "p", channel: "Phone", to: "+14155554345" })).not.toThrow();
    expect(() => parseSendPaymentSessionLinkInput({ id: "p", channel: "Email", to: "ann@example.com" })).not.toThrow();
  });
});
