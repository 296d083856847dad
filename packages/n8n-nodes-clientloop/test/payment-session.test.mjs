// The ClientLoop node in real n8n workflows (n8n-core's WorkflowExecute, the package loaded from
// dist by the package directory loader) against the ClientLoop sandbox over HTTP.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { activateTrigger, clientLoopNode, packageRoot, runWorkflow, triggerNode } from "./helpers/n8n.mjs";
import { startTestSandbox } from "./helpers/sandbox.mjs";

const readme = readFileSync(join(packageRoot, "README.md"), "utf8");
/** The README's error table shows messages as n8n shows them. */
const expectDocumented = (message) => expect(readme, `README.md shows "${message}"`).toContain(`\`${message}\``);

let sandbox;
let credentials;
beforeAll(async () => {
  ({ sandbox, credentials } = await startTestSandbox());
});
afterAll(async () => {
  await sandbox?.stop();
});
beforeEach(() => {
  sandbox.clearFaults();
  sandbox.clearOutbox();
});

const create = (name, extra = {}, settings = {}) =>
  clientLoopNode(
    name,
    {
      resource: "paymentSession",
      operation: "create",
      orgId: sandbox.orgId,
      amount: "100.10",
      currency: "USD",
      ...extra,
    },
    settings,
  );
const update = (name, sessionId, updateFields, settings = {}) =>
  clientLoopNode(
    name,
    { resource: "paymentSession", operation: "update", orgId: sandbox.orgId, sessionId, updateFields },
    settings,
  );
const sendLink = (name, sessionId, channel, additionalFields = {}, settings = {}) =>
  clientLoopNode(
    name,
    { resource: "paymentSession", operation: "sendLink", sessionId, channel, additionalFields },
    settings,
  );

async function createSession(fields = {}) {
  return sandbox.createSession({ amount: "25.00", currency: "USD", ...fields });
}

describe("create → update → send link in one workflow", () => {
  it("chains the three operations with expressions and keeps item pairing", async () => {
    const result = await runWorkflow({
      credentials,
      items: [{ ref: "order-1001", email: "ann@example.com" }],
      nodes: [
        create("Create", {
          amount: "49.90",
          additionalFields: {
            transactionRef: "={{ $json.ref }}",
            contactRef: { contact: { contactName: "Ann Example", contactEmail: "={{ $json.email }}" } },
          },
        }),
        update("Update", "={{ $json.id }}", { amount: "59.90", brandName: "Example Store" }),
        sendLink("Send Link", "={{ $('Create').item.json.id }}", "Email"),
      ],
    });
    expect(result.error).toBeUndefined();
    const [created] = result.output("Create");
    expect(created.json).toMatchObject({
      orgId: sandbox.orgId,
      status: "Active",
      amount: "49.90",
      currency: "USD",
      transactionRef: "order-1001",
      contactRef: { contactName: "Ann Example", contactEmail: "ann@example.com" },
    });
    expect(created.json.link).toMatch(/^http/);
    expect(created.pairedItem).toEqual({ item: 0 });

    const [updated] = result.output("Update");
    expect(updated.json).toMatchObject({ id: created.json.id, amount: "59.90", brandName: "Example Store" });
    expect(updated.pairedItem).toEqual({ item: 0 });

    const [sent] = result.output("Send Link");
    expect(sent.json).toEqual({ id: created.json.id, channel: "Email", success: true, message: expect.anything() });
    expect(sent.pairedItem).toEqual({ item: 0 });

    expect(sandbox.getSession(created.json.id)).toMatchObject({ amount: "59.90", brandName: "Example Store" });
    const [message] = sandbox.outbox({ sessionId: created.json.id });
    expect(message).toMatchObject({ channel: "Email", recipient: "ann@example.com" });
  });

  it("sends every input field of createPaymentSession and reads the session back", async () => {
    const result = await runWorkflow({
      credentials,
      timezone: "America/New_York",
      items: [{}],
      nodes: [
        create("Create", {
          amount: "120.00",
          currency: "EUR",
          additionalFields: {
            callbackUrl: "https://hooks.example.com/clientloop",
            successUrl: "https://shop.example.com/thanks",
            transactionRef: "tx-1",
            expirationDate: "2099-06-01T12:00:00",
            createPendingPayment: true,
            checkoutConfigurationId: "cc_default",
            invoiceTotal: "110.00",
            brandLogoUrl: "https://shop.example.com/logo.png",
            brandName: "Example Shop",
            contactRef: {
              contact: {
                contactId: "ext-42",
                contactName: "Ann Example",
                contactFirstName: "Ann",
                contactLastName: "Example",
                contactEmail: "ann@example.com",
                contactPhone: "+14155550123",
                address: {
                  address: {
                    lines: "1 Market Street\nSuite 5",
                    locality: "San Francisco",
                    administrativeArea: "CA",
                    postalCode: "94105",
                    countryCode: "US",
                  },
                },
              },
            },
            invoiceRefs: {
              invoice: [
                {
                  orderId: "ord-1",
                  invoiceId: "inv-1",
                  invoiceNumber: "2026-001",
                  amount: "110.00",
                  lines: {
                    line: [
                      {
                        num: 1,
                        quantity: 2,
                        price: "50.00",
                        productId: "p1",
                        productSku: "SKU-1",
                        productName: "Widget",
                        productDescription: "A widget",
                        productImageUrl: "https://shop.example.com/w.png",
                      },
                      { num: 2, quantity: 0, price: "10.00", productName: "Shipping" },
                    ],
                  },
                  billingContact: { contact: { contactName: "Ann Example", contactEmail: "billing@example.com" } },
                  shippingContact: {
                    contact: {
                      contactName: "Ann Example",
                      address: { address: { lines: "1 Market Street", countryCode: "US" } },
                    },
                  },
                },
              ],
            },
          },
        }),
      ],
    });
    expect(result.error).toBeUndefined();
    const [created] = result.output("Create");
    const stored = sandbox.getSession(created.json.id);
    expect(stored).toMatchObject({
      amount: "120.00",
      currency: "EUR",
      callbackUrl: "https://hooks.example.com/clientloop",
      successUrl: "https://shop.example.com/thanks",
      transactionRef: "tx-1",
      checkoutConfigurationId: "cc_default",
      invoiceTotal: "110.00",
      brandLogoUrl: "https://shop.example.com/logo.png",
      brandName: "Example Shop",
      contactRef: {
        contactId: "ext-42",
        contactPhone: "+14155550123",
        address: {
          lines: ["1 Market Street", "Suite 5"],
          locality: "San Francisco",
          administrativeArea: "CA",
          postalCode: "94105",
          countryCode: "US",
        },
      },
      invoiceRefs: [
        {
          orderId: "ord-1",
          invoiceNumber: "2026-001",
          lines: [
            {
              num: 1,
              quantity: 2,
              price: "50.00",
              productSku: "SKU-1",
              productImageUrl: "https://shop.example.com/w.png",
            },
            { num: 2, quantity: null, price: "10.00", productName: "Shipping" },
          ],
          billingContact: { contactEmail: "billing@example.com" },
          shippingContact: { address: { lines: ["1 Market Street"], countryCode: "US" } },
        },
      ],
    });
    // a local date-time is read in the workflow's time zone (New York is UTC-4 in June)
    expect(new Date(stored.expirationDate).toISOString()).toBe("2099-06-01T16:00:00.000Z");
    // createPendingPayment gives the session a payment id at creation
    expect(stored.paymentId).toBeTruthy();
  });

  it("attaches invoice IDs and a ClientLoop contact, and updates status, payment and callback", async () => {
    const result = await runWorkflow({
      credentials,
      items: [{}],
      nodes: [
        create("Create", { additionalFields: { contactId: "contact_jane", invoiceIds: ["inv-7", "inv-8"] } }),
        update("Update", "={{ $json.id }}", {
          status: "Completed",
          paymentId: "pay_offline_1",
          successUrl: "https://shop.example.com/paid",
        }),
      ],
    });
    expect(result.error).toBeUndefined();
    const [created] = result.output("Create");
    expect(created.json).toMatchObject({
      contactId: "contact_jane",
      invoiceIds: ["inv-7", "inv-8"],
      contact: { email: "jane.doe@example.com" },
    });
    const [updated] = result.output("Update");
    expect(updated.json).toMatchObject({ status: "Completed", paymentId: "pay_offline_1", link: null });
  });
});

describe("send link", () => {
  it.each([
    ["Email", undefined, "jane.doe@example.com"],
    ["Email", "other@example.com", "other@example.com"],
    ["Phone", undefined, "+14155550100"],
    ["Phone", "+442071838750", "+442071838750"],
  ])("channel %s with to=%s reaches %s", async (channel, to, recipient) => {
    const session = await createSession({ contactId: "contact_jane" });
    const result = await runWorkflow({
      credentials,
      items: [{}],
      nodes: [sendLink("Send Link", session.id, channel, to ? { to } : {})],
    });
    expect(result.error).toBeUndefined();
    expect(result.output("Send Link")[0].json).toMatchObject({ id: session.id, channel, success: true });
    expect(sandbox.outbox({ sessionId: session.id })).toEqual([
      expect.objectContaining({ channel, recipient, link: session.link }),
    ]);
  });
});

describe("documented errors", () => {
  it("a wrong API key is a NodeApiError with ClientLoop's UNAUTHENTICATED", async () => {
    const result = await runWorkflow({
      credentials: { clientLoopApi: { ...credentials.clientLoopApi, apiKey: "sk_wrong" } },
      items: [{}],
      nodes: [create("Create")],
    });
    const error = result.nodeError("Create");
    expect(error).toMatchObject({ name: "NodeApiError" });
    expect(error.httpCode).toBe("401");
    expect(error.context.code).toBe("UNAUTHENTICATED");
    expect(error.message).toBe("The API key is not valid [item 0]");
    expectDocumented(error.message);
    expect(error.description).toMatch(/ClientLoop error code: UNAUTHENTICATED/);
    expect(error.description).toMatch(/Check the API Key of the ClientLoop API credential/);
    expect(JSON.stringify(error)).not.toContain("sk_wrong");
  });

  it("updating a session that is no longer Active is SESSION_NOT_ACTIVE", async () => {
    const session = await createSession();
    sandbox.cancelSession(session.id);
    const result = await runWorkflow({
      credentials,
      items: [{}],
      nodes: [update("Update", session.id, { amount: "30.00" })],
    });
    const error = result.nodeError("Update");
    expect(error).toMatchObject({ name: "NodeApiError" });
    expect(error.context.code).toBe("SESSION_NOT_ACTIVE");
    expect(error.message).toBe(
      "The payment session is Canceled; only Active sessions can be changed or have their link sent [item 0]",
    );
    expectDocumented(error.message);
  });

  it("sending to a contact without email, with no `to`, is NO_RECIPIENT", async () => {
    const session = await createSession({ contactId: "contact_unreachable" });
    const result = await runWorkflow({ credentials, items: [{}], nodes: [sendLink("Send Link", session.id, "Email")] });
    const error = result.nodeError("Send Link");
    expect(error).toMatchObject({ name: "NodeApiError" });
    expect(error.context.code).toBe("NO_RECIPIENT");
    expect(error.message).toBe(
      `To: the session's contact has no email address for channel Email; pass "to" to choose a recipient [item 0]`,
    );
    expectDocumented(error.message);
    expect(sandbox.outbox({ sessionId: session.id })).toEqual([]);
  });

  it("an invalid phone in `to` is a NodeOperationError naming item and field, and nothing is sent", async () => {
    const session = await createSession({ contactId: "contact_jane" });
    sandbox.resetRequests();
    const result = await runWorkflow({
      credentials,
      items: [{}],
      nodes: [sendLink("Send Link", session.id, "Phone", { to: "555-1234" })],
    });
    const error = result.nodeError("Send Link");
    expect(error).toMatchObject({ name: "NodeOperationError" });
    expect(error.message).toBe("To: must be an E.164 phone number such as +14155554345 (channel Phone) [item 0]");
    expect(error.description).toContain("GraphQL input input.to");
    expect(error.context.itemIndex).toBe(0);
    expect(sandbox.requests().total).toBe(0);
  });

  it.each([
    ["10.123", /^Amount: must be a decimal string with at most 2 decimal places/],
    ["-5", /^Amount: must be a decimal string/],
    ["0", /^Amount: must be greater than 0/],
    ["abc", /^Amount: must be a decimal string/],
  ])("amount %s is rejected before any request", async (amount, message) => {
    sandbox.resetRequests();
    const result = await runWorkflow({ credentials, items: [{}], nodes: [create("Create", { amount })] });
    const error = result.nodeError("Create");
    expect(error).toMatchObject({ name: "NodeOperationError" });
    expect(error.message).toMatch(message);
    if (amount === "10.123") expectDocumented(error.message);
    expect(sandbox.requests().total).toBe(0);
  });

  it("an amount with more decimals than the currency allows names the field", async () => {
    const result = await runWorkflow({
      credentials,
      items: [{}],
      nodes: [create("Create", { amount: "10.5", currency: "JPY" })],
    });
    expect(result.nodeError("Create").message).toBe("Amount: has more decimal places than JPY allows (0) [item 0]");
  });

  it("nested fields are named by their place in the form", async () => {
    const result = await runWorkflow({
      credentials,
      items: [{}, {}],
      nodes: [
        create("Create", {
          additionalFields: {
            contactRef: { contact: { contactPhone: "={{ $itemIndex === 1 ? '12345' : '+14155550123' }}" } },
          },
        }),
      ],
    });
    const error = result.nodeError("Create");
    expect(error).toMatchObject({ name: "NodeOperationError" });
    expect(error.message).toBe(
      "Contact Reference › Phone: must be an E.164 phone number such as +14155554345 [item 1]",
    );
    expect(error.description).toContain("Contact Reference › Phone (GraphQL input input.contactRef.contactPhone)");
    expect(error.description).toContain("Nothing was sent to ClientLoop.");
    expect(error.context.itemIndex).toBe(1);
  });

  it("names the first field at fault and counts the others, all of them in the details", async () => {
    const result = await runWorkflow({
      credentials,
      items: [{}],
      nodes: [create("Create", { amount: "1.001", additionalFields: { successUrl: "not a url" } })],
    });
    const error = result.nodeError("Create");
    expect(error.message).toMatch(/^Amount: .* \(and 1 more, see the details\) \[item 0\]$/);
    expect(error.description).toContain(
      "Success URL (GraphQL input input.successUrl): must be an absolute http(s) URL",
    );
    expect(error.context.issues.map((i) => i.field)).toEqual(expect.arrayContaining(["Amount", "Success URL"]));
  });

  it("an update without fields is a NodeOperationError", async () => {
    const result = await runWorkflow({ credentials, items: [{}], nodes: [update("Update", "ps_x", {})] });
    expect(result.nodeError("Update")).toMatchObject({ name: "NodeOperationError" });
    expect(result.nodeError("Update").message).toMatch(/Add at least one field to update/);
  });

  it("an unknown session is NOT_FOUND, named by the form's field", async () => {
    const result = await runWorkflow({
      credentials,
      items: [{}],
      nodes: [sendLink("Send Link", "ps_missing", "Email")],
    });
    const error = result.nodeError("Send Link");
    expect(error.context.code).toBe("NOT_FOUND");
    expect(error.message).toBe("Payment Session ID: no payment session with this id in your organization [item 0]");
    expectDocumented(error.message);
    expect(error.description).toContain("Payment Session ID (GraphQL input input.id)");
  });

  it("another organization's ID is FORBIDDEN, in the same style as input errors and without an HTTP code", async () => {
    const result = await runWorkflow({
      credentials,
      items: [{}],
      nodes: [create("Create", { orgId: "org_someone_else" })],
    });
    const error = result.nodeError("Create");
    expect(error).toMatchObject({ name: "NodeApiError" });
    expect(error.context.code).toBe("FORBIDDEN");
    expect(error.message).toBe("Organization ID: the API key does not belong to this organization [item 0]");
    expectDocumented(error.message);
    expect(error.description).toContain("Organization ID (GraphQL input input.orgId)");
    expect(error.description).toContain("ClientLoop error code: FORBIDDEN");
    // ClientLoop answers with HTTP 200 and a GraphQL error: no HTTP code is claimed
    expect(error.httpCode).toBeNull();
    expect(error.context.issues).toEqual([
      { path: "input.orgId", field: "Organization ID", message: "the API key does not belong to this organization" },
    ]);
  });

  it.each([
    ["XXX", "Currency: is an ISO 4217 code but not a currency payments can be made in"],
    ["usd", "Currency: must be an upper-case ISO 4217 code, such as USD"],
    ["ABC", "Currency: is not an ISO 4217 currency code: use one such as USD"],
  ])("currency %s from an expression is told what is wrong with it", async (currency, message) => {
    sandbox.resetRequests();
    const result = await runWorkflow({
      credentials,
      items: [{ currency }],
      nodes: [create("Create", { currency: "={{ $json.currency }}" })],
    });
    expect(result.nodeError("Create")).toMatchObject({ name: "NodeOperationError" });
    expect(result.nodeError("Create").message).toMatch(
      new RegExp(`^${message.replace(/[.()]/g, "\\$&")}.* \\[item 0\\]$`),
    );
    expect(sandbox.requests().total).toBe(0);
  });

  it("an address without a country names the Address group's field", async () => {
    const result = await runWorkflow({
      credentials,
      items: [{}],
      nodes: [
        create("Create", {
          additionalFields: { contactRef: { contact: { address: { address: { lines: "1 Main St" } } } } },
        }),
      ],
    });
    expect(result.nodeError("Create").message).toMatch(/^Contact Reference › Address › Country Code: .* \[item 0\]$/);
  });

  it.each([
    ["ClientLoop's contact", { contactId: "={{ 5 }}" }, "ClientLoop Contact ID"],
    [
      "your own contact ID",
      { contactRef: { contact: { contactId: "={{ 5 }}" } } },
      "Contact Reference › Your Contact ID",
    ],
    [
      "an invoice contact's address",
      { invoiceRefs: { invoice: [{ billingContact: { contact: { address: { address: { lines: "1 Main St" } } } } }] } },
      "Invoice References 1 › Billing Contact › Address › Country Code",
    ],
    [
      "a line item",
      { invoiceRefs: { invoice: [{}, { lines: { line: [{ num: 1 }, { num: 2 }, { num: 3, price: "1.001" }] } }] } },
      "Invoice References 2 › Line Items 3 › Price",
    ],
  ])("names %s as the form shows it", async (_what, additionalFields, label) => {
    const result = await runWorkflow({ credentials, items: [{}], nodes: [create("Create", { additionalFields })] });
    const error = result.nodeError("Create");
    expect(error).toMatchObject({ name: "NodeOperationError" });
    expect(error.message.startsWith(`${label}: `), error.message).toBe(true);
  });
});

describe("continueOnFail and per-item expressions", () => {
  it("keeps going, one output per item with its pairing, errors as items", async () => {
    const jane = await createSession({ contactId: "contact_jane" });
    const nobody = await createSession({ contactId: "contact_unreachable" });
    const items = [
      { id: jane.id, to: "" },
      { id: jane.id, to: "not-an-email" },
      { id: nobody.id, to: "" },
      { id: jane.id, to: "x@example.com" },
    ];
    const result = await runWorkflow({
      credentials,
      items,
      nodes: [
        sendLink(
          "Send Link",
          "={{ $json.id }}",
          "Email",
          { to: "={{ $json.to }}" },
          { onError: "continueRegularOutput" },
        ),
      ],
    });
    expect(result.error).toBeUndefined();
    const out = result.output("Send Link");
    expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
    expect(out[0].json).toMatchObject({ success: true, id: jane.id });
    expect(out[1].json).toMatchObject({
      error: expect.stringMatching(/^To: .*\[item 1\]$/),
      details: {
        code: "BAD_USER_INPUT",
        itemIndex: 1,
        issues: [expect.objectContaining({ path: "input.to", field: "To" })],
      },
    });
    expect(out[2].json).toMatchObject({
      error: expect.stringContaining("[item 2]"),
      details: { code: "NO_RECIPIENT", description: expect.stringContaining("NO_RECIPIENT") },
    });
    expect(out[3].json).toMatchObject({ success: true });
    expect(
      sandbox
        .outbox()
        .map((m) => m.recipient)
        .sort(),
    ).toEqual(["jane.doe@example.com", "x@example.com"]);
  });

  it("routes failed items to the error output with continueErrorOutput", async () => {
    const result = await runWorkflow({
      credentials,
      items: [{ amount: "1.00" }, { amount: "1.001" }],
      nodes: [create("Create", { amount: "={{ $json.amount }}" }, { onError: "continueErrorOutput" })],
    });
    expect(result.output("Create", 0).map((o) => o.pairedItem)).toEqual([{ item: 0 }]);
    expect(result.output("Create", 1).map((o) => o.pairedItem)).toEqual([{ item: 1 }]);
  });

  it("evaluates expressions per item, numbers from expressions included", async () => {
    const items = [
      { amount: 10.5, currency: "USD", ref: "a" },
      { amount: "2500", currency: "JPY", ref: "b" },
      { amount: "7.25", currency: "GBP", ref: "c" },
    ];
    const result = await runWorkflow({
      credentials,
      items,
      nodes: [
        create("Create", {
          amount: "={{ $json.amount }}",
          currency: "={{ $json.currency }}",
          additionalFields: { transactionRef: "={{ $json.ref }}-{{ $itemIndex }}" },
        }),
      ],
    });
    expect(result.error).toBeUndefined();
    expect(
      result.output("Create").map((o) => [o.json.amount, o.json.currency, o.json.transactionRef, o.pairedItem.item]),
    ).toEqual([
      ["10.5", "USD", "a-0", 0],
      ["2500", "JPY", "b-1", 1],
      ["7.25", "GBP", "c-2", 2],
    ]);
  });
});

describe("many items", () => {
  it.each([1, 10])("200 items in one execution (concurrency %i) keep order and pairing", async (concurrency) => {
    const items = Array.from({ length: 200 }, (_, i) => ({ ref: `r-${i}`, amount: `${i + 1}.00` }));
    const result = await runWorkflow({
      credentials,
      items,
      nodes: [
        create("Create", {
          amount: "={{ $json.amount }}",
          additionalFields: { transactionRef: "={{ $json.ref }}" },
          options: { concurrency },
        }),
      ],
    });
    expect(result.error).toBeUndefined();
    const out = result.output("Create");
    expect(out).toHaveLength(200);
    out.forEach((o, i) => {
      expect(o.pairedItem).toEqual({ item: i });
      expect(o.json.transactionRef).toBe(`r-${i}`);
      expect(o.json.amount).toBe(`${i + 1}.00`);
    });
    expect(new Set(out.map((o) => o.json.id)).size).toBe(200);
  });

  it("stops at the first failing item without continueOnFail, reporting that item", async () => {
    const items = Array.from({ length: 30 }, (_, i) => ({ amount: i === 17 ? "1.001" : "1.00" }));
    const result = await runWorkflow({
      credentials,
      items,
      nodes: [create("Create", { amount: "={{ $json.amount }}", options: { concurrency: 5 } })],
    });
    expect(result.nodeError("Create").context.itemIndex).toBe(17);
    expect(result.nodeError("Create").message).toMatch(/\[item 17\]/);
  });
});

describe("transport", () => {
  it("sends Bearer auth, an Idempotency-Key and the core's documents", async () => {
    sandbox.resetRequests();
    await runWorkflow({ credentials, items: [{}], nodes: [create("Create")] });
    const [entry] = sandbox.requests().recent;
    expect(entry).toMatchObject({ operationName: "CreatePaymentSession", status: 200, orgId: sandbox.orgId });
    expect(entry.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("retries a request ClientLoop did not process (429 with Retry-After)", async () => {
    sandbox.injectFault({
      kind: "status",
      status: 429,
      retryAfter: 0,
      times: 1,
      operationName: "createPaymentSession",
    });
    sandbox.resetRequests();
    const result = await runWorkflow({ credentials, items: [{}], nodes: [create("Create")] });
    expect(result.error).toBeUndefined();
    expect(result.output("Create")[0].json.status).toBe("Active");
    expect(sandbox.requests().byStatus).toMatchObject({ 429: 1, 200: 1 });
  });

  it("never repeats a create that may have been applied (500 after applying)", async () => {
    sandbox.injectFault({
      kind: "status",
      status: 500,
      when: "after",
      times: 1,
      operationName: "createPaymentSession",
    });
    sandbox.resetRequests();
    const result = await runWorkflow({ credentials, items: [{}], nodes: [create("Create")] });
    const error = result.nodeError("Create");
    expect(error).toMatchObject({ name: "NodeApiError" });
    expect(error.context.code).toBe("INTERNAL_SERVER_ERROR");
    expect(error.description).toMatch(/may have been applied/);
    expect(sandbox.requests().total).toBe(1);
  });
});

describe("unreachable endpoint", () => {
  it("is a NodeApiError after the retries a refused connection allows", async () => {
    const closed = await import("node:net").then(
      ({ createServer }) =>
        new Promise((resolve) => {
          const srv = createServer();
          srv.listen(0, "127.0.0.1", () => {
            const { port } = srv.address();
            srv.close(() => resolve(port));
          });
        }),
    );
    const result = await runWorkflow({
      credentials: { clientLoopApi: { ...credentials.clientLoopApi, endpointUrl: `http://127.0.0.1:${closed}/` } },
      items: [{}],
      nodes: [create("Create")],
    });
    const error = result.nodeError("Create");
    expect(error).toMatchObject({ name: "NodeApiError" });
    expect(error.message).toMatch(/Could not reach ClientLoop/);
    expect(error.description).toMatch(/not sent/);
  });

  it("an answer without GraphQL errors (a proxy's 502) is told by its HTTP status", async () => {
    const { createServer } = await import("node:http");
    const proxy = createServer((req, res) => {
      req.resume();
      req.on("end", () => res.writeHead(502, { "content-type": "text/html" }).end("<h1>Bad Gateway</h1>"));
    });
    await new Promise((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    try {
      const result = await runWorkflow({
        credentials: {
          clientLoopApi: { ...credentials.clientLoopApi, endpointUrl: `http://127.0.0.1:${proxy.address().port}/` },
        },
        items: [{}],
        nodes: [create("Create")],
      });
      const error = result.nodeError("Create");
      expect(error).toMatchObject({ name: "NodeApiError", httpCode: "502" });
      expect(error.message).toBe("ClientLoop answered HTTP 502 [item 0]");
      expect(error.description).toMatch(/may have been applied/);
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it("does not repeat a Send Link whose connection dropped after sending", async () => {
    const session = await createSession({ contactId: "contact_jane" });
    sandbox.injectFault({ kind: "drop", when: "after", times: 1, operationName: "sendPaymentSessionLink" });
    sandbox.resetRequests();
    const result = await runWorkflow({ credentials, items: [{}], nodes: [sendLink("Send Link", session.id, "Email")] });
    const error = result.nodeError("Send Link");
    expect(error).toMatchObject({ name: "NodeApiError" });
    expect(error.description).toMatch(/may have reached ClientLoop/);
    expect(sandbox.requests().total).toBe(1);
  });
});

describe("callback URL from this workflow's ClientLoop Trigger", () => {
  it("uses the Production URL the activated trigger recorded", async () => {
    const { staticData, url } = await activateTrigger({ node: triggerNode() });
    expect(url).toBe("http://127.0.0.1:5678/webhook/6f1f7c1e-0000-4000-8000-000000000001/webhook");
    const result = await runWorkflow({
      credentials,
      staticData,
      items: [{}],
      nodes: [create("Create", { additionalFields: { useTriggerUrl: true } })],
    });
    expect(result.error).toBeUndefined();
    expect(result.output("Create")[0].json.callbackUrl).toBe(url);
  });

  it("records only the Production URL, and forgets it on deactivation", async () => {
    const test = await activateTrigger({ node: triggerNode(), activation: "manual" });
    expect(test.url).toMatch(/\/webhook-test\//);
    expect(test.staticData.global?.clientLoopTriggerUrl).toBeUndefined();
    const active = await activateTrigger({ node: triggerNode() });
    expect(active.staticData.global.clientLoopTriggerUrl).toBe(active.url);
    await active.deactivate();
    expect(active.staticData.global.clientLoopTriggerUrl).toBeUndefined();
  });

  it("explains what to do when no trigger was activated", async () => {
    const result = await runWorkflow({
      credentials,
      items: [{}],
      nodes: [create("Create", { additionalFields: { useTriggerUrl: true } })],
    });
    expect(result.nodeError("Create")).toMatchObject({ name: "NodeOperationError" });
    expect(result.nodeError("Create").message).toMatch(/no active ClientLoop Trigger/);
  });
});
