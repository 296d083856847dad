/**
 * zod schemas for the ClientLoop scalars. Each message states the rule and never the value,
 * so it is safe to log. The same schemas validate requests in the client and in the sandbox.
 * zod/mini: the same validation core without the chaining API, so bundles (the n8n node)
 * carry only what is used.
 */
import * as z from "zod/v4/mini";
import { isCurrencyCode } from "./currencies.js";
import { AMOUNT_PATTERN, AMOUNT_RULE, CURRENCY_RULE, DATE_TIME_RULE, isHttpUrl, isIsoDateTime } from "./rules.js";
import { currencyRule } from "./vocabulary.js";

const E164_PATTERN = /^\+[1-9]\d{6,14}$/;
const COUNTRY_PATTERN = /^[A-Z]{2}$/;

function expected(rule: string) {
  return (issue: { input?: unknown }) =>
    typeof issue.input === "number"
      ? `${rule} (numbers are not accepted: pass a string)`
      : issue.input === undefined
        ? "is required"
        : rule;
}

export const amountSchema = z
  .string({ error: expected(AMOUNT_RULE) })
  .check(z.regex(AMOUNT_PATTERN, { error: AMOUNT_RULE }));

export const currencySchema = z
  .string({ error: expected(CURRENCY_RULE) })
  .check(z.refine(isCurrencyCode, { error: (issue) => currencyRule(issue.input) }));

const EMAIL_RULE = "must be an email address such as name@example.com";
export const emailSchema = z.pipe(
  z.string({ error: expected(EMAIL_RULE) }).check(z.maxLength(254, { error: EMAIL_RULE })),
  z.email({ error: EMAIL_RULE }),
);

const PHONE_RULE = "must be an E.164 phone number such as +14155554345";
export const phoneSchema = z
  .string({ error: expected(PHONE_RULE) })
  .check(z.regex(E164_PATTERN, { error: PHONE_RULE }));

const URL_RULE = "must be an absolute http(s) URL such as https://example.com";
export const urlSchema = z.string({ error: expected(URL_RULE) }).check(z.refine(isHttpUrl, { error: URL_RULE }));

export const dateTimeSchema = z
  .string({ error: expected(DATE_TIME_RULE) })
  .check(z.refine(isIsoDateTime, { error: DATE_TIME_RULE }));

const COUNTRY_RULE = "must be an ISO 3166-1 alpha-2 country code such as US";
export const countryCodeSchema = z
  .string({ error: expected(COUNTRY_RULE) })
  .check(z.regex(COUNTRY_PATTERN, { error: COUNTRY_RULE }));

export const idSchema = z
  .string({ error: expected("must be a non-empty ID string") })
  .check(z.minLength(1, { error: "must not be empty" }));

export const statusSchema = z.enum(["Expired", "Active", "Completed", "Canceled"], {
  error: "must be one of Expired, Active, Completed, Canceled",
});

export const channelSchema = z.enum(["Email", "Phone"], { error: "must be Email or Phone" });

/** Parses one scalar; returns the rule that failed, or undefined when the value is valid. */
export function scalarError(schema: z.ZodMiniType, value: unknown): string | undefined {
  const result = schema.safeParse(value);
  return result.success ? undefined : (result.error.issues[0]?.message ?? "is invalid");
}
