/**
 * Pure conversions between Medusa inputs and ClientLoop inputs: amounts (exact, never
 * rounded: @clientloop/core's toAmount), the contact, and the URLs of a session.
 * Validation rules are @clientloop/core's own schemas, not re-implemented here.
 */
import {
  countryCodeSchema,
  emailSchema,
  phoneSchema,
  scalarError,
  toAmount,
  type MajorUnitInput,
} from "@clientloop/core";
import { callbackToken } from "./security";

export const CALLBACK_PATH = "/hooks/clientloop";

export class AmountError extends Error {
  override name = "AmountError";
}

/** Medusa's amount (number, string, BigNumber or raw `{value, precision}`) as an exact ClientLoop Amount. */
export function clientLoopAmount(amount: unknown, currencyCode: string): { amount: string; currency: string } {
  const currency = String(currencyCode ?? "").toUpperCase();
  try {
    return { amount: toAmount(amount as MajorUnitInput, currency), currency };
  } catch (e) {
    throw new AmountError(
      `ClientLoop cannot take this amount in ${currency || "this currency"}: ${(e as Error).message}`,
    );
  }
}

const valid = (schema: Parameters<typeof scalarError>[0], value: unknown) =>
  typeof value === "string" && value.trim() !== "" && scalarError(schema, value.trim()) === undefined;

export interface MedusaAddress {
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

export interface MedusaCustomer {
  id?: string;
  email?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  company_name?: string | null;
  phone?: string | null;
  billing_address?: MedusaAddress | null;
}

export interface ContactRefInput {
  contactName?: string;
  contactFirstName?: string;
  contactLastName?: string;
  contactEmail?: string;
  contactPhone?: string;
  address?: {
    lines: string[];
    locality?: string;
    administrativeArea?: string;
    postalCode?: string;
    countryCode: string;
  };
}

/** Session data the storefront sent that ClientLoop cannot take (the shopper sees why). */
export class ContactError extends Error {
  override name = "ContactError";
}

/**
 * The contact for a session: the logged-in customer (and their billing address) first, else
 * what the storefront passed in `data` (`email`, optional `phone`, the cart's `billing_address`
 * or `shipping_address` for the name, phone and address,
 * for guests, whose details Medusa does not pass to providers). Fields that break ClientLoop's
 * rules are left out when they come from the customer record, and rejected when the
 * storefront sent them (so the shopper sees why).
 */
export function buildContactRef(
  customer: MedusaCustomer | undefined,
  data: Record<string, unknown> | undefined,
): ContactRefInput | undefined {
  const d = data ?? {};
  const address = (v: unknown) => (v && typeof v === "object" ? (v as MedusaAddress) : undefined);
  const billing = customer?.billing_address ?? address(d.billing_address) ?? address(d.shipping_address);
  const ref: ContactRefInput = {};

  if (customer?.email && valid(emailSchema, customer.email)) ref.contactEmail = customer.email.trim();
  else if (d.email !== undefined && d.email !== null && d.email !== "") {
    if (!valid(emailSchema, d.email)) throw new ContactError("data.email is not a valid email address");
    ref.contactEmail = (d.email as string).trim();
  }

  const phone = [customer?.phone, billing?.phone].find((p) => valid(phoneSchema, p));
  if (phone) ref.contactPhone = phone.trim();
  else if (d.phone !== undefined && d.phone !== null && d.phone !== "") {
    if (!valid(phoneSchema, d.phone))
      throw new ContactError("data.phone must be an E.164 phone number such as +14155554345");
    ref.contactPhone = (d.phone as string).trim();
  }

  const first = (customer?.first_name || billing?.first_name || "").trim();
  const last = (customer?.last_name || billing?.last_name || "").trim();
  if (first) ref.contactFirstName = first;
  if (last) ref.contactLastName = last;
  const name = `${first} ${last}`.trim() || (customer?.company_name || billing?.company || "").trim();
  if (name) ref.contactName = name;

  const country = (billing?.country_code ?? "").toUpperCase();
  if (billing?.address_1 && valid(countryCodeSchema, country)) {
    ref.address = {
      lines: [billing.address_1, billing.address_2]
        .filter((l): l is string => !!l && l.trim() !== "")
        .map((l) => l.trim()),
      countryCode: country,
      ...(billing.city ? { locality: billing.city } : {}),
      ...(billing.province ? { administrativeArea: billing.province } : {}),
      ...(billing.postal_code ? { postalCode: billing.postal_code } : {}),
    };
  }
  return Object.keys(ref).length ? ref : undefined;
}

export const CART_ID_PATTERN = /^cart_[0-9A-Za-z]{6,40}$/;

/** The storefront's cart id from the session data, or an error naming the field and the rule. */
export function cartIdOf(data: Record<string, unknown> | undefined): string {
  const id = data?.cart_id;
  if (typeof id !== "string" || !CART_ID_PATTERN.test(id)) {
    throw new ContactError(
      "data.cart_id is required: the id of the cart being paid (cart_…), so the return page can find it",
    );
  }
  return id;
}

/** The storefront return URL with the cart id (so the page works even without the cart cookie). */
export function successUrlFor(template: string, cartId: string): string {
  if (template.includes("{cart_id}")) return template.replace("{cart_id}", encodeURIComponent(cartId));
  const url = new URL(template);
  url.searchParams.set("cart_id", cartId);
  return url.toString();
}

/** The per-session callback URL: our plugin route, with the session id and its HMAC token. */
export function callbackUrlFor(callbackBaseUrl: string, sessionId: string, secret: string): string {
  const url = new URL(`${callbackBaseUrl.replace(/\/+$/, "")}${CALLBACK_PATH}`);
  url.searchParams.set("session_id", sessionId);
  url.searchParams.set("token", callbackToken(sessionId, secret));
  return url.toString();
}

export function expirationDate(now: number, minutes: number): string {
  return new Date(now + minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
}
