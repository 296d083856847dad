/**
 * Typecheck fixture (`npm run typecheck`): the kit takes `@medusajs/js-sdk`'s real `Medusa` and
 * the Store API's real cart and order types, with no casts, in browser and server code alike.
 */
import Medusa, { type FetchArgs, type FetchInput } from "@medusajs/js-sdk";
import type { HttpTypes } from "@medusajs/types";
import {
  completeClientLoopCheckout,
  payWithClientLoop,
  startClientLoopPayment,
  type CheckoutOutcome,
  type MedusaSdkLike,
} from "../../storefront/index";

const sdk = new Medusa({ baseUrl: "http://localhost:9000", publishableKey: "pk_test" });
export const asKit: MedusaSdkLike = sdk;

export async function checkout(cart: HttpTypes.StoreCart): Promise<string | undefined> {
  await startClientLoopPayment(sdk, cart, { headers: { authorization: "Bearer token" } });
  const next = await payWithClientLoop(sdk, cart);
  return next.action === "redirect" ? next.link : (next.status.order_id ?? undefined);
}

export async function returnPage(cartId: string, signal: AbortSignal): Promise<string> {
  const done: CheckoutOutcome<HttpTypes.StoreOrder> = await completeClientLoopCheckout<HttpTypes.StoreOrder>(
    sdk,
    cartId,
    { signal, timeoutMs: 30_000 },
  );
  switch (done.outcome) {
    case "paid":
      return `${done.order.display_id} ${done.order.total} ${done.order.currency_code}`;
    case "paid_without_order":
      return done.message;
    case "pending":
      return done.status?.payment_status ?? "unknown";
    default:
      return done.outcome;
  }
}

// a storefront that wraps `sdk.client.fetch` (as Medusa's Next.js starter does) still fits
const original = sdk.client.fetch.bind(sdk.client);
sdk.client.fetch = async <T>(input: FetchInput, init?: FetchArgs): Promise<T> =>
  original<T>(input, { ...init, headers: { ...init?.headers, "x-medusa-locale": "en" } });
export const wrapped: MedusaSdkLike = sdk;
