/** Result types, field for field as the documents define them (see schema.graphql). */
import type { Amount } from "./money.js";

export type PaymentSessionStatus = "Expired" | "Active" | "Completed" | "Canceled";
export type PaymentSessionLinkChannel = "Email" | "Phone";

export interface GlobalAddress {
  lines: string[];
  locality: string | null;
  administrativeArea: string | null;
  postalCode: string | null;
  countryCode: string;
}

export interface Contact {
  orgId: string;
  id: string;
  name: string;
  givenName: string | null;
  familyName: string | null;
  email: string | null;
  phone: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PaymentSessionContactRef {
  contactId: string | null;
  contactName: string | null;
  contactFirstName: string | null;
  contactLastName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  address?: GlobalAddress | null;
}

export interface PaymentSessionInvoiceLineItemRef {
  num: number;
  quantity: number | null;
  price: Amount | null;
  productId: string | null;
  productSku: string | null;
  productName: string | null;
  productDescription: string | null;
  productImageUrl: string | null;
}

export interface PaymentSessionInvoiceRef {
  orderId: string | null;
  invoiceId: string | null;
  invoiceNumber: string | null;
  amount: Amount | null;
  lines: PaymentSessionInvoiceLineItemRef[] | null;
  billingContact: PaymentSessionContactRef | null;
  shippingContact: PaymentSessionContactRef | null;
}

export interface PaymentSession {
  id: string;
  orgId: string;
  status: PaymentSessionStatus;
  amount: Amount;
  currency: string;
  callbackUrl: string | null;
  successUrl: string | null;
  /** Non-null only while the session is Active. */
  link: string | null;
  contactId: string | null;
  contact: Contact | null;
  contactRef: PaymentSessionContactRef | null;
  transactionRef: string | null;
  invoiceIds: string[] | null;
  invoiceRefs: PaymentSessionInvoiceRef[] | null;
  expirationDate: string | null;
  paymentId: string | null;
  createdAt: string;
  updatedAt: string;
  checkoutConfigurationId: string | null;
  invoiceTotal: Amount | null;
  brandLogoUrl: string | null;
  brandName: string | null;
}

export interface OperationSuccess {
  success: boolean;
  message: string | null;
}
