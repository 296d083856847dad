/**
 * zod schemas of the three mutation inputs, with the rules the documents state in prose:
 * contactId xor contactRef, invoiceIds xor invoiceRefs, createPendingPayment only on create,
 * `to` matching its channel, and amounts that fit their currency.
 */
import * as z from "zod/v4/mini";
import { amountDecimals } from "./currencies.js";
import { fitsCurrency } from "./rules.js";
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
const optional = z.optional;
/** An object with exactly these fields; a non-object gets a message naming the rule. */
const fields = <T extends z.core.$ZodLooseShape>(shape: T) =>
  z.strictObject(shape, {
    error: (i) =>
      i.code === "invalid_type" ? (i.input === undefined ? "is required" : "must be an object") : undefined,
  });

export const globalAddressInputSchema = fields({
  lines: z
    .array(text.check(z.minLength(1, { error: "must not be empty" })), { error: "must be a list of strings" })
    .check(z.minLength(1, { error: "must contain at least one address line" })),
  locality: optional(text),
  administrativeArea: optional(text),
  postalCode: optional(text),
  countryCode: countryCodeSchema,
});

export const contactRefInputSchema = fields({
  contactId: optional(idSchema),
  contactName: optional(text),
  contactFirstName: optional(text),
  contactLastName: optional(text),
  contactEmail: optional(emailSchema),
  contactPhone: optional(phoneSchema),
  address: optional(globalAddressInputSchema),
});

export const invoiceLineItemInputSchema = fields({
  num: z
    .int({ error: (i) => (i.input === undefined ? "is required" : "must be an integer line number") })
    .check(z.gte(1, { error: "must be 1 or more" }), z.lte(2_147_483_647, { error: "must fit in a 32-bit integer" })),
  quantity: optional(z.number({ error: "must be a number" }).check(z.positive({ error: "must be greater than 0" }))),
  price: optional(amountSchema),
  productId: optional(text),
  productSku: optional(text),
  productName: optional(text),
  productDescription: optional(text),
  productImageUrl: optional(urlSchema),
});

export const invoiceRefInputSchema = fields({
  orderId: optional(text),
  invoiceId: optional(text),
  invoiceNumber: optional(text),
  amount: optional(amountSchema),
  lines: optional(z.array(invoiceLineItemInputSchema, { error: "must be a list of line items" })),
  billingContact: optional(contactRefInputSchema),
  shippingContact: optional(contactRefInputSchema),
});

const invoiceIdsSchema = z.array(text, { error: "must be a list of strings" });
const invoiceRefsSchema = z.array(invoiceRefInputSchema, { error: "must be a list of invoice references" });

/** Fields create and update share (update makes amount and currency optional). */
const sharedFields = {
  callbackUrl: optional(urlSchema),
  successUrl: optional(urlSchema),
  contactId: optional(idSchema),
  contactRef: optional(contactRefInputSchema),
  transactionRef: optional(text),
  invoiceIds: optional(invoiceIdsSchema),
  invoiceRefs: optional(invoiceRefsSchema),
  expirationDate: optional(dateTimeSchema),
  checkoutConfigurationId: optional(idSchema),
  brandLogoUrl: optional(urlSchema),
  brandName: optional(text),
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

function crossFieldRules(value: CrossFieldShape, ctx: z.core.$RefinementCtx): void {
  if (value.contactId !== undefined && value.contactRef !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["contactRef"],
      message: "cannot be given together with contactId: provide one or the other",
    });
  }
  if (value.invoiceIds !== undefined && value.invoiceRefs !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["invoiceRefs"],
      message: "cannot be given together with invoiceIds: provide one or the other",
    });
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

export const createPaymentSessionInputSchema = fields({
  orgId: idSchema,
  amount: amountSchema,
  currency: currencySchema,
  ...sharedFields,
  createPendingPayment: optional(z.boolean({ error: "must be true or false" })),
  invoiceTotal: optional(amountSchema),
}).check(z.superRefine(crossFieldRules));

export const updatePaymentSessionInputSchema = fields({
  orgId: idSchema,
  id: idSchema,
  amount: optional(amountSchema),
  currency: optional(currencySchema),
  ...sharedFields,
  status: optional(statusSchema),
  paymentId: optional(idSchema),
  createPendingPayment: optional(
    z
      .unknown()
      .check(z.refine((v) => v === undefined, { error: "may only be set when the payment session is created" })),
  ),
}).check(z.superRefine(crossFieldRules));

export const sendPaymentSessionLinkInputSchema = fields({
  id: idSchema,
  channel: channelSchema,
  to: optional(text),
}).check(
  z.superRefine((value, ctx) => {
    if (value.to === undefined) return;
    const rule = scalarError(value.channel === "Email" ? emailSchema : phoneSchema, value.to);
    if (rule) ctx.addIssue({ code: "custom", path: ["to"], message: `${rule} (channel ${value.channel})` });
  }),
);

export type CreatePaymentSessionInput = z.infer<typeof createPaymentSessionInputSchema>;
export type UpdatePaymentSessionInput = Omit<z.infer<typeof updatePaymentSessionInputSchema>, "createPendingPayment">;
export type SendPaymentSessionLinkInput = z.infer<typeof sendPaymentSessionLinkInputSchema>;
export type PaymentSessionContactRefInput = z.infer<typeof contactRefInputSchema>;
export type PaymentSessionInvoiceRefInput = z.infer<typeof invoiceRefInputSchema>;
export type PaymentSessionInvoiceLineItemRefInput = z.infer<typeof invoiceLineItemInputSchema>;
export type GlobalAddressInput = z.infer<typeof globalAddressInputSchema>;
