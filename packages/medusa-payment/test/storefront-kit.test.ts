/**
 * The storefront kit's logic, with a scripted stand-in for `sdk.client.fetch` (the real path —
 * js-sdk, a real Medusa, the browser — is the shopper-journey scenario in apps/medusa-store).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  buildContactRef,
  CART_ID_PATTERN as SERVER_CART_ID_PATTERN,
  PAID_WITHOUT_ORDER_MESSAGE,
} from "../src/lib/index.js";
import {
  CART_ID_PATTERN,
  CLIENTLOOP_PROVIDER_ID,
  clientLoopSessionData,
  completeClientLoopCheckout,
  checkHostedPageLink,
  isClientLoop,
  isTransient,
  payWithClientLoop,
  pollDelay,
  redirectToHostedPage,
  startClientLoopPayment,
  waitForPayment,
  type CartPaymentStatus,
  type KitFetchInit,
  type MedusaSdkLike,
} from "../storefront/index.js";

const CART = "cart_01JABCDEFGHJKMNPQRSTVWXYZ0";
const LINK = "https://pay.clientloop.test/pay/ps_1";

class HttpError extends Error {
  constructor(
    readonly status: number,
    message = `HTTP ${status}`,
  ) {
    super(message);
  }
}

interface Call {
  input: string;
  init: KitFetchInit | undefined;
}

/** `sdk.client.fetch` answering from `respond`, recording every call. */
function fakeSdk(respond: (call: Call, n: number) => unknown) {
  const calls: Call[] = [];
  const sdk: MedusaSdkLike = {
    client: {
      async fetch<T>(input: string, init?: KitFetchInit): Promise<T> {
        const call = { input, init };
        calls.push(call);
        const answer = respond(call, calls.length - 1);
        if (answer instanceof Error) throw answer;
        return answer as T;
      },
    },
  };
  return { sdk, calls };
}

const status = (
  payment_status: CartPaymentStatus["payment_status"],
  extra: Partial<CartPaymentStatus> = {},
): CartPaymentStatus => ({
  cart_id: CART,
  payment_status,
  payment_session_id: payment_status === "none" ? null : "payses_1",
  link: null,
  expires_at: null,
  order_id: null,
  completed: false,
  message: null,
  ...extra,
});

/** A status route answering `statuses` in turn (the last one repeats), and cart completion answering `completions`. */
function store(
  statuses: (CartPaymentStatus | Error)[],
  completions: unknown[] = [{ type: "order", order: { id: "order_1", display_id: 7 } }],
) {
  let s = 0;
  let c = 0;
  return fakeSdk(({ input }) => {
    if (input.endsWith("/status")) return statuses[Math.min(s++, statuses.length - 1)];
    if (input.endsWith("/complete")) return completions[Math.min(c++, completions.length - 1)];
    throw new Error(`unexpected call ${input}`);
  });
}

const cart = {
  id: CART,
  email: " ada@example.com ",
  billing_address: {
    id: "caaddr_1",
    first_name: "Ada",
    last_name: "Lovelace",
    phone: "+14155554345",
    address_1: "1 Main St",
    city: "New York",
    postal_code: "10001",
    country_code: "us",
    metadata: { note: "ring twice" },
    created_at: "2026-12-01",
  },
  shipping_address: { first_name: "Grace", last_name: "", phone: null, address_1: "2 Side St", country_code: "us" },
  payment_collection: { id: "pay_col_1" },
};

describe("the session data the provider needs", () => {
  it("is the cart id, the email and the addresses' contact fields, nothing else", () => {
    expect(clientLoopSessionData(cart)).toEqual({
      cart_id: CART,
      email: "ada@example.com",
      billing_address: {
        first_name: "Ada",
        last_name: "Lovelace",
        phone: "+14155554345",
        address_1: "1 Main St",
        city: "New York",
        postal_code: "10001",
        country_code: "us",
      },
      shipping_address: { first_name: "Grace", address_1: "2 Side St", country_code: "us" },
    });
    expect(clientLoopSessionData({ id: CART })).toEqual({ cart_id: CART });
  });

  it("gives the provider a guest's name, phone and address", () => {
    expect(buildContactRef(undefined, clientLoopSessionData(cart))).toEqual({
      contactEmail: "ada@example.com",
      contactPhone: "+14155554345",
      contactFirstName: "Ada",
      contactLastName: "Lovelace",
      contactName: "Ada Lovelace",
      address: { lines: ["1 Main St"], countryCode: "US", locality: "New York", postalCode: "10001" },
    });
  });

  it("refuses a cart without a usable id, naming the field", () => {
    expect(() => clientLoopSessionData({ id: "" })).toThrow(/cart\.id must be a Medusa cart id/);
    expect(() => clientLoopSessionData({ id: "order_01ABCDEFG" })).toThrow(
      /cart\.id must be a Medusa cart id \(cart_…\), got "order_01ABCDEFG"/,
    );
    expect(() => clientLoopSessionData(null as never)).toThrow(/cart must be a Store API cart/);
    expect(() => clientLoopSessionData({ id: CART, email: 42 as never })).toThrow(/cart\.email must be a string/);
  });

  it("uses the provider's own cart id rule and provider id", () => {
    expect(CART_ID_PATTERN.source).toBe(SERVER_CART_ID_PATTERN.source);
    expect(isClientLoop(CLIENTLOOP_PROVIDER_ID)).toBe(true);
    expect(isClientLoop("pp_clientloop_eu")).toBe(true);
    expect(isClientLoop("pp_stripe_stripe")).toBe(false);
    expect(isClientLoop(undefined)).toBe(false);
  });
});

describe("backoff", () => {
  it("grows by the factor up to the cap; jitter only shortens", () => {
    const none = () => 0;
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((a) => pollDelay(a, {}, none))).toEqual([
      500, 750, 1125, 1688, 2531, 3797, 5000, 5000,
    ]);
    expect(pollDelay(0, {}, () => 1)).toBe(400);
    expect(pollDelay(10, { initialMs: 100, maxMs: 1000, factor: 2, jitter: 0 })).toBe(1000);
  });

  it("refuses a bad backoff, naming the field", () => {
    expect(() => pollDelay(-1)).toThrow(/attempt must be an integer/);
    expect(() => pollDelay(0, { initialMs: 0 })).toThrow(/backoff\.initialMs must be a positive/);
    expect(() => pollDelay(0, { initialMs: 100, maxMs: 50 })).toThrow(/backoff\.maxMs .* at least backoff\.initialMs/);
    expect(() => pollDelay(0, { factor: 0.5 })).toThrow(/backoff\.factor must be a number ≥ 1/);
    expect(() => pollDelay(0, { jitter: 1 })).toThrow(/backoff\.jitter/);
  });

  it("waits out the network, conflicts, rate limits and server errors, not a wrong cart or key", () => {
    for (const e of [new TypeError("fetch failed"), new HttpError(409), new HttpError(429), new HttpError(502)])
      expect(isTransient(e)).toBe(true);
    for (const e of [new HttpError(400), new HttpError(401), new HttpError(403), new HttpError(404)])
      expect(isTransient(e)).toBe(false);
  });
});

describe("the hosted page", () => {
  it("only an absolute http(s) link is followed", () => {
    expect(checkHostedPageLink(LINK)).toBe(LINK);
    for (const bad of ["javascript:alert(1)", "/pay/ps_1", "", null, "data:text/html,x"])
      expect(() => checkHostedPageLink(bad)).toThrow(/absolute http\(s\) URL/);
  });

  it("redirects with location.assign, so Back returns to the checkout", () => {
    const assign = vi.fn();
    redirectToHostedPage(LINK, { assign });
    expect(assign).toHaveBeenCalledWith(LINK);
    expect(() => redirectToHostedPage("javascript:alert(1)", { assign })).toThrow();
    expect(assign).toHaveBeenCalledTimes(1);
    expect(() => redirectToHostedPage(LINK, undefined)).toThrow(/browser's location/);
  });
});

const sessionAnswer = (link: unknown = LINK) => ({
  payment_collection: {
    id: "pay_col_1",
    payment_sessions: [
      { id: "payses_sys", provider_id: "pp_system_default", data: {} },
      {
        id: "payses_1",
        provider_id: CLIENTLOOP_PROVIDER_ID,
        data: { session_id: "payses_1", link, expires_at: "2026-12-02T10:00:00.000Z" },
      },
    ],
  },
});

describe("starting a ClientLoop payment", () => {
  it("creates the session with the provider's data on the cart's payment collection", async () => {
    const { sdk, calls } = fakeSdk(() => sessionAnswer());
    const started = await startClientLoopPayment(sdk, cart, { headers: { authorization: "Bearer t" } });
    expect(started).toEqual({
      link: LINK,
      expiresAt: "2026-12-02T10:00:00.000Z",
      paymentSessionId: "payses_1",
      paymentCollectionId: "pay_col_1",
    });
    expect(calls).toEqual([
      {
        input: "/store/payment-collections/pay_col_1/payment-sessions",
        init: {
          method: "POST",
          body: { provider_id: CLIENTLOOP_PROVIDER_ID, data: clientLoopSessionData(cart) },
          headers: { authorization: "Bearer t" },
        },
      },
    ]);
  });

  it("creates the payment collection first when the cart has none; reads the cart when given its id", async () => {
    const { sdk, calls } = fakeSdk(({ input }) => {
      if (input === `/store/carts/${CART}`) return { cart: { ...cart, payment_collection: null } };
      if (input === "/store/payment-collections") return { payment_collection: { id: "pay_col_new" } };
      return sessionAnswer();
    });
    await startClientLoopPayment(sdk, CART);
    expect(calls.map((c) => `${c.init?.method} ${c.input}`)).toEqual([
      `GET /store/carts/${CART}`,
      "POST /store/payment-collections",
      "POST /store/payment-collections/pay_col_new/payment-sessions",
    ]);
    expect(calls[1]!.init?.body).toEqual({ cart_id: CART });
  });

  it("refuses bad input before any request", async () => {
    const { sdk, calls } = fakeSdk(() => sessionAnswer());
    await expect(startClientLoopPayment(sdk, "cart")).rejects.toThrow(/cart must be a Medusa cart id/);
    await expect(startClientLoopPayment(sdk, { id: "x" })).rejects.toThrow(/cart\.id must be a Medusa cart id/);
    await expect(startClientLoopPayment(sdk, cart, { providerId: "pp_stripe_stripe" })).rejects.toThrow(
      /providerId must be a ClientLoop provider id/,
    );
    expect(calls).toEqual([]);
  });

  it("refuses to send the shopper anywhere but an http(s) hosted page", async () => {
    const { sdk } = fakeSdk(() => sessionAnswer("javascript:alert(1)"));
    await expect(startClientLoopPayment(sdk, cart)).rejects.toThrow(/absolute http\(s\) URL/);
    const { sdk: none } = fakeSdk(() => ({ payment_collection: { id: "pay_col_1", payment_sessions: [] } }));
    await expect(startClientLoopPayment(none, cart)).rejects.toThrow(
      /created no pp_clientloop_clientloop payment session/,
    );
  });
});

describe("Pay with ClientLoop", () => {
  const soon = (ms: number) => new Date(Date.now() + ms).toISOString();

  it("reuses the cart's open link: a second session would cancel a link being paid", async () => {
    const { sdk, calls } = store([status("pending", { link: LINK, expires_at: soon(3_600_000) })]);
    expect(await payWithClientLoop(sdk, cart)).toEqual({
      action: "redirect",
      link: LINK,
      expiresAt: expect.any(String),
      paymentSessionId: "payses_1",
      reused: true,
    });
    expect(calls.map((c) => c.input)).toEqual([`/store/clientloop/carts/${CART}/status`]);
  });

  it("starts a new payment when there is none, it expired, was canceled, or is about to expire", async () => {
    for (const current of [
      status("none"),
      status("expired"),
      status("canceled"),
      status("pending", { link: LINK, expires_at: soon(30_000) }),
    ]) {
      const { sdk, calls } = fakeSdk(({ input }) =>
        input.endsWith("/status") ? current : sessionAnswer("https://pay.clientloop.test/pay/ps_2"),
      );
      const decision = await payWithClientLoop(sdk, cart);
      expect(decision).toMatchObject({
        action: "redirect",
        link: "https://pay.clientloop.test/pay/ps_2",
        reused: false,
      });
      expect(calls.map((c) => c.init?.method)).toEqual(["GET", "POST"]);
    }
  });

  it("never asks to pay again for a paid cart", async () => {
    for (const current of [
      status("paid"),
      status("paid", { completed: true, order_id: "order_1" }),
      status("paid_without_order", { message: PAID_WITHOUT_ORDER_MESSAGE }),
    ]) {
      const { sdk, calls } = store([current]);
      expect(await payWithClientLoop(sdk, cart)).toEqual({ action: "paid", status: current });
      expect(calls).toHaveLength(1);
    }
  });
});

describe("the return page", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("polls with backoff until the payment is verified, then completes the cart: the order", async () => {
    const { sdk, calls } = store([status("pending"), status("pending"), status("paid")]);
    const seen: string[] = [];
    const done = completeClientLoopCheckout(sdk, CART, {
      backoff: { jitter: 0 },
      onStatus: (s) => seen.push(s.payment_status),
    });
    await vi.advanceTimersByTimeAsync(499);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(750);
    expect(await done).toEqual({ outcome: "paid", order: { id: "order_1", display_id: 7 }, status: status("paid") });
    expect(seen).toEqual(["pending", "pending", "paid"]);
    expect(calls.map((c) => `${c.init?.method} ${c.input}`)).toEqual([
      `GET /store/clientloop/carts/${CART}/status`,
      `GET /store/clientloop/carts/${CART}/status`,
      `GET /store/clientloop/carts/${CART}/status`,
      `POST /store/carts/${CART}/complete`,
    ]);
  });

  it("has one outcome per case: expired, canceled, nothing to pay, paid without an order", async () => {
    for (const s of ["expired", "canceled", "none"] as const) {
      expect(await completeClientLoopCheckout(store([status(s)]).sdk, CART)).toEqual({ outcome: s, status: status(s) });
    }
    const held = status("paid_without_order", { message: PAID_WITHOUT_ORDER_MESSAGE });
    const { sdk, calls } = store([held]);
    expect(await completeClientLoopCheckout(sdk, CART)).toEqual({
      outcome: "paid_without_order",
      status: held,
      message: PAID_WITHOUT_ORDER_MESSAGE,
    });
    expect(calls.some((c) => c.input.endsWith("/complete"))).toBe(false);
  });

  it("an order the store already made is returned by completion (idempotent)", async () => {
    const { sdk } = store([status("paid", { completed: true, order_id: "order_1" })]);
    expect(await completeClientLoopCheckout(sdk, CART)).toMatchObject({ outcome: "paid", order: { id: "order_1" } });
  });

  it("retries completion while Medusa is placing the order (409) or has not recorded the payment (400)", async () => {
    const { sdk, calls } = store(
      [status("paid")],
      [
        new HttpError(409, "cart is being completed"),
        new HttpError(400, "Session was not authorized"),
        { type: "order", order: { id: "order_1" } },
      ],
    );
    const done = completeClientLoopCheckout(sdk, CART, { backoff: { jitter: 0 } });
    await vi.advanceTimersByTimeAsync(500 + 750);
    expect(await done).toMatchObject({ outcome: "paid", order: { id: "order_1" } });
    expect(calls.filter((c) => c.input.endsWith("/complete"))).toHaveLength(3);
  });

  it("at the deadline: still pending, never an error; a paid cart whose order is not there yet says so", async () => {
    const waiting = completeClientLoopCheckout(store([status("pending")]).sdk, CART, {
      timeoutMs: 3_000,
      backoff: { jitter: 0 },
    });
    await vi.advanceTimersByTimeAsync(3_000);
    expect(await waiting).toEqual({ outcome: "pending", status: status("pending") });

    const stuck = new HttpError(400, "insufficient inventory");
    const paid = completeClientLoopCheckout(store([status("paid")], [stuck]).sdk, CART, {
      timeoutMs: 3_000,
      backoff: { jitter: 0 },
    });
    await vi.advanceTimersByTimeAsync(3_000);
    expect(await paid).toEqual({ outcome: "pending", status: status("paid"), error: stuck });
  });

  it("waits out network failures and server errors until the deadline", async () => {
    const { sdk } = store([new TypeError("fetch failed"), new HttpError(503), status("paid")]);
    const done = completeClientLoopCheckout(sdk, CART, { backoff: { jitter: 0 } });
    await vi.advanceTimersByTimeAsync(500 + 750);
    expect(await done).toMatchObject({ outcome: "paid" });

    const down = completeClientLoopCheckout(store([new HttpError(503)]).sdk, CART, {
      timeoutMs: 2_000,
      backoff: { jitter: 0 },
    });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await down).toEqual({ outcome: "pending", status: null, error: new HttpError(503) });
  });

  it("reports a wrong cart or publishable key at once", async () => {
    for (const status of [400, 401, 404]) {
      const { sdk, calls } = store([new HttpError(status)]);
      await expect(completeClientLoopCheckout(sdk, CART)).rejects.toMatchObject({ status });
      expect(calls).toHaveLength(1);
    }
  });

  it("an abort stops the wait at once, and is passed to every request", async () => {
    const { sdk, calls } = store([status("pending")]);
    const controller = new AbortController();
    const done = completeClientLoopCheckout(sdk, CART, {
      signal: controller.signal,
      headers: { authorization: "Bearer t" },
    });
    const outcome = expect(done).rejects.toThrow("left the page");
    await vi.advanceTimersByTimeAsync(100);
    controller.abort(new Error("left the page"));
    await outcome;
    expect(calls).toHaveLength(1);
    expect(calls[0]!.init).toMatchObject({ signal: controller.signal, headers: { authorization: "Bearer t" } });
    await expect(
      completeClientLoopCheckout(sdk, CART, { signal: AbortSignal.abort(new Error("already gone")) }),
    ).rejects.toThrow("already gone");
    expect(calls).toHaveLength(1);
  });

  it("refuses bad options before any request", async () => {
    const { sdk, calls } = store([status("paid")]);
    await expect(completeClientLoopCheckout(sdk, "cart_")).rejects.toThrow(/cartId must be a Medusa cart id/);
    await expect(completeClientLoopCheckout(sdk, CART, { timeoutMs: -1 })).rejects.toThrow(
      /timeoutMs must be a non-negative number/,
    );
    await expect(completeClientLoopCheckout(sdk, CART, { backoff: { factor: 0 } })).rejects.toThrow(/backoff\.factor/);
    await expect(waitForPayment(sdk, CART, { onStatus: "log" as never })).rejects.toThrow(
      /onStatus must be a function/,
    );
    expect(calls).toEqual([]);
  });

  it("waitForPayment returns the first status that is not pending, or the last one at the deadline", async () => {
    const paid = waitForPayment(store([status("pending"), status("paid")]).sdk, CART, { backoff: { jitter: 0 } });
    await vi.advanceTimersByTimeAsync(500);
    expect(await paid).toEqual(status("paid"));
    const late = waitForPayment(store([status("pending")]).sdk, CART, { timeoutMs: 1_000, backoff: { jitter: 0 } });
    await vi.advanceTimersByTimeAsync(1_000);
    expect((await late).payment_status).toBe("pending");
    const never = waitForPayment(store([new TypeError("fetch failed")]).sdk, CART, {
      timeoutMs: 1_000,
      backoff: { jitter: 0 },
    });
    const failed = expect(never).rejects.toThrow("fetch failed");
    await vi.advanceTimersByTimeAsync(1_000);
    await failed;
  });
});
