/**
 * Turns the node's parameters into ClientLoop operation inputs. Only shaping happens here
 * (empty fields dropped, collections flattened, dates given a time zone); every rule is checked
 * by @clientloop/core's validation when the request is built.
 */
import type { IDataObject } from "n8n-workflow";

export type Params = IDataObject;

const isEmpty = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === "string" && value.trim() === "");

/** Copies the non-empty values of `keys` from `source`. */
function pick(source: Params, keys: readonly string[]): IDataObject {
  const out: IDataObject = {};
  for (const key of keys) {
    const value = source[key];
    if (!isEmpty(value)) out[key] = value as IDataObject[string];
  }
  return out;
}

/**
 * Amounts are strings in ClientLoop. A number coming from an expression is written in its
 * shortest round-trip form ("100.1"); the core's rule then accepts or rejects that exact text,
 * so nothing is ever rounded.
 */
function amountText(value: unknown): unknown {
  return typeof value === "number" && Number.isFinite(value) ? String(value) : value;
}

const CONTACT_KEYS = [
  "contactId",
  "contactName",
  "contactFirstName",
  "contactLastName",
  "contactEmail",
  "contactPhone",
] as const;

const ADDRESS_KEYS = ["locality", "administrativeArea", "postalCode", "countryCode"] as const;

/** The Address group `{ address: {...} }` → GlobalAddress, or undefined when empty. */
function addressInput(group: unknown): IDataObject | undefined {
  const values = (group as { address?: Params } | undefined)?.address;
  if (!values) return undefined;
  const address = pick(values, ADDRESS_KEYS);
  const linesText = values.lines;
  const lines =
    typeof linesText === "string"
      ? linesText
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter((line) => line !== "")
      : Array.isArray(linesText)
        ? linesText
        : [];
  if (lines.length > 0) address.lines = lines as string[];
  if (Object.keys(address).length === 0) return undefined;
  // a partial address goes to validation as it is, which names what is missing
  if (!address.lines) address.lines = [];
  return address;
}

/** A fixedCollection `{ contact: {...} }` → PaymentSessionContactRefInput, or undefined when empty. */
export function contactRefInput(collection: unknown): IDataObject | undefined {
  const values = (collection as { contact?: Params } | undefined)?.contact;
  if (!values) return undefined;
  const contact = pick(values, CONTACT_KEYS);
  const address = addressInput(values.address);
  if (address) contact.address = address;
  return Object.keys(contact).length > 0 ? contact : undefined;
}

const LINE_KEYS = ["productId", "productSku", "productName", "productDescription", "productImageUrl"] as const;

function lineItemInput(line: Params): IDataObject {
  const out: IDataObject = { num: line.num as number };
  if (typeof line.quantity === "number" ? line.quantity !== 0 : !isEmpty(line.quantity)) {
    out.quantity = line.quantity as number;
  }
  if (!isEmpty(line.price)) out.price = amountText(line.price) as string;
  Object.assign(out, pick(line, LINE_KEYS));
  return out;
}

/** The `invoiceRefs` fixedCollection → PaymentSessionInvoiceRefInput[], or undefined when empty. */
export function invoiceRefsInput(collection: unknown): IDataObject[] | undefined {
  const invoices = (collection as { invoice?: Params[] } | undefined)?.invoice;
  if (!Array.isArray(invoices) || invoices.length === 0) return undefined;
  return invoices.map((invoice) => {
    const out = pick(invoice, ["orderId", "invoiceId", "invoiceNumber"]);
    if (!isEmpty(invoice.amount)) out.amount = amountText(invoice.amount) as string;
    const lines = (invoice.lines as { line?: Params[] } | undefined)?.line;
    if (Array.isArray(lines) && lines.length > 0) out.lines = lines.map(lineItemInput);
    const billing = contactRefInput(invoice.billingContact);
    if (billing) out.billingContact = billing;
    const shipping = contactRefInput(invoice.shippingContact);
    if (shipping) out.shippingContact = shipping;
    return out;
  });
}

/** Offset of `timeZone` from UTC at the instant `utcMs`, in milliseconds. */
function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?$/;

/**
 * ClientLoop wants ISO 8601 with a zone. n8n's date picker gives a local date-time without one,
 * which n8n means in the workflow's time zone; expressions may give a Date or a Luxon DateTime.
 * Anything else is passed on unchanged for the core to accept or reject.
 */
export function dateTimeInput(value: unknown, timeZone: string): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? value : value.toISOString();
  if (value && typeof value === "object" && typeof (value as { toISO?: unknown }).toISO === "function") {
    return (value as { toISO: () => string }).toISO();
  }
  if (typeof value !== "string") return value;
  const m = LOCAL_DATE_TIME.exec(value.trim());
  if (!m) return value;
  const [year, month, day, hour, minute, second, ms] = m.slice(1).map((part) => Number(part ?? 0));
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, Number(String(ms).padEnd(3, "0")));
  if (Number.isNaN(wall)) return value;
  let utc = wall - zoneOffsetMs(wall, timeZone);
  const corrected = wall - zoneOffsetMs(utc, timeZone);
  if (corrected !== utc) utc = corrected; // the guess crossed a DST change
  return new Date(utc).toISOString();
}

export interface SessionFieldContext {
  timeZone: string;
  /** The Production URL of this workflow's ClientLoop Trigger, when one was activated. */
  triggerUrl: () => string | undefined;
}

const SIMPLE_SESSION_KEYS = [
  "callbackUrl",
  "successUrl",
  "contactId",
  "transactionRef",
  "checkoutConfigurationId",
  "brandLogoUrl",
  "brandName",
  "paymentId",
  "status",
  "currency",
] as const;

/** Optional session fields of Create's "Additional Fields" / Update's "Update Fields". */
export function sessionFieldsInput(fields: Params, context: SessionFieldContext): IDataObject {
  const out = pick(fields, SIMPLE_SESSION_KEYS);
  for (const key of ["amount", "invoiceTotal"]) {
    if (!isEmpty(fields[key])) out[key] = amountText(fields[key]) as string;
  }
  if (typeof fields.createPendingPayment === "boolean") out.createPendingPayment = fields.createPendingPayment;
  const contactRef = contactRefInput(fields.contactRef);
  if (contactRef) out.contactRef = contactRef;
  if (Array.isArray(fields.invoiceIds)) {
    const ids = fields.invoiceIds.filter((id) => !isEmpty(id));
    if (ids.length > 0) out.invoiceIds = ids;
  } else if (!isEmpty(fields.invoiceIds)) {
    out.invoiceIds = [fields.invoiceIds as string];
  }
  const invoiceRefs = invoiceRefsInput(fields.invoiceRefs);
  if (invoiceRefs) out.invoiceRefs = invoiceRefs;
  if (!isEmpty(fields.expirationDate)) {
    out.expirationDate = dateTimeInput(fields.expirationDate, context.timeZone) as string;
  }
  return out;
}
