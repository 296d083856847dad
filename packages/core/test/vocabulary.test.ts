import { describe, expect, it } from "vitest";
import {
  API_KEY_CHECK_QUERY,
  PAYMENT_SESSION_LINK_CHANNELS,
  PAYMENT_SESSION_STATUSES,
  channelSchema,
  currencyRule,
  parseCreatePaymentSessionInput,
  schemaSDL,
  statusSchema,
} from "../src/pure/index.js";

const issueOf = (currency: unknown) => {
  try {
    parseCreatePaymentSessionInput({ orgId: "org_1", amount: "10.00", currency });
  } catch (error) {
    return (error as { issues: { path: string; message: string }[] }).issues.find((i) => i.path === "input.currency")
      ?.message;
  }
  return undefined;
};

describe("currency rule", () => {
  it.each([
    ["XXX", /is an ISO 4217 code but not a currency payments can be made in/],
    ["XAU", /is an ISO 4217 code but not a currency payments can be made in/],
    ["XTS", /is an ISO 4217 code but not a currency payments can be made in/],
    ["usd", /must be an upper-case ISO 4217 code, such as USD/],
    ["ABC", /is not an ISO 4217 currency code/],
    ["US", /must be a three-letter ISO 4217 currency code/],
    ["dollars", /must be a three-letter ISO 4217 currency code/],
  ])("%s is told what is wrong with it", (value, rule) => {
    expect(currencyRule(value)).toMatch(rule);
    expect(issueOf(value)).toBe(currencyRule(value));
  });

  it("never repeats the value it rejects", () => {
    for (const value of ["XXX", "usd", "ABC", "QQQQ"]) expect(currencyRule(value)).not.toContain(value);
  });

  it("leaves accepted codes alone", () => {
    expect(issueOf("USD")).toBeUndefined();
    expect(issueOf("JPY")).toBeUndefined();
  });
});

describe("enums and the key check", () => {
  it("lists exactly the values the schema and the validation accept", () => {
    for (const status of PAYMENT_SESSION_STATUSES) expect(statusSchema.safeParse(status).success).toBe(true);
    for (const channel of PAYMENT_SESSION_LINK_CHANNELS) expect(channelSchema.safeParse(channel).success).toBe(true);
    const members = (name: string) =>
      new RegExp(`enum ${name} \\{([^}]*)\\}`).exec(schemaSDL)?.[1]?.split(/\s+/).filter(Boolean).sort();
    expect(members("PaymentSessionStatus")).toEqual([...PAYMENT_SESSION_STATUSES]);
    expect(members("PaymentSessionLinkChannel")).toEqual([...PAYMENT_SESSION_LINK_CHANNELS]);
  });

  it("checks an API key with a document the schema accepts", async () => {
    const { buildSchema, parse, validate } = await import("graphql");
    expect(validate(buildSchema(schemaSDL), parse(API_KEY_CHECK_QUERY))).toEqual([]);
  });
});
