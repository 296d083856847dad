// The control API over HTTP and as methods, the dashboard, request counting, seeding, reset.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../src/index.js";
import { create, created, post, send } from "./helpers.js";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
});
afterAll(() => sb.stop());

const json = async (path: string, init?: RequestInit & { body?: string }) => {
  const res = await fetch(`${sb.baseUrl}/_sandbox${path}`, {
    ...init,
    headers: { "content-type": "application/json", ...(init?.headers ?? {}) },
  });
  return { status: res.status, body: await res.json() };
};

describe("startSandbox", () => {
  it("returns the endpoint, the default organization's key and secret, and stop()", async () => {
    expect(sb.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(sb.url).toBe(`${sb.baseUrl}/`);
    expect(sb).toMatchObject({
      orgId: "org_sandbox",
      apiKey: "sk_sandbox_default",
      signingSecret: "whsec_sandbox_default",
    });
    expect(sb.orgs).toEqual([
      {
        id: "org_sandbox",
        name: "Sandbox Store",
        apiKeys: ["sk_sandbox_default"],
        signingSecret: "whsec_sandbox_default",
      },
    ]);
  });

  it("stops and frees its port, even with keep-alive connections open", async () => {
    const other = await startSandbox({ port: 0, orgId: "o1", apiKey: "k1", signingSecret: "s1" });
    expect(other).toMatchObject({ orgId: "o1", apiKey: "k1", signingSecret: "s1" });
    await post(other, { query: "{ __typename }" });
    await other.stop();
    await expect(fetch(other.url)).rejects.toThrow();
  });

  it("seeds organizations, keys, secrets, contacts and sessions", async () => {
    const seeded = await startSandbox({
      port: 0,
      seed: {
        orgs: [
          {
            id: "org_1",
            name: "One",
            apiKey: "k_one",
            signingSecret: "whsec_one",
            contacts: [{ id: "c1", name: "C One", phone: "+14155550123" }],
            sessions: [{ id: "ps_fixed", amount: "9.99", currency: "EUR", contactId: "c1" }],
          },
          { id: "org_2", apiKeys: ["k_two"] },
        ],
      },
    });
    try {
      expect(seeded.orgId).toBe("org_1");
      expect(seeded.orgs.map((o) => o.id)).toEqual(["org_1", "org_2"]);
      expect(seeded.orgs[1]!.signingSecret).toMatch(/^whsec_/);
      expect(seeded.getSession("ps_fixed")).toMatchObject({
        orgId: "org_1",
        amount: "9.99",
        contact: { id: "c1", phone: "+14155550123" },
      });
      const r = await send(seeded as Sandbox, { id: "ps_fixed", channel: "Phone" });
      expect(r.body.data.sendPaymentSessionLink.success).toBe(true);
    } finally {
      await seeded.stop();
    }
  });
});

describe("control API", () => {
  it("lists and gets sessions (methods and HTTP)", async () => {
    const s = await created(sb, { transactionRef: "ctl-1" });
    expect(sb.getSession(s.id)).toEqual(s);
    expect((await json(`/sessions/${s.id}`)).body).toEqual(s);
    expect((await json(`/sessions?status=Active`)).body.map((x: { id: string }) => x.id)).toContain(s.id);
    expect((await json(`/sessions/ps_nope`)).status).toBe(404);
    expect(sb.getSession("ps_nope")).toBeUndefined();
  });

  it("completes, cancels and expires over HTTP", async () => {
    const a = await created(sb);
    const done = await json(`/sessions/${a.id}/complete`, {
      method: "POST",
      body: JSON.stringify({ paymentId: "pay_manual" }),
    });
    expect(done.body).toMatchObject({ status: "Completed", paymentId: "pay_manual", link: null });
    const again = await json(`/sessions/${a.id}/cancel`, { method: "POST" });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("SESSION_NOT_ACTIVE");
    const b = await created(sb);
    expect((await json(`/sessions/${b.id}/cancel`, { method: "POST" })).body.status).toBe("Canceled");
    const c = await created(sb);
    expect((await json(`/sessions/${c.id}/expire`, { method: "POST" })).body.status).toBe("Expired");
  });

  it("creates sessions with a chosen id over HTTP, with the API's rules", async () => {
    const r = await json(`/sessions`, {
      method: "POST",
      body: JSON.stringify({ id: "ps_mine", amount: "5.00", currency: "USD" }),
    });
    expect(r.body).toMatchObject({ id: "ps_mine", status: "Active", orgId: "org_sandbox" });
    const bad = await json(`/sessions`, { method: "POST", body: JSON.stringify({ amount: "5.001", currency: "USD" }) });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: "BAD_USER_INPUT", field: "input.amount" } } });
  });

  it("advances the clock over HTTP and expires what is due", async () => {
    const s = await created(sb, { expirationDate: new Date(sb.now().getTime() + 10 * 60_000).toISOString() });
    const before = (await json(`/clock`)).body.now;
    const r = await json(`/clock/advance`, { method: "POST", body: JSON.stringify({ minutes: 11 }) });
    expect(Date.parse(r.body.now) - Date.parse(before)).toBeGreaterThanOrEqual(11 * 60_000);
    expect(sb.getSession(s.id)!.status).toBe("Expired");
  });

  it("counts API requests per operation", async () => {
    sb.resetRequests();
    const s = await created(sb, { contactId: "contact_jane" });
    await send(sb, { id: s.id, channel: "Email" });
    await create(sb, { amount: "bad" });
    await post({ url: sb.url, apiKey: "wrong" }, { query: "{ __typename }" });
    await post(sb, "{broken");
    const stats = sb.requests();
    expect(stats.total).toBe(5);
    expect(stats.byOperation).toEqual({ createPaymentSession: 2, sendPaymentSessionLink: 1, "(invalid)": 2 });
    expect(stats.byStatus).toEqual({ "200": 3, "401": 1, "400": 1 });
    expect(stats.recent[0]).toMatchObject({
      operations: ["createPaymentSession"],
      operationName: null,
      status: 200,
      orgId: "org_sandbox",
    });
    expect((await json(`/requests`)).body.byOperation.createPaymentSession).toBe(2);
    await fetch(`${sb.baseUrl}/_sandbox/requests`, { method: "DELETE" });
    expect(sb.requests().total).toBe(0);
  });

  it("adds contacts over HTTP", async () => {
    const r = await json(`/contacts`, {
      method: "POST",
      body: JSON.stringify({ id: "c_http", name: "Via HTTP", email: "via@example.com" }),
    });
    expect(r.body).toMatchObject({ orgId: "org_sandbox", id: "c_http", email: "via@example.com" });
    expect((await created(sb, { contactId: "c_http" })).contact.name).toBe("Via HTTP");
  });

  it("answers 404/405 for unknown control paths and methods", async () => {
    expect((await json(`/nope`)).status).toBe(404);
    expect((await json(`/sessions`, { method: "PUT" })).status).toBe(405);
  });

  it("resets state over HTTP", async () => {
    await created(sb);
    await json(`/reset`, { method: "POST" });
    expect(sb.listSessions()).toEqual([]);
    expect(sb.requests().total).toBe(0);
  });
});

it("keeps at most maxSessions, forgetting the oldest first, before and after a reset", async () => {
  const small = await startSandbox({ port: 0, maxSessions: 3 });
  try {
    const ids = async (n: number) => {
      const out: string[] = [];
      for (let i = 0; i < n; i++) out.push((await created(small)).id as string);
      return out;
    };
    const first = await ids(5);
    expect(small.listSessions().map((s) => s.id)).toEqual(first.slice(2));
    expect(small.getSession(first[0]!)).toBeUndefined();
    small.reset();
    const second = await ids(4);
    expect(small.listSessions().map((s) => s.id)).toEqual(second.slice(1));
  } finally {
    await small.stop();
  }
});

describe("dashboard", () => {
  it("lists sessions, outbox and events, escaped, without keys or secrets", async () => {
    const s = await created(sb, { contactId: "contact_jane", transactionRef: "<script>alert(1)</script>" });
    await send(sb, { id: s.id, channel: "Email" });
    const done = await created(sb);
    sb.completeSession(done.id);
    const res = await fetch(`${sb.baseUrl}/_sandbox/`);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain(s.id);
    expect(html).toContain("jane.doe@example.com");
    expect(html).toContain("payment_session.completed");
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain(sb.apiKey);
    expect(html).not.toContain(sb.signingSecret);
  });
});
