/**
 * ClientLoop errors → n8n errors, in one style: the message names the field as the form shows
 * it ("Contact Reference › Phone: must be an E.164 phone number… [item 3]"), the description
 * carries the GraphQL path, ClientLoop's code and request ID. Input that breaks a rule before
 * any request is a NodeOperationError; anything ClientLoop answered (or failed to answer) is a
 * NodeApiError.
 */
import type { INode, INodeProperties, INodePropertyCollection, JsonObject } from "n8n-workflow";
import { NodeApiError, NodeOperationError } from "n8n-workflow";
import { ClientLoopError, ClientLoopValidationError, ERROR_CODES } from "@clientloop/core/pure";
import { paymentSessionFields } from "../descriptions/paymentSession";

interface LabelNode {
  label: string;
  children: LabelTree;
}
type LabelTree = Record<string, LabelNode>;

/**
 * The form's labels by GraphQL field, read from the node's own properties (their names are the
 * GraphQL names). Collections (Additional Fields, Update Fields) hold top-level fields; a
 * fixedCollection is a nested input whose group wrapper ("contact", "line") is not in the path.
 */
function labelTree(properties: INodeProperties[]): LabelTree {
  const tree: LabelTree = {};
  for (const property of properties) {
    if (property.type === "collection") {
      Object.assign(tree, labelTree(property.options as INodeProperties[]));
    } else if (property.type === "fixedCollection") {
      const children: LabelTree = {};
      for (const group of property.options as INodePropertyCollection[])
        Object.assign(children, labelTree(group.values));
      tree[property.name] = { label: property.displayName, children };
    } else if (property.type !== "notice" && !tree[property.name]) {
      tree[property.name] = { label: property.displayName, children: {} };
    }
  }
  return tree;
}

/** GraphQL input fields whose node parameter is named differently. */
const PARAMETER_OF_FIELD: Record<string, string> = { id: "sessionId" };

let labels: LabelTree | undefined;

/** `input.invoiceRefs[0].lines[1].price` → `Invoice References 1 › Line Items 2 › Price`. */
export function fieldLabel(path: string): string {
  labels ??= labelTree(paymentSessionFields);
  const segments = path
    .replace(/^input\.?/, "")
    .split(".")
    .filter(Boolean);
  const parts: string[] = [];
  let level: LabelTree = labels;
  for (const segment of segments) {
    const match = /^([A-Za-z]\w*)((?:\[\d+\])*)$/.exec(segment);
    const key = match ? match[1] : segment;
    const indexes = match ? [...match[2].matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]) + 1) : [];
    const node = level[key] ?? level[PARAMETER_OF_FIELD[key]];
    const name = node?.label ?? key;
    parts.push(indexes.length ? `${name} ${indexes.join(".")}` : name);
    level = node?.children ?? {};
  }
  return parts.length ? parts.join(" › ") : "Input";
}

/** One thing wrong, as ClientLoop or the core's rules report it. */
interface Problem {
  /** The GraphQL input path (`input.contactRef.contactPhone`), when a field is at fault. */
  path?: string;
  rule: string;
}

/** ClientLoop writes "input.orgId: the API key does not belong…": split the path off. */
const LEADING_PATH = /^(input(?:\.[A-Za-z]\w*(?:\[\d+\])*)*):\s+([\s\S]*)$/;

function splitPath(text: string): Problem {
  const match = LEADING_PATH.exec(text);
  return match ? { path: match[1], rule: match[2] } : { rule: text };
}

function problemsOf(error: ClientLoopError): Problem[] {
  if (ClientLoopValidationError.isInstance(error) && error.issues.length > 0) {
    return error.issues.map((issue) => {
      const path = issue.path === "input" ? undefined : issue.path;
      const stated = splitPath(issue.message);
      return { path, rule: stated.path && stated.path === path ? stated.rule : issue.message };
    });
  }
  // the core's message is "ClientLoop <operation> failed: <ClientLoop's messages, or HTTP <status>>"
  const detail = error.message.replace(/^ClientLoop \w+ failed: /, "");
  return [/^HTTP \d+$/.test(detail) ? { rule: `ClientLoop answered ${detail}` } : splitPath(detail)];
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function headline(problems: Problem[], itemIndex: number): string {
  const [first] = problems;
  const text = first.path ? `${fieldLabel(first.path)}: ${first.rule}` : capitalize(first.rule);
  // a second rule broken by the same field ("10.123": too many decimals, also for USD) is no news
  const others = problems.filter((p) => p.path !== first.path).length;
  const more = others > 0 ? ` (and ${others} more, see the details)` : "";
  return `${text}${more} [item ${itemIndex}]`;
}

function detailLines(problems: Problem[]): string[] {
  return problems
    .filter((p) => p.path)
    .map((p) => `${fieldLabel(p.path as string)} (GraphQL input ${p.path}): ${p.rule}`);
}

function issuesContext(problems: Problem[]): JsonObject[] {
  return problems
    .filter((p) => p.path)
    .map((p) => ({ path: p.path as string, field: fieldLabel(p.path as string), message: p.rule }));
}

/** What to do about the errors a builder can fix in the workflow or the credential. */
const HINTS: Record<string, string> = {
  [ERROR_CODES.UNAUTHENTICATED]: "Check the API Key of the ClientLoop API credential.",
  [ERROR_CODES.FORBIDDEN]: "Organization ID must be the organization of the credential's API key.",
  [ERROR_CODES.SESSION_NOT_ACTIVE]: "Only Active payment sessions can be updated or have their link sent.",
  [ERROR_CODES.NO_RECIPIENT]: "Set To, or give the session a contact with an email address or phone number.",
};

/**
 * The json of an error item for continueOnFail. n8n routes an item to the error output when its
 * json has only `error`, `message` and `details` keys, and it replaces the json of any item that
 * carries an `error` property, so ClientLoop's code and the fields at fault go in `details`.
 */
export function errorJson(error: NodeApiError | NodeOperationError): JsonObject {
  const details: JsonObject = {};
  const context = error.context as JsonObject;
  if (typeof context.code === "string") details.code = context.code;
  if (error.description) details.description = error.description;
  if (Array.isArray(context.issues)) details.issues = context.issues;
  if (typeof context.requestId === "string") details.requestId = context.requestId;
  if (typeof context.itemIndex === "number") details.itemIndex = context.itemIndex;
  return { error: error.message, details };
}

/** Converts anything the ClientLoop layer threw into the n8n error for item `itemIndex`. */
export function toNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
  if (error instanceof NodeApiError || error instanceof NodeOperationError) {
    error.context.itemIndex = itemIndex;
    return error;
  }
  if (ClientLoopValidationError.isInstance(error) && error.statusCode === undefined) {
    // the core's own rules, checked before sending
    const problems = problemsOf(error);
    const nodeError = new NodeOperationError(node, headline(problems, itemIndex), {
      itemIndex,
      description: [...detailLines(problems), "Nothing was sent to ClientLoop."].join("\n"),
    });
    nodeError.context.code = error.code;
    nodeError.context.issues = issuesContext(problems);
    return nodeError;
  }
  if (ClientLoopError.isInstance(error)) {
    const problems = problemsOf(error);
    const details = [...detailLines(problems), `ClientLoop error code: ${error.code}`];
    if (HINTS[error.code]) details.push(HINTS[error.code]);
    if (error.mayHaveSucceeded) {
      details.push("The request may have been applied: check before repeating it.");
    }
    if (error.requestId) details.push(`Request ID: ${error.requestId}`);
    // GraphQL errors arrive in HTTP 200 answers: an HTTP code is given only when it says something
    const status = error.statusCode;
    const httpCode = status !== undefined && (status < 200 || status >= 300) ? String(status) : undefined;
    // no `code` key in the response object: n8n would show ClientLoop's code as an HTTP code
    const response: JsonObject = { message: error.message, clientLoopCode: error.code };
    if (error.requestId) response.requestId = error.requestId;
    const nodeError = new NodeApiError(node, response, {
      message: headline(problems, itemIndex),
      description: details.join("\n"),
      httpCode,
      itemIndex,
    });
    nodeError.context.code = error.code;
    if (error.requestId) nodeError.context.requestId = error.requestId;
    const issues = issuesContext(problems);
    if (issues.length > 0) nodeError.context.issues = issues;
    return nodeError;
  }
  const message = error instanceof Error ? error.message : String(error);
  return new NodeOperationError(node, `${message} [item ${itemIndex}]`, { itemIndex });
}
