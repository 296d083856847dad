/**
 * zod schemas of the three mutation inputs, with the rules the documents state in prose:
 * contactId xor contactRef, invoiceIds xor invoiceRefs, createPendingPayment only on create,
 * `to` matching its channel, and amounts that fit their currency.
 */
import { z } from "zod/v4";
import { amountDecimals, isCurrencyCode } from "./currencies.js";
import {
  amountSchema,
  channelSchema,
  countryCodeSchema,
  currencySchema,
  dateTimeSchema,
  emailSchema,
  idSchema,
  phoneSchema,
  scalarError,
  statusSchema,
  urlSchema,
} from "./scalars.js";

const text = z.string({ error: (i) => (i.input === undefined ? "is required" : "must be a string") });

export const globalAddressInputSchema = z.strictObject({
  lines: z
    .array(text.min(1, { error: "must not be empty" }), { error: "must be a list of strings" })
    .min(1, { error: "must contain at least one address line" }),
  locality: text.optional(),
  administrativeArea: text.optional(),
  postalCode: text.optional(),
  countryCode: countryCodeSchema,
});

export const contactRefInputSchema = z.strictObject({
  contactId: idSchema.optional(),
  contactName: text.optional(),
  contactFirstName: text.optional(),
  contactLastName: text.optional(),
  contactEmail: emailSchema.optional(),
  contactPhone: phoneSchema.optional(),
  address: globalAddressInputSchema.optional(),
});

export const invoiceLineItemInputSchema = z.strictObject({
  num: z
    .number({ error: "must be an integer line number" })
    .int({ error: "must be an integer line number" })
    .min(1, { error: "must be 1 or more" })
    .max(2_147_483_647, { error: "must fit in a 32-bit integer" }),
  quantity: z.number({ error: "must be a number" }).positive({ error: "must be greater than 0" }).optional(),
  price: amountSchema.optional(),
  productId: text.optional(),
  productSku: text.optional(),
  productName: text.optional(),
  productDescription: text.optional(),
  productImageUrl: urlSchema.optional(),
});

export const invoiceRefInputSchema = z.strictObject({
  orderId: text.optional(),
  invoiceId: text.optional(),
  invoiceNumber: text.optional(),
  amount: amountSchema.optional(),
  lines: z.array(invoiceLineItemInputSchema, { error: "must be a list of line items" }).optional(),
  billingContact: contactRefInputSchema.optional(),
  shippingContact: contactRefInputSchema.optional(),
});

const invoiceIdsSchema = z.array(text, { error: "must be a list of strings" });
const invoiceRefsSchema = z.array(invoiceRefInputSchema, { error: "must be a list of invoice references" });

/** Fields create and update share (update makes amount and currency optional). */
const sharedFields = {
  callbackUrl: urlSchema.optional(),
  successUrl: urlSchema.optional(),
  contactId: idSchema.optional(),
  contactRef: contactRefInputSchema.optional(),
  transactionRef: text.optional(),
  invoiceIds: invoiceIdsSchema.optional(),
  invoiceRefs: invoiceRefsSchema.optional(),
  expirationDate: dateTimeSchema.optional(),
  checkoutConfigurationId: idSchema.optional(),
  brandLogoUrl: urlSchema.optional(),
  brandName: text.optional(),
};

interface CrossFieldShape {
  amount?: string;
  currency?: string;
  contactId?: string;
  contactRef?: unknown;
  invoiceIds?: unknown;
  invoiceRefs?: z.infer<typeof invoiceRefInputSchema>[];
  invoiceTotal?: string;
}

const ZERO_AMOUNT = /^0(\.0{1,2})?$/;

/** True when `amount` has no non-zero digit beyond what `currency` can carry (JPY "10.5"). */
export function fitsCurrency(amount: string, currency: string): boolean {
  if (!isCurrencyCode(currency)) return true; // the currency field reports its own error
  const fraction = amount.split(".")[1] ?? "";
  return /^0*$/.test(fraction.slice(amountDecimals(currency)));
}

function crossFieldRules(value: CrossFieldShape, ctx: z.RefinementCtx): void {
  if (value.contactId !== undefined && value.contactRef !== undefined) {
    ctx.addIssue({ code: "custom", path: ["contactRef"], message: "cannot be given together with contactId: provide one or the other" });
  }
  if (value.invoiceIds !== undefined && value.invoiceRefs !== undefined) {
    ctx.addIssue({ code: "custom", path: ["invoiceRefs"], message: "cannot be given together with invoiceIds: provide one or the other" });
  }
  if (value.amount !== undefined && ZERO_AMOUNT.test(value.amount)) {
    ctx.addIssue({ code: "custom", path: ["amount"], message: "must be greater than 0" });
  }
  const currency = value.currency;
  if (currency === undefined) return;
  const checkAmount = (amount: string | undefined, path: (string | number)[]) => {
    if (amount !== undefined && !fitsCurrency(amount, currency)) {
      ctx.addIssue({
        code: "custom",
        path,
        message: `has more decimal places than ${currency} allows (${amountDecimals(currency)})`,
      });
    }
  };
  checkAmount(value.amount, ["amount"]);
  checkAmount(value.invoiceTotal, ["invoiceTotal"]);
  value.invoiceRefs?.forEach((ref, i) => {
    checkAmount(ref.amount, ["invoiceRefs", i, "amount"]);
    ref.lines?.forEach((line, j) => checkAmount(line.price, ["invoiceRefs", i, "lines", j, "price"]));
  });
}

export const createPaymentSessionInputSchema = z
  .strictObject({
    orgId: idSchema,
    amount: amountSchema,
    currency: currencySchema,
    ...sharedFields,
    createPendingPayment: z.boolean({ error: "must be true or false" }).optional(),
    invoiceTotal: amountSchema.optional(),
  })
  .superRefine(crossFieldRules);

export const updatePaymentSessionInputSchema = z
  .strictObject({
    orgId: idSchema,
    id: idSchema,
    amount: amountSchema.optional(),
    currency: currencySchema.optional(),
    ...sharedFields,
    status: statusSchema.optional(),
    paymentId: idSchema.optional(),
    createPendingPayment: z
      .unknown()
      .refine((v) => v === undefined, { error: "may only be set when the payment session is created" })
      .optional(),
  })
  .superRefine(crossFieldRules);

export const sendPaymentSessionLinkInputSchema = z
  .strictObject({
    id: idSchema,
    channel: channelSchema,
    to: text.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.to === undefined) return;
    const rule = scalarError(value.channel === "Email" ? emailSchema : phoneSchema, value.to);
    if (rule) ctx.addIssue({ code: "custom", path: ["to"], message: `${rule} (channel ${value.channel})` });
  });

export type CreatePaymentSessionInput = z.infer<typeof createPaymentSessionInputSchema>;
export type UpdatePaymentSessionInput = Omit<z.infer<typeof updatePaymentSessionInputSchema>, "createPendingPayment">;
export type SendPaymentSessionLinkInput = z.infer<typeof sendPaymentSessionLinkInputSchema>;
export type PaymentSessionContactRefInput = z.infer<typeof contactRefInputSchema>;
export type PaymentSessionInvoiceRefInput = z.infer<typeof invoiceRefInputSchema>;
export type PaymentSessionInvoiceLineItemRefInput = z.infer<typeof invoiceLineItemInputSchema>;
export type GlobalAddressInput = z.infer<typeof globalAddressInputSchema>;
