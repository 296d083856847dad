// The n8n REST API as the editor uses it (replies are `{ data }`; the `n8n-auth` cookie from
// /rest/login authenticates every later call). Only what the suite needs.
import { delay } from "./processes.mjs";

export const OWNER = {
  email: "owner@clientloop.test",
  firstName: "Clientloop",
  lastName: "Tester",
  // n8n's rule: 8-64 characters with a digit and an upper-case letter
  password: "E2e-n8n-password-1",
};

export class N8nRest {
  constructor(baseUrl) {
    this.baseUrl = baseUrl.replace(/\/$/, "");
    this.cookie = undefined;
  }

  async request(method, path, body) {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        accept: "application/json",
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      throw new Error(`n8n ${method} ${path}: HTTP ${res.status} ${json?.message ?? text.slice(0, 500)}`);
    }
    return { res, data: json?.data ?? json };
  }

  /** Creates the owner account (a fresh instance has none) and logs in once (n8n limits logins). */
  async setUpOwnerAndLogIn() {
    await this.request("POST", "/rest/owner/setup", OWNER);
    const { res } = await this.request("POST", "/rest/login", {
      emailOrLdapLoginId: OWNER.email,
      password: OWNER.password,
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("n8n-auth="));
    if (!cookie) throw new Error("n8n /rest/login set no n8n-auth cookie");
    this.cookie = cookie.split(";")[0];
  }

  async settings() {
    return (await this.request("GET", "/rest/settings")).data;
  }

  /** The node types the editor's nodes panel offers (what the instance loaded). */
  async nodeTypes() {
    return (await this.request("GET", "/types/nodes.json")).data;
  }

  /** Packages installed through Settings → Community Nodes (a manual install is not among them). */
  async communityPackages() {
    return (await this.request("GET", "/rest/community-packages")).data;
  }

  async createCredential({ name, type, data }) {
    return (await this.request("POST", "/rest/credentials", { name, type, data })).data;
  }

  /** The editor's "Test" button: `{ status: "OK" | "Error", message }`. */
  async testCredential({ id, name, type, data }) {
    return (await this.request("POST", "/rest/credentials/test", { credentials: { id, name, type, data } })).data;
  }

  /** Saves a workflow as "Import from File" followed by "Save" does. */
  async createWorkflow(workflow) {
    const { name, nodes, connections, settings, pinData } = workflow;
    return (
      await this.request("POST", "/rest/workflows", { name, nodes, connections, settings, pinData, active: false })
    ).data;
  }

  async activateWorkflow(id) {
    const { versionId } = (await this.request("GET", `/rest/workflows/${id}`)).data;
    return (await this.request("POST", `/rest/workflows/${id}/activate`, { versionId })).data;
  }

  async deactivateWorkflow(id) {
    return (await this.request("POST", `/rest/workflows/${id}/deactivate`, {})).data;
  }

  /** "Execute workflow" from the given trigger; returns the execution id. */
  async runWorkflow(id, triggerName) {
    const { data } = await this.request("POST", `/rest/workflows/${id}/run`, {
      triggerToStartFrom: { name: triggerName },
    });
    if (!data?.executionId) throw new Error(`n8n did not start workflow ${id}: ${JSON.stringify(data)}`);
    return data.executionId;
  }

  async executions(workflowId) {
    const filter = encodeURIComponent(JSON.stringify({ workflowId }));
    const { data } = await this.request("GET", `/rest/executions?filter=${filter}&limit=100`);
    return data.results;
  }

  async execution(id) {
    return (await this.request("GET", `/rest/executions/${id}`)).data;
  }

  /** Waits until execution `id` has ended; returns it. */
  async waitForExecution(id, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const execution = await this.execution(id);
      if (!["new", "running", "waiting"].includes(execution.status) && (execution.finished || execution.stoppedAt))
        return execution;
      if (Date.now() > deadline)
        throw new Error(`execution ${id} still ${execution.status} after ${timeoutMs / 1000} s`);
      await delay(300);
    }
  }

  /** Waits until `workflowId` has `count` executions that have ended; returns them, oldest first. */
  async waitForExecutions(workflowId, count, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const all = await this.executions(workflowId);
      const ended = all.filter((e) => !["new", "running", "waiting"].includes(e.status));
      if (ended.length >= count) return ended.sort((a, b) => Number(a.id) - Number(b.id));
      if (Date.now() > deadline) {
        throw new Error(
          `workflow ${workflowId}: ${ended.length} of ${count} executions ended after ${timeoutMs / 1000} s`,
        );
      }
      await delay(300);
    }
  }
}
