// The README's example workflows (examples/*.json), made to run against the sandbox, and the
// suite's own workflows: an error the README documents, and many items through the node.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_NAME, packageRoot } from "./package.mjs";

export const NODE_TYPE = `${PACKAGE_NAME}.clientLoop`;
export const TRIGGER_TYPE = `${PACKAGE_NAME}.clientLoopTrigger`;
const MANUAL_TRIGGER = "When clicking ‘Execute workflow’";
/** The organization ID placeholder of the examples, which the README tells users to replace. */
const ORG_PLACEHOLDER = "org_your_org_id";

export function readExamples() {
  const dir = join(packageRoot, "examples");
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .sort()
      .map((f) => [f, JSON.parse(readFileSync(join(dir, f), "utf8"))]),
  );
}

/** What a user does after importing an example: pick the credential, fill in the organization. */
export function forSandbox(workflow, { credential, orgId }) {
  const copy = structuredClone(workflow);
  for (const node of copy.nodes) {
    if (node.credentials?.clientLoopApi) node.credentials.clientLoopApi = { id: credential.id, name: credential.name };
    if (node.parameters?.orgId === ORG_PLACEHOLDER) node.parameters.orgId = orgId;
  }
  return copy;
}

/** The manual trigger's name, to start the workflow from it. */
export const manualTriggerOf = (workflow) =>
  workflow.nodes.find((n) => n.type === "n8n-nodes-base.manualTrigger")?.name;

const clientLoopCredential = (credential) => ({ clientLoopApi: { id: credential.id, name: credential.name } });

const manualTrigger = {
  parameters: {},
  id: "e2e-manual",
  name: MANUAL_TRIGGER,
  type: "n8n-nodes-base.manualTrigger",
  typeVersion: 1,
  position: [0, 0],
};

function chain(name, nodes) {
  const connections = {};
  for (let i = 0; i + 1 < nodes.length; i++) {
    connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: "main", index: 0 }]] };
  }
  return { name, nodes, connections, settings: { executionOrder: "v1" } };
}

/** Create with an organization ID that is not the API key's: ClientLoop answers FORBIDDEN. */
export function forbiddenWorkflow({ credential }) {
  return chain("ClientLoop e2e: another organization's ID", [
    manualTrigger,
    {
      parameters: {
        resource: "paymentSession",
        operation: "create",
        orgId: "org_not_yours",
        amount: "10.00",
        currency: "USD",
        additionalFields: {},
      },
      id: "e2e-create",
      name: "Create Payment Session",
      type: NODE_TYPE,
      typeVersion: 1,
      position: [220, 0],
      credentials: clientLoopCredential(credential),
    },
  ]);
}

/**
 * `count` items (Edit Fields builds the list, Split Out makes one item of each) through Create
 * with `concurrency` requests in flight, then Edit Fields reads each item's source back through
 * n8n's item pairing (`$('Split Out').item`), which only works if the node kept it.
 */
export function manyItemsWorkflow({ credential, orgId, count, concurrency }) {
  return chain(`ClientLoop e2e: ${count} items, concurrency ${concurrency}`, [
    manualTrigger,
    {
      parameters: {
        mode: "raw",
        jsonOutput: `={{ { "orders": Array.from({ length: ${count} }, (_, i) => ({ "ref": "order-" + i, "amount": (i + 1) + ".00" })) } }}`,
        options: {},
      },
      id: "e2e-orders",
      name: "Orders",
      type: "n8n-nodes-base.set",
      typeVersion: 3.4,
      position: [220, 0],
    },
    {
      parameters: { fieldToSplitOut: "orders", options: {} },
      id: "e2e-split",
      name: "Split Out",
      type: "n8n-nodes-base.splitOut",
      typeVersion: 1,
      position: [440, 0],
    },
    {
      parameters: {
        resource: "paymentSession",
        operation: "create",
        orgId,
        amount: "={{ $json.amount }}",
        currency: "USD",
        additionalFields: { transactionRef: "={{ $json.ref }}" },
        options: { concurrency },
      },
      id: "e2e-create",
      name: "Create Payment Session",
      type: NODE_TYPE,
      typeVersion: 1,
      position: [660, 0],
      credentials: clientLoopCredential(credential),
    },
    {
      parameters: {
        mode: "manual",
        assignments: {
          assignments: [
            { id: "e2e-ref", name: "orderRef", value: "={{ $('Split Out').item.json.ref }}", type: "string" },
            { id: "e2e-session", name: "sessionRef", value: "={{ $json.transactionRef }}", type: "string" },
            { id: "e2e-amount", name: "sessionAmount", value: "={{ $json.amount }}", type: "string" },
          ],
        },
        options: {},
      },
      id: "e2e-check",
      name: "Check Pairing",
      type: "n8n-nodes-base.set",
      typeVersion: 3.4,
      position: [880, 0],
    },
  ]);
}
