import type {
  IDataObject,
  IHookFunctions,
  INodeType,
  INodeTypeDescription,
  IWebhookFunctions,
  IWebhookResponseData,
} from "n8n-workflow";
import { NodeConnectionTypes } from "n8n-workflow";
import { DEFAULT_SIGNATURE_TOLERANCE_SECONDS, EVENT_TYPES } from "@clientloop/core/pure";
import { constructEvent, isClientLoopEvent, type ClientLoopEvent } from "@clientloop/core/webhooks";
import { TRIGGER_URL_STATIC_KEY } from "../ClientLoop/shared/constants";

/** `payment_session.` — what every event type starts with. */
const EVENT_PREFIX = EVENT_TYPES.completed.slice(0, EVENT_TYPES.completed.indexOf(".") + 1);

interface TriggerOptions {
  toleranceSeconds?: number;
}

/**
 * Receives the events ClientLoop POSTs to a payment session's callback URL. ClientLoop has no
 * webhook registration API (the callback URL is set per session), so the lifecycle methods only
 * record this node's Production URL in the workflow's static data, where the ClientLoop node of
 * the same workflow can pick it up as callback URL.
 */
export class ClientLoopTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: "ClientLoop Trigger",
    name: "clientLoopTrigger",
    icon: { light: "file:../../icons/clientloop.svg", dark: "file:../../icons/clientloop.dark.svg" },
    group: ["trigger"],
    version: 1,
    // "On completed, canceled, expired": the selected event types without their common prefix
    subtitle: `={{ "On " + $parameter["events"].join(", ").replaceAll("${EVENT_PREFIX}", "") }}`,
    description: "Starts the workflow when a ClientLoop payment session is completed, expires or is canceled",
    defaults: { name: "ClientLoop Trigger" },
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: [
      {
        name: "clientLoopApi",
        required: false,
      },
    ],
    webhooks: [
      {
        name: "default",
        httpMethod: "POST",
        responseMode: "onReceived",
        path: "webhook",
      },
    ],
    properties: [
      {
        displayName:
          "Paste this node's Production URL into a payment session's Callback URL, or turn on \"Use This Workflow's Trigger URL\" in the ClientLoop node. Set the Webhook Signing Secret on the credential so that only events signed by ClientLoop start the workflow.",
        name: "notice",
        type: "notice",
        default: "",
      },
      {
        displayName: "Events",
        name: "events",
        type: "multiOptions",
        required: true,
        default: [EVENT_TYPES.completed, EVENT_TYPES.canceled, EVENT_TYPES.expired],
        description: "The events (and so the new session statuses) that start the workflow",
        options: [
          {
            name: "Payment Session Canceled",
            value: EVENT_TYPES.canceled,
            description: "The customer or the merchant canceled the session (status Canceled)",
          },
          {
            name: "Payment Session Completed",
            value: EVENT_TYPES.completed,
            description: "The customer paid (status Completed)",
          },
          {
            name: "Payment Session Expired",
            value: EVENT_TYPES.expired,
            description: "The session reached its expiration date unpaid (status Expired)",
          },
        ],
      },
      {
        displayName: "Options",
        name: "options",
        type: "collection",
        placeholder: "Add Option",
        default: {},
        options: [
          {
            displayName: "Signature Tolerance (Seconds)",
            name: "toleranceSeconds",
            type: "number",
            typeOptions: { minValue: 1 },
            default: DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
            description: "Maximum age of a signed event (and clock difference) that is accepted, against replays",
          },
        ],
      },
    ],
  };

  webhookMethods = {
    default: {
      async checkExists(this: IHookFunctions): Promise<boolean> {
        const staticData = this.getWorkflowStaticData("global");
        return staticData[TRIGGER_URL_STATIC_KEY] === this.getNodeWebhookUrl("default");
      },
      async create(this: IHookFunctions): Promise<boolean> {
        // "Listen for test event" registers the short-lived test URL: never hand that out
        if (this.getActivationMode() === "manual") return true;
        const staticData = this.getWorkflowStaticData("global");
        staticData[TRIGGER_URL_STATIC_KEY] = this.getNodeWebhookUrl("default");
        return true;
      },
      async delete(this: IHookFunctions): Promise<boolean> {
        if (this.getActivationMode() === "manual") return true;
        const staticData = this.getWorkflowStaticData("global");
        if (staticData[TRIGGER_URL_STATIC_KEY] === this.getNodeWebhookUrl("default")) {
          delete staticData[TRIGGER_URL_STATIC_KEY];
        }
        return true;
      },
    },
  };

  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
    const req = this.getRequestObject();
    const events = this.getNodeParameter("events", []) as string[];
    const options = this.getNodeParameter("options", {}) as TriggerOptions;
    const secret = await signingSecret(this);

    let event: ClientLoopEvent;
    if (secret) {
      const verified = verify(req.rawBody, req.headers, secret, options.toleranceSeconds);
      if (!verified.ok) return reject(this, 401, verified.reason);
      event = verified.event;
    } else {
      // no secret configured: events are accepted unverified (see the notice)
      const body = this.getBodyData();
      if (!isClientLoopEvent(body)) {
        return reject(this, 400, "The body is not a ClientLoop payment session event");
      }
      event = body;
    }

    if (!events.includes(event.type)) {
      return { webhookResponse: { received: true, ignored: true } };
    }
    return {
      webhookResponse: { received: true },
      workflowData: [this.helpers.returnJsonArray(event as unknown as IDataObject)],
    };
  }
}

async function signingSecret(ctx: IWebhookFunctions): Promise<string | undefined> {
  if (!ctx.getNode().credentials?.clientLoopApi) return undefined;
  const credentials = await ctx.getCredentials<{ signingSecret?: string }>("clientLoopApi");
  const secret = credentials.signingSecret;
  return typeof secret === "string" && secret !== "" ? secret : undefined;
}

type Verification = { ok: true; event: ClientLoopEvent } | { ok: false; reason: string };

function verify(
  rawBody: Buffer | undefined,
  headers: IDataObject,
  secret: string,
  toleranceSeconds: number | undefined,
): Verification {
  if (!rawBody) return { ok: false, reason: "The raw request body is not available to verify the signature" };
  try {
    const event = constructEvent({
      payload: rawBody,
      header: headers as Record<string, string | string[] | undefined>,
      secret,
      toleranceSeconds: toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
    });
    return { ok: true, event };
  } catch (error) {
    // ClientLoopSignatureVerificationError messages are safe to show: they never echo the secret
    return { ok: false, reason: error instanceof Error ? error.message : "Signature verification failed" };
  }
}

function reject(ctx: IWebhookFunctions, status: number, reason: string): IWebhookResponseData {
  const res = ctx.getResponseObject();
  res.status(status).json({ error: reason });
  return { noWebhookResponse: true };
}
