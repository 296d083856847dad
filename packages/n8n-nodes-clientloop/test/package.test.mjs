// The package as n8n and the n8n tooling see it: package.json rules, what the package directory
// loader finds in dist/, the bundled core and the credential's test request. `n8n-node lint` and
// n8n's community package scanner run in `npm run lint` (scripts/scan.mjs), outside vitest's timeouts.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  API_KEY_CHECK_QUERY,
  CURRENCY_CODES,
  DEFAULT_BASE_URL,
  OPERATIONS,
  PAYMENT_SESSION_LINK_CHANNELS,
  PAYMENT_SESSION_SELECTION,
  PAYMENT_SESSION_STATUSES,
} from "@clientloop/core/pure";
import { loadPackage, packageRoot, workflowLib } from "./helpers/n8n.mjs";
import { startTestSandbox } from "./helpers/sandbox.mjs";

const pkg = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8"));
const read = (p) => readFileSync(join(packageRoot, p), "utf8");

describe("package.json", () => {
  it("follows the community node package rules", () => {
    expect(pkg.name).toBe("@clientloop/n8n-nodes-clientloop");
    expect(pkg.keywords).toContain("n8n-community-node-package");
    expect(pkg.license).toBe("MIT");
    expect(pkg.type).toBeUndefined(); // CommonJS
    expect(pkg.files).toEqual(["dist", "CHANGELOG.md"]);
    expect(pkg.peerDependencies).toEqual({ "n8n-workflow": "*" });
    expect(pkg.dependencies).toBeUndefined();
    expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
    expect(pkg.n8n.strict).toBe(true);
    for (const p of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
      expect(p).toMatch(/^dist\//);
      expect(existsSync(join(packageRoot, p))).toBe(true);
    }
    for (const script of ["prepare", "preinstall", "install", "postinstall", "prepublish"]) {
      expect(pkg.scripts[script]).toBeUndefined();
    }
    expect(read("eslint.config.mjs").replace(/\s+/g, " ").trim()).toBe(
      "import { config } from '@n8n/node-cli/eslint'; export default config;",
    );
  });
});

describe("dist as n8n loads it", () => {
  let loaded;
  beforeAll(async () => {
    loaded = await loadPackage();
  });

  it("registers both nodes and the credential by class name", () => {
    expect(loaded.loader.packageName).toBe(pkg.name);
    expect(Object.keys(loaded.loader.nodeTypes).sort()).toEqual(["clientLoop", "clientLoopTrigger"]);
    expect(Object.keys(loaded.loader.credentialTypes)).toEqual(["clientLoopApi"]);
  });

  it("describes the action node for verification", () => {
    const { description } = loaded.nodeTypes.getByName("clientLoop");
    expect(description).toMatchObject({
      displayName: "ClientLoop",
      usableAsTool: true,
      inputs: ["main"],
      outputs: ["main"],
      credentials: [{ name: "clientLoopApi", required: true }],
    });
    const operation = description.properties.find((p) => p.name === "operation");
    expect(operation.options.map((o) => o.name)).toEqual(["Create", "Send Link", "Update"]);
    const currency = description.properties.find((p) => p.name === "currency");
    expect(currency.type).toBe("options");
    expect(currency.options.map((o) => o.value)).toEqual([...CURRENCY_CODES]);
    const channel = description.properties.find((p) => p.name === "channel");
    expect(channel.options.map((o) => o.value)).toEqual(["Email", "Phone"]);
    const status = description.properties
      .find((p) => p.name === "updateFields")
      .options.find((o) => o.name === "status");
    expect(status.options.map((o) => o.value)).toEqual([...PAYMENT_SESSION_STATUSES]);
    expect(channel.options.map((o) => o.value)).toEqual([...PAYMENT_SESSION_LINK_CHANNELS]);
    // the loader resolves `file:` icons relative to the node file
    expect(description.iconUrl).toEqual({
      light: expect.stringMatching(/icons\/clientloop\.svg$/),
      dark: expect.stringMatching(/icons\/clientloop\.dark\.svg$/),
    });
  });

  // The editor evaluates a node's subtitle with the workflow's expression engine, as here.
  const subtitle = (type, parameters) => {
    const { description } = loaded.nodeTypes.getByName(type);
    const node = { id: "n", name: "N", type, typeVersion: 1, position: [0, 0], parameters };
    const workflow = new workflowLib.Workflow({
      nodes: [node],
      connections: {},
      active: false,
      nodeTypes: loaded.nodeTypes,
    });
    return workflow.expression.getSimpleParameterValue(node, description.subtitle, "internal", {});
  };

  it("shows the operation in words under the node on the canvas", () => {
    expect(subtitle("clientLoop", { resource: "paymentSession", operation: "create" })).toBe("Create payment session");
    expect(subtitle("clientLoop", { resource: "paymentSession", operation: "update" })).toBe("Update payment session");
    expect(subtitle("clientLoop", { resource: "paymentSession", operation: "sendLink" })).toBe(
      "Send payment session link",
    );
  });

  it("shows the trigger's events in words, the default ones included", () => {
    const { description } = loaded.nodeTypes.getByName("clientLoopTrigger");
    const events = description.properties.find((p) => p.name === "events").default;
    expect(subtitle("clientLoopTrigger", { events })).toBe("On completed, canceled, expired");
    expect(subtitle("clientLoopTrigger", { events: ["payment_session.completed"] })).toBe("On completed");
  });

  it("groups Contact Reference as a person is described, the address in a group of its own", () => {
    const { description } = loaded.nodeTypes.getByName("clientLoop");
    const create = description.properties.find(
      (p) => p.name === "additionalFields" && p.options.some((o) => o.name === "createPendingPayment"),
    );
    const contactRef = create.options.find((o) => o.name === "contactRef");
    const values = contactRef.options[0].values;
    expect(values.map((v) => v.displayName)).toEqual([
      "Full Name",
      "First Name",
      "Last Name",
      "Email",
      "Phone",
      "Your Contact ID",
      "Address",
    ]);
    const address = values.find((v) => v.name === "address").options[0].values;
    expect(address.map((v) => v.displayName)).toEqual([
      "Street",
      "City",
      "State or Region",
      "Postal Code",
      "Country Code",
    ]);
    // ClientLoop's contact and your own are never both called "Contact ID"
    expect(create.options.find((o) => o.name === "contactId").displayName).toBe("ClientLoop Contact ID");
  });

  it("offers every input field of the three mutations", () => {
    const { description } = loaded.nodeTypes.getByName("clientLoop");
    const names = (name) =>
      description.properties.filter((p) => p.name === name).flatMap((p) => p.options.map((o) => o.name));
    const create = names("additionalFields");
    for (const field of [
      "callbackUrl",
      "successUrl",
      "contactId",
      "contactRef",
      "transactionRef",
      "invoiceIds",
      "invoiceRefs",
      "expirationDate",
      "createPendingPayment",
      "checkoutConfigurationId",
      "invoiceTotal",
      "brandLogoUrl",
      "brandName",
      "to",
    ]) {
      expect(create).toContain(field);
    }
    const update = names("updateFields");
    for (const field of ["amount", "currency", "status", "paymentId", "contactRef", "invoiceRefs", "expirationDate"]) {
      expect(update).toContain(field);
    }
    expect(update).not.toContain("createPendingPayment");
  });

  it("describes the trigger with a webhook and the three event types", () => {
    const { description, webhookMethods } = loaded.nodeTypes.getByName("clientLoopTrigger");
    expect(description).toMatchObject({ displayName: "ClientLoop Trigger", inputs: [], group: ["trigger"] });
    expect(description.usableAsTool).toBeUndefined();
    expect(description.webhooks).toEqual([
      expect.objectContaining({ name: "default", httpMethod: "POST", path: "webhook" }),
    ]);
    expect(Object.keys(webhookMethods.default).sort()).toEqual(["checkExists", "create", "delete"]);
    const events = description.properties.find((p) => p.name === "events");
    expect(events.options.map((o) => o.value).sort()).toEqual([
      "payment_session.canceled",
      "payment_session.completed",
      "payment_session.expired",
    ]);
  });

  it("reads the codex files", () => {
    const codex = loaded.loader.types.nodes.find(
      (n) => n.name === `${pkg.name}.clientLoop` || n.name === "clientLoop",
    )?.codex;
    expect(codex?.categories ?? JSON.parse(read("dist/nodes/ClientLoop/ClientLoop.node.json")).categories).toEqual(
      expect.arrayContaining(["Finance & Accounting"]),
    );
  });

  it("also loads through the loader's vm isolation, which n8n uses outside tests", () => {
    // n8n-core loads node classes with a plain require only when NODE_ENV=test (as under vitest);
    // a child process without it takes the vm path n8n takes in production
    const env = { ...process.env };
    delete env.NODE_ENV;
    const script = `
      const { createRequire } = require("node:module");
      const req = createRequire(${JSON.stringify(join(packageRoot, "package.json"))});
      const { PackageDirectoryLoader } = req("n8n-core");
      const loader = new PackageDirectoryLoader(${JSON.stringify(packageRoot)});
      loader.loadAll().then(() => {
        const nodes = Object.values(loader.nodeTypes).map(({ type }) => type.description.name);
        const credentials = Object.keys(loader.credentialTypes);
        console.log(JSON.stringify({ nodes, credentials, known: Object.keys(loader.known.nodes) }));
      });`;
    const run = spawnSync(process.execPath, ["-e", script], { cwd: packageRoot, encoding: "utf8", env });
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout.trim().split("\n").pop());
    expect(out.nodes.sort()).toEqual(["clientLoop", "clientLoopTrigger"]);
    expect(out.credentials).toEqual(["clientLoopApi"]);
  });

  it("ships distinct light and dark icons", () => {
    expect(read("dist/icons/clientloop.svg")).not.toBe(read("dist/icons/clientloop.dark.svg"));
  });
});

describe("the bundled core", () => {
  const files = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
  const requires = (src) => [...src.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);

  it("leaves only n8n-workflow and crypto to require at run time", () => {
    for (const file of files) {
      expect(new Set(requires(read(file)))).toEqual(
        new Set(requires(read(file)).filter((r) => ["n8n-workflow", "crypto", "node:crypto"].includes(r))),
      );
    }
    expect(requires(read("dist/nodes/ClientLoop/ClientLoop.node.js"))).toEqual(
      expect.arrayContaining(["n8n-workflow"]),
    );
  });

  it("contains the core's operation documents, compiled in by the build (not copied into the source tree)", () => {
    const node = read("dist/nodes/ClientLoop/ClientLoop.node.js");
    // the documents are built from the core's selection constant; both are in the bundle
    for (const { operationName, field } of Object.values(OPERATIONS)) {
      expect(node).toMatch(
        new RegExp(`mutation ${operationName}\\(\\$input: [A-Za-z]+Input!\\) \\{ ${field}\\(input: \\$input\\)`),
      );
    }
    expect(node).toContain(`var PAYMENT_SESSION_SELECTION = \`${PAYMENT_SESSION_SELECTION.slice(0, 60)}`);
    const sourceFiles = (dir) =>
      readdirSync(join(packageRoot, dir), { recursive: true }).filter((f) => String(f).endsWith(".ts"));
    const ours = [...sourceFiles("nodes"), ...sourceFiles("credentials")].map(String);
    expect(ours.some((f) => /operations|response|scalars|validate|currencies/.test(f))).toBe(false);
    for (const file of ours) {
      const src = read(join(existsSync(join(packageRoot, "nodes", file)) ? "nodes" : "credentials", file));
      expect(src).not.toMatch(/createPaymentSession\(input:/);
    }
  });

  it("has no restricted globals left in dist (zod's globalThis is module-local)", () => {
    for (const file of files) {
      const src = read(file);
      expect(src).not.toMatch(/\bglobalThis\b/);
      expect(src).not.toMatch(/\bprocess\.(env|exit|cwd)/);
      expect(src).not.toMatch(/\bsetTimeout\(/);
    }
    expect(read("dist/nodes/ClientLoop/ClientLoop.node.js")).toContain("__clientLoopZodScope");
  });

  it("keeps the validation (zod) out of the credential, which needs only contract constants", () => {
    const credential = read("dist/credentials/ClientLoopApi.credentials.js");
    expect(credential).not.toContain("__clientLoopZodScope");
    expect(credential.length).toBeLessThan(16 * 1024);
  });
});

describe("credential test request", () => {
  let sandbox;
  beforeAll(async () => {
    ({ sandbox } = await startTestSandbox());
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  // Runs the credential type's own `test` block the way n8n's credentials tester does: the
  // request with `$credentials` resolved, the credential's authentication applied, then its rules.
  async function testCredential(credentials) {
    const { credentialTypes } = await loadPackage();
    const type = credentialTypes.clientLoopApi;
    const { Workflow } = workflowLib;
    const workflow = new Workflow({
      nodes: [],
      connections: {},
      active: false,
      nodeTypes: { getByNameAndVersion: () => undefined, getByName: () => undefined },
    });
    const node = { name: "Test", type: "test", typeVersion: 1, parameters: {}, position: [0, 0], id: "t" };
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
    const headers = { ...type.test.request.headers };
    for (const [key, value] of Object.entries(type.authenticate.properties.headers)) headers[key] = resolveValue(value);
    const res = await fetch(resolveValue(type.test.request.url), {
      method: type.test.request.method,
      headers,
      body: JSON.stringify(type.test.request.body),
    });
    if (res.status >= 400) {
      const rule = type.test.rules.find((r) => r.type === "responseCode" && r.properties.value === res.status);
      return { status: "Error", message: rule ? rule.properties.message : res.statusText };
    }
    return { status: "OK" };
  }

  it("tells a wrong key from a right one", async () => {
    expect(await testCredential({ apiKey: sandbox.apiKey, endpointUrl: sandbox.url })).toEqual({ status: "OK" });
    expect(await testCredential({ apiKey: "sk_wrong", endpointUrl: sandbox.url })).toEqual({
      status: "Error",
      message: "The API key is not valid (ClientLoop answered 401 UNAUTHENTICATED)",
    });
  });

  it("defaults to the production endpoint and keeps secrets in password fields", async () => {
    const { credentialTypes } = await loadPackage();
    const props = Object.fromEntries(credentialTypes.clientLoopApi.properties.map((p) => [p.name, p]));
    expect(props.endpointUrl.default).toBe("https://graph.clientloop.com/");
    expect(props.endpointUrl.default).toBe(DEFAULT_BASE_URL);
    expect(credentialTypes.clientLoopApi.test.request.body).toEqual({ query: API_KEY_CHECK_QUERY });
    expect(props.apiKey.typeOptions).toEqual({ password: true });
    expect(props.signingSecret.typeOptions).toEqual({ password: true });
    expect(credentialTypes.clientLoopApi.documentationUrl).toMatch(/^https:\/\//);
  });
});
