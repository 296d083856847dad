// The ClientLoop Trigger: the sandbox POSTs signed events to the trigger's URL (a session's
// callbackUrl) over HTTP; the trigger's webhook() runs through n8n-core's WebhookContext and a
// verified event starts the workflow through n8n-core's WorkflowExecute. Unsigned, tampered,
// stale and filtered events are also sent by hand.
import { createHmac } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTriggerServer, triggerNode } from "./helpers/n8n.mjs";
import { startTestSandbox } from "./helpers/sandbox.mjs";

let sandbox;
let credentials;
let servers = [];
beforeAll(async () => {
  ({ sandbox } = await startTestSandbox());
  credentials = {
    clientLoopApi: { apiKey: sandbox.apiKey, endpointUrl: sandbox.url, signingSecret: sandbox.signingSecret },
  };
});
afterAll(async () => {
  await sandbox?.stop();
});
afterEach(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  servers = [];
});

async function trigger(parameters = {}, creds = credentials, withCredential = true) {
  const server = await startTriggerServer({ node: triggerNode(parameters, withCredential), credentials: creds });
  servers.push(server);
  return server;
}

function sign(body, secret, t = Math.floor(Date.now() / 1000)) {
  return `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`;
}

function eventBody(session, type = "payment_session.completed") {
  return JSON.stringify({
    id: `evt_${Math.random().toString(16).slice(2)}`,
    type,
    createdAt: new Date().toISOString(),
    data: { paymentSession: session },
  });
}

const post = (url, body, headers = {}) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

describe("events from the sandbox", () => {
  it("a completed session's signed event starts the workflow with the event", async () => {
    const server = await trigger();
    const session = sandbox.createSession({ amount: "42.00", currency: "USD", callbackUrl: server.url });
    sandbox.completeSession(session.id, { paymentId: "pay_1" });
    await sandbox.waitForEvents();

    const [record] = sandbox.events({ sessionId: session.id });
    expect(record).toMatchObject({ type: "payment_session.completed", deliveryStatus: "delivered" });
    expect(record.attempts[0].status).toBe(200);
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0].headers["clientloop-signature"]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);

    expect(server.executions).toHaveLength(1);
    const { run, output } = await server.executions[0];
    expect(run.status).toBe("success");
    const [item] = output("ClientLoop Trigger");
    expect(item.json).toMatchObject({
      id: record.id,
      type: "payment_session.completed",
      data: { paymentSession: { id: session.id, status: "Completed", amount: "42.00", paymentId: "pay_1" } },
    });
  });

  it.each([
    ["cancelSession", "payment_session.canceled", "Canceled"],
    ["expireSession", "payment_session.expired", "Expired"],
  ])("%s delivers %s", async (method, type, status) => {
    const server = await trigger();
    const session = sandbox.createSession({ amount: "5.00", currency: "USD", callbackUrl: server.url });
    sandbox[method](session.id);
    await sandbox.waitForEvents();
    const { output } = await server.executions[0];
    expect(output("ClientLoop Trigger")[0].json).toMatchObject({ type, data: { paymentSession: { status } } });
  });

  it("filters by event type: other events are acknowledged and start nothing", async () => {
    const server = await trigger({ events: ["payment_session.completed"] });
    const canceled = sandbox.createSession({ amount: "5.00", currency: "USD", callbackUrl: server.url });
    const completed = sandbox.createSession({ amount: "6.00", currency: "USD", callbackUrl: server.url });
    sandbox.cancelSession(canceled.id);
    sandbox.completeSession(completed.id);
    await sandbox.waitForEvents();
    expect(sandbox.events({ sessionId: canceled.id })[0].deliveryStatus).toBe("delivered");
    expect(server.calls.map((c) => c.result.webhookResponse)).toEqual(
      expect.arrayContaining([{ received: true, ignored: true }, { received: true }]),
    );
    expect(server.executions).toHaveLength(1);
    const { output } = await server.executions[0];
    expect(output("ClientLoop Trigger")[0].json.data.paymentSession.id).toBe(completed.id);
  });
});

describe("signature verification", () => {
  const session = () => sandbox.createSession({ amount: "9.99", currency: "USD" });

  it("rejects an unsigned event with 401 when a signing secret is configured", async () => {
    const server = await trigger();
    const res = await post(server.url, eventBody({ ...session(), status: "Completed" }));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: expect.stringMatching(/ClientLoop-Signature header is missing/) });
    expect(server.executions).toHaveLength(0);
  });

  it("rejects a tampered event with 401", async () => {
    const server = await trigger();
    const body = eventBody({ ...session(), status: "Completed", amount: "9.99" });
    const signature = sign(body, sandbox.signingSecret);
    const res = await post(server.url, body.replace('"9.99"', '"0.01"'), { "clientloop-signature": signature });
    expect(res.status).toBe(401);
    expect((await res.json()).error).toMatch(/No signature matches/);
    expect(server.executions).toHaveLength(0);
  });

  it("rejects an event signed with another secret, and a replayed (stale) one", async () => {
    const server = await trigger();
    const body = eventBody({ ...session(), status: "Completed" });
    const wrong = await post(server.url, body, { "clientloop-signature": sign(body, "whsec_other") });
    expect(wrong.status).toBe(401);
    const stale = await post(server.url, body, {
      "clientloop-signature": sign(body, sandbox.signingSecret, Math.floor(Date.now() / 1000) - 3600),
    });
    expect(stale.status).toBe(401);
    expect((await stale.json()).error).toMatch(/more than 300 s/);
    expect(server.executions).toHaveLength(0);
  });

  it("accepts an event signed by hand with the right secret (rotation: one of several v1 matches)", async () => {
    const server = await trigger();
    const body = eventBody({ ...session(), status: "Completed" });
    const t = Math.floor(Date.now() / 1000);
    const good = sign(body, sandbox.signingSecret, t).split(",")[1];
    const other = sign(body, "whsec_old", t).split(",")[1];
    const res = await post(server.url, body, { "clientloop-signature": `t=${t},${other},${good}` });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true });
    expect(server.executions).toHaveLength(1);
  });

  it("honours a shorter tolerance", async () => {
    const server = await trigger({ options: { toleranceSeconds: 10 } });
    const body = eventBody({ ...session(), status: "Completed" });
    const res = await post(server.url, body, {
      "clientloop-signature": sign(body, sandbox.signingSecret, Math.floor(Date.now() / 1000) - 60),
    });
    expect(res.status).toBe(401);
  });

  it("without a signing secret, accepts unsigned events but still rejects what is not an event", async () => {
    const noSecret = { clientLoopApi: { ...credentials.clientLoopApi, signingSecret: "" } };
    const server = await trigger({}, noSecret);
    const ok = await post(server.url, eventBody({ ...session(), status: "Canceled" }, "payment_session.canceled"));
    expect(ok.status).toBe(200);
    const bad = await post(server.url, JSON.stringify({ hello: "world" }));
    expect(bad.status).toBe(400);
    expect(server.executions).toHaveLength(1);
    const { output } = await server.executions[0];
    expect(output("ClientLoop Trigger")[0].json.type).toBe("payment_session.canceled");
  });

  it("works without any credential selected (unverified)", async () => {
    const server = await trigger({}, {}, false);
    const ok = await post(server.url, eventBody({ ...session(), status: "Expired" }, "payment_session.expired"));
    expect(ok.status).toBe(200);
    expect(server.executions).toHaveLength(1);
  });
});
