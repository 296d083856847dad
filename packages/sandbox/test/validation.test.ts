// Every input rule, reported as BAD_USER_INPUT with the field path, a message naming the field,
// and never the rejected value.
import { ERROR_CODES } from "@clientloop/core/pure";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../src/index.js";
import { create, created, firstError, send, update } from "./helpers.js";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
});
afterAll(() => sb.stop());

const address = { lines: ["1 Main St"], countryCode: "US" };

async function expectInputError(r: Awaited<ReturnType<typeof create>>, field: string, secret?: string) {
  expect(r.status).toBe(200);
  expect(r.body.data).toBeNull();
  const e = firstError(r);
  expect(e.extensions.code).toBe(ERROR_CODES.BAD_USER_INPUT);
  expect(e.extensions.field).toBe(field);
  expect(e.message.startsWith(`${field}: `)).toBe(true);
  if (secret) expect(JSON.stringify(r.body)).not.toContain(secret);
}

describe("createPaymentSession scalars", () => {
  const cases: [string, Record<string, unknown>, string, string?][] = [
    ["Amount with 3 decimals", { amount: "10.001" }, "input.amount"],
    ["Amount as a JSON number", { amount: 10 }, "input.amount"],
    ["Amount with a sign", { amount: "-1.00" }, "input.amount"],
    ["Amount with an exponent", { amount: "1e3" }, "input.amount"],
    ["Amount of zero", { amount: "0.00" }, "input.amount"],
    ["Amount with more decimals than JPY allows", { amount: "10.5", currency: "JPY" }, "input.amount"],
    ["lower-case Currency", { currency: "usd" }, "input.currency"],
    ["unknown Currency", { currency: "XYZ" }, "input.currency"],
    ["invalid callbackUrl", { callbackUrl: "ftp://example.com/hook" }, "input.callbackUrl"],
    ["relative successUrl", { successUrl: "/thanks" }, "input.successUrl"],
    ["invalid brandLogoUrl", { brandLogoUrl: "javascript:alert(1)" }, "input.brandLogoUrl"],
    ["DateTime without zone", { expirationDate: "2099-01-01T00:00:00" }, "input.expirationDate"],
    ["DateTime that is not a date", { expirationDate: "2099-02-30T00:00:00Z" }, "input.expirationDate"],
    [
      "invalid contactRef email",
      { contactRef: { contactEmail: "jane-at-example.com" } },
      "input.contactRef.contactEmail",
      "jane-at-example.com",
    ],
    [
      "non-E.164 contactRef phone",
      { contactRef: { contactPhone: "415-555-0100" } },
      "input.contactRef.contactPhone",
      "415-555-0100",
    ],
    [
      "3-letter countryCode",
      { contactRef: { address: { lines: ["x"], countryCode: "USA" } } },
      "input.contactRef.address.countryCode",
    ],
    [
      "empty address lines",
      { contactRef: { address: { lines: [], countryCode: "US" } } },
      "input.contactRef.address.lines",
    ],
    ["invoice line num 0", { invoiceRefs: [{ lines: [{ num: 0 }] }] }, "input.invoiceRefs[0].lines[0].num"],
    [
      "invoice line quantity 0",
      { invoiceRefs: [{ lines: [{ num: 1, quantity: 0 }] }] },
      "input.invoiceRefs[0].lines[0].quantity",
    ],
    [
      "invoice line price with 3 decimals",
      { invoiceRefs: [{ lines: [{ num: 1, price: "1.234" }] }] },
      "input.invoiceRefs[0].lines[0].price",
    ],
    [
      "invalid productImageUrl",
      { invoiceRefs: [{ lines: [{ num: 1, productImageUrl: "img.png" }] }] },
      "input.invoiceRefs[0].lines[0].productImageUrl",
    ],
    [
      "invalid billing contact email",
      { invoiceRefs: [{ billingContact: { contactEmail: "nope" } }] },
      "input.invoiceRefs[0].billingContact.contactEmail",
    ],
    ["invalid invoiceTotal", { invoiceTotal: "12.345" }, "input.invoiceTotal"],
    [
      "contactId and contactRef together",
      { contactId: "contact_jane", contactRef: { contactName: "J" } },
      "input.contactRef",
    ],
    [
      "invoiceIds and invoiceRefs together",
      { invoiceIds: ["inv_1"], invoiceRefs: [{ invoiceId: "inv_1" }] },
      "input.invoiceRefs",
    ],
    ["expirationDate in the past", { expirationDate: "2020-01-01T00:00:00Z" }, "input.expirationDate"],
  ];
  for (const [what, input, field, secret] of cases) {
    it(`rejects ${what} (${field})`, async () => {
      await expectInputError(await create(sb, input), field, secret);
    });
  }

  it("accepts a complete, valid input and returns it normalized", async () => {
    const s = await created(sb, {
      amount: "1234.50",
      currency: "EUR",
      callbackUrl: "https://merchant.example/hooks/clientloop",
      successUrl: "https://merchant.example/thanks",
      contactRef: { contactName: "Jane Doe", contactEmail: "jane@example.com", contactPhone: "+14155550100", address },
      transactionRef: "order_1",
      invoiceRefs: [
        {
          invoiceNumber: "INV-1",
          amount: "1234.50",
          lines: [
            { num: 2, quantity: 1, price: "34.50", productName: "B" },
            { num: 1, quantity: 2, price: "600.00", productName: "A" },
          ],
        },
      ],
      expirationDate: "2099-12-31T23:59:59+01:00",
      checkoutConfigurationId: "cc_1",
      invoiceTotal: "1234.50",
      brandLogoUrl: "https://merchant.example/logo.png",
      brandName: "Merchant",
    });
    expect(s.contactRef).toEqual({
      contactId: null,
      contactName: "Jane Doe",
      contactFirstName: null,
      contactLastName: null,
      contactEmail: "jane@example.com",
      contactPhone: "+14155550100",
      address: { lines: ["1 Main St"], locality: null, administrativeArea: null, postalCode: null, countryCode: "US" },
    });
    expect(s.invoiceRefs[0].lines.map((l: { num: number }) => l.num)).toEqual([1, 2]);
    expect(s.invoiceRefs[0].billingContact).toBeNull();
    expect(s.expirationDate).toBe("2099-12-31T23:59:59+01:00");
  });

  it("treats null optional fields as absent", async () => {
    const s = await created(sb, {
      contactId: null,
      contactRef: { contactName: "J", contactEmail: null },
      invoiceIds: null,
    });
    expect(s.contactRef.contactEmail).toBeNull();
  });

  it("reports every problem in extensions.issues", async () => {
    const r = await create(sb, { amount: "1.001", currency: "usd" });
    const fields = (firstError(r).extensions as unknown as { issues: { field: string }[] }).issues.map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(["input.amount", "input.currency"]));
  });

  it("rejects an enum value it does not know, without echoing it", async () => {
    const r = await send(sb, { id: "ps_x", channel: "Pigeon" });
    expect(firstError(r)).toMatchObject({ extensions: { code: "BAD_USER_INPUT", field: "input.channel" } });
    expect(JSON.stringify(r.body)).not.toContain("Pigeon");
  });
});

describe("updatePaymentSession rules", () => {
  it("rejects createPendingPayment on update", async () => {
    const s = await created(sb);
    const r = await update(sb, { id: s.id, createPendingPayment: true });
    expect(firstError(r)).toMatchObject({
      message: "input.createPendingPayment: may only be set when the payment session is created",
      extensions: { code: "BAD_USER_INPUT", field: "input.createPendingPayment" },
    });
  });

  it("validates scalars on update (callbackUrl is a String there, with the URL rule)", async () => {
    const s = await created(sb);
    await expectInputError(await update(sb, { id: s.id, callbackUrl: "not a url" }), "input.callbackUrl");
    await expectInputError(await update(sb, { id: s.id, amount: "1.999" }), "input.amount");
    await expectInputError(
      await update(sb, { id: s.id, contactId: "contact_jane", contactRef: { contactName: "x" } }),
      "input.contactRef",
    );
  });

  it("checks a new currency against the stored amount", async () => {
    const s = await created(sb, { amount: "10.50", currency: "USD" });
    await expectInputError(await update(sb, { id: s.id, currency: "JPY" }), "input.currency");
    const ok = await update(sb, { id: s.id, currency: "JPY", amount: "11" });
    expect(ok.body.data.updatePaymentSession).toMatchObject({ amount: "11", currency: "JPY" });
  });

  it("rejects clearing a required field with null", async () => {
    const s = await created(sb);
    await expectInputError(await update(sb, { id: s.id, amount: null }), "input.amount");
  });
});

describe("sendPaymentSessionLink `to`", () => {
  it("must be an email for channel Email", async () => {
    const s = await created(sb);
    await expectInputError(await send(sb, { id: s.id, channel: "Email", to: "+14155550100" }), "input.to");
  });
  it("must be an E.164 phone for channel Phone", async () => {
    const s = await created(sb);
    await expectInputError(
      await send(sb, { id: s.id, channel: "Phone", to: "jane@example.com" }),
      "input.to",
      "jane@example.com",
    );
  });
});
