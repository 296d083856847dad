/**
 * The scalar rules as plain predicates, without zod: the zod schemas (scalars.ts) apply them to
 * inputs, and callback verification (webhooks) applies them to events without loading zod.
 */
import { amountDecimals, isCurrencyCode } from "./currencies.js";

/** Decimal string, at most 15 integer digits and 2 decimals, no sign or exponent. */
export const AMOUNT_PATTERN = /^(0|[1-9]\d{0,14})(\.\d{1,2})?$/;
const DATE_TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:(\d{2})(\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;

export const AMOUNT_RULE = 'must be a decimal string with at most 2 decimal places, such as "100.10"';
export const CURRENCY_RULE = "must be a three-letter ISO 4217 currency code such as USD";
export const DATE_TIME_RULE = "must be an ISO 8601 date-time with a time zone, such as 2023-11-23T14:30:00Z";

export function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.length > 0;
  } catch {
    return false;
  }
}

export function isIsoDateTime(value: string): boolean {
  const m = DATE_TIME_PATTERN.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[7] ?? "0"].map(Number) as number[];
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  const offsetOk = m[9] === "Z" || (Number(m[10]) <= 23 && Number(m[11]) <= 59);
  return (
    month! >= 1 &&
    month! <= 12 &&
    day! >= 1 &&
    day! <= daysInMonth &&
    hour! <= 23 &&
    minute! <= 59 &&
    second! <= 59 &&
    offsetOk
  );
}

/** True when `amount` has no non-zero digit beyond what `currency` can carry (JPY "10.5"). */
export function fitsCurrency(amount: string, currency: string): boolean {
  if (!isCurrencyCode(currency)) return true; // the currency field reports its own error
  const fraction = amount.split(".")[1] ?? "";
  return /^0*$/.test(fraction.slice(amountDecimals(currency)));
}
