/**
 * `@clientloop/medusa-payment/storefront`: the storefront side of ClientLoop's hosted checkout,
 * for `@medusajs/js-sdk` in the browser and in server code (Next.js server actions). No runtime
 * dependencies: pass your `Medusa` instance.
 *
 *   checkout:    const next = await payWithClientLoop(sdk, cart)        → redirect to next.link
 *   return page: const done = await completeClientLoopCheckout(sdk, cartId, { signal })
 *                → done.outcome: "paid" (done.order) | "pending" | "expired" | "canceled" | "paid_without_order" | "none"
 */
export {
  CART_ID_PATTERN,
  CLIENTLOOP_PROVIDER_ID,
  checkCartId,
  clientLoopSessionData,
  isClientLoop,
} from "./session-data";
export { completeCart, getClientLoopStatus, payWithClientLoop, startClientLoopPayment } from "./store-api";
export type { CompleteCartResponse, PayDecision, PayOptions, StartedPayment, StartOptions } from "./store-api";
export { completeClientLoopCheckout, waitForPayment } from "./return-page";
export type { CheckoutOutcome, WaitOptions } from "./return-page";
export { checkHostedPageLink, redirectToHostedPage } from "./hosted-page";
export { DEFAULT_BACKOFF, pollDelay } from "./backoff";
export type { Backoff } from "./backoff";
export { httpStatusOf, isTransient } from "./errors";
export type * from "./types";
