/**
 * Turns validated inputs into the output shapes of the schema, with every absent field null,
 * once when a session is written. Reads (GraphQL results, events, the control API) then only
 * copy references.
 */
import type {
  CreatePaymentSessionInput,
  GlobalAddress,
  GlobalAddressInput,
  PaymentSessionContactRef,
  PaymentSessionContactRefInput,
  PaymentSessionInvoiceLineItemRef,
  PaymentSessionInvoiceLineItemRefInput,
  PaymentSessionInvoiceRef,
  PaymentSessionInvoiceRefInput,
} from "@clientloop/core/pure";

const orNull = <T>(v: T | undefined | null): T | null => (v === undefined ? null : v);

export function address(a: GlobalAddressInput | undefined | null): GlobalAddress | null {
  if (!a) return null;
  return {
    lines: [...a.lines],
    locality: orNull(a.locality),
    administrativeArea: orNull(a.administrativeArea),
    postalCode: orNull(a.postalCode),
    countryCode: a.countryCode,
  };
}

export function contactRef(c: PaymentSessionContactRefInput | undefined | null): PaymentSessionContactRef | null {
  if (!c) return null;
  return {
    contactId: orNull(c.contactId),
    contactName: orNull(c.contactName),
    contactFirstName: orNull(c.contactFirstName),
    contactLastName: orNull(c.contactLastName),
    contactEmail: orNull(c.contactEmail),
    contactPhone: orNull(c.contactPhone),
    address: address(c.address),
  };
}

function line(l: PaymentSessionInvoiceLineItemRefInput): PaymentSessionInvoiceLineItemRef {
  return {
    num: l.num,
    quantity: orNull(l.quantity),
    price: orNull(l.price) as PaymentSessionInvoiceLineItemRef["price"],
    productId: orNull(l.productId),
    productSku: orNull(l.productSku),
    productName: orNull(l.productName),
    productDescription: orNull(l.productDescription),
    productImageUrl: orNull(l.productImageUrl),
  };
}

export function invoiceRefs(
  refs: PaymentSessionInvoiceRefInput[] | undefined | null,
): PaymentSessionInvoiceRef[] | null {
  if (!refs) return null;
  return refs.map((r) => ({
    orderId: orNull(r.orderId),
    invoiceId: orNull(r.invoiceId),
    invoiceNumber: orNull(r.invoiceNumber),
    amount: orNull(r.amount) as PaymentSessionInvoiceRef["amount"],
    // displayed in line-number order, as the documents say `num` is for
    lines: r.lines ? r.lines.map(line).sort((a, b) => a.num - b.num) : null,
    billingContact: contactRef(r.billingContact),
    shippingContact: contactRef(r.shippingContact),
  }));
}

/**
 * GraphQL lets a client send `null` for an optional input field; core's rules treat a field as
 * absent or valid. Nulls inside objects are dropped (absent); top-level nulls are reported to
 * the caller, for whom they mean "clear this field" on update.
 */
export function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNulls);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v !== null) out[k] = stripNulls(v);
  }
  return out;
}

export function nullKeys(value: unknown): string[] {
  if (!value || typeof value !== "object" || Array.isArray(value)) return [];
  return Object.entries(value)
    .filter(([, v]) => v === null)
    .map(([k]) => k);
}

export type { CreatePaymentSessionInput };
