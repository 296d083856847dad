import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  amountDecimals,
  amountsEqual,
  amountToMajor,
  amountToMinor,
  CURRENCY_CODES,
  currencyExponent,
  minorToAmount,
  toAmount,
} from "../src/pure/index.js";

describe("ISO 4217 exponents", () => {
  it("has the deliberate 0-, 3- and 4-decimal currencies and defaults to 2", () => {
    expect(["JPY", "KRW", "CLP", "VND", "ISK", "XOF"].map(currencyExponent)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"].map(currencyExponent)).toEqual([3, 3, 3, 3, 3, 3, 3]);
    expect(["CLF", "UYW"].map(currencyExponent)).toEqual([4, 4]);
    // where Node's Intl disagrees with ISO
    expect(["HUF", "IDR", "COP", "MGA", "USD", "EUR"].map(currencyExponent)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(() => currencyExponent("XAU")).toThrow(/unknown ISO 4217/);
    expect(CURRENCY_CODES.length).toBeGreaterThan(150);
  });
});

describe("toAmount (major units → Amount)", () => {
  it.each([
    ["10.5", "USD", "10.50"],
    [19.99, "USD", "19.99"],
    [1000, "JPY", "1000"],
    ["1000.00", "JPY", "1000"],
    ["1.25", "KWD", "1.25"],
    ["1.250", "KWD", "1.25"],
    ["0", "USD", "0.00"],
    ["007.1", "EUR", "7.10"],
    [{ value: "42.5", precision: 20 }, "USD", "42.50"],
    [{ raw: { value: "42.5", precision: 20 }, numeric: 42.5 }, "USD", "42.50"],
    [{ isBigNumber: true, toFixed: () => "12345678901234.56" }, "USD", "12345678901234.56"],
  ] as const)("%j %s → %s", (input, currency, expected) => {
    expect(toAmount(input as never, currency)).toBe(expected);
  });

  it.each([
    ["10.5", "JPY", /cannot be expressed exactly in JPY/],
    ["1.234", "KWD", /at most 2 decimals/],
    [0.1 + 0.2, "USD", /cannot be expressed exactly/],
    ["-1", "USD", /negative/],
    ["1e3", "USD", /plain decimal/],
    [Number.NaN, "USD", /finite/],
    [1e21, "USD", /out of the range/],
    ["12.345", "USD", /cannot be expressed exactly in USD/],
  ] as const)("%j %s throws %s (never rounds)", (input, currency, message) => {
    expect(() => toAmount(input as never, currency)).toThrow(message);
  });
});

describe("minor units", () => {
  it("converts both ways with the currency's exponent", () => {
    expect(amountToMinor("10.50", "USD")).toBe(1050n);
    expect(amountToMinor("1000", "JPY")).toBe(1000n);
    expect(amountToMinor("1.25", "KWD")).toBe(1250n);
    expect(minorToAmount(1050n, "USD")).toBe("10.50");
    expect(minorToAmount(5, "USD")).toBe("0.05");
    expect(minorToAmount("1250", "KWD")).toBe("1.25");
    expect(() => minorToAmount(1234n, "KWD")).toThrow(/at most 2 decimals/);
    expect(() => amountToMinor("10.5", "JPY")).toThrow(/more decimal places than JPY/);
    expect(() => minorToAmount(0.5, "USD")).toThrow(/safe integer/);
  });

  it("compares and formats amounts as money", () => {
    expect(amountsEqual("10.5", "10.50", "USD")).toBe(true);
    expect(amountsEqual("10.50", "10.51", "USD")).toBe(false);
    expect(amountToMajor("100.50", "USD")).toBe("100.5");
    expect(amountToMajor("100.00", "USD")).toBe("100");
    expect(amountToMajor("1500", "JPY")).toBe("1500");
  });
});

describe("money properties", () => {
  const currency = fc.constantFrom(...CURRENCY_CODES);
  const minorFor = (c: string) =>
    fc
      .bigInt({ min: 0n, max: 10n ** 15n })
      .map((n) => (currencyExponent(c) > 2 ? n * 10n ** BigInt(currencyExponent(c) - 2) : n));

  it("minor → Amount → minor is the identity for every expressible value", () => {
    fc.assert(
      fc.property(
        currency.chain((c) => fc.tuple(fc.constant(c), minorFor(c))),
        ([c, minor]) => {
          const amount = minorToAmount(minor, c);
          expect(amount.split(".")[1]?.length ?? 0).toBe(amountDecimals(c));
          expect(amountToMinor(amount, c)).toBe(minor);
        },
      ),
    );
  });

  it("toAmount never changes the value it accepts, and rejects what it cannot carry", () => {
    fc.assert(
      fc.property(
        currency,
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.integer({ min: 0, max: 4 }),
        (c, units, scale) => {
          const s = units.toString().padStart(scale + 1, "0");
          const decimal = scale ? `${s.slice(0, -scale)}.${s.slice(-scale)}` : s;
          const significant = (decimal.split(".")[1] ?? "").replace(/0+$/, "").length;
          if (significant <= amountDecimals(c)) {
            const trimmed = decimal.includes(".") ? decimal.replace(/0+$/, "").replace(/\.$/, "") : decimal;
            expect(amountsEqual(toAmount(decimal, c), trimmed, c)).toBe(true);
          } else {
            expect(() => toAmount(decimal, c)).toThrow();
          }
        },
      ),
    );
  });

  it("numbers convert to the shortest decimal they print as, or throw", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (cents) => {
        expect(toAmount(cents / 100, "USD")).toBe(minorToAmount(BigInt(cents), "USD"));
      }),
    );
  });
});
