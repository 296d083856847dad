/**
 * Exact conversions between the money representations the integrations meet:
 * - Medusa-style major units (number, numeric string, BigNumber / bignumber.js / `{ value }` raw objects),
 * - integer minor units (`bigint`, per the ISO 4217 exponent),
 * - the ClientLoop `Amount`: a decimal string with at most 2 decimals.
 * Everything is string and BigInt arithmetic. Nothing is rounded: a value that cannot be
 * expressed exactly (JPY 10.5, KWD 1.234, 0.1 + 0.2) throws a RangeError that says why.
 */
import { amountDecimals, currencyExponent } from "./currencies.js";

/** A ClientLoop Amount string, such as "100.10". */
export type Amount = string;

/** Values `toAmount` accepts as major units. */
export type MajorUnitInput =
  | string
  | number
  | { toFixed(): string; isBigNumber?: boolean } // bignumber.js
  | { raw?: unknown; numeric?: unknown } // Medusa BigNumber
  | { value: string | number; precision?: number }; // Medusa raw value

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Reduces any supported major-unit value to a plain decimal string, without going through floats. */
export function toDecimalString(value: MajorUnitInput): string {
  if (typeof value === "string") return value.trim();
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`amount must be a finite number, got ${value}`);
    // The shortest string that round-trips: exactly the number the caller wrote (19.99 → "19.99").
    const s = String(value);
    if (/e/i.test(s)) throw new RangeError(`amount ${s} is out of the range an Amount can express`);
    return s;
  }
  if (value && typeof value === "object") {
    const v = value as Record<string, unknown>;
    if (v.isBigNumber === true && typeof v.toFixed === "function") return (v.toFixed as () => string).call(value);
    if ("raw" in v && v.raw !== undefined) return toDecimalString(v.raw as MajorUnitInput);
    if ("value" in v && (typeof v.value === "string" || typeof v.value === "number")) return toDecimalString(v.value);
    if (typeof v.toFixed === "function") return (v.toFixed as () => string).call(value);
  }
  throw new TypeError("amount must be a decimal string, a number or a BigNumber-like value");
}

interface Parsed {
  negative: boolean;
  integer: string;
  fraction: string;
}

function parseDecimal(s: string): Parsed {
  const m = DECIMAL.exec(s);
  if (!m) throw new RangeError(`"${s}" is not a plain decimal number`);
  return { negative: m[1] === "-", integer: m[2]!.replace(/^0+(?=\d)/, ""), fraction: (m[3] ?? "").replace(/0+$/, "") };
}

function toMinorFromParsed(p: Parsed, exponent: number, what: string, currency: string): bigint {
  if (p.fraction.length > exponent) {
    throw new RangeError(`${what} has more decimal places than ${currency} allows (${exponent}); it is not rounded`);
  }
  const minor = BigInt(p.integer + p.fraction.padEnd(exponent, "0"));
  return p.negative ? -minor : minor;
}

function formatMinor(minor: bigint, exponent: number): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, "0");
  const integer = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${negative ? "-" : ""}${integer}${exponent > 0 ? `.${fraction}` : ""}`;
}

/**
 * Converts major units to a ClientLoop Amount with the currency's decimals (USD "10.5" → "10.50",
 * JPY 1000 → "1000", KWD "1.25" → "1.25"). Throws when the value is negative or cannot be
 * expressed exactly (JPY 10.5; KWD 1.234, as an Amount carries at most 2 decimals).
 */
export function toAmount(value: MajorUnitInput, currency: string): Amount {
  const decimals = amountDecimals(currency);
  const p = parseDecimal(toDecimalString(value));
  if (p.negative && /[1-9]/.test(p.integer + p.fraction)) throw new RangeError("amount must not be negative");
  if (p.fraction.length > decimals) {
    const why =
      decimals < currencyExponent(currency)
        ? "a ClientLoop Amount carries at most 2 decimals"
        : `${currency} has ${decimals}`;
    throw new RangeError(`amount cannot be expressed exactly in ${currency} (${why}); it is not rounded`);
  }
  return formatMinor(BigInt(p.integer + p.fraction.padEnd(decimals, "0")), decimals);
}

/** Integer minor units of the ISO 4217 exponent (USD "10.50" → 1050n, KWD "1.25" → 1250n). */
export function amountToMinor(amount: Amount, currency: string): bigint {
  return toMinorFromParsed(parseDecimal(amount), currencyExponent(currency), "amount", currency);
}

/** Minor units to an Amount (USD 1050n → "10.50"). KWD 1234n throws: 1.234 has 3 decimals. */
export function minorToAmount(minor: bigint | number | string, currency: string): Amount {
  if (typeof minor === "number" && !Number.isSafeInteger(minor))
    throw new RangeError("minor units must be a safe integer");
  const units = BigInt(minor);
  return toAmount(formatMinor(units, currencyExponent(currency)), currency);
}

/** An Amount as canonical major units for Medusa (trailing zeros removed: "100.50" → "100.5"). */
export function amountToMajor(amount: Amount, currency: string): string {
  const p = parseDecimal(amount);
  toMinorFromParsed(p, currencyExponent(currency), "amount", currency);
  return `${p.negative ? "-" : ""}${p.integer}${p.fraction ? `.${p.fraction}` : ""}`;
}

/** Whether two amounts are the same money in this currency ("10.5" and "10.50" are). */
export function amountsEqual(a: Amount, b: Amount, currency: string): boolean {
  return amountToMinor(a, currency) === amountToMinor(b, currency);
}
