// The example workflows of the README (examples/*.json) are the ones shown, and they work: their
// ClientLoop nodes run unchanged (but for the organization ID) against the sandbox.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NODE_TYPE, TRIGGER_TYPE, packageRoot, runWorkflow, startTriggerServer } from "./helpers/n8n.mjs";
import { startTestSandbox } from "./helpers/sandbox.mjs";

const dir = join(packageRoot, "examples");
const examples = Object.fromEntries(
  readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => [f, JSON.parse(readFileSync(join(dir, f), "utf8"))]),
);
const readme = readFileSync(join(packageRoot, "README.md"), "utf8");

let sandbox;
let credentials;
beforeAll(async () => {
  ({ sandbox, credentials } = await startTestSandbox());
  credentials.clientLoopApi.signingSecret = sandbox.signingSecret;
});
afterAll(async () => {
  await sandbox?.stop();
});

/** The workflow's nodes in connection order, starting at `first`. */
function chain(workflow, first) {
  const nodes = [];
  for (let name = first; name; name = workflow.connections[name]?.main?.[0]?.[0]?.node) {
    nodes.push(workflow.nodes.find((n) => n.name === name));
  }
  return nodes;
}

const withSandboxOrg = (node) =>
  node.parameters.orgId ? { ...node, parameters: { ...node.parameters, orgId: sandbox.orgId } } : node;

describe("README example workflows", () => {
  it("shows every example file verbatim", () => {
    expect(Object.keys(examples).length).toBe(4);
    for (const [file, workflow] of Object.entries(examples)) {
      expect(readme, file).toContain(JSON.stringify(workflow, null, 2));
    }
  });

  it.each([
    ["create-payment-session.json", ["Create Payment Session"]],
    ["update-payment-session.json", ["Create Payment Session", "Update Payment Session"]],
    ["send-payment-session-link.json", ["Create Payment Session", "Send Link", "Send Link By Text"]],
  ])("%s runs against the sandbox", async (file, names) => {
    const workflow = examples[file];
    const [start] = workflow.nodes.filter((n) => n.type === NODE_TYPE);
    const nodes = chain(workflow, start.name).map(withSandboxOrg);
    expect(nodes.map((n) => n.name)).toEqual(names);
    const result = await runWorkflow({ credentials, items: [{}], nodes });
    expect(result.error).toBeUndefined();
    for (const name of names) {
      expect(result.output(name)).toHaveLength(1);
      expect(result.output(name)[0].pairedItem).toEqual({ item: 0 });
    }
    const session = sandbox.getSession(result.output("Create Payment Session")[0].json.id);
    if (file === "update-payment-session.json")
      expect(session).toMatchObject({ amount: "120.00", brandName: "Example Shop" });
    if (file === "send-payment-session-link.json") {
      expect(sandbox.outbox({ sessionId: session.id }).map((m) => [m.channel, m.recipient])).toEqual([
        ["Email", "jane.doe@example.com"],
        ["Phone", "+14155550199"],
      ]);
    }
  });

  it("trigger-on-completed.json starts on a completed session and ignores a canceled one", async () => {
    const node = examples["trigger-on-completed.json"].nodes.find((n) => n.type === TRIGGER_TYPE);
    const server = await startTriggerServer({ node, credentials });
    try {
      const paid = sandbox.createSession({ amount: "10.00", currency: "USD", callbackUrl: server.url });
      const dropped = sandbox.createSession({ amount: "10.00", currency: "USD", callbackUrl: server.url });
      sandbox.completeSession(paid.id);
      sandbox.cancelSession(dropped.id);
      await sandbox.waitForEvents();
      expect(server.calls).toHaveLength(2);
      expect(server.executions).toHaveLength(1);
      const { output } = await server.executions[0];
      expect(output("ClientLoop Trigger")[0].json.data.paymentSession).toMatchObject({
        id: paid.id,
        status: "Completed",
      });
    } finally {
      await server.stop();
    }
  });
});
