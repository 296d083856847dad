import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import * as src from "../src/index.js";

const require = createRequire(import.meta.url);

describe("ClientLoopError tree", () => {
  it("gives every error a stable code, a kind and its ancestors' kinds", () => {
    const e = new src.ClientLoopTimeoutError("timed out", { code: "TIMEOUT", mayHaveSucceeded: true });
    expect(e.kind).toBe("timeout");
    expect(e.kinds).toEqual(["timeout", "connection", "error"]);
    expect(src.ClientLoopConnectionError.isInstance(e)).toBe(true);
    expect(src.ClientLoopError.isInstance(e)).toBe(true);
    expect(src.ClientLoopAPIError.isInstance(e)).toBe(false);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe("ClientLoopTimeoutError");
    expect(e.toJSON()).toMatchObject({ code: "TIMEOUT", kind: "timeout", mayHaveSucceeded: true });
  });

  it("recognises errors across the built ESM and CJS copies (dual-package hazard)", async () => {
    const esm = await import("../dist/index.js");
    const cjs = require("../dist/index.cjs") as typeof esm;
    expect(esm.ClientLoopError).not.toBe(cjs.ClientLoopError); // really two copies
    const fromCjs = new cjs.ClientLoopStateError("not active", { code: "SESSION_NOT_ACTIVE" });
    const fromEsm = new esm.ClientLoopValidationError("bad", { code: "BAD_USER_INPUT", issues: [] });
    expect(esm.ClientLoopStateError.isInstance(fromCjs)).toBe(true);
    expect(fromCjs instanceof esm.ClientLoopStateError).toBe(true);
    expect(fromCjs instanceof esm.ClientLoopError).toBe(true);
    expect(cjs.ClientLoopValidationError.isInstance(fromEsm)).toBe(true);
    expect(fromEsm instanceof cjs.ClientLoopStateError).toBe(false);
    expect(src.ClientLoopError.isInstance(fromCjs)).toBe(true);
  });

  it("rejects look-alikes without the brand", () => {
    expect(src.ClientLoopError.isInstance({ kinds: ["error"], code: "X" })).toBe(false);
    expect(src.ClientLoopError.isInstance(new Error("x"))).toBe(false);
    expect(src.ClientLoopError.isInstance(null)).toBe(false);
  });
});

describe("errorFromResponse", () => {
  const variables = {
    input: { id: "ps_1", contactRef: { contactEmail: "ann@example.com", contactPhone: "+14155554345" } },
  };

  it.each([
    [401, "UNAUTHENTICATED", "ClientLoopAuthenticationError"],
    [200, "FORBIDDEN", "ClientLoopAuthenticationError"],
    [200, "BAD_USER_INPUT", "ClientLoopValidationError"],
    [200, "NO_RECIPIENT", "ClientLoopValidationError"],
    [200, "NOT_FOUND", "ClientLoopNotFoundError"],
    [200, "SESSION_NOT_ACTIVE", "ClientLoopStateError"],
    [409, "IDEMPOTENCY_KEY_REUSED", "ClientLoopConflictError"],
    [429, "RATE_LIMITED", "ClientLoopRateLimitError"],
    [503, "SERVICE_UNAVAILABLE", "ClientLoopAPIError"],
    [500, "INTERNAL_SERVER_ERROR", "ClientLoopAPIError"],
  ])("HTTP %i %s → %s", (status, code, name) => {
    const e = src.errorFromResponse(
      "updatePaymentSession",
      {
        status,
        headers: { "X-Request-Id": "req_42", "retry-after": "3" },
        body: {
          errors: [
            { message: "failed for ann@example.com", extensions: { code, field: "input.contactRef.contactEmail" } },
          ],
        },
      },
      { variables },
    );
    expect(e.name).toBe(name);
    expect(e.code).toBe(code);
    expect(e.requestId).toBe("req_42");
    expect(e.message).not.toContain("ann@example.com");
  });

  it("keeps field paths of server validation errors and the Retry-After of rate limits", () => {
    const v = src.errorFromResponse("createPaymentSession", {
      status: 200,
      body: {
        errors: [
          {
            message: "input.amount: must be greater than 0",
            extensions: { code: "BAD_USER_INPUT", field: "input.amount" },
          },
        ],
      },
    }) as src.ClientLoopValidationError;
    expect(v.issues).toEqual([{ path: "input.amount", message: "input.amount: must be greater than 0" }]);
    const r = src.errorFromResponse("createPaymentSession", {
      status: 429,
      headers: { "retry-after": "2" },
      body: "",
    }) as src.ClientLoopRateLimitError;
    expect(r.retryAfterMs).toBe(2000);
    expect(r.retryable).toBe(true);
  });

  it("marks only ambiguous failures as possibly applied", () => {
    const at = (status: number) => src.errorFromResponse("createPaymentSession", { status, body: "" });
    expect(at(500).mayHaveSucceeded).toBe(true);
    expect(at(504).mayHaveSucceeded).toBe(true);
    expect(at(503).mayHaveSucceeded).toBe(false);
    expect(at(429).mayHaveSucceeded).toBe(false);
    expect(at(400).mayHaveSucceeded).toBe(false);
  });
});

describe("retry classification (contract)", () => {
  it("repeats creates and sends only when ClientLoop certainly did not act", () => {
    for (const op of ["createPaymentSession", "sendPaymentSessionLink"] as const) {
      expect(src.mayRetry(op, "not-processed")).toBe(true);
      expect(src.mayRetry(op, "ambiguous")).toBe(false);
      expect(src.mayRetry(op, "final")).toBe(false);
    }
    expect(src.mayRetry("updatePaymentSession", "ambiguous", { amount: "1.00" })).toBe(true);
    expect(src.mayRetry("updatePaymentSession", "ambiguous", { status: "Canceled" })).toBe(false);
  });

  it("decides the delay: Retry-After when given (up to 60 s), otherwise capped backoff", () => {
    const q = {
      operation: "createPaymentSession" as const,
      input: {},
      outcome: "not-processed" as const,
      maxRetries: 2,
    };
    expect(src.retryDelay({ ...q, attempts: 1, retryAfterMs: 1500 })).toBe(1500);
    expect(src.retryDelay({ ...q, attempts: 1, retryAfterMs: 61_000 })).toBeUndefined();
    expect(src.retryDelay({ ...q, attempts: 3 })).toBeUndefined(); // budget spent
    expect(src.retryDelay({ ...q, attempts: 1, outcome: "ambiguous" })).toBeUndefined();
    for (let attempt = 0; attempt < 8; attempt++) {
      const step = Math.min(8000, 500 * 2 ** attempt);
      expect(src.backoffDelay(attempt, {}, () => 0)).toBe(step / 2);
      expect(src.backoffDelay(attempt, {}, () => 0.999999)).toBeLessThanOrEqual(step);
    }
  });

  it("tells a request that was never sent from one that may have been", () => {
    expect(
      src.outcomeOfNetworkError(Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } })),
    ).toBe("not-processed");
    expect(
      src.outcomeOfNetworkError(Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNRESET" } })),
    ).toBe("ambiguous");
    expect(src.outcomeOfNetworkError(new Error("socket hang up"))).toBe("ambiguous");
  });
});
