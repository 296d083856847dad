/**
 * The GraphQL documents the client sends. The selection is the full PaymentSession the
 * documents' own examples use; tests validate every document against schema.graphql.
 */
import type { OperationName } from "./contract.js";

const CONTACT_REF_FIELDS = "contactId contactName contactFirstName contactLastName contactEmail contactPhone";

export const PAYMENT_SESSION_SELECTION =
  "id orgId status amount currency callbackUrl successUrl link contactId " +
  "contact { orgId id name givenName familyName email phone createdAt updatedAt } " +
  `contactRef { ${CONTACT_REF_FIELDS} address { lines locality administrativeArea postalCode countryCode } } ` +
  "transactionRef invoiceIds " +
  "invoiceRefs { orderId invoiceId invoiceNumber amount " +
  "lines { num quantity price productId productSku productName productDescription productImageUrl } " +
  `billingContact { ${CONTACT_REF_FIELDS} } shippingContact { ${CONTACT_REF_FIELDS} } } ` +
  "expirationDate paymentId createdAt updatedAt checkoutConfigurationId invoiceTotal brandLogoUrl brandName";

export interface OperationDefinition {
  /** The mutation field, also the key of the result in `data`. */
  field: OperationName;
  /** The GraphQL operation name sent as `operationName`. */
  operationName: string;
  document: string;
}

export const OPERATIONS: Record<OperationName, OperationDefinition> = {
  createPaymentSession: {
    field: "createPaymentSession",
    operationName: "CreatePaymentSession",
    document: `mutation CreatePaymentSession($input: CreatePaymentSessionInput!) { createPaymentSession(input: $input) { ${PAYMENT_SESSION_SELECTION} } }`,
  },
  updatePaymentSession: {
    field: "updatePaymentSession",
    operationName: "UpdatePaymentSession",
    document: `mutation UpdatePaymentSession($input: UpdatePaymentSessionInput!) { updatePaymentSession(input: $input) { ${PAYMENT_SESSION_SELECTION} } }`,
  },
  sendPaymentSessionLink: {
    field: "sendPaymentSessionLink",
    operationName: "SendPaymentSessionLink",
    document:
      "mutation SendPaymentSessionLink($input: SendPaymentSessionLinkInput!) { sendPaymentSessionLink(input: $input) { success message } }",
  },
};
