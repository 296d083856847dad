/**
 * Contract values that integrations show their users (dropdowns, messages),
 * exported so that nobody restates them: the session statuses and link channels of the schema
 * and the currency rule's wording. (The document that tests an API key is in contract.ts.)
 */
import type { PaymentSessionLinkChannel, PaymentSessionStatus } from "./types.js";
import { isCurrencyCode } from "./currencies.js";

/** Every PaymentSessionStatus, in alphabetical order. */
export const PAYMENT_SESSION_STATUSES = [
  "Active",
  "Canceled",
  "Completed",
  "Expired",
] as const satisfies readonly PaymentSessionStatus[];

/** Every PaymentSessionLinkChannel, in alphabetical order. */
export const PAYMENT_SESSION_LINK_CHANNELS = ["Email", "Phone"] as const satisfies readonly PaymentSessionLinkChannel[];

// compile-time proof that the lists above leave no member of the schema's enums out
type Missing<All, Listed> = Exclude<All, Listed> extends never ? true : never;
const everyStatus: Missing<PaymentSessionStatus, (typeof PAYMENT_SESSION_STATUSES)[number]> = true;
const everyChannel: Missing<PaymentSessionLinkChannel, (typeof PAYMENT_SESSION_LINK_CHANNELS)[number]> = true;
void everyStatus;
void everyChannel;

/**
 * ISO 4217 codes without a minor unit: precious metals, bond-market units, SDR, the testing code
 * and "no currency". They are valid codes but nothing can be paid in them.
 */
const NON_PAYABLE_ISO_CODES = new Set([
  "XAG",
  "XAU",
  "XBA",
  "XBB",
  "XBC",
  "XBD",
  "XDR",
  "XPD",
  "XPT",
  "XSU",
  "XTS",
  "XUA",
  "XXX",
]);

/**
 * What is wrong with a currency value that is not an accepted code, in words that never repeat
 * the value (messages are logged). "XXX" is an ISO 4217 code, so it is told it is not payable,
 * not that it is not a code.
 */
export function currencyRule(value: unknown): string {
  if (typeof value === "string") {
    if (NON_PAYABLE_ISO_CODES.has(value)) {
      return "is an ISO 4217 code but not a currency payments can be made in (it stands for a precious metal, a fund unit, testing or no currency): use one such as USD";
    }
    if (/^[A-Za-z]{3}$/.test(value) && value !== value.toUpperCase() && isCurrencyCode(value.toUpperCase())) {
      return "must be an upper-case ISO 4217 code, such as USD";
    }
    if (/^[A-Z]{3}$/.test(value)) return "is not an ISO 4217 currency code: use one such as USD";
  }
  return "must be a three-letter ISO 4217 currency code such as USD";
}
