/** The Store API calls the kit makes, through `sdk.client.fetch`. */
import { checkHostedPageLink } from "./hosted-page";
import { checkCartId, clientLoopSessionData, CLIENTLOOP_PROVIDER_ID, isClientLoop } from "./session-data";
import type { CartLike, CartPaymentStatus, KitFetchInit, MedusaSdkLike, OrderLike, RequestOptions } from "./types";

const init = (options: RequestOptions, extra: KitFetchInit = {}): KitFetchInit => ({
  ...extra,
  ...(options.headers ? { headers: options.headers } : {}),
  ...(options.signal ? { signal: options.signal } : {}),
});

/**
 * The cart's ClientLoop payment as the server-side ledger knows it
 * (`GET /store/clientloop/carts/:id/status`). Arriving on the return page proves nothing; this does.
 */
export async function getClientLoopStatus(
  sdk: MedusaSdkLike,
  cartId: string,
  options: RequestOptions = {},
): Promise<CartPaymentStatus> {
  checkCartId(cartId);
  return sdk.client.fetch<CartPaymentStatus>(
    `/store/clientloop/carts/${cartId}/status`,
    init(options, { method: "GET" }),
  );
}

export interface StartOptions extends RequestOptions {
  /** The ClientLoop provider's id, if `medusa-config.ts` registers it under another id than `clientloop`. */
  providerId?: string;
}

export interface StartedPayment {
  /** The hosted payment page: send the shopper there. */
  link: string;
  /** When the link stops working (ISO date), if ClientLoop said. */
  expiresAt: string | null;
  paymentSessionId: string;
  paymentCollectionId: string;
}

interface PaymentCollectionResponse {
  payment_collection: {
    id: string;
    payment_sessions?: { id: string; provider_id: string; data?: Record<string, unknown> | null }[];
  };
}

/**
 * Starts a ClientLoop payment for the cart (a cart object, or its id: then the cart is read
 * first): creates the payment collection if the cart has none, then a ClientLoop payment session
 * with what the provider needs (`clientLoopSessionData`). Medusa replaces the cart's other
 * payment sessions. Use `payWithClientLoop` from a "Pay" button: it reuses a link still open.
 */
export async function startClientLoopPayment(
  sdk: MedusaSdkLike,
  cart: CartLike | string,
  options: StartOptions = {},
): Promise<StartedPayment> {
  const providerId = options.providerId ?? CLIENTLOOP_PROVIDER_ID;
  if (!isClientLoop(providerId))
    throw new TypeError(
      `providerId must be a ClientLoop provider id (pp_clientloop_…), got ${JSON.stringify(providerId)}`,
    );
  const theCart = typeof cart === "string" ? await retrieveCart(sdk, cart, options) : cart;
  const data = clientLoopSessionData(theCart);
  let collectionId = theCart.payment_collection?.id;
  if (!collectionId) {
    const created = await sdk.client.fetch<PaymentCollectionResponse>(
      "/store/payment-collections",
      init(options, { method: "POST", body: { cart_id: data.cart_id } }),
    );
    collectionId = created.payment_collection.id;
  }
  const { payment_collection } = await sdk.client.fetch<PaymentCollectionResponse>(
    `/store/payment-collections/${collectionId}/payment-sessions`,
    init(options, { method: "POST", body: { provider_id: providerId, data } }),
  );
  const session = payment_collection.payment_sessions?.find((s) => s.provider_id === providerId);
  if (!session) throw new Error(`Medusa created no ${providerId} payment session for cart ${data.cart_id}`);
  const expiresAt = session.data?.expires_at;
  return {
    link: checkHostedPageLink(session.data?.link),
    expiresAt: typeof expiresAt === "string" ? expiresAt : null,
    paymentSessionId: session.id,
    paymentCollectionId: payment_collection.id,
  };
}

async function retrieveCart(sdk: MedusaSdkLike, cartId: string, options: RequestOptions): Promise<CartLike> {
  checkCartId(cartId, "cart");
  // the default fields carry the email, both addresses and the payment collection
  const { cart } = await sdk.client.fetch<{ cart: CartLike }>(
    `/store/carts/${cartId}`,
    init(options, { method: "GET" }),
  );
  return cart;
}

export type PayDecision =
  | { action: "redirect"; link: string; expiresAt: string | null; paymentSessionId: string; reused: boolean }
  /** ClientLoop already reported a payment for this cart: show the return page, never ask to pay again. */
  | { action: "paid"; status: CartPaymentStatus };

export interface PayOptions extends StartOptions {
  /** An open link is reused only if it stays valid at least this long (ms, default 120 000). */
  minValidityMs?: number;
}

/**
 * What a "Pay with ClientLoop" button does: the cart's open link if there is one (a second
 * session would cancel a link the shopper may be paying on another device), a new ClientLoop
 * payment when there is none or it expired or was canceled, and nothing to pay when the cart is
 * already paid.
 */
export async function payWithClientLoop(
  sdk: MedusaSdkLike,
  cart: CartLike | string,
  options: PayOptions = {},
): Promise<PayDecision> {
  const cartId = checkCartId(typeof cart === "string" ? cart : cart?.id, typeof cart === "string" ? "cart" : "cart.id");
  const minValidityMs = options.minValidityMs ?? 120_000;
  if (!Number.isFinite(minValidityMs) || minValidityMs < 0)
    throw new TypeError("minValidityMs must be a non-negative number of milliseconds");
  const status = await getClientLoopStatus(sdk, cartId, options);
  if (status.payment_status === "paid" || status.payment_status === "paid_without_order")
    return { action: "paid", status };
  const openUntil = status.expires_at ? Date.parse(status.expires_at) : Number.POSITIVE_INFINITY;
  if (
    status.payment_status === "pending" &&
    status.link &&
    status.payment_session_id &&
    openUntil - Date.now() >= minValidityMs
  ) {
    return {
      action: "redirect",
      link: checkHostedPageLink(status.link),
      expiresAt: status.expires_at,
      paymentSessionId: status.payment_session_id,
      reused: true,
    };
  }
  const started = await startClientLoopPayment(sdk, cart, options);
  return {
    action: "redirect",
    link: started.link,
    expiresAt: started.expiresAt,
    paymentSessionId: started.paymentSessionId,
    reused: false,
  };
}

export type CompleteCartResponse<TOrder extends OrderLike = OrderLike> =
  | { type: "order"; order: TOrder }
  | { type: "cart"; cart: unknown; error: { message: string; name?: string; type?: string } };

/** `POST /store/carts/:id/complete` (idempotent: a completed cart answers with its order). */
export function completeCart<TOrder extends OrderLike = OrderLike>(
  sdk: MedusaSdkLike,
  cartId: string,
  options: RequestOptions = {},
): Promise<CompleteCartResponse<TOrder>> {
  checkCartId(cartId);
  return sdk.client.fetch<CompleteCartResponse<TOrder>>(
    `/store/carts/${cartId}/complete`,
    init(options, { method: "POST" }),
  );
}
