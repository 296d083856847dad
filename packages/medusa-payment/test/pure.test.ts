/** The plugin's pure parts: options, statuses, money, verification of a delivery, storefront states, backoff, client IP. */
import { createTestEvent } from "@clientloop/core/testing";
import { signPayload } from "@clientloop/core/webhooks";
import { PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils";
import { describe, expect, it } from "vitest";
import {
  buildContactRef,
  callbackToken,
  callbackUrlFor,
  cartIdOf,
  cartPaymentStatus,
  clientIp,
  clientLoopAmount,
  fingerprint,
  maskRecipient,
  missingPaymentDependency,
  nextCancelAttemptAt,
  nextOrderAttemptAt,
  MAX_ORDER_ATTEMPTS,
  optionProblems,
  publicSessionData,
  STATUS_MAP,
  successUrlFor,
  toSessionStatus,
  validateOptions,
  verifyCallbackToken,
  verifyDelivery,
  type LedgerView,
} from "../src/lib/index.js";

const good = {
  apiKey: "sk_test_123",
  orgId: "org_1",
  successUrl: "https://shop.example/return?cart_id={cart_id}",
  callbackBaseUrl: "https://api.shop.example",
  signingSecret: "whsec_0123456789abcdef",
};

describe("plugin options", () => {
  it("accepts complete options", () => {
    expect(optionProblems(good)).toEqual([]);
    expect(() =>
      validateOptions({
        ...good,
        signingSecret: [good.signingSecret, "whsec_fedcba9876543210"],
        expiresInMinutes: 30,
        refundMode: "manual",
        trustProxy: 0,
      }),
    ).not.toThrow();
  });

  it("names every missing option, where it goes, and never echoes secrets", () => {
    const problems = optionProblems({});
    for (const name of ["apiKey", "orgId", "successUrl", "callbackBaseUrl", "signingSecret"])
      expect(problems.join("\n")).toContain(name);
    expect(() => validateOptions({ ...good, apiKey: "" })).toThrow(
      /plugins › "@clientloop\/medusa-payment" › options[\s\S]*apiKey.*required/,
    );
  });

  it("rejects invalid values", () => {
    expect(optionProblems({ ...good, baseUrl: "graph.clientloop.com" })[0]).toMatch(/baseUrl/);
    expect(optionProblems({ ...good, successUrl: "/return" })[0]).toMatch(/successUrl/);
    expect(optionProblems({ ...good, callbackBaseUrl: "https://x.example/?a=1" })[0]).toMatch(/callbackBaseUrl/);
    expect(optionProblems({ ...good, expiresInMinutes: 1 })[0]).toMatch(/expiresInMinutes/);
    expect(optionProblems({ ...good, refundMode: "auto" })[0]).toMatch(/refundMode/);
    expect(optionProblems({ ...good, trustProxy: -1 })[0]).toMatch(/trustProxy/);
    expect(optionProblems({ ...good, sendLinkIpLimit: 0 })[0]).toMatch(/sendLinkIpLimit/);
    const secret = "whsec_short";
    const msg = optionProblems({ ...good, signingSecret: secret }).join();
    expect(msg).toMatch(/signingSecret/);
    expect(msg).not.toContain(secret);
  });
});

describe("setup check", () => {
  const provider = { resolve: "@clientloop/medusa-payment/providers/clientloop", id: "clientloop" };
  it("requires the payment module to depend on the plugin's module, as an object or an array of modules", () => {
    expect(
      missingPaymentDependency({
        payment: { resolve: "@medusajs/medusa/payment", options: { providers: [provider] } },
      }),
    ).toMatch(/dependencies: \["clientloop"\]/);
    expect(
      missingPaymentDependency([
        { resolve: "@medusajs/medusa/payment", dependencies: ["clientloop"], options: { providers: [provider] } },
      ]),
    ).toBeUndefined();
    expect(
      missingPaymentDependency({ payment: { resolve: "@medusajs/medusa/payment", options: { providers: [] } } }),
    ).toBeUndefined();
    expect(missingPaymentDependency(undefined)).toBeUndefined();
  });
});

describe("status mapping", () => {
  it("maps every ClientLoop status to Medusa's enums, in one table", () => {
    expect(STATUS_MAP).toEqual({
      Active: { session: PaymentSessionStatus.REQUIRES_MORE, action: PaymentActions.NOT_SUPPORTED },
      Completed: { session: PaymentSessionStatus.CAPTURED, action: PaymentActions.SUCCESSFUL },
      Expired: { session: PaymentSessionStatus.ERROR, action: PaymentActions.FAILED },
      Canceled: { session: PaymentSessionStatus.CANCELED, action: PaymentActions.CANCELED },
    });
    expect(toSessionStatus(undefined)).toBe("pending");
    expect(toSessionStatus("Active")).toBe("requires_more");
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

describe("callback token", () => {
  const secrets = [good.signingSecret];
  it("binds the token to one session and accepts every rotated secret", () => {
    const t = callbackToken("payses_A", good.signingSecret);
    expect(verifyCallbackToken("payses_A", t, secrets)).toBe(true);
    expect(verifyCallbackToken("payses_B", t, secrets)).toBe(false);
    expect(verifyCallbackToken("payses_A", t, ["whsec_other_secret_123"])).toBe(false);
    expect(verifyCallbackToken("payses_A", t, ["whsec_new_secret_1234567", good.signingSecret])).toBe(true);
    expect(verifyCallbackToken("payses_A", undefined, secrets)).toBe(false);
  });

  it("the callback URL carries the session and its token", () => {
    const url = new URL(callbackUrlFor("https://api.shop.example/", "payses_A", good.signingSecret));
    expect(url.pathname).toBe("/hooks/clientloop");
    expect(url.searchParams.get("session_id")).toBe("payses_A");
    expect(verifyCallbackToken("payses_A", url.searchParams.get("token"), secrets)).toBe(true);
  });
});

describe("verifying a delivery", () => {
  const sessionId = "payses_01TESTSESSION000";
  const token = callbackToken(sessionId, good.signingSecret);
  const event = (session: Record<string, unknown> = {}) =>
    JSON.stringify(
      createTestEvent({
        id: "evt_1",
        paymentSession: {
          id: "ps_1",
          orgId: "org_1",
          status: "Completed",
          amount: "29.99",
          currency: "USD",
          transactionRef: sessionId,
          paymentId: "pay_1",
          ...session,
        },
      }),
    );
  const check = (body: string, over: Partial<Parameters<typeof verifyDelivery>[0]> = {}) =>
    verifyDelivery(
      {
        sessionId,
        token,
        rawBody: body,
        signature: signPayload({ payload: body, secret: good.signingSecret }),
        ...over,
      },
      { secrets: [good.signingSecret], orgId: "org_1" },
    );

  it("accepts a signed event about this session and organization", () => {
    const r = check(event());
    expect(r.ok && r.delivery.session.amount).toBe("29.99");
    expect(r.ok && r.delivery.paymentSessionId).toBe(sessionId);
  });

  it("rejects every unverifiable delivery with 400, telling whether the URL was a real one", () => {
    const body = event();
    const cases = {
      noToken: check(body, { token: undefined }),
      badToken: check(body, { token: callbackToken(sessionId, "whsec_another_secret_00") }),
      badSessionId: check(body, { sessionId: "payses_x'; DROP" }),
      unsigned: check(body, { signature: undefined }),
      wrongSecret: check(body, { signature: signPayload({ payload: body, secret: "whsec_attacker_secret_00" }) }),
      stale: check(body, {
        signature: signPayload({
          payload: body,
          secret: good.signingSecret,
          timestamp: Math.floor(Date.now() / 1000) - 3600,
        }),
      }),
      otherSession: check(event({ transactionRef: "payses_01OTHERSESSION00" })),
      otherOrg: check(event({ orgId: "org_2" })),
      threeDecimals: check(event({ amount: "29.999" })),
      notJson: check("{nope"),
      noBody: check(body, { rawBody: undefined }),
    };
    for (const [name, r] of Object.entries(cases)) expect([name, r.ok]).toEqual([name, false]);
    const tokenValid = Object.fromEntries(Object.entries(cases).map(([k, r]) => [k, !r.ok && r.tokenValid]));
    expect(tokenValid).toMatchObject({
      noToken: false,
      badToken: false,
      badSessionId: false,
      wrongSecret: true,
      otherOrg: true,
      threeDecimals: true,
    });
  });
});

describe("public session data", () => {
  it("keeps only the session id, link and expiry; everything the shopper sent is dropped", () => {
    const out = publicSessionData(
      {
        email: "a@b.co",
        cart_id: "cart_1",
        clientloop: { status: "Completed" },
        status: "captured",
        session_id: "payses_forged",
      },
      { session_id: "payses_A", link: "https://pay", expires_at: null },
    );
    expect(JSON.parse(JSON.stringify(out))).toEqual({ session_id: "payses_A", link: "https://pay", expires_at: null });
  });
});

describe("contact, cart id and return URL", () => {
  it("uses the customer, else what the storefront sent from the cart", () => {
    expect(
      buildContactRef(
        {
          email: "jo@example.com",
          first_name: "Jo",
          last_name: "Doe",
          phone: "+14155554345",
          billing_address: { address_1: "1 Main", city: "NYC", country_code: "us" },
        },
        {},
      ),
    ).toEqual({
      contactEmail: "jo@example.com",
      contactPhone: "+14155554345",
      contactFirstName: "Jo",
      contactLastName: "Doe",
      contactName: "Jo Doe",
      address: { lines: ["1 Main"], countryCode: "US", locality: "NYC" },
    });
    expect(
      buildContactRef(undefined, {
        email: "guest@example.com",
        shipping_address: { first_name: "Ada", last_name: "L", phone: "+14155550100" },
      }),
    ).toEqual({
      contactEmail: "guest@example.com",
      contactPhone: "+14155550100",
      contactFirstName: "Ada",
      contactLastName: "L",
      contactName: "Ada L",
    });
    expect(buildContactRef(undefined, {})).toBeUndefined();
    expect(() => buildContactRef(undefined, { email: "nope" })).toThrow(/data.email/);
    expect(buildContactRef({ email: "jo@example.com", phone: "555-1234" }, {})).toEqual({
      contactEmail: "jo@example.com",
    });
  });

  it("requires a cart id and puts it in the success URL", () => {
    expect(cartIdOf({ cart_id: "cart_01ABCDEF" })).toBe("cart_01ABCDEF");
    expect(() => cartIdOf({})).toThrow(/data\.cart_id is required/);
    expect(() => cartIdOf({ cart_id: "javascript:alert(1)" })).toThrow(/data\.cart_id/);
    expect(successUrlFor("https://shop.example/r?cart_id={cart_id}", "cart_01ABCDEF")).toBe(
      "https://shop.example/r?cart_id=cart_01ABCDEF",
    );
    expect(successUrlFor("https://shop.example/r", "cart_01ABCDEF")).toBe(
      "https://shop.example/r?cart_id=cart_01ABCDEF",
    );
  });
});

describe("what the storefront is told", () => {
  const row = (over: Partial<LedgerView>): LedgerView => ({
    payment_session_id: "payses_A",
    status: "Active",
    link: "https://pay/a",
    expires_at: "2026-12-02T00:00:00Z",
    order_state: "none",
    order_id: null,
    created_at: "2026-12-01T00:00:00Z",
    ...over,
  });
  it("pending with the link, paid, expired, canceled, none", () => {
    expect(cartPaymentStatus("cart_1", null, ["payses_A"], [row({})])).toMatchObject({
      payment_status: "pending",
      link: "https://pay/a",
    });
    expect(
      cartPaymentStatus(
        "cart_1",
        null,
        ["payses_A"],
        [row({ status: "Completed", link: null, order_state: "pending" })],
      ),
    ).toMatchObject({ payment_status: "paid", completed: false, link: null });
    expect(cartPaymentStatus("cart_1", "order_1", [], [])).toMatchObject({
      payment_status: "paid",
      completed: true,
      order_id: "order_1",
    });
    expect(cartPaymentStatus("cart_1", null, ["payses_A"], [row({ status: "Expired" })])).toMatchObject({
      payment_status: "expired",
      link: null,
    });
    expect(cartPaymentStatus("cart_1", null, ["payses_A"], [row({ status: "Canceled" })])).toMatchObject({
      payment_status: "canceled",
    });
    expect(cartPaymentStatus("cart_1", null, [], [])).toMatchObject({ payment_status: "none" });
  });
  it("never offers a link to pay again once a payment was taken that is not an order yet", () => {
    const paidOld = row({
      payment_session_id: "payses_OLD",
      status: "Completed",
      link: null,
      order_state: "attention",
      created_at: "2026-12-01T00:00:00Z",
    });
    const current = row({ payment_session_id: "payses_NEW", created_at: "2026-12-01T01:00:00Z" });
    const s = cartPaymentStatus("cart_1", null, ["payses_NEW"], [paidOld, current]);
    expect(s).toMatchObject({ payment_status: "paid_without_order", link: null });
    expect(s.message).toMatch(/no need to pay again/);
    expect(
      cartPaymentStatus("cart_1", null, ["payses_NEW"], [{ ...paidOld, order_state: "resolved" }, current])
        .payment_status,
    ).toBe("pending");
  });
});

describe("background retries", () => {
  it("orders back off, then need attention", () => {
    const now = new Date("2026-12-01T00:00:00Z");
    expect(nextOrderAttemptAt(1, now)!.toISOString()).toBe("2026-12-01T00:00:10.000Z");
    expect(nextOrderAttemptAt(MAX_ORDER_ATTEMPTS - 1, now)).not.toBeNull();
    expect(nextOrderAttemptAt(MAX_ORDER_ATTEMPTS, now)).toBeNull();
  });
  it("cancels repeat until the link expires", () => {
    const now = new Date("2026-12-01T00:00:00Z");
    expect(nextCancelAttemptAt(1, now, null)!.toISOString()).toBe("2026-12-01T00:00:10.000Z");
    expect(nextCancelAttemptAt(50, now, null)!.getTime() - now.getTime()).toBe(14_400_000);
    expect(nextCancelAttemptAt(1, now, new Date("2026-12-01T00:00:05Z"))).toBeNull();
  });
});

describe("client IP and fingerprints", () => {
  const req = (xff: string | undefined, socket = "10.0.0.5", ip = "1.2.3.4") => ({
    ip,
    socket: { remoteAddress: socket },
    headers: xff ? { "x-forwarded-for": xff } : {},
  });
  it("follows Medusa's trust proxy by default, or the configured number of proxies", () => {
    expect(clientIp(req("6.6.6.6"), undefined)).toBe("1.2.3.4");
    expect(clientIp(req("6.6.6.6, 7.7.7.7"), 0)).toBe("10.0.0.5");
    expect(clientIp(req("6.6.6.6, 7.7.7.7"), 1)).toBe("7.7.7.7");
    expect(clientIp(req("6.6.6.6, 7.7.7.7"), 2)).toBe("6.6.6.6");
    expect(clientIp(req(undefined), 3)).toBe("10.0.0.5");
  });
  it("fingerprints and masks without revealing the address", () => {
    expect(fingerprint("A@Example.com ", good.signingSecret)).toBe(fingerprint("a@example.com", good.signingSecret));
    expect(fingerprint("a@example.com", good.signingSecret)).not.toContain("example");
    expect(maskRecipient("jane.doe@example.com")).toBe("j***@example.com");
    expect(maskRecipient("+14155550100")).toBe("+1415***00");
  });
});

describe("pluginVersion", () => {
  it("finds this package's version from the source and from the built layout", async () => {
    const { pluginVersion } = await import("../src/lib/version.js");
    const { version } = JSON.parse(
      (await import("node:fs")).readFileSync(new URL("../package.json", import.meta.url), "utf8"),
    );
    expect(pluginVersion(new URL("../src/providers/clientloop", import.meta.url).pathname)).toBe(version);
    expect(pluginVersion(new URL("../.medusa/server/src/providers/clientloop", import.meta.url).pathname)).toBe(
      version,
    );
    expect(pluginVersion("/")).toBe("unknown");
  });
});
