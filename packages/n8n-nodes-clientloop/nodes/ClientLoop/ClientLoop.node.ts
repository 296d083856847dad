import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from "n8n-workflow";
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from "n8n-workflow";
import type { OperationName } from "@clientloop/core/pure";
import { OPERATION_SUBTITLE, paymentSessionFields, paymentSessionOperations } from "./descriptions/paymentSession";
import { runWithConcurrency, type TaskResult } from "./shared/concurrency";
import { TRIGGER_URL_STATIC_KEY } from "./shared/constants";
import { errorJson, toNodeError } from "./shared/errors";
import { sessionFieldsInput, type Params } from "./shared/inputs";
import { CREDENTIAL_NAME, clientLoopRequest, type ClientLoopCredentials } from "./shared/transport";

/**
 * Programmatic rather than declarative: ClientLoop is GraphQL, so errors arrive inside HTTP 200
 * responses, and the request building, validation and error mapping are shared with
 * @clientloop/core (bundled into dist at build time).
 */
export class ClientLoop implements INodeType {
  description: INodeTypeDescription = {
    displayName: "ClientLoop",
    name: "clientLoop",
    icon: { light: "file:../../icons/clientloop.svg", dark: "file:../../icons/clientloop.dark.svg" },
    group: ["transform"],
    version: 1,
    subtitle: OPERATION_SUBTITLE,
    description: "Create, update and send ClientLoop payment sessions",
    defaults: { name: "ClientLoop" },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: "clientLoopApi", required: true }],
    properties: [
      {
        displayName: "Resource",
        name: "resource",
        type: "options",
        noDataExpression: true,
        options: [{ name: "Payment Session", value: "paymentSession" }],
        default: "paymentSession",
      },
      ...paymentSessionOperations,
      ...paymentSessionFields,
      {
        displayName: "Options",
        name: "options",
        type: "collection",
        placeholder: "Add Option",
        default: {},
        options: [
          {
            displayName: "Concurrency",
            name: "concurrency",
            type: "number",
            typeOptions: { minValue: 1, maxValue: 50, numberPrecision: 0 },
            default: 1,
            description:
              "How many items are sent to ClientLoop at the same time. 1 processes them one after another. Output order and item pairing are kept either way.",
          },
        ],
      },
    ],
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const items = this.getInputData();
    const operation = this.getNodeParameter("operation", 0) as string;
    const concurrency = this.getNodeParameter("options.concurrency", 0, 1) as number;
    const credentials = (await this.getCredentials(CREDENTIAL_NAME)) as unknown as ClientLoopCredentials;
    const continueOnFail = this.continueOnFail();
    const node = this.getNode();

    const runItem = async (
      itemIndex: number,
    ): Promise<TaskResult<INodeExecutionData[], NodeApiError | NodeOperationError>> => {
      try {
        const json = await executeItem(this, credentials, operation, itemIndex);
        const data = this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(json), {
          itemData: { item: itemIndex },
        });
        return { value: data };
      } catch (error) {
        const nodeError = toNodeError(node, error, itemIndex);
        if (continueOnFail) {
          return { value: [{ json: errorJson(nodeError), pairedItem: { item: itemIndex } }] };
        }
        return { error: nodeError, stop: true };
      }
    };

    const results = await runWithConcurrency(items.length, concurrency, runItem);
    const returnData: INodeExecutionData[] = [];
    for (const result of results) {
      if (!result) continue;
      if (result.stop) throw result.error;
      returnData.push(...result.value);
    }
    return [returnData];
  }
}

const OPERATIONS: Record<string, OperationName> = {
  create: "createPaymentSession",
  update: "updatePaymentSession",
  sendLink: "sendPaymentSessionLink",
};

async function executeItem(
  ctx: IExecuteFunctions,
  credentials: ClientLoopCredentials,
  operation: string,
  itemIndex: number,
): Promise<IDataObject> {
  const operationName = OPERATIONS[operation];
  if (!operationName) {
    throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" is not supported`, { itemIndex });
  }
  const input = buildInput(ctx, operation, itemIndex);
  const result = await clientLoopRequest(ctx, credentials, operationName, input);
  if (operationName === "sendPaymentSessionLink") {
    const sent = result as { success: boolean; message: string | null };
    if (!sent.success) {
      throw new NodeOperationError(
        ctx.getNode(),
        `ClientLoop did not send the link: ${sent.message ?? "no reason given"} [item ${itemIndex}]`,
        { itemIndex },
      );
    }
    return { id: input.id as string, channel: input.channel as string, success: sent.success, message: sent.message };
  }
  return result as unknown as IDataObject;
}

function buildInput(ctx: IExecuteFunctions, operation: string, itemIndex: number): IDataObject {
  const sessionContext = {
    timeZone: ctx.getTimezone(),
    triggerUrl: () => {
      const url = ctx.getWorkflowStaticData("global")[TRIGGER_URL_STATIC_KEY];
      return typeof url === "string" ? url : undefined;
    },
  };
  const withTriggerUrl = (fields: Params): Params => {
    if (!fields.useTriggerUrl) return fields;
    if (typeof fields.callbackUrl === "string" && fields.callbackUrl.trim() !== "") {
      throw new NodeOperationError(
        ctx.getNode(),
        `Use either Callback URL or "Use This Workflow's Trigger URL", not both [item ${itemIndex}]`,
        { itemIndex },
      );
    }
    const url = sessionContext.triggerUrl();
    if (!url) {
      throw new NodeOperationError(
        ctx.getNode(),
        `This workflow has no active ClientLoop Trigger to take the callback URL from [item ${itemIndex}]`,
        {
          itemIndex,
          description:
            "Add a ClientLoop Trigger to this workflow and activate the workflow, or paste the Production URL of a ClientLoop Trigger into Callback URL.",
        },
      );
    }
    return { ...fields, callbackUrl: url };
  };

  if (operation === "create") {
    const fields = withTriggerUrl(ctx.getNodeParameter("additionalFields", itemIndex, {}) as Params);
    return {
      orgId: ctx.getNodeParameter("orgId", itemIndex) as string,
      ...sessionFieldsInput(
        {
          ...fields,
          amount: ctx.getNodeParameter("amount", itemIndex),
          currency: ctx.getNodeParameter("currency", itemIndex),
        },
        sessionContext,
      ),
    };
  }
  if (operation === "update") {
    const fields = withTriggerUrl(ctx.getNodeParameter("updateFields", itemIndex, {}) as Params);
    const input = sessionFieldsInput(fields, sessionContext);
    if (Object.keys(input).length === 0) {
      throw new NodeOperationError(ctx.getNode(), `Add at least one field to update [item ${itemIndex}]`, {
        itemIndex,
        description: 'Choose the fields to change under "Update Fields".',
      });
    }
    return {
      orgId: ctx.getNodeParameter("orgId", itemIndex) as string,
      id: ctx.getNodeParameter("sessionId", itemIndex) as string,
      ...input,
    };
  }
  const additional = ctx.getNodeParameter("additionalFields", itemIndex, {}) as Params;
  const input: IDataObject = {
    id: ctx.getNodeParameter("sessionId", itemIndex) as string,
    channel: ctx.getNodeParameter("channel", itemIndex) as string,
  };
  if (typeof additional.to === "string" ? additional.to.trim() !== "" : additional.to !== undefined) {
    input.to = additional.to as string;
  }
  return input;
}
