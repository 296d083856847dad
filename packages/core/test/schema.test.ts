import { readFileSync } from "node:fs";
import { buildSchema, isInputObjectType, isObjectType, parse, validate, type GraphQLNamedType } from "graphql";
import { describe, expect, it } from "vitest";
import { OPERATIONS, PAYMENT_SESSION_SELECTION, schemaSDL } from "../src/pure/index.js";

const schema = buildSchema(schemaSDL);
const seeds = new URL("../../../fixtures/source-documents/", import.meta.url);
const seedText = (file: string) => readFileSync(new URL(file, seeds), "utf8");

/** Every type and field the source documents list (fixtures/source-documents 001, 002, 004). */
const DOCUMENTED: Record<string, string[]> = {
  PaymentSession: [
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
  ],
  Contact: ["orgId", "id", "name", "givenName", "familyName", "email", "phone", "createdAt", "updatedAt"],
  PaymentSessionContactRef: [
    "contactId",
    "contactName",
    "contactFirstName",
    "contactLastName",
    "contactEmail",
    "contactPhone",
    "address",
  ],
  PaymentSessionContactRefInput: [
    "contactId",
    "contactName",
    "contactFirstName",
    "contactLastName",
    "contactEmail",
    "contactPhone",
    "address",
  ],
  PaymentSessionInvoiceRef: [
    "orderId",
    "invoiceId",
    "invoiceNumber",
    "amount",
    "lines",
    "billingContact",
    "shippingContact",
  ],
  PaymentSessionInvoiceRefInput: [
    "orderId",
    "invoiceId",
    "invoiceNumber",
    "amount",
    "lines",
    "billingContact",
    "shippingContact",
  ],
  PaymentSessionInvoiceLineItemRef: [
    "num",
    "quantity",
    "price",
    "productId",
    "productSku",
    "productName",
    "productDescription",
    "productImageUrl",
  ],
  PaymentSessionInvoiceLineItemRefInput: [
    "num",
    "quantity",
    "price",
    "productId",
    "productSku",
    "productName",
    "productDescription",
    "productImageUrl",
  ],
  GlobalAddress: ["lines", "locality", "administrativeArea", "postalCode", "countryCode"],
  GlobalAddressInput: ["lines", "locality", "administrativeArea", "postalCode", "countryCode"],
  OperationSuccess: ["success", "message"],
  CreatePaymentSessionInput: [
    "orgId",
    "amount",
    "currency",
    "callbackUrl",
    "successUrl",
    "contactId",
    "contactRef",
    "transactionRef",
    "invoiceIds",
    "invoiceRefs",
    "expirationDate",
    "createPendingPayment",
    "checkoutConfigurationId",
    "invoiceTotal",
    "brandLogoUrl",
    "brandName",
  ],
  UpdatePaymentSessionInput: [
    "orgId",
    "id",
    "amount",
    "currency",
    "callbackUrl",
    "successUrl",
    "contactId",
    "contactRef",
    "transactionRef",
    "invoiceIds",
    "invoiceRefs",
    "expirationDate",
    "status",
    "paymentId",
    "checkoutConfigurationId",
    "brandLogoUrl",
    "brandName",
  ],
  SendPaymentSessionLinkInput: ["id", "channel", "to"],
};

function fieldsOf(type: GraphQLNamedType | undefined): string[] {
  if (isObjectType(type) || isInputObjectType(type)) return Object.keys(type.getFields());
  throw new Error(`${type?.name ?? "type"} is not an object or input type`);
}

describe("schema.graphql", () => {
  it("parses and has every documented type with exactly its documented fields", () => {
    for (const [name, fields] of Object.entries(DOCUMENTED)) {
      expect(fieldsOf(schema.getType(name)), name).toEqual(fields);
    }
  });

  it("keeps the documented nullability of key fields", () => {
    const session = schema.getType("PaymentSession");
    if (!isObjectType(session)) throw new Error("PaymentSession missing");
    const f = session.getFields();
    expect(String(f.status!.type)).toBe("PaymentSessionStatus!");
    expect(String(f.amount!.type)).toBe("Amount!");
    expect(String(f.link!.type)).toBe("URL");
    expect(String(f.invoiceRefs!.type)).toBe("[PaymentSessionInvoiceRef!]");
    const update = schema.getType("UpdatePaymentSessionInput");
    if (!isInputObjectType(update)) throw new Error("UpdatePaymentSessionInput missing");
    // the documents type these two as String on update (URL on create)
    expect(String(update.getFields().callbackUrl!.type)).toBe("String");
    expect(String(update.getFields().successUrl!.type)).toBe("String");
  });

  it("declares the documented enums and scalars, with the documents' descriptions", () => {
    expect(schema.getType("PaymentSessionStatus")?.toConfig()).toMatchObject({
      values: { Expired: {}, Active: {}, Completed: {}, Canceled: {} },
    });
    expect(schema.getType("PaymentSessionLinkChannel")?.toConfig()).toMatchObject({ values: { Email: {}, Phone: {} } });
    expect(schema.getType("Amount")?.description).toBe("A monetary amount with up to two decimal places. Ex. 111.11");
    expect(schema.getType("Phone")?.description).toBe("E.164 formatted phone number. Ex. +14155554345");
    for (const scalar of ["Currency", "DateTime", "Email", "URL"])
      expect(schema.getType(scalar)?.description).toBeTruthy();
  });

  it("validates every document the client sends", () => {
    for (const op of Object.values(OPERATIONS)) {
      expect(validate(schema, parse(op.document)), op.operationName).toEqual([]);
    }
  });

  it("selects exactly what the documents' own examples select", () => {
    const exampleQuery = (file: string, name: string) => {
      const m = new RegExp(`"query": "(mutation ${name}[^"]*)"`).exec(seedText(file));
      if (!m) throw new Error(`no example for ${name} in ${file}`);
      return m[1]!;
    };
    const norm = (q: string) => q.replace(/\s+/g, " ").trim();
    expect(norm(OPERATIONS.createPaymentSession.document)).toBe(
      norm(exampleQuery("001_3e5b1d1a79a279e0.txt", "CreatePaymentSession")),
    );
    expect(norm(OPERATIONS.updatePaymentSession.document)).toBe(
      norm(exampleQuery("002_129f963e4b724925.txt", "UpdatePaymentSession")),
    );
    expect(norm(OPERATIONS.sendPaymentSessionLink.document)).toBe(
      norm(exampleQuery("004_77665aa2e91aaf16.txt", "SendPaymentSessionLink")),
    );
    expect(PAYMENT_SESSION_SELECTION.split(" ")).toContain("brandName");
  });

  it("ships the same SDL as the published schema.graphql file", () => {
    expect(schemaSDL).toBe(readFileSync(new URL("../schema.graphql", import.meta.url), "utf8"));
  });
});
