/**
 * zod schemas for the ClientLoop scalars. Each message states the rule and never the value,
 * so it is safe to log. The same schemas validate requests in the client and in the sandbox.
 * zod/mini: the same validation core without the chaining API, so bundles (the n8n node)
 * carry only what is used.
 */
import * as z from "zod/v4/mini";
import { isCurrencyCode } from "./currencies.js";
import { currencyRule } from "./vocabulary.js";

/** Decimal string, at most 15 integer digits and 2 decimals, no sign or exponent. */
export const AMOUNT_PATTERN = /^(0|[1-9]\d{0,14})(\.\d{1,2})?$/;
const E164_PATTERN = /^\+[1-9]\d{6,14}$/;
const DATE_TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:(\d{2})(\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;
const COUNTRY_PATTERN = /^[A-Z]{2}$/;

function expected(rule: string) {
  return (issue: { input?: unknown }) =>
    typeof issue.input === "number"
      ? `${rule} (numbers are not accepted: pass a string)`
      : issue.input === undefined
        ? "is required"
        : rule;
}

const AMOUNT_RULE = 'must be a decimal string with at most 2 decimal places, such as "100.10"';
export const amountSchema = z.string({ error: expected(AMOUNT_RULE) }).check(z.regex(AMOUNT_PATTERN, { error: AMOUNT_RULE }));

const CURRENCY_RULE = "must be a three-letter ISO 4217 currency code such as USD";
export const currencySchema = z
  .string({ error: expected(CURRENCY_RULE) })
  .check(z.refine(isCurrencyCode, { error: (issue) => currencyRule(issue.input) }));

const EMAIL_RULE = "must be an email address such as name@example.com";
export const emailSchema = z.pipe(
  z.string({ error: expected(EMAIL_RULE) }).check(z.maxLength(254, { error: EMAIL_RULE })),
  z.email({ error: EMAIL_RULE }),
);

const PHONE_RULE = "must be an E.164 phone number such as +14155554345";
export const phoneSchema = z.string({ error: expected(PHONE_RULE) }).check(z.regex(E164_PATTERN, { error: PHONE_RULE }));

const URL_RULE = "must be an absolute http(s) URL such as https://example.com";
export function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.length > 0;
  } catch {
    return false;
  }
}
export const urlSchema = z.string({ error: expected(URL_RULE) }).check(z.refine(isHttpUrl, { error: URL_RULE }));

const DATE_TIME_RULE = "must be an ISO 8601 date-time with a time zone, such as 2023-11-23T14:30:00Z";
export function isIsoDateTime(value: string): boolean {
  const m = DATE_TIME_PATTERN.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[7] ?? "0"].map(Number) as number[];
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  const offsetOk = m[9] === "Z" || (Number(m[10]) <= 23 && Number(m[11]) <= 59);
  return month! >= 1 && month! <= 12 && day! >= 1 && day! <= daysInMonth && hour! <= 23 && minute! <= 59 && second! <= 59 && offsetOk;
}
export const dateTimeSchema = z.string({ error: expected(DATE_TIME_RULE) }).check(z.refine(isIsoDateTime, { error: DATE_TIME_RULE }));

const COUNTRY_RULE = "must be an ISO 3166-1 alpha-2 country code such as US";
export const countryCodeSchema = z.string({ error: expected(COUNTRY_RULE) }).check(z.regex(COUNTRY_PATTERN, { error: COUNTRY_RULE }));

export const idSchema = z.string({ error: expected("must be a non-empty ID string") }).check(z.minLength(1, { error: "must not be empty" }));

export const statusSchema = z.enum(["Expired", "Active", "Completed", "Canceled"], {
  error: "must be one of Expired, Active, Completed, Canceled",
});

export const channelSchema = z.enum(["Email", "Phone"], { error: "must be Email or Phone" });

/** Parses one scalar; returns the rule that failed, or undefined when the value is valid. */
export function scalarError(schema: z.ZodMiniType, value: unknown): string | undefined {
  const result = schema.safeParse(value);
  return result.success ? undefined : (result.error.issues[0]?.message ?? "is invalid");
}
