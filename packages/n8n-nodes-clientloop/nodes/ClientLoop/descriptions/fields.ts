import type { INodeProperties, INodePropertyOptions } from "n8n-workflow";
import { CURRENCY_CODES, PAYMENT_SESSION_LINK_CHANNELS, PAYMENT_SESSION_STATUSES } from "@clientloop/core/pure";

const asOptions = (values: readonly string[]): INodePropertyOptions[] =>
  values.map((value) => ({ name: value, value }));

/** Every ISO 4217 code the core accepts, as dropdown options. */
export const currencyOptions: INodePropertyOptions[] = asOptions(CURRENCY_CODES);

export const statusOptions: INodePropertyOptions[] = asOptions(PAYMENT_SESSION_STATUSES);

export const channelOptions: INodePropertyOptions[] = asOptions(PAYMENT_SESSION_LINK_CHANNELS);

/** GlobalAddress, in the order an address is written. Names are the GraphQL field names. */
const addressFields: INodeProperties[] = [
  {
    displayName: "Street",
    name: "lines",
    type: "string",
    typeOptions: { rows: 3 },
    default: "",
    placeholder: "e.g. 1 Market Street",
    description: "Street, unit, building number, etc. One address line per row. Required for an address.",
  },
  {
    displayName: "City",
    name: "locality",
    type: "string",
    default: "",
    placeholder: "e.g. San Francisco",
    description: "City, town or municipality",
  },
  {
    displayName: "State or Region",
    name: "administrativeArea",
    type: "string",
    default: "",
    placeholder: "e.g. CA",
    description: "State, province or other administrative area",
  },
  {
    displayName: "Postal Code",
    name: "postalCode",
    type: "string",
    default: "",
    placeholder: "e.g. 94105",
    description: "Postal code or ZIP code",
  },
  {
    displayName: "Country Code",
    name: "countryCode",
    type: "string",
    default: "",
    placeholder: "e.g. US",
    description: "ISO 3166-1 alpha-2 country code, upper case. Required for an address.",
  },
];

/**
 * A PaymentSessionContactRefInput in the order a person is described: name, email, phone,
 * your own ID for them, then the address as a group of its own. Names are the GraphQL names.
 */
export const contactFields: INodeProperties[] = [
  {
    displayName: "Full Name",
    name: "contactName",
    type: "string",
    default: "",
    placeholder: "e.g. Jane Doe",
  },
  {
    displayName: "First Name",
    name: "contactFirstName",
    type: "string",
    default: "",
  },
  {
    displayName: "Last Name",
    name: "contactLastName",
    type: "string",
    default: "",
  },
  {
    displayName: "Email",
    name: "contactEmail",
    type: "string",
    placeholder: "name@email.com",
    default: "",
    description: "Email address the payment link can be sent to",
  },
  {
    displayName: "Phone",
    name: "contactPhone",
    type: "string",
    default: "",
    placeholder: "e.g. +14155554345",
    description: "E.164 phone number the payment link can be sent to",
  },
  {
    displayName: "Your Contact ID",
    name: "contactId",
    type: "string",
    default: "",
    placeholder: "e.g. crm-1042",
    description:
      "This person's ID in your own system (CRM, shop). Not a ClientLoop contact: for one of those, use ClientLoop Contact ID instead of Contact Reference.",
  },
  {
    displayName: "Address",
    name: "address",
    type: "fixedCollection",
    placeholder: "Add Address",
    default: {},
    options: [{ displayName: "Address", name: "address", values: addressFields }],
  },
];

const lineItemFields: INodeProperties[] = [
  {
    displayName: "Line Number",
    name: "num",
    type: "number",
    typeOptions: { minValue: 1, numberPrecision: 0 },
    default: 1,
    description: "Line number in the invoice, used to order the line items for display",
  },
  {
    displayName: "Price",
    name: "price",
    type: "string",
    default: "",
    placeholder: "e.g. 100.10",
    description: "Price of the product as a decimal string with at most 2 decimals, in the session's currency",
  },
  {
    displayName: "Product Description",
    name: "productDescription",
    type: "string",
    default: "",
  },
  {
    displayName: "Product ID",
    name: "productId",
    type: "string",
    default: "",
  },
  {
    displayName: "Product Image URL",
    name: "productImageUrl",
    type: "string",
    default: "",
    placeholder: "e.g. https://example.com/product.png",
  },
  {
    displayName: "Product Name",
    name: "productName",
    type: "string",
    default: "",
  },
  {
    displayName: "Product SKU",
    name: "productSku",
    type: "string",
    default: "",
  },
  {
    displayName: "Quantity",
    name: "quantity",
    type: "number",
    typeOptions: { minValue: 0 },
    default: 1,
    description: "Number of units of the product. 0 leaves it unset.",
  },
];

function contactCollection(name: string, displayName: string, description: string): INodeProperties {
  return {
    displayName,
    name,
    type: "fixedCollection",
    placeholder: `Add ${displayName}`,
    default: {},
    description,
    options: [{ displayName: "Contact", name: "contact", values: contactFields }],
  };
}

export const contactRefField: INodeProperties = contactCollection(
  "contactRef",
  "Contact Reference",
  "The customer as your own system knows them. Cannot be combined with ClientLoop Contact ID.",
);

export const invoiceRefsField: INodeProperties = {
  displayName: "Invoice References",
  name: "invoiceRefs",
  type: "fixedCollection",
  typeOptions: { multipleValues: true },
  placeholder: "Add Invoice Reference",
  default: {},
  description: "Invoices from your own system that this payment is for. Cannot be combined with Invoice IDs.",
  options: [
    {
      displayName: "Invoice",
      name: "invoice",
      values: [
        {
          displayName: "Amount",
          name: "amount",
          type: "string",
          default: "",
          placeholder: "e.g. 999.99",
          description: "Total amount of the invoice as a decimal string with at most 2 decimals",
        },
        contactCollection("billingContact", "Billing Contact", "Billing contact of the invoice"),
        {
          displayName: "Invoice ID",
          name: "invoiceId",
          type: "string",
          default: "",
        },
        {
          displayName: "Invoice Number",
          name: "invoiceNumber",
          type: "string",
          default: "",
        },
        {
          displayName: "Line Items",
          name: "lines",
          type: "fixedCollection",
          typeOptions: { multipleValues: true },
          placeholder: "Add Line Item",
          default: {},
          options: [{ displayName: "Line Item", name: "line", values: lineItemFields }],
        },
        {
          displayName: "Order ID",
          name: "orderId",
          type: "string",
          default: "",
        },
        contactCollection("shippingContact", "Shipping Contact", "Shipping contact of the invoice"),
      ],
    },
  ],
};

/** Optional fields create and update share, sorted by display name. */
export function sessionFields(operation: "create" | "update"): INodeProperties[] {
  const fields: INodeProperties[] = [
    {
      displayName: "Brand Logo URL",
      name: "brandLogoUrl",
      type: "string",
      default: "",
      placeholder: "e.g. https://example.com/logo.png",
      description: "Logo shown during checkout instead of the default branding",
    },
    {
      displayName: "Brand Name",
      name: "brandName",
      type: "string",
      default: "",
      description: "Brand or merchant name shown during checkout instead of the organization name",
    },
    {
      displayName: "Callback URL",
      name: "callbackUrl",
      type: "string",
      default: "",
      placeholder: "e.g. https://n8n.example.com/webhook/…/webhook",
      description:
        "URL that receives the events of this session. Paste the Production URL of a ClientLoop Trigger node here.",
    },
    {
      displayName: "Checkout Configuration ID",
      name: "checkoutConfigurationId",
      type: "string",
      default: "",
      description: "Checkout configuration to use; the default configuration when empty",
    },
    {
      displayName: "ClientLoop Contact ID",
      name: "contactId",
      type: "string",
      default: "",
      placeholder: "e.g. contact_jane",
      description:
        "A contact stored in ClientLoop that this session is for. Cannot be combined with Contact Reference, which describes the customer with your own data.",
    },
    contactRefField,
    {
      displayName: "Expiration Date",
      name: "expirationDate",
      type: "dateTime",
      default: "",
      description: "When the session expires. A date without a time zone is read in the workflow's time zone.",
    },
    {
      displayName: "Invoice IDs",
      name: "invoiceIds",
      type: "string",
      typeOptions: { multipleValues: true },
      default: [],
      placeholder: "Add Invoice ID",
      description: "IDs of the invoices this payment is for. Cannot be combined with Invoice References.",
    },
    invoiceRefsField,
    {
      displayName: "Success URL",
      name: "successUrl",
      type: "string",
      default: "",
      placeholder: "e.g. https://example.com/thank-you",
      description: "Where the customer is sent after completing the payment",
    },
    {
      displayName: "Transaction Reference",
      name: "transactionRef",
      type: "string",
      default: "",
      description: "Your own reference for this transaction",
    },
    {
      displayName: "Use This Workflow's Trigger URL",
      name: "useTriggerUrl",
      type: "boolean",
      default: false,
      description:
        "Whether to set the callback URL to the Production URL of the ClientLoop Trigger in this workflow. The workflow must be active. Cannot be combined with Callback URL.",
    },
  ];
  if (operation === "create") {
    fields.push(
      {
        displayName: "Create Pending Payment",
        name: "createPendingPayment",
        type: "boolean",
        default: false,
        description:
          "Whether to create a pending payment record now, visible in the dashboard before the customer pays. Only possible on creation.",
      },
      {
        displayName: "Invoice Total",
        name: "invoiceTotal",
        type: "string",
        default: "",
        placeholder: "e.g. 100.00",
        description:
          "Total due across the referenced invoices. When the amount exceeds it (a tip or surcharge), financing options are disabled.",
      },
    );
  } else {
    fields.push(
      {
        displayName: "Amount",
        name: "amount",
        type: "string",
        default: "",
        placeholder: "e.g. 100.10",
        description: "New total payment amount as a decimal string with at most 2 decimals",
      },
      {
        displayName: "Currency",
        name: "currency",
        type: "options",
        options: currencyOptions,
        default: "USD",
        description: "New three-letter ISO 4217 currency code",
      },
      {
        displayName: "Payment ID",
        name: "paymentId",
        type: "string",
        default: "",
        description: "Payment associated with the session, e.g. when marking it Completed after an offline payment",
      },
      {
        displayName: "Status",
        name: "status",
        type: "options",
        options: statusOptions,
        default: "Canceled",
        description: "New status of the session",
      },
    );
  }
  return fields.sort((a, b) => a.displayName.localeCompare(b.displayName));
}
