import type { INodeProperties } from "n8n-workflow";
import { channelOptions, currencyOptions, sessionFields } from "./fields";

const show = (operation: string[]) => ({ show: { resource: ["paymentSession"], operation } });

/** What the canvas shows under the node: the operation in words ("Create payment session"). */
const SUBTITLES: Record<string, string> = {
  create: "Create payment session",
  sendLink: "Send payment session link",
  update: "Update payment session",
};
export const OPERATION_SUBTITLE = `={{ ${JSON.stringify(SUBTITLES)}[$parameter["operation"]] }}`;

export const paymentSessionOperations: INodeProperties[] = [
  {
    displayName: "Operation",
    name: "operation",
    type: "options",
    noDataExpression: true,
    displayOptions: { show: { resource: ["paymentSession"] } },
    options: [
      {
        name: "Create",
        value: "create",
        description: "Create a payment session and get its payment link",
        action: "Create a payment session",
      },
      {
        name: "Send Link",
        value: "sendLink",
        description: "Send an active session's payment link by email or text message",
        action: "Send payment session link",
      },
      {
        name: "Update",
        value: "update",
        description: "Update an active payment session",
        action: "Update a payment session",
      },
    ],
    default: "create",
  },
];

export const paymentSessionFields: INodeProperties[] = [
  // create and update
  {
    displayName: "Organization ID",
    name: "orgId",
    type: "string",
    required: true,
    default: "",
    displayOptions: show(["create", "update"]),
    description: "The ClientLoop organization the session belongs to (the one your API key belongs to)",
  },
  // update and send link
  {
    displayName: "Payment Session ID",
    name: "sessionId",
    type: "string",
    required: true,
    default: "",
    displayOptions: show(["update", "sendLink"]),
    description: "ID of the payment session, as returned by Create",
  },
  // create
  {
    displayName: "Amount",
    name: "amount",
    type: "string",
    required: true,
    default: "",
    placeholder: "e.g. 100.10",
    displayOptions: show(["create"]),
    description:
      "Total payment amount as a decimal string with at most 2 decimals (and no more than the currency allows)",
  },
  {
    displayName: "Currency",
    name: "currency",
    type: "options",
    options: currencyOptions,
    required: true,
    default: "USD",
    displayOptions: show(["create"]),
    description: "Three-letter ISO 4217 currency code",
  },
  {
    displayName: "Additional Fields",
    name: "additionalFields",
    type: "collection",
    placeholder: "Add Field",
    default: {},
    displayOptions: show(["create"]),
    options: sessionFields("create"),
  },
  // update
  {
    displayName: "Update Fields",
    name: "updateFields",
    type: "collection",
    placeholder: "Add Field",
    default: {},
    displayOptions: show(["update"]),
    options: sessionFields("update"),
  },
  // send link
  {
    displayName: "Channel",
    name: "channel",
    type: "options",
    options: channelOptions,
    required: true,
    default: "Email",
    displayOptions: show(["sendLink"]),
    description: "How to deliver the link: to the contact's email address or, by text message, to the contact's phone",
  },
  {
    displayName: "Additional Fields",
    name: "additionalFields",
    type: "collection",
    placeholder: "Add Field",
    default: {},
    displayOptions: show(["sendLink"]),
    options: [
      {
        displayName: "To",
        name: "to",
        type: "string",
        default: "",
        placeholder: "e.g. name@email.com or +14155554345",
        description:
          "Send to this address instead of the session contact's: an email address for Email, an E.164 phone number for Phone",
      },
    ],
  },
];
