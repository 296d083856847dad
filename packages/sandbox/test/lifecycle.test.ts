// Session lifecycle: link, status changes, expiry (lazy and by timer), paymentId, timestamps,
// contacts, and organizations that never see each other's sessions.
import { ERROR_CODES } from "@clientloop/core/pure";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../src/index.js";
import { create, created, eventually, firstError, post, send, update, UPDATE } from "./helpers.js";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({
    port: 0,
    seed: {
      orgs: [
        {
          id: "org_a",
          name: "Shop A",
          apiKey: "sk_a",
          signingSecret: "whsec_a",
          contacts: [{ id: "ct_a", name: "Ann", email: "ann@example.com", phone: "+14155550111" }],
        },
        { id: "org_b", name: "Shop B", apiKeys: ["sk_b", "sk_b2"], signingSecret: "whsec_b" },
      ],
    },
    orgId: "org_a",
  });
});
afterAll(() => sb.stop());

const asB = () => ({ ...sb, apiKey: "sk_b", orgId: "org_b" }) as Sandbox;

describe("status and link", () => {
  it("has a link while Active and none once Completed, Canceled or Expired", async () => {
    for (const end of ["complete", "cancel", "expire"] as const) {
      const s = await created(sb);
      expect(s.link).toBe(`${sb.baseUrl}/pay/${s.id}`);
      const after =
        end === "complete"
          ? sb.completeSession(s.id)
          : end === "cancel"
            ? sb.cancelSession(s.id)
            : sb.expireSession(s.id);
      expect(after.link).toBeNull();
      expect(after.status).toBe({ complete: "Completed", cancel: "Canceled", expire: "Expired" }[end]);
    }
  });

  it("sets paymentId on completion, and at creation with createPendingPayment (kept on completion)", async () => {
    const plain = await created(sb);
    expect(plain.paymentId).toBeNull();
    expect(sb.completeSession(plain.id).paymentId).toMatch(/^pay_/);
    const pending = await created(sb, { createPendingPayment: true });
    expect(pending.paymentId).toMatch(/^pay_/);
    expect(sb.completeSession(pending.id).paymentId).toBe(pending.paymentId);
  });

  it("maintains createdAt and updatedAt", async () => {
    const s = await created(sb);
    expect(Date.parse(s.createdAt)).toBeGreaterThan(0);
    sb.advanceTime(1000);
    const u = (await update(sb, { id: s.id, transactionRef: "t2" })).body.data.updatePaymentSession;
    expect(u.createdAt).toBe(s.createdAt);
    expect(Date.parse(u.updatedAt)).toBeGreaterThan(Date.parse(s.updatedAt));
  });

  it("updates only Active sessions (SESSION_NOT_ACTIVE otherwise)", async () => {
    for (const end of ["cancelSession", "completeSession", "expireSession"] as const) {
      const s = await created(sb);
      sb[end](s.id);
      const r = await update(sb, { id: s.id, amount: "5.00" });
      expect(firstError(r).extensions.code).toBe(ERROR_CODES.SESSION_NOT_ACTIVE);
      expect(r.body.data).toBeNull();
      expect(sb.getSession(s.id)!.amount).toBe("100.00");
    }
  });

  it("lets an update cancel, complete (with paymentId) or expire the session; Active changes nothing", async () => {
    const a = await created(sb);
    expect((await update(sb, { id: a.id, status: "Active" })).body.data.updatePaymentSession.status).toBe("Active");
    expect((await update(sb, { id: a.id, status: "Canceled" })).body.data.updatePaymentSession).toMatchObject({
      status: "Canceled",
      link: null,
    });
    const b = await created(sb);
    expect(
      (await update(sb, { id: b.id, status: "Completed", paymentId: "pay_offline" })).body.data.updatePaymentSession,
    ).toMatchObject({ status: "Completed", paymentId: "pay_offline" });
  });

  it("replaces contactRef by contactId (and invoiceRefs by invoiceIds) on update", async () => {
    const s = await created(sb, { contactRef: { contactName: "X" }, invoiceRefs: [{ invoiceId: "i1" }] });
    const u = (await update(sb, { id: s.id, contactId: "ct_a", invoiceIds: ["i2"] })).body.data.updatePaymentSession;
    expect(u).toMatchObject({ contactId: "ct_a", contactRef: null, invoiceIds: ["i2"], invoiceRefs: null });
    expect(u.contact).toMatchObject({
      id: "ct_a",
      orgId: "org_a",
      name: "Ann",
      email: "ann@example.com",
      phone: "+14155550111",
    });
  });

  it("clears optional fields sent as null on update", async () => {
    const s = await created(sb, { transactionRef: "t1", brandName: "B" });
    const u = (await update(sb, { id: s.id, transactionRef: null })).body.data.updatePaymentSession;
    expect(u).toMatchObject({ transactionRef: null, brandName: "B" });
  });
});

describe("requests without variables", () => {
  it("accepts inline literal arguments with the same rules", async () => {
    const ok = await post(sb, {
      query: `mutation { createPaymentSession(input: { orgId: "org_a", amount: "12.00", currency: "GBP" }) { id amount currency status } }`,
    });
    expect(ok.body.data.createPaymentSession).toMatchObject({ amount: "12.00", currency: "GBP", status: "Active" });
    const bad = await post(sb, {
      query: `mutation { createPaymentSession(input: { orgId: "org_a", amount: "12.001", currency: "GBP" }) { id } }`,
    });
    expect(firstError(bad).extensions).toMatchObject({ code: ERROR_CODES.BAD_USER_INPUT, field: "input.amount" });
  });
});

describe("publicBaseUrl", () => {
  it("builds links from publicBaseUrl when given", async () => {
    const pub = await startSandbox({ port: 0, publicBaseUrl: "https://pay.test.example/" });
    try {
      const s = await created(pub);
      expect(s.link).toBe(`https://pay.test.example/pay/${s.id}`);
    } finally {
      await pub.stop();
    }
  });
});

describe("contacts", () => {
  it("resolves contact for contactId", async () => {
    const s = await created(sb, { contactId: "ct_a" });
    expect(s.contact).toMatchObject({ orgId: "org_a", id: "ct_a", name: "Ann", givenName: null });
    expect(typeof s.contact.createdAt).toBe("string");
  });

  it("answers NOT_FOUND (field input.contactId) for an unknown contactId", async () => {
    const r = await create(sb, { contactId: "ct_missing" });
    expect(firstError(r).extensions).toEqual({ code: ERROR_CODES.NOT_FOUND, field: "input.contactId" });
  });

  it("adds contacts through the control API", async () => {
    sb.addContact({ id: "ct_new", name: "New", email: "new@example.com" });
    expect((await created(sb, { contactId: "ct_new" })).contact.email).toBe("new@example.com");
  });
});

describe("organizations", () => {
  it("never shows or changes another organization's session (NOT_FOUND)", async () => {
    const s = await created(sb);
    const b = asB();
    const u = await post(b, { query: UPDATE, variables: { input: { orgId: "org_b", id: s.id, amount: "1.00" } } });
    expect(firstError(u).extensions).toMatchObject({ code: ERROR_CODES.NOT_FOUND, field: "input.id" });
    const l = await send(b, { id: s.id, channel: "Email", to: "x@example.com" });
    expect(firstError(l).extensions.code).toBe(ERROR_CODES.NOT_FOUND);
    expect(sb.getSession(s.id)!.amount).toBe("100.00");
    expect(sb.outbox({ sessionId: s.id })).toHaveLength(0);
  });

  it("answers FORBIDDEN when orgId is not the key's organization", async () => {
    const r = await create(sb, { orgId: "org_b" });
    expect(firstError(r).extensions).toEqual({ code: ERROR_CODES.FORBIDDEN, field: "input.orgId" });
    const s = await created(sb);
    const u = await update(sb, { orgId: "org_b", id: s.id });
    expect(firstError(u).extensions.code).toBe(ERROR_CODES.FORBIDDEN);
  });

  it("accepts every key of an organization and keeps contacts per organization", async () => {
    const b2 = { ...sb, apiKey: "sk_b2", orgId: "org_b" } as Sandbox;
    const s = await created(b2);
    expect(s.orgId).toBe("org_b");
    const r = await create(b2, { contactId: "ct_a" });
    expect(firstError(r).extensions.code).toBe(ERROR_CODES.NOT_FOUND);
  });

  it("answers NOT_FOUND for an id that does not exist", async () => {
    const r = await update(sb, { id: "ps_nope" });
    expect(firstError(r).extensions).toMatchObject({ code: ERROR_CODES.NOT_FOUND, field: "input.id" });
  });
});

describe("expiry", () => {
  it("expires lazily on access once the sandbox clock passes expirationDate", async () => {
    const at = new Date(sb.now().getTime() + 60 * 60_000).toISOString();
    const s = await created(sb, { expirationDate: at });
    sb.advanceTime(2 * 60 * 60_000);
    const r = await update(sb, { id: s.id, amount: "1.00" });
    expect(firstError(r).extensions.code).toBe(ERROR_CODES.SESSION_NOT_ACTIVE);
    expect(sb.getSession(s.id)).toMatchObject({ status: "Expired", link: null });
    expect(sb.events({ sessionId: s.id }).map((e) => e.type)).toEqual(["payment_session.expired"]);
  });

  it("expires by timer when expirationDate passes in real time, and the event fires", async () => {
    const s = await created(sb, { expirationDate: new Date(sb.now().getTime() + 400).toISOString() });
    expect(s.status).toBe("Active");
    const ev = await eventually(() => sb.events({ sessionId: s.id })[0]);
    expect(ev.type).toBe("payment_session.expired");
    expect(sb.getSession(s.id)!.status).toBe("Expired");
  });

  it("uses the sandbox clock for 'must be in the future'", async () => {
    const soon = new Date(Date.now() + 30 * 60_000).toISOString();
    sb.advanceTime(60 * 60_000);
    const r = await create(sb, { expirationDate: soon });
    expect(firstError(r).extensions.field).toBe("input.expirationDate");
  });

  it("expires a session at once when an update moves expirationDate into the past", async () => {
    const s = await created(sb, { expirationDate: new Date(sb.now().getTime() + 3_600_000).toISOString() });
    await update(sb, { id: s.id, expirationDate: new Date(sb.now().getTime() - 1000).toISOString() });
    expect(sb.getSession(s.id)!.status).toBe("Expired");
  });
});
