// Idempotency-Key as the contract says: same key and body → the stored response; another body → 409.
import { ERROR_CODES } from "@clientloop/core/pure";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../src/index.js";
import { create, created, firstError, post, send, update } from "./helpers.js";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ port: 0, seed: { orgs: [{ id: "org_other", apiKey: "sk_other" }] }, orgId: "org_sandbox" });
});
afterAll(() => sb.stop());

describe("Idempotency-Key", () => {
  it("replays the stored response for the same key and body: one session, one answer", async () => {
    const key = { "idempotency-key": "3f1c0b3e-0000-4000-8000-000000000001" };
    const a = await create(sb, { transactionRef: "o1" }, key);
    const b = await create(sb, { transactionRef: "o1" }, key);
    expect(b.status).toBe(200);
    expect(b.body).toEqual(a.body);
    expect(b.headers.get("idempotent-replayed")).toBe("true");
    expect(b.headers.get("x-request-id")).not.toBe(a.headers.get("x-request-id"));
    expect(sb.listSessions().filter((s) => s.transactionRef === "o1")).toHaveLength(1);
    expect(sb.requests().recent.at(-1)).toMatchObject({
      idempotentReplay: true,
      idempotencyKey: key["idempotency-key"],
    });
  });

  it("answers 409 IDEMPOTENCY_KEY_REUSED for the same key with another body", async () => {
    const key = { "idempotency-key": "key-2" };
    await create(sb, { transactionRef: "o2" }, key);
    const r = await create(sb, { transactionRef: "o2-different" }, key);
    expect(r.status).toBe(409);
    expect(firstError(r).extensions.code).toBe(ERROR_CODES.IDEMPOTENCY_KEY_REUSED);
    expect(sb.listSessions().filter((s) => s.transactionRef === "o2-different")).toHaveLength(0);
  });

  it("sends a link once per key", async () => {
    const s = await created(sb, { contactId: "contact_jane" });
    const key = { "idempotency-key": "key-3" };
    await send(sb, { id: s.id, channel: "Email" }, key);
    await send(sb, { id: s.id, channel: "Email" }, key);
    expect(sb.outbox({ sessionId: s.id })).toHaveLength(1);
  });

  it("replays error results too (the same request gets the same answer)", async () => {
    const key = { "idempotency-key": "key-4" };
    const a = await update(sb, { id: "ps_missing" }, key);
    const b = await update(sb, { id: "ps_missing" }, key);
    expect(b.body).toEqual(a.body);
    expect(b.headers.get("idempotent-replayed")).toBe("true");
  });

  it("keeps keys per organization", async () => {
    const key = { "idempotency-key": "shared-key" };
    const mine = await create(sb, { transactionRef: "mine" }, key);
    const other = await post(
      { url: sb.url, apiKey: "sk_other" },
      {
        query: "mutation C($input: CreatePaymentSessionInput!) { createPaymentSession(input: $input) { id orgId } }",
        variables: { input: { orgId: "org_other", amount: "1.00", currency: "USD" } },
      },
      key,
    );
    expect(other.status).toBe(200);
    expect(other.body.data.createPaymentSession.orgId).toBe("org_other");
    expect(mine.body.data.createPaymentSession.orgId).toBe("org_sandbox");
  });

  it("forgets keys after 24 hours (sandbox clock)", async () => {
    const key = { "idempotency-key": "key-5" };
    await create(sb, { transactionRef: "o5" }, key);
    sb.advanceTime(24 * 60 * 60 * 1000 + 1);
    const again = await create(sb, { transactionRef: "o5" }, key);
    expect(again.headers.get("idempotent-replayed")).toBeNull();
    expect(sb.listSessions().filter((s) => s.transactionRef === "o5")).toHaveLength(2);
  });

  it("ignores the key for queries", async () => {
    const r = await post(sb, { query: "{ __typename }" }, { "idempotency-key": "key-2" });
    expect(r.status).toBe(200);
  });
});
