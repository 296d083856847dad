// The compiled execution of simple operations (src/graphql/fast-execute.ts) answers exactly as
// graphql-js does: same data, same errors, for core's documents and the documents' examples;
// everything it does not handle is left to graphql-js.
import { OPERATIONS } from "@clientloop/core/pure";
import { execute, parse, type ExecutionResult } from "graphql";
import { describe, expect, it } from "vitest";
import { SandboxError } from "../src/errors.js";
import { compileFastExecute } from "../src/graphql/fast-execute.js";
import { getSchema } from "../src/graphql/schema.js";
import { createExamples } from "./fixtures/doc-examples.js";

const schema = getSchema();
const session = {
  id: "ps_1",
  orgId: "org_1",
  status: "Completed",
  amount: "149.90",
  currency: "EUR",
  callbackUrl: null,
  successUrl: "https://shop.test/thanks",
  link: null,
  contactId: "c_1",
  contact: {
    orgId: "org_1",
    id: "c_1",
    name: "Jane Doe",
    givenName: "Jane",
    familyName: null,
    email: "jane@example.com",
    phone: null,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
  },
  contactRef: {
    contactId: null,
    contactName: "Jane",
    contactFirstName: null,
    contactLastName: null,
    contactEmail: null,
    contactPhone: "+14155550100",
    address: {
      lines: ["1 Main St", "Apt 2"],
      locality: null,
      administrativeArea: null,
      postalCode: "12345",
      countryCode: "US",
    },
  },
  transactionRef: "order_1",
  invoiceIds: null,
  invoiceRefs: [
    {
      orderId: null,
      invoiceId: "inv_1",
      invoiceNumber: "INV-1",
      amount: "149.90",
      lines: [
        {
          num: 1,
          quantity: 2.5,
          price: "59.96",
          productId: null,
          productSku: "SKU",
          productName: "Socks",
          productDescription: null,
          productImageUrl: null,
        },
      ],
      billingContact: null,
      shippingContact: null,
    },
  ],
  expirationDate: null,
  paymentId: "pay_1",
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-02T00:00:00.000Z",
  checkoutConfigurationId: null,
  invoiceTotal: "149.90",
  brandLogoUrl: null,
  brandName: "ACME",
};
const rootValue = {
  createPaymentSession: () => session,
  updatePaymentSession: () => {
    throw new SandboxError("SESSION_NOT_ACTIVE", "the payment session is Completed", undefined, {
      status: "Completed",
    });
  },
  sendPaymentSessionLink: () => ({ success: true, message: "sent" }),
  _unused: () => null,
};
const input = { input: { orgId: "org_1", amount: "1.00", currency: "USD" } };

function both(query: string, variables: Record<string, unknown> = input) {
  const document = parse(query);
  const operation = document.definitions[0]!;
  if (operation.kind !== "OperationDefinition") throw new Error("not an operation");
  const fast = compileFastExecute(schema, operation);
  const slow = execute({ schema, document, rootValue, variableValues: variables, contextValue: {} }) as ExecutionResult;
  return {
    fast,
    slow: JSON.parse(JSON.stringify(slow)),
    fastResult: fast && JSON.parse(JSON.stringify(fast(rootValue, variables, {}) ?? null)),
  };
}

describe("compiled execution of simple operations", () => {
  it("is used for core's three documents and answers what graphql-js answers", () => {
    for (const { document } of Object.values(OPERATIONS)) {
      const r = both(
        document,
        document.includes("SendPaymentSessionLink")
          ? { input: { id: "ps_1", channel: "Email" } }
          : document.includes("Update")
            ? { input: { orgId: "o", id: "ps_1" } }
            : input,
      );
      expect(r.fast).toBeTypeOf("function");
      expect(r.fastResult).toEqual(r.slow);
    }
  });

  it("answers the documents' curl example (full selection) as graphql-js does", () => {
    const { query, variables } = JSON.parse(createExamples.curl) as {
      query: string;
      variables: Record<string, unknown>;
    };
    const r = both(query, variables);
    expect(r.fast).toBeTypeOf("function");
    expect(r.fastResult).toEqual(r.slow);
    expect(r.fastResult.data.createPaymentSession.invoiceRefs[0].lines[0]).toMatchObject({
      num: 1,
      quantity: 2.5,
      price: "59.96",
    });
  });

  it("locates a resolver's error as graphql-js does (message, locations, path, extensions; data null)", () => {
    const r = both(OPERATIONS.updatePaymentSession.document, { input: { orgId: "o", id: "ps_1" } });
    expect(r.fastResult).toEqual(r.slow);
    expect(r.fastResult).toMatchObject({
      data: null,
      errors: [{ path: ["updatePaymentSession"], extensions: { code: "SESSION_NOT_ACTIVE", status: "Completed" } }],
    });
  });

  it("keeps an alias of the root field and of nested fields", () => {
    const r = both(
      "mutation($input: CreatePaymentSessionInput!) { made: createPaymentSession(input: $input) { sessionId: id amount contact { who: name } } }",
    );
    expect(r.fast).toBeTypeOf("function");
    expect(r.fastResult).toEqual(r.slow);
    expect(r.fastResult).toEqual({
      data: { made: { sessionId: "ps_1", amount: "149.90", contact: { who: "Jane Doe" } } },
    });
  });

  it("leaves to graphql-js what it does not compile: fragments, directives, __typename, two root fields, inline arguments, repeated keys", () => {
    const leftOut = [
      "mutation($input: CreatePaymentSessionInput!) { createPaymentSession(input: $input) { ...S } } fragment S on PaymentSession { id }",
      "mutation($input: CreatePaymentSessionInput!) { createPaymentSession(input: $input) { ... on PaymentSession { id } } }",
      "mutation($input: CreatePaymentSessionInput!, $x: Boolean!) { createPaymentSession(input: $input) { id @include(if: $x) } }",
      "mutation($input: CreatePaymentSessionInput!) { createPaymentSession(input: $input) { __typename id } }",
      "mutation($input: CreatePaymentSessionInput!) { a: createPaymentSession(input: $input) { id } b: createPaymentSession(input: $input) { id } }",
      'mutation { sendPaymentSessionLink(input: { id: "ps_1", channel: Email }) { success } }',
      "mutation($input: CreatePaymentSessionInput!) { createPaymentSession(input: $input) { id id2: id id2: amount } }",
      "{ __typename }",
    ];
    for (const query of leftOut) {
      const operation = parse(query).definitions[0]!;
      if (operation.kind !== "OperationDefinition") throw new Error("not an operation");
      expect([query, compileFastExecute(schema, operation)]).toEqual([query, undefined]);
    }
  });

  it("hands variables that do not fit the schema back to graphql-js (which reports them)", () => {
    const operation = parse(OPERATIONS.createPaymentSession.document).definitions[0]!;
    if (operation.kind !== "OperationDefinition") throw new Error("not an operation");
    const fast = compileFastExecute(schema, operation)!;
    let called = false;
    const spy = { ...rootValue, createPaymentSession: () => ((called = true), session) };
    expect(fast(spy, { input: { orgId: "o", amount: "1.00", currency: "USD", nope: 1 } }, {})).toBeUndefined();
    expect(fast(spy, {}, {})).toBeUndefined();
    expect(called).toBe(false);
  });
});
