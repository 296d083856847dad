import { describe, expect, it } from "vitest";
import {
  buildContactRef,
  callbackToken,
  callbackUrlFor,
  clientLoopAmount,
  optionProblems,
  signRecord,
  storefrontState,
  STATUS_MAP,
  successUrlFor,
  validateOptions,
  verifiedRecord,
  verifyCallbackToken,
  withOnlyAllowedKeys,
} from "../src/lib/index.js";

const good = {
  apiKey: "sk_test_123",
  orgId: "org_1",
  successUrl: "https://shop.example/return?cart_id={cart_id}",
  callbackBaseUrl: "https://api.shop.example",
  signingSecret: "whsec_0123456789abcdef",
};

describe("validateOptions", () => {
  it("accepts complete options", () => {
    expect(optionProblems(good)).toEqual([]);
    expect(() => validateOptions({ ...good, signingSecret: [good.signingSecret, "whsec_fedcba9876543210"], expiresInMinutes: 30, refundMode: "manual" })).not.toThrow();
  });

  it("names every missing option and never echoes secrets", () => {
    const problems = optionProblems({});
    expect(problems.join("\n")).toMatch(/apiKey/);
    for (const name of ["orgId", "successUrl", "callbackBaseUrl", "signingSecret"]) expect(problems.join("\n")).toContain(name);
    expect(() => validateOptions({ ...good, apiKey: "" })).toThrow(/apiKey.*required/);
  });

  it("rejects invalid values", () => {
    expect(optionProblems({ ...good, baseUrl: "graph.clientloop.com" })[0]).toMatch(/baseUrl/);
    expect(optionProblems({ ...good, successUrl: "/return" })[0]).toMatch(/successUrl/);
    expect(optionProblems({ ...good, callbackBaseUrl: "https://x.example/?a=1" })[0]).toMatch(/callbackBaseUrl/);
    expect(optionProblems({ ...good, expiresInMinutes: 1 })[0]).toMatch(/expiresInMinutes/);
    expect(optionProblems({ ...good, refundMode: "auto" })[0]).toMatch(/refundMode/);
    const secret = "whsec_short";
    const msg = optionProblems({ ...good, signingSecret: secret }).join();
    expect(msg).toMatch(/signingSecret/);
    expect(msg).not.toContain(secret);
  });
});

describe("status mapping", () => {
  it("maps every ClientLoop status", () => {
    expect(STATUS_MAP).toEqual({
      Active: { session: "pending", action: "pending" },
      Completed: { session: "captured", action: "captured" },
      Expired: { session: "error", action: "failed" },
      Canceled: { session: "canceled", action: "canceled" },
    });
    expect(storefrontState("captured")).toBe("paid");
    expect(storefrontState("pending")).toBe("pending");
    expect(storefrontState("error")).toBe("expired");
    expect(storefrontState(undefined)).toBe("none");
  });
});

describe("amounts", () => {
  it("are exact in USD, JPY and KWD", () => {
    expect(clientLoopAmount(29.99, "usd")).toEqual({ amount: "29.99", currency: "USD" });
    expect(clientLoopAmount({ value: "3500", precision: 20 }, "jpy")).toEqual({ amount: "3500", currency: "JPY" });
    expect(clientLoopAmount("8.750", "kwd")).toEqual({ amount: "8.75", currency: "KWD" });
  });
  it("are never rounded", () => {
    expect(() => clientLoopAmount(10.5, "jpy")).toThrow(/JPY/);
    expect(() => clientLoopAmount("1.625", "kwd")).toThrow(/at most 2 decimals/);
    expect(() => clientLoopAmount(0.1 + 0.2, "usd")).toThrow();
  });
});

describe("callback token and proof", () => {
  const secrets = [good.signingSecret];
  it("binds the token to one session and accepts every rotated secret", () => {
    const t = callbackToken("payses_A", good.signingSecret);
    expect(verifyCallbackToken("payses_A", t, secrets)).toBe(true);
    expect(verifyCallbackToken("payses_B", t, secrets)).toBe(false);
    expect(verifyCallbackToken("payses_A", t, ["whsec_other_secret_123"])).toBe(false);
    expect(verifyCallbackToken("payses_A", t, ["whsec_new_secret_1234567", good.signingSecret])).toBe(true);
    expect(verifyCallbackToken("payses_A", undefined, secrets)).toBe(false);
  });

  it("callback URL carries the session and token", () => {
    const url = new URL(callbackUrlFor("https://api.shop.example/", "payses_A", good.signingSecret));
    expect(url.pathname).toBe("/hooks/clientloop");
    expect(url.searchParams.get("session_id")).toBe("payses_A");
    expect(verifyCallbackToken("payses_A", url.searchParams.get("token"), secrets)).toBe(true);
  });

  it("proof detects any change and another session", () => {
    const record = signRecord(
      "payses_A",
      { event_id: "evt_1", signed_at: 1_763_900_000, status: "Completed", clientloop_session_id: "ps_1", payment_id: "pay_1", amount: "10.00", currency: "USD" },
      good.signingSecret,
    );
    expect(verifiedRecord("payses_A", record, secrets)).toEqual(record);
    expect(verifiedRecord("payses_B", record, secrets)).toBeUndefined();
    expect(verifiedRecord("payses_A", { ...record, amount: "1.00" }, secrets)).toBeUndefined();
    expect(verifiedRecord("payses_A", { ...record, signed_at: record.signed_at + 1 }, secrets)).toBeUndefined();
    expect(verifiedRecord("payses_A", { ...record, status: "Completed", proof: "0".repeat(64) }, secrets)).toBeUndefined();
    expect(verifiedRecord("payses_A", { status: "Completed" }, secrets)).toBeUndefined();
  });
});

describe("session data", () => {
  it("keeps only allow-listed keys", () => {
    const out = withOnlyAllowedKeys({ email: "a@b.co", cart_id: "cart_1", clientloop: { status: "Completed" }, status: "captured" }, { session_id: "payses_A", clientloop: null, link: "https://pay" });
    expect(JSON.parse(JSON.stringify(out))).toEqual({ session_id: "payses_A", clientloop: null, link: "https://pay" });
  });
});

describe("contact and return URL", () => {
  it("uses the customer, else the storefront's email", () => {
    expect(buildContactRef({ email: "jo@example.com", first_name: "Jo", last_name: "Doe", phone: "+14155554345", billing_address: { address_1: "1 Main", city: "NYC", country_code: "us" } }, {})).toEqual({
      contactEmail: "jo@example.com",
      contactPhone: "+14155554345",
      contactFirstName: "Jo",
      contactLastName: "Doe",
      contactName: "Jo Doe",
      address: { lines: ["1 Main"], countryCode: "US", locality: "NYC" },
    });
    expect(buildContactRef(undefined, { email: "guest@example.com" })).toEqual({ contactEmail: "guest@example.com" });
    expect(buildContactRef(undefined, {})).toBeUndefined();
    expect(() => buildContactRef(undefined, { email: "nope" })).toThrow(/data.email/);
    // a customer phone that is not E.164 is left out, not sent
    expect(buildContactRef({ email: "jo@example.com", phone: "555-1234" }, {})).toEqual({ contactEmail: "jo@example.com" });
  });

  it("puts the cart id in the success URL", () => {
    expect(successUrlFor("https://shop.example/r?cart_id={cart_id}", "cart_01ABCDEF")).toBe("https://shop.example/r?cart_id=cart_01ABCDEF");
    expect(successUrlFor("https://shop.example/r", "cart_01ABCDEF")).toBe("https://shop.example/r?cart_id=cart_01ABCDEF");
    expect(successUrlFor("https://shop.example/r", "javascript:alert(1)")).toBe("https://shop.example/r");
  });
});

describe("pluginVersion", () => {
  it("finds this package's version from the source and from the built layout", async () => {
    const { pluginVersion } = await import("../src/lib/version.js");
    const { version } = JSON.parse((await import("node:fs")).readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(pluginVersion(new URL("../src/providers/clientloop", import.meta.url).pathname)).toBe(version);
    expect(pluginVersion(new URL("../.medusa/server/src/providers/clientloop", import.meta.url).pathname)).toBe(version);
    expect(pluginVersion("/")).toBe("unknown");
  });
});
