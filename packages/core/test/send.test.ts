/**
 * The retry loop every transport runs (pure/send.ts): the client over fetch and the n8n node over
 * n8n's HTTP helper both call `sendOperation` with their own attempt function, so its behaviour
 * is tested here once, with scripted attempts. (The transports themselves are tested over real
 * HTTP: test/transport.test.ts, the sandbox's and the n8n package's suites.)
 */
import { describe, expect, it } from "vitest";
import {
  buildOperationRequest,
  ClientLoopConnectionError,
  ClientLoopError,
  ClientLoopTimeoutError,
  sendOperation,
  type OperationName,
  type ResponseLike,
  type RetryNotice,
} from "../src/pure/index.js";

type Step = ResponseLike | Error;

const session = { id: "ps_1", orgId: "org_1", status: "Active", amount: "10.00", currency: "USD" };
const ok = (field: string, value: unknown = session): ResponseLike => ({
  status: 200,
  headers: { "x-request-id": "req_ok" },
  body: { data: { [field]: value } },
});
const status = (code: number, headers: Record<string, string> = {}, body: unknown = ""): ResponseLike => ({
  status: code,
  headers,
  body,
});
const netError = (code: string) =>
  Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(code), { code }) });

const INPUTS: Record<OperationName, unknown> = {
  createPaymentSession: {
    orgId: "org_1",
    amount: "10.00",
    currency: "USD",
    contactRef: { contactEmail: "ann@example.com" },
  },
  updatePaymentSession: { orgId: "org_1", id: "ps_1", amount: "12.00" },
  sendPaymentSessionLink: { id: "ps_1", channel: "Email" },
};

async function run(operation: OperationName, steps: Step[], o: { input?: unknown; maxRetries?: number } = {}) {
  const request = buildOperationRequest(operation, o.input ?? INPUTS[operation]);
  const attempts: number[] = [];
  const sleeps: number[] = [];
  const notices: RetryNotice[] = [];
  const promise = sendOperation({
    operation,
    request,
    send: async (attempt) => {
      attempts.push(attempt);
      const step =
        steps.shift() ??
        ok(operation, operation === "sendPaymentSessionLink" ? { success: true, message: null } : session);
      if (step instanceof Error) throw step;
      return step;
    },
    maxRetries: o.maxRetries ?? 2,
    backoff: { initialMs: 100, maxMs: 400 },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    errorContext: { variables: request.variables, secrets: ["sk_SECRET"] },
    onRetry: (n) => notices.push(n),
  });
  const outcome = await promise.then(
    (value) => ({ value, error: undefined }),
    (error: unknown) => ({ value: undefined, error: error as ClientLoopError }),
  );
  return { ...outcome, attempts, sleeps, notices };
}

describe("sendOperation (the retry loop of every transport)", () => {
  it("returns the result, the answer it came from and the number of attempts", async () => {
    const r = await run("createPaymentSession", [ok("createPaymentSession")]);
    expect(r.value).toMatchObject({ result: session, attempts: 1, response: { status: 200 } });
    expect(r.sleeps).toEqual([]);
  });

  it("repeats what ClientLoop did not process (429, 503, connection refused) for every operation", async () => {
    for (const operation of ["createPaymentSession", "updatePaymentSession", "sendPaymentSessionLink"] as const) {
      const r = await run(operation, [status(429, { "retry-after": "0" }), status(503), netError("ECONNREFUSED")], {
        maxRetries: 3,
      });
      expect(r.error).toBeUndefined();
      expect(r.attempts).toEqual([1, 2, 3, 4]);
      // Retry-After first (0 s), then exponential backoff with jitter: 50–100 % of 100 ms, of 200 ms
      expect(r.sleeps[0]).toBe(0);
      expect(r.sleeps[1]).toBeGreaterThanOrEqual(100 / 2);
      expect(r.sleeps[1]).toBeLessThanOrEqual(200);
      expect(r.sleeps[2]).toBeGreaterThanOrEqual(200 / 2);
      expect(r.sleeps[2]).toBeLessThanOrEqual(400);
      expect(r.notices.map((n) => [n.attempt, n.error.code])).toEqual([
        [1, "RATE_LIMITED"],
        [2, "SERVICE_UNAVAILABLE"],
        [3, "CONNECTION_FAILED"],
      ]);
    }
  });

  it("stops after maxRetries with the last typed error", async () => {
    const r = await run(
      "sendPaymentSessionLink",
      [status(429, { "retry-after": "0" }), status(429, { "retry-after": "0" })],
      { maxRetries: 1 },
    );
    expect(r.attempts).toEqual([1, 2]);
    expect(r.error).toMatchObject({ kind: "rate_limit", retryAfterMs: 0, mayHaveSucceeded: false });
  });

  it("does not wait for a Retry-After beyond 60 s: the error is returned", async () => {
    const r = await run("createPaymentSession", [status(503, { "retry-after": "3600" })]);
    expect(r.attempts).toEqual([1]);
    expect(r.error?.code).toBe("SERVICE_UNAVAILABLE");
  });

  it("never repeats a create or a send that may have been applied (500, 502, 504, timeout, dropped connection)", async () => {
    const ambiguous: Step[] = [
      status(500),
      status(502),
      status(504),
      new ClientLoopTimeoutError("timed out", { code: "TIMEOUT", retryable: true, mayHaveSucceeded: true }),
      netError("ECONNRESET"),
    ];
    for (const operation of ["createPaymentSession", "sendPaymentSessionLink"] as const) {
      for (const step of ambiguous) {
        const r = await run(operation, [step]);
        expect(r.attempts).toEqual([1]);
        expect(r.error?.mayHaveSucceeded).toBe(true);
      }
    }
  });

  it("repeats an update that may have been applied (setting the same fields twice is harmless), but not one that sets status", async () => {
    const fields = await run("updatePaymentSession", [status(500), netError("ECONNRESET")]);
    expect(fields.error).toBeUndefined();
    expect(fields.attempts).toEqual([1, 2, 3]);
    const withStatus = await run("updatePaymentSession", [status(500)], {
      input: { orgId: "org_1", id: "ps_1", status: "Canceled" },
    });
    expect(withStatus.attempts).toEqual([1]);
    expect(withStatus.error).toMatchObject({ code: "INTERNAL_SERVER_ERROR", mayHaveSucceeded: true });
  });

  it("never repeats definite answers: auth, validation, not found, state", async () => {
    const answers: Step[] = [
      status(401, {}, { errors: [{ message: "no", extensions: { code: "UNAUTHENTICATED" } }] }),
      status(200, {}, { errors: [{ message: "bad", extensions: { code: "BAD_USER_INPUT", field: "input.amount" } }] }),
      status(200, {}, { errors: [{ message: "gone", extensions: { code: "NOT_FOUND" } }] }),
      status(200, {}, { errors: [{ message: "done", extensions: { code: "SESSION_NOT_ACTIVE" } }] }),
      status(200, {}, { errors: [{ message: "slow", extensions: { code: "RATE_LIMITED" } }] }),
    ];
    const kinds = [];
    for (const step of answers) {
      const r = await run("updatePaymentSession", [step]);
      expect(r.attempts).toEqual([1]);
      kinds.push(r.error?.kind);
    }
    expect(kinds).toEqual(["authentication", "validation", "not_found", "state", "rate_limit"]);
  });

  it("turns a failure without an answer into a typed connection error, keeping the cause", async () => {
    const refused = await run("createPaymentSession", [
      netError("ECONNREFUSED"),
      netError("ECONNREFUSED"),
      netError("ECONNREFUSED"),
    ]);
    expect(refused.attempts).toEqual([1, 2, 3]);
    expect(ClientLoopConnectionError.isInstance(refused.error)).toBe(true);
    expect(refused.error).toMatchObject({ code: "CONNECTION_FAILED", mayHaveSucceeded: false });
    expect((refused.error!.cause as Error).message).toBe("fetch failed");
    const lost = await run("createPaymentSession", [netError("ECONNRESET")]);
    expect(lost.error).toMatchObject({ code: "CONNECTION_LOST", mayHaveSucceeded: true });
  });

  it("stops when the sleep rejects (the caller aborted), with the sleep's error", async () => {
    const request = buildOperationRequest("updatePaymentSession", INPUTS.updatePaymentSession);
    const aborted = new ClientLoopConnectionError("aborted", { code: "ABORTED" });
    const p = sendOperation({
      operation: "updatePaymentSession",
      request,
      send: async () => status(503),
      maxRetries: 5,
      sleep: () => Promise.reject(aborted),
    });
    await expect(p).rejects.toBe(aborted);
  });

  it("reads an answer without a result and without errors as an unexpected response, not repeated", async () => {
    const r = await run("createPaymentSession", [status(200, {}, { data: {} })]);
    expect(r.attempts).toEqual([1]);
    expect(r.error).toMatchObject({ code: "UNEXPECTED_RESPONSE", mayHaveSucceeded: true });
  });

  it("keeps the API key and personal data out of the errors it builds", async () => {
    const r = await run("createPaymentSession", [
      status(
        200,
        {},
        { errors: [{ message: "ann@example.com rejected for sk_SECRET", extensions: { code: "BAD_USER_INPUT" } }] },
      ),
    ]);
    expect(r.error?.message).not.toContain("ann@example.com");
    expect(r.error?.message).not.toContain("sk_SECRET");
  });
});
