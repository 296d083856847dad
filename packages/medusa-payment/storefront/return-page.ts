/**
 * The return page (the provider's `successUrl`): wait for the verified payment, then complete the
 * cart. Arriving here proves nothing — only the status route, read from the server-side ledger,
 * says ClientLoop reported the payment.
 */
import { type Backoff, checkBackoff, pollDelay, sleep } from "./backoff";
import { httpStatusOf, isTransient } from "./errors";
import { checkCartId } from "./session-data";
import { completeCart, getClientLoopStatus } from "./store-api";
import { PAID_WITHOUT_ORDER_MESSAGE } from "../src/lib/storefront-status";
import type { CartPaymentStatus, MedusaSdkLike, OrderLike, RequestOptions } from "./types";

export interface WaitOptions extends RequestOptions {
  /**
   * The deadline, from now (ms, default 60 000): past it the wait ends with the last status
   * (`pending`), never with an error. Abort `signal` to stop at once (it rejects instead).
   */
  timeoutMs?: number;
  /** Between polls (defaults: 500 ms, × 1.5, at most 5 s, up to 20 % less at random). */
  backoff?: Backoff;
  /** Called with every status read, e.g. to show progress. */
  onStatus?: (status: CartPaymentStatus) => void;
}

export type CheckoutOutcome<TOrder extends OrderLike = OrderLike> =
  /** The cart is an order, paid: show the confirmation. */
  | { outcome: "paid"; order: TOrder; status: CartPaymentStatus }
  /**
   * The deadline passed first. `status?.payment_status` says whether ClientLoop reported the
   * payment (`paid`: the store is creating the order) or not yet (`pending`). Tell the shopper the
   * store will email them; never ask them to pay again while it is `paid`.
   */
  | { outcome: "pending"; status: CartPaymentStatus | null; error?: unknown }
  /** Paid, but the store must confirm the order by hand: show `message` (no need to pay again). */
  | { outcome: "paid_without_order"; status: CartPaymentStatus; message: string }
  /** The link expired unpaid: back to checkout, where a new payment can start. */
  | { outcome: "expired"; status: CartPaymentStatus }
  /** The shopper canceled on the hosted page: back to checkout. */
  | { outcome: "canceled"; status: CartPaymentStatus }
  /** No ClientLoop payment on this cart (it changed since, or never started): back to checkout. */
  | { outcome: "none"; status: CartPaymentStatus };

interface Loop {
  deadline: number;
  backoff: Required<Backoff>;
  signal?: AbortSignal;
}

function loopOf(options: WaitOptions): Loop {
  const timeoutMs = options.timeoutMs ?? 60_000;
  if (typeof timeoutMs !== "number" || !Number.isFinite(timeoutMs) || timeoutMs < 0)
    throw new TypeError("timeoutMs must be a non-negative number of milliseconds");
  if (options.onStatus !== undefined && typeof options.onStatus !== "function")
    throw new TypeError("onStatus must be a function");
  return {
    deadline: Date.now() + timeoutMs,
    backoff: checkBackoff(options.backoff),
    ...(options.signal ? { signal: options.signal } : {}),
  };
}

/**
 * Runs `step` until it returns a result, then returns it; `undefined` once the next wait would end
 * past the deadline. Transient failures are retried; others, and an abort, reject.
 */
async function poll<T>(
  loop: Loop,
  step: () => Promise<T | undefined>,
  onTransient: (error: unknown) => void,
): Promise<T | undefined> {
  for (let attempt = 0; ; attempt++) {
    if (loop.signal?.aborted) throw loop.signal.reason;
    try {
      const result = await step();
      if (result !== undefined) return result;
    } catch (error) {
      if (loop.signal?.aborted) throw loop.signal.reason;
      if (!isTransient(error)) throw error;
      onTransient(error);
    }
    const delay = pollDelay(attempt, loop.backoff);
    if (Date.now() + delay > loop.deadline) return undefined;
    await sleep(delay, loop.signal);
  }
}

/**
 * Polls the status route with backoff until the payment is no longer `pending` or the deadline
 * passes; returns the last status (still `pending` at the deadline). Rejects when aborted, or
 * when the store answers 400/401/403/404 (a wrong cart id or publishable key).
 */
export async function waitForPayment(
  sdk: MedusaSdkLike,
  cartId: string,
  options: WaitOptions = {},
): Promise<CartPaymentStatus> {
  checkCartId(cartId);
  const loop = loopOf(options);
  let last: CartPaymentStatus | undefined;
  let lastError: unknown;
  const final = await poll(
    loop,
    async () => {
      last = await getClientLoopStatus(sdk, cartId, options);
      options.onStatus?.(last);
      return last.payment_status === "pending" ? undefined : last;
    },
    (e) => (lastError = e),
  );
  if (final) return final;
  if (last) return last;
  throw lastError;
}

/**
 * The whole return page: waits for the verified payment (as `waitForPayment`), completes the
 * cart (idempotent: when the store already made the order, that order is returned) and says how
 * it ended, one outcome per case. Completion is retried while Medusa is still placing the
 * order (409) or has not recorded the payment yet (400), until the deadline.
 */
export async function completeClientLoopCheckout<TOrder extends OrderLike = OrderLike>(
  sdk: MedusaSdkLike,
  cartId: string,
  options: WaitOptions = {},
): Promise<CheckoutOutcome<TOrder>> {
  checkCartId(cartId);
  const loop = loopOf(options);
  let last: CartPaymentStatus | null = null;
  let lastError: unknown;
  const outcome = await poll<CheckoutOutcome<TOrder>>(
    loop,
    async () => {
      const status = await getClientLoopStatus(sdk, cartId, options);
      last = status;
      options.onStatus?.(status);
      switch (status.payment_status) {
        case "pending":
          return undefined;
        case "paid":
          return await complete(status);
        case "paid_without_order":
          return { outcome: "paid_without_order", status, message: status.message ?? PAID_WITHOUT_ORDER_MESSAGE };
        default:
          return { outcome: status.payment_status, status };
      }
    },
    (e) => (lastError = e),
  );
  return outcome ?? { outcome: "pending", status: last, ...(lastError === undefined ? {} : { error: lastError }) };

  async function complete(status: CartPaymentStatus): Promise<CheckoutOutcome<TOrder> | undefined> {
    try {
      const result = await completeCart<TOrder>(sdk, cartId, options);
      if (result.type === "order") return { outcome: "paid", order: result.order, status };
      lastError = result.error;
    } catch (error) {
      // 400: the payment is not authorized yet (Medusa's NOT_ALLOWED); the next status read decides
      if (httpStatusOf(error) !== 400) throw error;
      lastError = error;
    }
    return undefined;
  }
}
