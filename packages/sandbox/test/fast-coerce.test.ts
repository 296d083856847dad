// The compiled variable coercion (src/graphql/fast-coerce.ts) gives graphql-js's values, key for
// key, whenever it answers, and declines every request graphql-js would report, so graphql-js
// coerces those itself.
import { OPERATIONS } from "@clientloop/core/pure";
import { getVariableValues, parse, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { compileVariableCoercion } from "../src/graphql/fast-coerce.js";
import { getSchema } from "../src/graphql/schema.js";

const schema = getSchema();

function operationOf(document: string): OperationDefinitionNode {
  const operation = parse(document).definitions[0]!;
  if (operation.kind !== "OperationDefinition") throw new Error("not an operation");
  return operation;
}

function both(document: string, inputs: Record<string, unknown>) {
  const definitions = operationOf(document).variableDefinitions ?? [];
  const compiled = compileVariableCoercion(schema, definitions);
  if (!compiled) throw new Error("not compiled");
  return { fast: compiled(inputs), slow: getVariableValues(schema, definitions, inputs) };
}

const create = OPERATIONS.createPaymentSession.document;
const update = OPERATIONS.updatePaymentSession.document;
const send = OPERATIONS.sendPaymentSessionLink.document;
const minimal = { orgId: "org_1", amount: "1.00", currency: "USD" };
const contact = {
  contactName: "Jane",
  contactEmail: "jane@example.com",
  contactPhone: null,
  address: { lines: ["1 Main St", "Apt 2"], postalCode: "12345", countryCode: "US" },
};

const fitting: [string, string, Record<string, unknown>][] = [
  ["the minimal create", create, { input: minimal }],
  [
    "a create with every kind of field",
    create,
    {
      input: {
        ...minimal,
        callbackUrl: "https://shop.test/cb",
        successUrl: null,
        contactRef: contact,
        transactionRef: "order_1",
        invoiceIds: ["inv_1", "inv_2"],
        invoiceRefs: [
          {
            invoiceId: "inv_1",
            amount: "1.00",
            lines: [{ num: 1, quantity: 2.5, price: "0.40", productName: "Socks" }, { num: 2 }],
            billingContact: contact,
            shippingContact: null,
          },
        ],
        expirationDate: "2030-01-01T00:00:00Z",
        createPendingPayment: true,
        brandName: "ACME",
      },
    },
  ],
  ["an ID given as an integer (graphql-js turns it into a string)", create, { input: { ...minimal, orgId: 7 } }],
  ["scalars the sandbox checks later (amount as a number)", create, { input: { ...minimal, amount: 1 } }],
  [
    "an update clearing fields with null",
    update,
    { input: { orgId: "o", id: "ps_1", contactRef: null, invoiceIds: null } },
  ],
  ["an update of the status enum", update, { input: { orgId: "o", id: "ps_1", status: "Canceled" } }],
  ["a send by email with a recipient", send, { input: { id: "ps_1", channel: "Email", to: "a@b.test" } }],
  ["extra variables the operation does not declare", send, { input: { id: "ps_1", channel: "Phone" }, other: 1 }],
];

const reported: [string, string, Record<string, unknown>][] = [
  ["a missing variable", create, {}],
  ["a null variable", create, { input: null }],
  ["a missing required field", create, { input: { orgId: "o", amount: "1.00" } }],
  ["a null required field", create, { input: { ...minimal, currency: null } }],
  ["an unknown field", create, { input: { ...minimal, nope: 1 } }],
  ["an unknown nested field", create, { input: { ...minimal, contactRef: { nope: 1 } } }],
  ["a string where an object is expected", create, { input: "x" }],
  ["an array where an object is expected", create, { input: { ...minimal, contactRef: [] } }],
  ["a missing required nested field", create, { input: { ...minimal, contactRef: { address: { lines: [] } } } }],
  ["a null list item", create, { input: { ...minimal, invoiceIds: ["a", null] } }],
  ["a float where an Int is expected", create, { input: { ...minimal, invoiceRefs: [{ lines: [{ num: 1.5 }] }] } }],
  ["a string where a Boolean is expected", create, { input: { ...minimal, createPendingPayment: "yes" } }],
  ["a float where an ID is expected", create, { input: { ...minimal, orgId: 1.5 } }],
  ["a value outside the enum", send, { input: { id: "ps_1", channel: "Fax" } }],
  [
    "a field that only a create has, on an update",
    update,
    { input: { orgId: "o", id: "p", createPendingPayment: true } },
  ],
];

describe("compiled variable coercion", () => {
  it.each(fitting)("gives graphql-js's values for %s", (_name, document, inputs) => {
    const { fast, slow } = both(document, inputs);
    expect(slow.errors).toBeUndefined();
    expect(fast).toBeDefined();
    expect(fast).toStrictEqual("coerced" in slow ? slow.coerced : undefined);
    expect(JSON.stringify(fast)).toBe(JSON.stringify("coerced" in slow ? slow.coerced : undefined)); // key order too
  });

  it.each(reported)("declines %s, which graphql-js reports", (_name, document, inputs) => {
    const { fast, slow } = both(document, inputs);
    expect(slow.errors?.length).toBeGreaterThan(0);
    expect(fast).toBeUndefined();
  });

  it("declines a single value where a list is expected, which graphql-js accepts as a list of one", () => {
    const { fast, slow } = both(create, { input: { ...minimal, invoiceIds: "inv_1" } });
    expect(slow).toEqual({ coerced: { input: { ...minimal, invoiceIds: ["inv_1"] } } });
    expect(fast).toBeUndefined();
  });
});
