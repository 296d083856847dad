// What an automation builder does with the package in a running n8n, through n8n's REST API
// (the editor's own calls), against the ClientLoop sandbox over HTTP. The same scenarios run in
// regular and in queue mode; in queue mode they also prove where each execution ran.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { signPayload } from "@clientloop/core/webhooks";
import { freePort } from "../../../../scripts/services/ports.mjs";
import { canvasNodeTexts } from "./canvas.mjs";
import { PACKAGE_NAME, packageRoot } from "./package.mjs";
import { delay } from "./processes.mjs";
import { check, checkEqual } from "./steps.mjs";
import { TIMEZONE } from "./instances.mjs";
import {
  NODE_TYPE,
  TRIGGER_TYPE,
  forSandbox,
  forbiddenWorkflow,
  manualTriggerOf,
  manyItemsWorkflow,
  readExamples,
} from "./workflows.mjs";

const EXECUTION_TIMEOUT_MS = 3 * 60_000;
const readme = readFileSync(join(packageRoot, "README.md"), "utf8");

/** The README must show the texts n8n shows: a text the suite saw in n8n must be in it. */
function checkDocumented(text, where) {
  check(readme.includes(text), `README.md does not show what n8n shows ${where}: "${text}"`);
}

/**
 * Runs every scenario on `instance` (see instances.mjs). `step` prints and bounds each one and
 * throws at the first that fails.
 */
export async function runSuite({ instance, sandbox, n8n, step }) {
  const { rest, mode } = instance;
  const flatted = createRequire(join(n8n.dir, "node_modules", "n8n", "package.json"))("flatted");
  const runDataOf = (execution) => flatted.parse(execution.data).resultData;
  const queue = mode === "queue";
  const examples = readExamples();
  let credential;

  /**
   * In queue mode: execution `id` was put on the queue by `enqueuer` (the main for a manual run,
   * the webhook process for an event) and run by the worker; their logs say so.
   */
  const ranOnWorker = async (id, enqueuer = "main") => {
    if (!queue) return "";
    const log = (name, text) => instance.processes[name].waitForLog(new RegExp(`${text}\\b`), 30_000, `"${text}"`);
    await log(enqueuer, `Enqueued execution ${id}`);
    await log("worker", `Worker finished execution ${id}`);
    return `, enqueued by the ${enqueuer} process, run by the worker (execution ${id})`;
  };

  /** Runs an imported workflow from its manual trigger, as "Execute workflow" does. */
  const execute = async (workflow) => {
    const id = await rest.runWorkflow(workflow.id, manualTriggerOf(workflow));
    const execution = await rest.waitForExecution(id, EXECUTION_TIMEOUT_MS);
    return { id, execution, result: runDataOf(execution) };
  };
  const outputOf = (result, node) => result.runData[node]?.[0]?.data?.main?.[0] ?? [];
  const expectSuccess = ({ id, execution, result }) => {
    check(
      execution.status === "success",
      `execution ${id} ended "${execution.status}": ${result.error?.message ?? ""}`,
    );
  };

  await step("owner account set up and logged in (REST)", async () => {
    await rest.setUpOwnerAndLogIn();
    const settings = await rest.settings();
    return `n8n ${settings.versionCli}, ${mode} mode (executions: ${settings.executionMode})`;
  });

  await step(
    "the package installed without its peer, its nodes loaded, not listed as a community package",
    async () => {
      check(
        instance.installedPackages.every((n) => n === 1),
        `npm installed ${instance.installedPackages} packages (expected only the package)`,
      );
      const names = (await rest.nodeTypes()).map((t) => t.name);
      for (const type of [NODE_TYPE, TRIGGER_TYPE]) check(names.includes(type), `n8n did not load ${type}`);
      const community = await rest.communityPackages();
      check(
        !community.some((p) => p.packageName === PACKAGE_NAME),
        "a manual install is listed under Settings → Community Nodes",
      );
      return `${NODE_TYPE}, ${TRIGGER_TYPE}; Community Nodes lists ${community.length} packages`;
    },
  );

  const data = { apiKey: sandbox.apiKey, endpointUrl: sandbox.url, signingSecret: sandbox.signingSecret };
  await step("ClientLoop API credential created and tested", async () => {
    credential = await rest.createCredential({ name: "ClientLoop sandbox", type: "clientLoopApi", data });
    const good = await rest.testCredential({ ...credential, data });
    checkEqual(good, { status: "OK", message: "Connection successful!" }, "test with the sandbox's key");
    const bad = await rest.testCredential({ ...credential, data: { ...data, apiKey: "sk_wrong" } });
    checkEqual(
      bad,
      { status: "Error", message: "The API key is not valid (ClientLoop answered 401 UNAUTHENTICATED)" },
      "test with a wrong key",
    );
    const down = await rest.testCredential({
      ...credential,
      data: { ...data, endpointUrl: `http://127.0.0.1:${await freePort()}/` },
    });
    checkEqual(down, { status: "Error", message: "ECONNREFUSED" }, "test with nothing at the endpoint");
    for (const [result, what] of [
      [good, "a good key"],
      [bad, "a wrong key"],
      [down, "an endpoint nobody listens at"],
    ]) {
      checkDocumented(`| ${result.message} |`, `for ${what}`);
    }
    return `"${good.message}"; wrong key: "${bad.message}"; no endpoint: "${down.message}"`;
  });

  const imported = {};
  await step("README example workflows imported", async () => {
    for (const [file, workflow] of Object.entries(examples)) {
      imported[file] = await rest.createWorkflow(forSandbox(workflow, { credential, orgId: sandbox.orgId }));
    }
    return Object.keys(imported).join(", ");
  });

  await step(
    "the editor (Chromium) shows each node's subtitle in words and Contact Reference grouped",
    async () => {
      const expected = {
        "create-payment-session.json": { "Create Payment Session": "Create payment session" },
        "send-payment-session-link.json": { "Send Link": "Send payment session link" },
        "update-payment-session.json": { "Update Payment Session": "Update payment session" },
        "trigger-on-completed.json": { "ClientLoop Trigger": "On completed" },
      };
      const texts = await canvasNodeTexts({
        baseUrl: `${rest.baseUrl}/`,
        cookie: rest.cookie,
        workflowIds: Object.keys(expected).map((file) => imported[file].id),
        openNodes: { [imported["create-payment-session.json"].id]: "Create Payment Session" },
        screenshotDir: instance.workDir,
      });
      const seen = [];
      for (const [file, nodes] of Object.entries(expected)) {
        const onCanvas = texts[imported[file].id];
        for (const [node, subtitle] of Object.entries(nodes)) {
          const text = onCanvas[node] ?? "";
          check(
            text.includes(subtitle),
            `${file}: the canvas shows "${text}" for ${node}, not "${subtitle}" (all nodes: ${JSON.stringify(onCanvas)})`,
          );
          seen.push(`"${subtitle}"`);
        }
      }
      // the parameters panel: Contact Reference in the order a person is described, then Address
      const panel = texts.parameters[imported["create-payment-session.json"].id].split("\n").map((l) => l.trim());
      const from = panel.indexOf("Contact Reference");
      const order = [
        "Full Name",
        "First Name",
        "Last Name",
        "Email",
        "Phone",
        "Your Contact ID",
        "Address",
        "Add Address",
      ];
      const positions = order.map((label) => panel.indexOf(label, from));
      check(
        from >= 0 && positions.every((p, i) => p > (i ? positions[i - 1] : from)),
        `Contact Reference in the panel: ${panel.slice(from, from + 30).join(" | ")}`,
      );
      return `${seen.join(", ")}; Contact Reference: ${order.slice(0, 7).join(", ")}`;
    },
    5 * 60_000,
  );

  await step("create-payment-session.json executed", async () => {
    const run = await execute(imported["create-payment-session.json"]);
    expectSuccess(run);
    const [created] = outputOf(run.result, "Create Payment Session");
    checkEqual(created?.pairedItem, { item: 0 }, "pairing");
    const session = sandbox.getSession(created.json.id);
    check(
      session?.status === "Active" && session.transactionRef === "order-1001",
      `sandbox session: ${JSON.stringify(session)}`,
    );
    checkEqual(session.contactRef.contactName, "Jane Doe", "contact name");
    checkEqual(
      session.invoiceRefs[0].lines[0],
      { ...session.invoiceRefs[0].lines[0], num: 1, quantity: 2, price: "50.05" },
      "line item",
    );
    return `session ${session.id} ${session.amount} ${session.currency}${await ranOnWorker(run.id)}`;
  });

  await step("update-payment-session.json executed", async () => {
    const run = await execute(imported["update-payment-session.json"]);
    expectSuccess(run);
    const [updated] = outputOf(run.result, "Update Payment Session");
    const session = sandbox.getSession(updated.json.id);
    checkEqual([session.amount, session.brandName], ["120.00", "Example Shop"], "updated amount and brand");
    // "2030-01-31T18:00:00" has no zone: n8n means the workflow's time zone
    checkEqual(
      new Date(session.expirationDate).toISOString(),
      "2030-01-31T17:00:00.000Z",
      `expiration date read in ${TIMEZONE}`,
    );
    return `session ${session.id} now ${session.amount}${await ranOnWorker(run.id)}`;
  });

  await step("send-payment-session-link.json executed", async () => {
    const run = await execute(imported["send-payment-session-link.json"]);
    expectSuccess(run);
    const [created] = outputOf(run.result, "Create Payment Session");
    const sent = sandbox.outbox({ sessionId: created.json.id }).map((m) => [m.channel, m.recipient]);
    checkEqual(
      sent,
      [
        ["Email", "jane.doe@example.com"],
        ["Phone", "+14155550199"],
      ],
      "links sent",
    );
    return `${sent.map(([channel, to]) => `${channel} to ${to}`).join(", ")}${await ranOnWorker(run.id)}`;
  });

  await step("an error as n8n records it (another organization's ID)", async () => {
    const workflow = await rest.createWorkflow(forbiddenWorkflow({ credential }));
    const run = await execute(workflow);
    check(run.execution.status === "error", `expected the execution to fail, it ended "${run.execution.status}"`);
    const error = run.result.runData["Create Payment Session"]?.[0]?.error ?? run.result.error;
    checkEqual(
      error?.message,
      "Organization ID: the API key does not belong to this organization [item 0]",
      "error message",
    );
    check(/ClientLoop error code: FORBIDDEN/.test(error.description ?? ""), `description: ${error.description}`);
    check(/GraphQL input input\.orgId/.test(error.description ?? ""), `description: ${error.description}`);
    check(error.httpCode == null, `HTTP code ${error.httpCode} recorded for an error ClientLoop answers with HTTP 200`);
    checkDocumented(`\`${error.message}\``, "for FORBIDDEN");
    return `"${error.message}", no HTTP code${await ranOnWorker(run.id)}`;
  });

  await step(
    "200 items, concurrency 10: order and item pairing kept",
    async () => {
      const count = 200;
      const workflow = await rest.createWorkflow(
        manyItemsWorkflow({ credential, orgId: sandbox.orgId, count, concurrency: 10 }),
      );
      const before = sandbox.requests().byOperation?.createPaymentSession ?? 0;
      const run = await execute(workflow);
      expectSuccess(run);
      const created = outputOf(run.result, "Create Payment Session");
      const checked = outputOf(run.result, "Check Pairing");
      checkEqual([created.length, checked.length], [count, count], "items out of Create and Check Pairing");
      created.forEach((item, i) => {
        checkEqual(item.pairedItem, { item: i }, `pairing of item ${i}`);
        checkEqual([item.json.transactionRef, item.json.amount], [`order-${i}`, `${i + 1}.00`], `session of item ${i}`);
      });
      checked.forEach((item, i) => {
        checkEqual(
          [item.json.orderRef, item.json.sessionRef],
          [`order-${i}`, `order-${i}`],
          `$('Split Out').item of item ${i}`,
        );
      });
      checkEqual(new Set(created.map((c) => c.json.id)).size, count, "distinct sessions");
      const requests = (sandbox.requests().byOperation?.createPaymentSession ?? 0) - before;
      checkEqual(requests, count, "create requests ClientLoop received");
      return `${count} sessions, ${requests} requests${await ranOnWorker(run.id)}`;
    },
    6 * 60_000,
  );

  const triggerWorkflow = imported["trigger-on-completed.json"];
  const triggerNode = triggerWorkflow.nodes.find((n) => n.type === TRIGGER_TYPE);
  const productionUrl = `${instance.webhookBaseUrl}webhook/${triggerNode.webhookId}/webhook`;
  await step("trigger-on-completed.json activated", async () => {
    await rest.activateWorkflow(triggerWorkflow.id);
    return `Production URL ${productionUrl}`;
  });

  let paid;
  await step("a session paid on the hosted page starts the trigger workflow; a canceled one is ignored", async () => {
    paid = sandbox.createSession({ amount: "42.00", currency: "USD", callbackUrl: productionUrl });
    const dropped = sandbox.createSession({ amount: "13.00", currency: "USD", callbackUrl: productionUrl });
    // the customer's browser submitting the page's Pay form
    const pay = await fetch(`${paid.link}/pay`, {
      method: "POST",
      body: new URLSearchParams({ action: "pay" }),
      redirect: "manual",
    });
    check(pay.status === 303, `the hosted page answered Pay with ${pay.status}`);
    sandbox.cancelSession(dropped.id);
    await sandbox.waitForEvents();
    for (const session of [paid, dropped]) {
      const [event] = sandbox.events({ sessionId: session.id });
      const last = event?.attempts?.at(-1);
      check(last?.status === 200, `event ${event?.type} for ${session.id} got ${JSON.stringify(last)}`);
    }
    const [execution] = await rest.waitForExecutions(triggerWorkflow.id, 1, EXECUTION_TIMEOUT_MS);
    const full = await rest.execution(execution.id);
    check(
      full.status === "success" && full.mode === "webhook",
      `execution ${execution.id}: ${full.status}, mode ${full.mode}`,
    );
    const result = runDataOf(full);
    const [item] = outputOf(result, "ClientLoop Trigger");
    checkEqual(
      [item?.json.type, item?.json.data.paymentSession.id, item?.json.data.paymentSession.status],
      ["payment_session.completed", paid.id, "Completed"],
      "event",
    );
    check(outputOf(result, "Mark Order Paid").length === 1, "Mark Order Paid did not run");
    if (queue) {
      // production webhooks are the webhook process's alone: the main does not serve them
      const onMain = await fetch(`${rest.baseUrl}${new URL(productionUrl).pathname}`, {
        method: "POST",
        body: "{}",
        headers: { "content-type": "application/json" },
      });
      check(onMain.status === 404, `the main answered the Production URL with ${onMain.status}`);
    }
    return `execution ${execution.id} for ${paid.id}${await ranOnWorker(execution.id, "webhook")}`;
  });

  await step("a forged event is refused (401) and starts nothing", async () => {
    const body = JSON.stringify({
      id: "evt_forged",
      type: "payment_session.completed",
      createdAt: new Date().toISOString(),
      data: { paymentSession: { ...sandbox.getSession(paid.id), id: "ps_forged" } },
    });
    const signature = signPayload({ payload: body, secret: "whsec_not_the_organizations" });
    const res = await fetch(productionUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "clientloop-signature": signature },
      body,
    });
    check(res.status === 401, `the forged event got ${res.status}`);
    await delay(3_000); // an execution, if one were started, would be listed by now
    const executions = await rest.executions(triggerWorkflow.id);
    checkEqual(executions.length, 1, "executions of the trigger workflow");
    return `401 ${JSON.stringify(await res.json())}`;
  });

  await rest.deactivateWorkflow(triggerWorkflow.id);
}
