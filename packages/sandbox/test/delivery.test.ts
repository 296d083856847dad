// Event delivery on the contract's schedule (at least once, over ~76 h), played on the sandbox
// clock over real HTTP: receivers that are down (500, a closed port) and come back, clock
// advances that cover three days in seconds, resends, and the records the control API shows.
import { EVENT_RETRY_SCHEDULE, EVENT_TYPES } from "@clientloop/core/pure";
import { constructEvent } from "@clientloop/core/webhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSandbox, type EventRecord, type Sandbox } from "../src/index.js";
import { closedPort, created, eventually, startReceiver } from "./helpers.js";

const HOUR = 3_600_000;
let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ port: 0, signingSecret: "whsec_delivery" }); // the contract's schedule
});
afterAll(() => sb.stop());
beforeEach(() => sb.reset());

const eventOf = (sessionId: string) => sb.events({ sessionId })[0]!;
const gaps = (e: EventRecord) => {
  const due = e.attempts.filter((a) => !a.manual).map((a) => Date.parse(a.scheduledAt!));
  return due.slice(1).map((t, i) => t - due[i]!);
};

/** Moves the clock to the next attempt's due time and waits for the attempts due then. */
async function stepToNextAttempt(e: EventRecord): Promise<void> {
  sb.advanceTime(Math.max(0, Date.parse(e.nextAttemptAt!) - sb.now().getTime()));
  await sb.waitForEvents({ scheduled: "ignore" });
}

describe("delivery on the contract's schedule", () => {
  it("retries a receiver answering 500 on the schedule, and the event is delivered exactly when it answers 2xx", async () => {
    const hook = await startReceiver([500, 500, 500, 500, 500, 200]);
    try {
      const s = await created(sb, { callbackUrl: hook.url });
      sb.completeSession(s.id);
      await sb.waitForEvents({ scheduled: "ignore" });
      const e = eventOf(s.id);
      expect(e).toMatchObject({ deliveryStatus: "pending", nextAttemptAt: expect.any(String) });
      expect(e.attempts).toHaveLength(1);
      expect(Date.parse(e.nextAttemptAt!) - Date.parse(e.attempts[0]!.scheduledAt!)).toBe(EVENT_RETRY_SCHEDULE[0]);

      while (e.deliveryStatus === "pending") {
        await stepToNextAttempt(e);
        expect(hook.calls).toHaveLength(e.attempts.length); // every attempt reached the receiver
        if (e.attempts.at(-1)!.status !== 200) expect(e.deliveryStatus).toBe("pending");
      }
      expect(e.deliveryStatus).toBe("delivered");
      expect(e.nextAttemptAt).toBeNull();
      expect(e.attempts.map((a) => a.status)).toEqual([500, 500, 500, 500, 500, 200]);
      expect(gaps(e)).toEqual(EVENT_RETRY_SCHEDULE.slice(0, 5));
      // each attempt was made when it was due on the sandbox clock (10 s, 1 min, 5 min, 15 min, 30 min later)
      for (const a of e.attempts) expect(Date.parse(a.at)).toBeGreaterThanOrEqual(Date.parse(a.scheduledAt!));
      expect(e.attempts.slice(0, -1).map((a) => a.retryInMs)).toEqual(EVENT_RETRY_SCHEDULE.slice(0, 5));
      // the same event every time, signed afresh, verifiable by the receiver
      expect(new Set(hook.calls.map((c) => c.headers["clientloop-event-id"]))).toEqual(new Set([e.id]));
      for (const c of hook.calls) {
        expect(
          constructEvent({ payload: c.body, header: c.headers as Record<string, string>, secret: "whsec_delivery" }).id,
        ).toBe(e.id);
      }
      // nothing more is sent once delivered
      sb.advanceTime(80 * HOUR);
      await sb.waitForEvents();
      expect(hook.calls).toHaveLength(6);
    } finally {
      await hook.close();
    }
  });

  it("a receiver that stays down: 15 attempts over about 76 hours in one clock advance, then failed", async () => {
    const port = await closedPort();
    const s = await created(sb, { callbackUrl: `http://127.0.0.1:${port}/hooks/clientloop` });
    sb.cancelSession(s.id);
    const started = Date.now();
    sb.advanceTime(77 * HOUR); // one advance plays every retry that falls due in turn
    await sb.waitForEvents();
    const e = eventOf(s.id);
    expect(e.deliveryStatus).toBe("failed");
    expect(e.nextAttemptAt).toBeNull();
    expect(e.attempts).toHaveLength(EVENT_RETRY_SCHEDULE.length + 1);
    expect(e.attempts.every((a) => a.status === undefined && a.error === "ECONNREFUSED")).toBe(true);
    expect(gaps(e)).toEqual([...EVENT_RETRY_SCHEDULE]);
    const span = Date.parse(e.attempts.at(-1)!.scheduledAt!) - Date.parse(e.attempts[0]!.scheduledAt!);
    expect(span).toBeGreaterThanOrEqual(72 * HOUR);
    expect(e.attempts.at(-1)!.retryInMs).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(60_000); // three days of retries, played in seconds
  });

  it("a receiver down for 8 attempts (closed port) and then up: delivered by the 9th, stepping the clock over HTTP", async () => {
    const port = await closedPort();
    const s = await created(sb, { callbackUrl: `http://127.0.0.1:${port}/hooks/clientloop` });
    sb.completeSession(s.id);
    await sb.waitForEvents({ scheduled: "ignore" });
    const e = eventOf(s.id);
    const advance = (ms: number) =>
      fetch(`${sb.baseUrl}/_sandbox/clock/advance`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ms }),
      });
    while (e.attempts.length < 8) {
      await advance(Math.max(0, Date.parse(e.nextAttemptAt!) - sb.now().getTime()));
      await sb.waitForEvents({ scheduled: "ignore" });
    }
    expect(e.deliveryStatus).toBe("pending");
    const hook = await startReceiver([200], port);
    try {
      await advance(Date.parse(e.nextAttemptAt!) - sb.now().getTime());
      await sb.waitForEvents();
      expect(e.deliveryStatus).toBe("delivered");
      expect(e.attempts.map((a) => a.status ?? a.error)).toEqual([...Array(8).fill("ECONNREFUSED"), 200]);
      expect(hook.calls).toHaveLength(1);
      expect(gaps(e)).toEqual(EVENT_RETRY_SCHEDULE.slice(0, 8));
      // the control API shows the same record
      const [overHttp] = (await (
        await fetch(`${sb.baseUrl}/_sandbox/events?sessionId=${s.id}`)
      ).json()) as EventRecord[];
      expect(overHttp).toMatchObject({ id: e.id, deliveryStatus: "delivered", nextAttemptAt: null });
      expect(overHttp!.attempts).toHaveLength(9);
    } finally {
      await hook.close();
    }
  });

  it("waitForEvents() waits for the retries; waitForEvents({ scheduled: 'ignore' }) only for what is due now", async () => {
    const hook = await startReceiver([503, 200]);
    try {
      const s = await created(sb, { callbackUrl: hook.url });
      sb.expireSession(s.id);
      let settled = false;
      const all = sb.waitForEvents().then(() => (settled = true));
      await sb.waitForEvents({ scheduled: "ignore" });
      expect(hook.calls).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 50));
      expect(settled).toBe(false); // the retry is 10 s away on the sandbox clock
      sb.advanceTime(EVENT_RETRY_SCHEDULE[0]!);
      await all;
      expect(eventOf(s.id).deliveryStatus).toBe("delivered");
    } finally {
      await hook.close();
    }
  });
});

describe("resend", () => {
  it("after failure: the same event id and body, a fresh signature, recorded as manual, and delivered when it gets a 2xx", async () => {
    const port = await closedPort();
    const s = await created(sb, { callbackUrl: `http://127.0.0.1:${port}/hooks/clientloop` });
    sb.completeSession(s.id);
    sb.advanceTime(77 * HOUR);
    await sb.waitForEvents();
    const e = eventOf(s.id);
    expect(e.deliveryStatus).toBe("failed");

    const hook = await startReceiver([500, 200], port);
    try {
      const first = await sb.resendEvent(e.id);
      expect(first).toMatchObject({ manual: true, status: 500, attempt: 16 });
      expect(first.scheduledAt).toBeUndefined();
      expect(e.deliveryStatus).toBe("failed"); // a failed resend changes nothing

      const res = await fetch(`${sb.baseUrl}/_sandbox/events/${e.id}/resend`, { method: "POST" });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ manual: true, status: 200, attempt: 17 });
      expect(e.deliveryStatus).toBe("delivered");
      expect(e.attempts).toHaveLength(17);
      const one = await (await fetch(`${sb.baseUrl}/_sandbox/events/${e.id}`)).json();
      expect(one).toMatchObject({ id: e.id, deliveryStatus: "delivered", nextAttemptAt: null });
      expect(one.attempts.at(-1)).toMatchObject({ manual: true, status: 200 });

      expect(hook.calls).toHaveLength(2);
      for (const c of hook.calls) {
        expect(c.headers["clientloop-event-id"]).toBe(e.id);
        expect(c.body).toBe(e.body);
        const event = constructEvent({
          payload: c.body,
          header: c.headers as Record<string, string>,
          secret: "whsec_delivery",
        });
        expect(event.type).toBe(EVENT_TYPES.completed);
      }
      // the signature is made for the resend (its timestamp is now), not copied from an old attempt
      const t = (sig: string) => Number(/t=(\d+)/.exec(sig)![1]);
      expect(t(hook.calls[1]!.headers["clientloop-signature"] as string)).toBeGreaterThanOrEqual(
        t(e.attempts[0]!.signature),
      );
      expect(e.attempts.at(-1)!.signature).toBe(hook.calls[1]!.headers["clientloop-signature"]);
    } finally {
      await hook.close();
    }
  });

  it("of a pending event that succeeds: delivered, and the scheduled retry is cancelled", async () => {
    const hook = await startReceiver([500, 200]);
    try {
      const s = await created(sb, { callbackUrl: hook.url });
      sb.completeSession(s.id);
      await sb.waitForEvents({ scheduled: "ignore" });
      const e = eventOf(s.id);
      expect(e.deliveryStatus).toBe("pending");
      await sb.resendEvent(e.id);
      expect(e).toMatchObject({ deliveryStatus: "delivered", nextAttemptAt: null });
      sb.advanceTime(80 * HOUR);
      await sb.waitForEvents();
      expect(hook.calls).toHaveLength(2);
    } finally {
      await hook.close();
    }
  });

  it("answers 404 for an unknown event and 400 for an event without callbackUrl", async () => {
    expect((await fetch(`${sb.baseUrl}/_sandbox/events/evt_nope/resend`, { method: "POST" })).status).toBe(404);
    const s = await created(sb);
    sb.cancelSession(s.id);
    const e = eventOf(s.id);
    expect(e.deliveryStatus).toBe("no_callback");
    const res = await fetch(`${sb.baseUrl}/_sandbox/events/${e.id}/resend`, { method: "POST" });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/no callbackUrl/);
    await expect(sb.resendEvent("evt_nope")).rejects.toThrow(/no event with this id/);
  });
});

describe("delivery options", () => {
  it("cuts the contract's schedule (as core exports it) short with maxAttempts", async () => {
    const own = await startSandbox({ port: 0, events: { schedule: EVENT_RETRY_SCHEDULE, maxAttempts: 2 } });
    const port = await closedPort();
    try {
      const s = await created(own, { callbackUrl: `http://127.0.0.1:${port}/x` });
      own.cancelSession(s.id);
      own.advanceTime(HOUR);
      await own.waitForEvents();
      const [e] = own.events({ sessionId: s.id });
      expect(e).toMatchObject({ deliveryStatus: "failed", nextAttemptAt: null });
      expect(e!.attempts.map((a) => a.retryInMs)).toEqual([EVENT_RETRY_SCHEDULE[0], undefined]);
    } finally {
      await own.stop();
    }
  });

  it("takes a schedule of its own (delays between attempts), cut short by maxAttempts", async () => {
    const own = await startSandbox({ port: 0, events: { schedule: [1000, 2000, 3000], maxAttempts: 3 } });
    const port = await closedPort();
    try {
      const s = await created(own, { callbackUrl: `http://127.0.0.1:${port}/x` });
      own.completeSession(s.id);
      own.advanceTime(HOUR);
      await own.waitForEvents();
      const [e] = own.events({ sessionId: s.id });
      expect(e!.deliveryStatus).toBe("failed");
      expect(e!.attempts.map((a) => a.retryInMs)).toEqual([1000, 2000, undefined]);
    } finally {
      await own.stop();
    }
  });

  it("rejects a schedule together with backoffMs, and delays that are not numbers >= 0", async () => {
    await expect(startSandbox({ port: 0, events: { schedule: [1000], backoffMs: 50 } })).rejects.toThrow(/schedule/);
    await expect(startSandbox({ port: 0, events: { schedule: [-1] } })).rejects.toThrow(/schedule\[0\]/);
  });

  it("keeps the doubling backoff for tests that ask for it (backoffMs, maxAttempts), in real time", async () => {
    const quick = await startSandbox({ port: 0, events: { backoffMs: 20, maxAttempts: 3 } });
    const hook = await startReceiver([500, 500, 500]);
    try {
      const s = await created(quick, { callbackUrl: hook.url });
      quick.completeSession(s.id);
      await quick.waitForEvents();
      const [e] = quick.events({ sessionId: s.id });
      expect(e!.deliveryStatus).toBe("failed");
      expect(e!.attempts.map((a) => a.retryInMs)).toEqual([20, 40, undefined]);
      await eventually(() => hook.calls.length === 3);
    } finally {
      await hook.close();
      await quick.stop();
    }
  });
});
