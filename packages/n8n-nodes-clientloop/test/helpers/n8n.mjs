// Runs the built package the way n8n does (Recipe A in the n8n notes): the package directory
// loader reads package.json's `n8n` block and loads dist/, and n8n-core's real WorkflowExecute
// runs workflows whose requests go over HTTP to the ClientLoop sandbox. Only the credential
// store is a test stand-in (it returns the test credentials and applies the credential type's
// own generic authentication, as n8n's CredentialsHelper does).
import { createRequire } from "node:module";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";

export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
// resolve n8n-core and n8n-workflow from the package, exactly as dist/ does, so that both use
// one n8n-workflow instance (instanceof NodeApiError must hold)
const require = createRequire(resolve(packageRoot, "package.json"));
export const core = require("n8n-core");
export const workflowLib = require("n8n-workflow");
const { PackageDirectoryLoader, WorkflowExecute, ExecutionLifecycleHooks, WebhookContext, HookContext } = core;
const { Workflow, NodeHelpers, ICredentialsHelper, createRunExecutionData } = workflowLib;

export const PACKAGE_NAME = "@clientloop/n8n-nodes-clientloop";
export const NODE_TYPE = `${PACKAGE_NAME}.clientLoop`;
export const TRIGGER_TYPE = `${PACKAGE_NAME}.clientLoopTrigger`;

let loaded;
/** Loads dist/ through n8n-core's PackageDirectoryLoader (once per test file). */
export async function loadPackage() {
  if (loaded) return loaded;
  const loader = new PackageDirectoryLoader(packageRoot);
  await loader.loadAll();
  const byName = new Map();
  for (const [name, { type }] of Object.entries(loader.nodeTypes)) {
    byName.set(name, type);
    byName.set(`${loader.packageName}.${name}`, type);
  }
  const nodeTypes = {
    getByName: (name) => byName.get(name),
    getByNameAndVersion: (name, version) => NodeHelpers.getVersionedNodeType(byName.get(name), version),
    getKnownTypes: () => ({}),
  };
  const credentialTypes = Object.fromEntries(
    Object.entries(loader.credentialTypes).map(([name, { type }]) => [name, type]),
  );
  loaded = { loader, nodeTypes, credentialTypes };
  return loaded;
}

/** n8n's CredentialsHelper reduced to what a run needs: fixed credentials, generic auth. */
class TestCredentialsHelper extends ICredentialsHelper {
  constructor(credentialTypes, credentials) {
    super();
    this.credentialTypes = credentialTypes;
    this.credentials = credentials;
  }
  getParentTypes() {
    return [];
  }
  isCredentialUsableByNode() {
    return true;
  }
  async authenticate(credentials, typeName, requestOptions, workflow, node) {
    const { authenticate } = this.credentialTypes[typeName];
    if (typeof authenticate !== "object" || authenticate.type !== "generic") return requestOptions;
    const resolveValue = (value) =>
      typeof value === "string" && value.startsWith("=")
        ? workflow.expression.getSimpleParameterValue(
            node,
            value,
            "internal",
            { $credentials: credentials },
            undefined,
            "",
          )
        : value;
    for (const [outerKey, properties] of Object.entries(authenticate.properties)) {
      requestOptions[outerKey] ??= {};
      for (const [key, value] of Object.entries(properties)) {
        requestOptions[outerKey][resolveValue(key)] = resolveValue(value);
      }
    }
    return requestOptions;
  }
  async preAuthentication() {
    return undefined;
  }
  async runPreAuthentication() {
    return undefined;
  }
  async getCredentials() {
    throw new Error("not used");
  }
  async getDecrypted(_additionalData, _nodeCredentials, type) {
    if (!this.credentials[type]) throw new Error(`no test credentials of type ${type}`);
    return { ...this.credentials[type] };
  }
  async updateCredentials() {}
  async updateCredentialsOauthTokenData() {}
  getCredentialsProperties(type) {
    return this.credentialTypes[type]?.properties ?? [];
  }
}

function additionalData(credentialTypes, credentials, extra = {}) {
  return {
    credentialsHelper: new TestCredentialsHelper(credentialTypes, credentials),
    variables: {},
    restApiUrl: "http://127.0.0.1:5678/rest",
    instanceBaseUrl: "http://127.0.0.1:5678/",
    webhookBaseUrl: "http://127.0.0.1:5678/webhook",
    webhookWaitingBaseUrl: "http://127.0.0.1:5678/webhook-waiting",
    webhookTestBaseUrl: "http://127.0.0.1:5678/webhook-test",
    formWaitingBaseUrl: "http://127.0.0.1:5678/form-waiting",
    currentNodeParameters: undefined,
    executionTimeoutTimestamp: undefined,
    userId: "test-user",
    setExecutionStatus: () => {},
    executeWorkflow: async () => {
      throw new Error("not used");
    },
    getRunExecutionData: async () => undefined,
    logAiEvent: () => {},
    startRunnerTask: async () => {
      throw new Error("not used");
    },
    ...extra,
  };
}

export const CREDENTIAL_ID = "cred-1";

/** A node of the workflow; `parameters` as the n8n editor would save them. */
export function clientLoopNode(name, parameters, settings = {}) {
  return {
    id: name,
    name,
    type: NODE_TYPE,
    typeVersion: 1,
    position: [0, 0],
    parameters,
    credentials: { clientLoopApi: { id: CREDENTIAL_ID, name: "ClientLoop sandbox" } },
    ...settings,
  };
}

/**
 * Runs `nodes` (connected in a chain, in the given order) with `items` as the first node's
 * input. Resolves with { runData, error, nodeOutput(name), nodeError(name) }.
 */
export async function runWorkflow({ nodes, items, credentials, staticData, timezone = "UTC" }) {
  const { nodeTypes, credentialTypes } = await loadPackage();
  const connections = {};
  for (let i = 0; i + 1 < nodes.length; i++) {
    connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: "main", index: 0 }]] };
  }
  const workflowData = {
    id: "wf-1",
    name: "ClientLoop test",
    nodes,
    connections,
    active: false,
    settings: { executionOrder: "v1", timezone },
    staticData,
  };
  const workflow = new Workflow({ ...workflowData, nodeTypes });
  const hooks = new ExecutionLifecycleHooks("manual", "exec-1", workflowData);
  const done = new Promise((resolveRun) => hooks.addHandler("workflowExecuteAfter", (run) => resolveRun(run)));
  const runExecutionData = createRunExecutionData({
    executionData: {
      nodeExecutionStack: [{ node: nodes[0], data: { main: [items.map((json) => ({ json }))] }, source: null }],
    },
  });
  const execute = new WorkflowExecute(
    { ...additionalData(credentialTypes, credentials), hooks },
    "manual",
    runExecutionData,
  );
  await execute.processRunExecutionData(workflow);
  const run = await done;
  const runData = run.data.resultData.runData;
  return {
    run,
    runData,
    error: run.data.resultData.error,
    /** main output 0 of a node's first run: [{ json, pairedItem, error? }] */
    output: (name, outputIndex = 0) => runData[name]?.[0]?.data?.main?.[outputIndex] ?? [],
    nodeError: (name) => runData[name]?.[0]?.error,
    staticData: workflow.staticData,
  };
}

/** Runs the trigger's activation hooks (checkExists, then create) as n8n does on activation. */
export async function activateTrigger({ node, staticData = {}, credentials = {}, activation = "activate" }) {
  const { nodeTypes, credentialTypes } = await loadPackage();
  const workflow = new Workflow({
    id: "wf-1",
    nodes: [node],
    connections: {},
    active: true,
    nodeTypes,
    staticData,
    settings: { executionOrder: "v1" },
  });
  const data = additionalData(credentialTypes, credentials);
  const ctx = new HookContext(
    workflow,
    node,
    data,
    activation === "manual" ? "manual" : "trigger",
    activation,
    activation === "manual" ? { isTest: true } : undefined,
  );
  const type = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
  const methods = type.webhookMethods.default;
  if (!(await methods.checkExists.call(ctx))) await methods.create.call(ctx);
  const deactivate = () => methods.delete.call(ctx);
  return {
    deactivate,
    workflow,
    staticData: workflow.staticData,
    url: ctx.getNodeWebhookUrl("default"),
    ctx,
    methods,
  };
}

export function triggerNode(parameters = {}, withCredential = true) {
  return {
    id: "trigger",
    name: "ClientLoop Trigger",
    type: TRIGGER_TYPE,
    typeVersion: 1,
    position: [0, 0],
    webhookId: "6f1f7c1e-0000-4000-8000-000000000001",
    parameters,
    ...(withCredential ? { credentials: { clientLoopApi: { id: CREDENTIAL_ID, name: "ClientLoop sandbox" } } } : {}),
  };
}

/**
 * A loopback HTTP endpoint standing in for n8n's webhook server: each POST is handed to the
 * trigger's real webhook() through n8n-core's WebhookContext, with the raw body kept as n8n's
 * body parser keeps it (req.rawBody). When webhook() returns workflowData, the workflow is
 * started from the trigger node with n8n-core's WorkflowExecute, as n8n's WebhookService does.
 */
export async function startTriggerServer({ node, credentials, downstream = [] }) {
  const { nodeTypes, credentialTypes } = await loadPackage();
  const nodes = [node, ...downstream];
  const connections = {};
  for (let i = 0; i + 1 < nodes.length; i++) {
    connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: "main", index: 0 }]] };
  }
  const workflowData = {
    id: "wf-trigger",
    name: "ClientLoop trigger test",
    nodes,
    connections,
    active: true,
    settings: { executionOrder: "v1" },
  };
  const calls = [];
  const executions = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", async () => {
      const rawBody = Buffer.concat(chunks);
      let body = {};
      try {
        body = JSON.parse(rawBody.toString("utf8"));
      } catch {
        body = {};
      }
      const request = Object.assign(req, { body, rawBody, params: {}, query: {} });
      let responded = false;
      const response = {
        status(code) {
          res.statusCode = code;
          return response;
        },
        json(value) {
          responded = true;
          res.setHeader("content-type", "application/json");
          res.end(JSON.stringify(value));
          return response;
        },
        send(value) {
          responded = true;
          res.end(typeof value === "string" ? value : JSON.stringify(value));
          return response;
        },
        end(value) {
          responded = true;
          res.end(value);
          return response;
        },
        setHeader: (...args) => res.setHeader(...args),
      };
      const workflow = new Workflow({ ...workflowData, nodeTypes });
      const data = additionalData(credentialTypes, credentials, { httpRequest: request, httpResponse: response });
      const webhookData = {
        httpMethod: "POST",
        node: node.name,
        path: "webhook",
        webhookDescription: nodeTypes.getByName(node.type).description.webhooks[0],
        workflowId: workflow.id,
        workflowExecuteAdditionalData: data,
        webhookId: node.webhookId,
      };
      const ctx = new WebhookContext(workflow, node, data, "webhook", webhookData, [], null);
      const call = { headers: req.headers, rawBody: rawBody.toString("utf8") };
      calls.push(call);
      try {
        const result = await nodeTypes.getByName(node.type).webhook.call(ctx);
        call.result = result;
        if (!result.noWebhookResponse && !responded) {
          res.statusCode = 200;
          res.setHeader("content-type", "application/json");
          res.end(JSON.stringify(result.webhookResponse ?? { message: "Workflow was started" }));
        }
        call.status = res.statusCode;
        if (result.workflowData) {
          executions.push(
            runFromTrigger(workflowData, nodeTypes, credentialTypes, credentials, node, result.workflowData),
          );
        }
      } catch (error) {
        call.error = error;
        res.statusCode = 500;
        res.end(String(error?.message ?? error));
      }
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${server.address().port}/webhook/${node.webhookId}/webhook`;
  return {
    url,
    calls,
    executions,
    stop: () => new Promise((r) => server.close(() => r())),
  };
}

async function runFromTrigger(workflowData, nodeTypes, credentialTypes, credentials, node, workflowDataItems) {
  const workflow = new Workflow({ ...workflowData, nodeTypes });
  const hooks = new ExecutionLifecycleHooks("webhook", `exec-${Math.random()}`, workflowData);
  const done = new Promise((r) => hooks.addHandler("workflowExecuteAfter", (run) => r(run)));
  const runExecutionData = createRunExecutionData({
    executionData: { nodeExecutionStack: [{ node, data: { main: workflowDataItems }, source: null }] },
  });
  await new WorkflowExecute(
    { ...additionalData(credentialTypes, credentials), hooks },
    "webhook",
    runExecutionData,
  ).processRunExecutionData(workflow);
  const run = await done;
  return { run, output: (name) => run.data.resultData.runData[name]?.[0]?.data?.main?.[0] ?? [] };
}
