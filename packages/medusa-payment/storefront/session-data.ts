/** What the ClientLoop provider needs from the storefront when the payment session is created. */
import type { AddressLike, CartLike, ClientLoopSessionData } from "./types";

/** The provider id Medusa gives the plugin's provider (`pp_<identifier>_<id>`, id `clientloop`). */
export const CLIENTLOOP_PROVIDER_ID = "pp_clientloop_clientloop";

/** A Medusa cart id, as the provider accepts it (the plugin's own rule). */
export const CART_ID_PATTERN = /^cart_[0-9A-Za-z]{6,40}$/;

/** Whether a payment provider id is a ClientLoop one (any id given in `medusa-config.ts`). */
export function isClientLoop(providerId: string | null | undefined): boolean {
  return typeof providerId === "string" && providerId.startsWith("pp_clientloop_");
}

/** The cart id, or a TypeError naming the field and the rule. */
export function checkCartId(cartId: unknown, field = "cartId"): string {
  if (typeof cartId !== "string" || !CART_ID_PATTERN.test(cartId)) {
    throw new TypeError(
      `${field} must be a Medusa cart id (cart_…), got ${typeof cartId === "string" ? JSON.stringify(cartId.slice(0, 60)) : typeof cartId}`,
    );
  }
  return cartId;
}

const ADDRESS_FIELDS = [
  "first_name",
  "last_name",
  "company",
  "phone",
  "address_1",
  "address_2",
  "city",
  "province",
  "postal_code",
  "country_code",
] as const;

/** Only the fields ClientLoop's contact is built from; nothing else of the address leaves the cart. */
function contactAddress(address: AddressLike | null | undefined): AddressLike | undefined {
  if (!address) return undefined;
  const out: AddressLike = {};
  for (const field of ADDRESS_FIELDS) {
    const value = address[field];
    if (typeof value === "string" && value.trim() !== "") out[field] = value;
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * The payment session `data` for a cart: `{ cart_id, email, billing_address, shipping_address }`.
 * Medusa passes providers neither the cart id nor a guest's contact, so the storefront sends them;
 * the provider names a guest from the billing (else shipping) address, with its phone.
 */
export function clientLoopSessionData(cart: CartLike): ClientLoopSessionData {
  if (!cart || typeof cart !== "object")
    throw new TypeError("cart must be a Store API cart object (with id, email and addresses)");
  const data: ClientLoopSessionData = { cart_id: checkCartId(cart.id, "cart.id") };
  if (cart.email !== undefined && cart.email !== null && typeof cart.email !== "string")
    throw new TypeError("cart.email must be a string");
  if (cart.email?.trim()) data.email = cart.email.trim();
  const billing = contactAddress(cart.billing_address);
  const shipping = contactAddress(cart.shipping_address);
  if (billing) data.billing_address = billing;
  if (shipping) data.shipping_address = shipping;
  return data;
}
