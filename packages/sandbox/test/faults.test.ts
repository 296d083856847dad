// Fault injection: latency, 429/500/503, dropped connections before or after processing,
// at a rate or for the next N requests, optionally for one operation.
import { ERROR_CODES } from "@clientloop/core/pure";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../src/index.js";
import { create, created, firstError, post, send } from "./helpers.js";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
});
afterAll(() => sb.stop());
afterEach(() => sb.reset());

describe("faults", () => {
  it("answers 429 with Retry-After and does not process the request", async () => {
    sb.injectFault({ kind: "status", status: 429, retryAfter: 7, times: 1 });
    const r = await create(sb, { transactionRef: "t429" });
    expect(r.status).toBe(429);
    expect(r.headers.get("retry-after")).toBe("7");
    expect(firstError(r).extensions.code).toBe(ERROR_CODES.RATE_LIMITED);
    expect(sb.listSessions()).toHaveLength(0);
    // times: 1 → the next request goes through
    expect((await create(sb)).status).toBe(200);
    expect(sb.faults()).toEqual([]);
  });

  it("answers 503 SERVICE_UNAVAILABLE with Retry-After for the next N requests", async () => {
    sb.injectFault({ kind: "status", status: 503, times: 2 });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await create(sb)).status);
    expect(codes).toEqual([503, 503, 200]);
    expect(sb.listSessions()).toHaveLength(1);
  });

  it("answers 500 before processing, or after processing with when: 'after'", async () => {
    sb.injectFault({ kind: "status", status: 500, times: 1 });
    expect((await create(sb, { transactionRef: "before" })).status).toBe(500);
    sb.injectFault({ kind: "status", status: 500, when: "after", times: 1 });
    const r = await create(sb, { transactionRef: "after" });
    expect(r.status).toBe(500);
    expect(firstError(r).extensions.code).toBe(ERROR_CODES.INTERNAL_SERVER_ERROR);
    expect(sb.listSessions().map((s) => s.transactionRef)).toEqual(["after"]);
  });

  it("drops the connection before processing: nothing applied", async () => {
    sb.injectFault({ kind: "drop", times: 1 });
    await expect(create(sb, { transactionRef: "dropped" })).rejects.toThrow();
    expect(sb.listSessions()).toHaveLength(0);
    expect(sb.requests().byStatus.dropped).toBe(1);
  });

  it("drops the connection after processing: applied, no answer, and a retry with the same Idempotency-Key gets the result", async () => {
    sb.injectFault({ kind: "drop", when: "after", times: 1, operationName: "createPaymentSession" });
    const key = { "idempotency-key": "drop-after-1" };
    await expect(create(sb, { transactionRef: "ghost" }, key)).rejects.toThrow();
    expect(sb.listSessions().map((s) => s.transactionRef)).toEqual(["ghost"]);
    const retry = await create(sb, { transactionRef: "ghost" }, key);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.body.data.createPaymentSession.id).toBe(sb.listSessions()[0]!.id);
    expect(sb.listSessions()).toHaveLength(1);
  });

  it("limits a fault to one operation (root field or operationName)", async () => {
    const s = await created(sb, { contactId: "contact_jane" });
    sb.injectFault({ kind: "status", status: 503, operationName: "SendPaymentSessionLink" });
    expect((await send(sb, { id: s.id, channel: "Email" })).status).toBe(503);
    expect((await create(sb)).status).toBe(200);
    sb.clearFaults();
    sb.injectFault({ kind: "status", status: 503, operationName: "sendPaymentSessionLink" });
    expect((await send(sb, { id: s.id, channel: "Email" })).status).toBe(503);
    expect((await post(sb, { query: "{ __typename }" })).status).toBe(200);
  });

  it("adds latency (the request is still processed)", async () => {
    const f = sb.injectFault({ kind: "latency", ms: 30, times: 1 });
    expect((await create(sb)).status).toBe(200);
    expect(sb.requests().recent.at(-1)!.fault).toBe("latency 30ms");
    expect(f.kind).toBe("latency");
  });

  it("applies a rate: 0 never, 1 always", async () => {
    sb.injectFault({ kind: "status", status: 503, rate: 0 });
    expect((await create(sb)).status).toBe(200);
    sb.clearFaults();
    sb.injectFault({ kind: "status", status: 503, rate: 1 });
    expect((await create(sb)).status).toBe(503);
  });

  it("is set and cleared over HTTP", async () => {
    const res = await fetch(`${sb.baseUrl}/_sandbox/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "status", status: 429, times: 1 }),
    });
    expect(res.status).toBe(200);
    const fault = await res.json();
    expect(fault).toMatchObject({
      id: expect.stringMatching(/^fault_/),
      kind: "status",
      status: 429,
      times: 1,
      hits: 0,
    });
    expect(await (await fetch(`${sb.baseUrl}/_sandbox/faults`)).json()).toHaveLength(1);
    expect((await create(sb)).status).toBe(429);
    sb.injectFault({ kind: "latency", ms: 5 });
    await fetch(`${sb.baseUrl}/_sandbox/faults`, { method: "DELETE" });
    expect(sb.faults()).toEqual([]);
    const bad = await fetch(`${sb.baseUrl}/_sandbox/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "status", status: 418 }),
    });
    expect(bad.status).toBe(400);
  });

  it("counts faulted requests in the stats", async () => {
    sb.injectFault({ kind: "status", status: 503, times: 1 });
    await create(sb);
    await create(sb);
    expect(sb.requests()).toMatchObject({
      total: 2,
      byOperation: { createPaymentSession: 2 },
      byStatus: { "503": 1, "200": 1 },
    });
  });
});
