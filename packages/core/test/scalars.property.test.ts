import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  amountSchema,
  currencySchema,
  CURRENCY_CODES,
  dateTimeSchema,
  emailSchema,
  phoneSchema,
  urlSchema,
  countryCodeSchema,
} from "../src/pure/index.js";

const ok = (schema: { safeParse(v: unknown): { success: boolean } }, v: unknown) => schema.safeParse(v).success;

describe("scalar parsers (property-based)", () => {
  it("Amount accepts every canonical decimal with ≤ 2 decimals and rejects every number", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n - 1n }),
        fc.constantFrom("", ".5", ".05", ".50"),
        (int, frac) => {
          expect(ok(amountSchema, `${int}${frac}`)).toBe(true);
          expect(ok(amountSchema, Number(`${int}${frac}`))).toBe(false);
        },
      ),
    );
  });

  it("Amount rejects more than 2 decimals, signs and exponents", () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 100, max: 999 }), (int, frac) => {
        expect(ok(amountSchema, `${int}.${frac}`)).toBe(false);
        expect(ok(amountSchema, `-${int}`)).toBe(false);
        expect(ok(amountSchema, `${int}e2`)).toBe(false);
      }),
    );
  });

  it("Amount rejects arbitrary strings that are not plain decimals", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(ok(amountSchema, s)).toBe(/^(0|[1-9]\d{0,14})(\.\d{1,2})?$/.test(s));
      }),
    );
  });

  it("Currency accepts exactly the known codes", () => {
    fc.assert(
      fc.property(fc.constantFrom(...CURRENCY_CODES), (c) => {
        expect(ok(currencySchema, c)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z]{3}$/), (c) => {
        expect(ok(currencySchema, c)).toBe(CURRENCY_CODES.includes(c));
      }),
    );
  });

  it("Phone accepts E.164 and nothing without the +", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.stringMatching(/^\d{6,14}$/), (first, rest) => {
        expect(ok(phoneSchema, `+${first}${rest}`)).toBe(true);
        expect(ok(phoneSchema, `${first}${rest}`)).toBe(false);
        expect(ok(phoneSchema, `+0${rest}`)).toBe(false);
      }),
    );
  });

  it("DateTime accepts every instant's ISO string and rejects it without a zone", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }),
        (d) => {
          const iso = d.toISOString();
          expect(ok(dateTimeSchema, iso)).toBe(true);
          expect(ok(dateTimeSchema, iso.replace("Z", "+05:30"))).toBe(true);
          expect(ok(dateTimeSchema, iso.slice(0, -1))).toBe(false);
        },
      ),
    );
  });

  it("Email accepts generated addresses; URL accepts generated http(s) URLs", () => {
    // fast-check also generates RFC 5322 oddities (quoted parts); the common shape must pass
    const common = fc
      .emailAddress()
      .filter((e) => e.length <= 254 && /^[\w+-]+(\.[\w+-]+)*@[a-z\d-]+(\.[a-z\d-]+)*\.[a-z]{2,}$/i.test(e));
    fc.assert(
      fc.property(common, (e) => {
        expect(ok(emailSchema, e)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.webUrl({ validSchemes: ["http", "https"] }), (u) => {
        expect(ok(urlSchema, u)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.webUrl({ validSchemes: ["ftp", "file"] }), (u) => {
        expect(ok(urlSchema, u)).toBe(false);
      }),
    );
  });

  it("countryCode accepts two upper-case letters only", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[A-Za-z]{2,3}$/)), (s) => {
        expect(ok(countryCodeSchema, s)).toBe(/^[A-Z]{2}$/.test(s));
      }),
    );
  });
});
