/**
 * The shapes the kit works with, typed structurally so it needs no runtime dependency: any
 * `@medusajs/js-sdk` `Medusa` instance fits `MedusaSdkLike` (in the browser and in server code),
 * and the Store API's `HttpTypes.StoreCart` fits `CartLike`.
 */
import type { CartPaymentStatus, StorefrontPaymentStatus } from "../src/lib/storefront-status";

export type { CartPaymentStatus, StorefrontPaymentStatus };

/** What the kit passes to `sdk.client.fetch` (a subset of js-sdk's `FetchArgs`). */
export interface KitFetchInit {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: Record<string, unknown>;
  query?: Record<string, string>;
  signal?: AbortSignal;
}

/** The part of `@medusajs/js-sdk`'s `Medusa` the kit uses: `sdk.client.fetch` (which throws on HTTP ≥ 300, with `status`). */
export interface MedusaSdkLike {
  client: {
    fetch<T>(input: string, init?: KitFetchInit): Promise<T>;
  };
}

/** Options every call takes. */
export interface RequestOptions {
  /**
   * Extra headers for every request, e.g. a logged-in customer's `{ authorization: "Bearer …" }`
   * in server code (Next.js: the starter's `getAuthHeaders()`).
   */
  headers?: Record<string, string>;
  /** Stops the call: it rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** The address fields ClientLoop's contact is built from (the cart's addresses have them). */
export interface AddressLike {
  first_name?: string | null;
  last_name?: string | null;
  company?: string | null;
  phone?: string | null;
  address_1?: string | null;
  address_2?: string | null;
  city?: string | null;
  province?: string | null;
  postal_code?: string | null;
  country_code?: string | null;
}

/** The cart fields the kit reads (a Store API cart has them). */
export interface CartLike {
  id: string;
  email?: string | null;
  billing_address?: AddressLike | null;
  shipping_address?: AddressLike | null;
  payment_collection?: { id: string } | null;
}

/** The `data` the ClientLoop provider needs when the payment session is created. */
export interface ClientLoopSessionData {
  [key: string]: unknown;
  /** The cart being paid: the return page finds it from the `successUrl`. */
  cart_id: string;
  /** The guest's email (a logged-in customer's comes from Medusa). */
  email?: string;
  /** Name, phone and address for ClientLoop's contact (billing first, else shipping). */
  billing_address?: AddressLike;
  shipping_address?: AddressLike;
}

/** The order fields the kit relies on; pass your own type (e.g. `HttpTypes.StoreOrder`) for the rest. */
export interface OrderLike {
  id: string;
}
