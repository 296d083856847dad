/**
 * The ledger on a real Postgres with the plugin's migrations: each event once, the first final
 * status wins, nothing lost when our record of a create is missing, link quotas exact under
 * concurrency from two connection pools (two server instances), and the background work due.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LedgerStore, type EventFacts } from "../src/modules/clientloop/ledger-store.js";
import { startLedgerDb } from "./support/ledger-db.js";

let db: Awaited<ReturnType<typeof startLedgerDb>>;
let a: LedgerStore;
let b: LedgerStore;
let n = 0;
const sid = () => `payses_01LEDGER${Date.now().toString(36).toUpperCase()}${(n++).toString().padStart(4, "0")}`;

beforeAll(async () => {
  db = await startLedgerDb();
  a = new LedgerStore(db.knex as never);
  b = new LedgerStore(db.connect() as never);
});
afterAll(async () => db?.stop());

async function activeSession(amount = "29.99") {
  const id = sid();
  await a.startSession({ payment_session_id: id, amount, currency_code: "USD" });
  const row = await a.activateSession(id, {
    clientloop_session_id: `ps_${id}`,
    link: `https://pay.example/${id}`,
    expires_at: new Date(Date.now() + 3_600_000),
  });
  return row;
}

const completed = (
  row: { payment_session_id: string; clientloop_session_id: string | null },
  over: Partial<EventFacts> = {},
): EventFacts => ({
  event_id: `evt_${row.payment_session_id}`,
  type: "payment_session.completed",
  status: "Completed",
  payment_session_id: row.payment_session_id,
  clientloop_session_id: row.clientloop_session_id!,
  amount: "29.99",
  currency_code: "USD",
  clientloop_payment_id: "pay_1",
  occurred_at: new Date(),
  ...over,
});

describe("recording verified events", () => {
  it("twenty concurrent deliveries of one event, on two instances: recorded once, the session changed once", async () => {
    const row = await activeSession();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).recordEvent(completed(row))),
    );
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    const [event] = await a.events([row.payment_session_id]);
    expect(event).toMatchObject({ deliveries: 20, status: "Completed" });
    expect(await a.bySessionId(row.payment_session_id)).toMatchObject({
      status: "Completed",
      order_state: "pending",
      paid_amount: "29.99",
    });
  });

  it("the first final status wins: a late Canceled after Completed (or the reverse) changes nothing", async () => {
    const paid = await activeSession();
    await a.recordEvent(completed(paid));
    const late = await a.recordEvent(
      completed(paid, {
        event_id: `evt_late_${paid.payment_session_id}`,
        type: "payment_session.canceled",
        status: "Canceled",
      }),
    );
    expect(late).toMatchObject({ duplicate: false, changed: false });
    expect((await a.bySessionId(paid.payment_session_id))!.status).toBe("Completed");

    const canceled = await activeSession();
    await a.recordEvent(completed(canceled, { type: "payment_session.canceled", status: "Canceled" }));
    await a.recordEvent(completed(canceled, { event_id: `evt_x_${canceled.payment_session_id}` }));
    expect(await a.bySessionId(canceled.payment_session_id)).toMatchObject({ status: "Canceled", order_state: "none" });
  });

  it("a payment of another amount, currency or ClientLoop session is kept for attention, never an order", async () => {
    for (const over of [{ amount: "0.01" }, { currency_code: "EUR" }, { clientloop_session_id: "ps_someone_else" }]) {
      const row = await activeSession();
      const r = await a.recordEvent(completed(row, over));
      expect(r.session).toMatchObject({
        status: "Completed",
        order_state: "attention",
        attention_reason: "amount_mismatch",
      });
    }
    // the same amount written differently is the same amount
    const row = await activeSession("30.00");
    expect((await a.recordEvent(completed(row, { amount: "30" }))).session.order_state).toBe("pending");
  });

  it("an event for a session whose record of creation is missing (the process stopped mid-create) is recorded, not lost", async () => {
    const id = sid();
    const r = await Promise.all([
      a.recordEvent(completed({ payment_session_id: id, clientloop_session_id: "ps_lost" })),
      b.recordEvent(completed({ payment_session_id: id, clientloop_session_id: "ps_lost" })),
    ]);
    expect(r.filter((x) => x.changed)).toHaveLength(1);
    expect(await a.bySessionId(id)).toMatchObject({
      status: "Completed",
      clientloop_session_id: "ps_lost",
      order_state: "pending",
    });
  });
});

describe("superseded sessions", () => {
  it("a live one is to be canceled (retried until confirmed); a final one needs nothing", async () => {
    const live = await activeSession();
    expect((await a.markSuperseded(live.payment_session_id))!.cancel_state).toBe("pending");
    expect(await a.markSuperseded(live.payment_session_id)).toBeUndefined(); // once
    const entry = (outcome: string) => ({
      kind: "cancel" as const,
      outcome,
      payment_session_id: live.payment_session_id,
      clientloop_session_id: live.clientloop_session_id,
    });
    await a.cancelFailed(live.id, "INTERNAL_SERVER_ERROR", new Date(Date.now() - 1000), entry("failed"));
    const { cancels } = await a.due(new Date());
    expect(cancels.map((c) => c.id)).toContain(live.id);
    await a.cancelConfirmed(live.id, "confirmed", entry("confirmed"));
    expect(await a.bySessionId(live.payment_session_id)).toMatchObject({
      cancel_state: "confirmed",
      cancel_attempts: 1,
    });
    // each outcome with its timeline entry, written together
    const timeline = await a.activity([live.payment_session_id]);
    expect(timeline.filter((t) => t.kind === "cancel").map((t) => t.outcome)).toEqual(["failed", "confirmed"]);

    const paid = await activeSession();
    await a.recordEvent(completed(paid));
    expect((await a.markSuperseded(paid.payment_session_id))!.cancel_state).toBe("not_needed");
  });

  it("a pending cancel is settled by the session's own final event", async () => {
    const row = await activeSession();
    await a.markSuperseded(row.payment_session_id);
    await a.recordEvent(completed(row, { type: "payment_session.canceled", status: "Canceled" }));
    expect((await a.bySessionId(row.payment_session_id))!.cancel_state).toBe("confirmed");
  });
});

describe("orders owed", () => {
  it("a paid session is due to the job only after the grace period; failures back off, then need attention", async () => {
    const row = await activeSession();
    const { session } = await a.recordEvent(completed(row));
    expect((await a.due(new Date())).orders.map((o) => o.id)).not.toContain(session.id);
    expect((await a.due(new Date(Date.now() + 60_000))).orders.map((o) => o.id)).toContain(session.id);
    await a.orderAttempted(session.id, "stock", new Date(Date.now() + 10_000));
    expect(await a.byId(session.id)).toMatchObject({ order_state: "pending", order_attempts: 1, order_error: "stock" });
    await a.orderAttempted(session.id, "stock", null);
    expect(await a.byId(session.id)).toMatchObject({
      order_state: "attention",
      attention_reason: "cart_cannot_complete",
      order_attempts: 2,
    });
    expect((await a.attention()).orders.map((o) => o.id)).toContain(session.id);
    await a.retryOrder(session.id);
    await a.orderPlaced(session.id, "order_1");
    expect(await a.byId(session.id)).toMatchObject({
      order_state: "placed",
      order_id: "order_1",
      attention_reason: null,
    });
    expect((await a.attention()).orders.map((o) => o.id)).not.toContain(session.id);
  });
});

describe("link quotas", () => {
  const keys = (cart: string) => [{ column: "cart_id" as const, value: cart, limit: 3 }];
  const activity = (cart: string) => ({ kind: "link" as const, outcome: "reserved", cart_id: cart, detail: "Email" });

  it("exactly the limit passes when 20 requests race on two instances", async () => {
    const cart = `cart_race${n++}`;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).reserveLink(keys(cart), 900, activity(cart))),
    );
    expect(results.filter((r) => "id" in r)).toHaveLength(3);
    const refused = results.filter((r) => "retryAfterSeconds" in r) as { retryAfterSeconds: number }[];
    expect(refused).toHaveLength(17);
    expect(refused.every((r) => r.retryAfterSeconds > 0 && r.retryAfterSeconds <= 900)).toBe(true);
  });

  it("a refused send gives its quota back; a send that may have happened keeps it", async () => {
    const cart = `cart_refund${n++}`;
    const first = (await a.reserveLink(keys(cart), 900, activity(cart))) as { id: string };
    await a.finishLink(first.id, "refused", "NO_RECIPIENT");
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await a.reserveLink(keys(cart), 900, activity(cart))) as { id: string });
    expect(ids.every((r) => "id" in r)).toBe(true);
    await a.finishLink(ids[0]!.id, "unknown", "timeout");
    expect("retryAfterSeconds" in (await a.reserveLink(keys(cart), 900, activity(cart)))).toBe(true);
  });

  it("every key counts: a limit reached on one key refuses the send", async () => {
    const recipient = `rcpt${n++}`;
    for (let i = 0; i < 2; i++) {
      expect(
        "id" in
          (await a.reserveLink(
            [
              { column: "cart_id", value: `cart_k${n++}`, limit: 5 },
              { column: "recipient_key", value: recipient, limit: 2 },
            ],
            900,
            { kind: "link", outcome: "reserved", recipient_key: recipient },
          )),
      ).toBe(true);
    }
    expect(
      "retryAfterSeconds" in
        (await a.reserveLink(
          [
            { column: "cart_id", value: `cart_k${n++}`, limit: 5 },
            { column: "recipient_key", value: recipient, limit: 2 },
          ],
          900,
          { kind: "link", outcome: "reserved", recipient_key: recipient },
        )),
    ).toBe(true);
  });
});
