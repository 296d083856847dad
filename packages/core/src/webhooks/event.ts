/**
 * The shape of an event as docs/clientloop-contract.md defines it, checked field by field so a
 * correctly signed but malformed event (an amount with 3 decimals, an unknown currency) is
 * refused with the fields at fault instead of failing later in the receiver. Plain predicates
 * from pure/rules.ts, no zod: the n8n trigger bundles this file.
 */
import { EVENT_STATUS, type EventType } from "../pure/contract.js";
import { isCurrencyCode } from "../pure/currencies.js";
import type { ValidationIssue } from "../pure/errors.js";
import {
  AMOUNT_PATTERN,
  AMOUNT_RULE,
  CURRENCY_RULE,
  DATE_TIME_RULE,
  fitsCurrency,
  isIsoDateTime,
} from "../pure/rules.js";
import type { PaymentSession } from "../pure/types.js";

export interface ClientLoopEvent {
  id: string;
  type: EventType;
  createdAt: string;
  data: { paymentSession: PaymentSession };
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Collects the issues of one event, each with its path from the event's root. */
class Checker {
  readonly issues: ValidationIssue[] = [];

  fail(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  id(o: Obj, key: string, path: string): void {
    if (typeof o[key] !== "string" || o[key] === "") this.fail(`${path}.${key}`, "must be a non-empty string");
  }

  dateTime(o: Obj, key: string, path: string, nullable = false): void {
    const v = o[key];
    if (nullable && v === null) return;
    if (typeof v !== "string" || !isIsoDateTime(v)) this.fail(`${path}.${key}`, DATE_TIME_RULE);
  }

  /** An Amount (or null where the schema allows it) that fits the session's currency. */
  amount(o: Obj, key: string, path: string, currency: unknown, nullable: boolean): void {
    const v = o[key];
    if (nullable && v === null) return;
    if (typeof v !== "string" || !AMOUNT_PATTERN.test(v)) return this.fail(`${path}.${key}`, AMOUNT_RULE);
    if (typeof currency === "string" && !fitsCurrency(v, currency))
      this.fail(`${path}.${key}`, `has more decimal places than ${currency} allows`);
  }

  nullableString(o: Obj, key: string, path: string): void {
    if (o[key] !== null && typeof o[key] !== "string") this.fail(`${path}.${key}`, "must be a string or null");
  }

  nullableObject(o: Obj, key: string, path: string): Obj | undefined {
    const v = o[key];
    if (v === null) return undefined;
    if (!isObject(v)) this.fail(`${path}.${key}`, "must be an object or null");
    return isObject(v) ? v : undefined;
  }

  nullableList(o: Obj, key: string, path: string): unknown[] {
    const v = o[key];
    if (v === null) return [];
    if (!Array.isArray(v)) this.fail(`${path}.${key}`, "must be a list or null");
    return Array.isArray(v) ? v : [];
  }
}

const NULLABLE_STRINGS = [
  "callbackUrl",
  "successUrl",
  "link",
  "contactId",
  "transactionRef",
  "paymentId",
  "checkoutConfigurationId",
  "brandLogoUrl",
  "brandName",
] as const;

function checkSession(c: Checker, s: Obj, path: string, status: string | undefined): void {
  c.id(s, "id", path);
  c.id(s, "orgId", path);
  if (status !== undefined && s.status !== status) c.fail(`${path}.status`, `must be ${status} for this event type`);
  if (typeof s.currency !== "string" || !isCurrencyCode(s.currency)) c.fail(`${path}.currency`, CURRENCY_RULE);
  c.amount(s, "amount", path, s.currency, false);
  if (typeof s.amount === "string" && /^0(\.0+)?$/.test(s.amount)) c.fail(`${path}.amount`, "must be greater than 0");
  c.amount(s, "invoiceTotal", path, s.currency, true);
  for (const key of NULLABLE_STRINGS) c.nullableString(s, key, path);
  c.dateTime(s, "createdAt", path);
  c.dateTime(s, "updatedAt", path);
  c.dateTime(s, "expirationDate", path, true);
  c.nullableObject(s, "contact", path);
  c.nullableObject(s, "contactRef", path);
  c.nullableList(s, "invoiceIds", path).forEach((v, i) => {
    if (typeof v !== "string") c.fail(`${path}.invoiceIds[${i}]`, "must be a string");
  });
  c.nullableList(s, "invoiceRefs", path).forEach((ref, i) => {
    const refPath = `${path}.invoiceRefs[${i}]`;
    if (!isObject(ref)) return c.fail(refPath, "must be an object");
    c.amount(ref, "amount", refPath, s.currency, true);
    c.nullableList(ref, "lines", refPath).forEach((line, j) => {
      const linePath = `${refPath}.lines[${j}]`;
      if (!isObject(line)) return c.fail(linePath, "must be an object");
      if (!Number.isInteger(line.num)) c.fail(`${linePath}.num`, "must be an integer");
      c.amount(line, "price", linePath, s.currency, true);
    });
  });
}

/** Everything wrong with a parsed event body (empty when it is a valid ClientLoop event). */
export function eventIssues(value: unknown): ValidationIssue[] {
  const c = new Checker();
  if (!isObject(value)) return [{ path: "event", message: "must be a JSON object" }];
  c.id(value, "id", "event");
  const status = EVENT_STATUS[value.type as EventType];
  if (status === undefined) c.fail("event.type", `must be one of ${Object.keys(EVENT_STATUS).join(", ")}`);
  c.dateTime(value, "createdAt", "event");
  const session = isObject(value.data) ? value.data.paymentSession : undefined;
  if (!isObject(session)) c.fail("event.data.paymentSession", "must be an object");
  else checkSession(c, session, "event.data.paymentSession", status);
  return c.issues;
}

/** True when the value is a well-formed event (type known, session complete, status matching the type). */
export function isClientLoopEvent(value: unknown): value is ClientLoopEvent {
  return eventIssues(value).length === 0;
}
