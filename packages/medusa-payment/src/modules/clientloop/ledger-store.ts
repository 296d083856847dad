/**
 * The ledger's SQL: every change that must be atomic across requests, processes and server
 * instances is one statement or one transaction here (first final status wins, each event once,
 * link quotas under a Postgres advisory lock). Only this module's own tables are touched.
 */
import { amountsEqual } from "@clientloop/core";
import type { Knex } from "@medusajs/framework/mikro-orm/knex";
import { generateEntityId } from "@medusajs/framework/utils";
import type { ClientLoopStatus } from "../../lib/status";
import type { AttentionReason } from "../../lib/attention";

export const SESSIONS = "clientloop_session";
export const EVENTS = "clientloop_event";
export const ACTIVITY = "clientloop_activity";

const sameAmount = (a: string, b: string, currency: string) => {
  try {
    return amountsEqual(a, b, currency);
  } catch {
    return false;
  }
};

/** How long the job leaves a fresh piece of work to the process that is doing it right now. */
const SETTLE_GRACE_SECONDS = 30;

export type OrderState = "none" | "pending" | "placed" | "attention" | "resolved";
export type CancelState = "none" | "pending" | "confirmed" | "not_needed";

export interface LedgerSession {
  id: string;
  payment_session_id: string;
  clientloop_session_id: string | null;
  status: ClientLoopStatus | "creating";
  amount: string;
  currency_code: string;
  link: string | null;
  expires_at: Date | null;
  cart_id: string | null;
  payment_collection_id: string | null;
  clientloop_payment_id: string | null;
  paid_amount: string | null;
  paid_currency_code: string | null;
  completed_at: Date | null;
  superseded_at: Date | null;
  cancel_state: CancelState;
  cancel_attempts: number;
  cancel_next_at: Date | null;
  cancel_error: string | null;
  order_state: OrderState;
  order_id: string | null;
  order_attempts: number;
  order_next_at: Date | null;
  order_error: string | null;
  attention_reason: AttentionReason | null;
  resolution: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface LedgerEvent {
  id: string;
  event_id: string;
  type: string;
  status: string;
  payment_session_id: string;
  clientloop_session_id: string;
  amount: string;
  currency_code: string;
  clientloop_payment_id: string | null;
  occurred_at: Date;
  deliveries: number;
  last_delivered_at: Date;
  created_at: Date;
}

export interface LedgerActivity {
  id: string;
  payment_session_id: string | null;
  clientloop_session_id: string | null;
  kind: "session" | "delivery" | "cancel" | "link" | "order";
  outcome: string;
  detail: string | null;
  event_id: string | null;
  cart_id: string | null;
  created_at: Date;
}

export type NewActivity = Omit<Partial<LedgerActivity>, "id" | "created_at"> &
  Pick<LedgerActivity, "kind" | "outcome"> & {
    recipient_key?: string | null;
    client_key?: string | null;
  };

/** A timeline row ready to insert: the entry with a new id. */
function activityRow(activity: NewActivity): NewActivity & { id: string } {
  return { id: generateEntityId(undefined, "clact"), ...activity };
}

/** A verified event, as the ledger records it. */
export interface EventFacts {
  event_id: string;
  type: string;
  status: Exclude<ClientLoopStatus, "Active">;
  payment_session_id: string;
  clientloop_session_id: string;
  amount: string;
  currency_code: string;
  clientloop_payment_id: string | null;
  occurred_at: Date;
}

export interface DeliveryRecord {
  session: LedgerSession;
  /** The event was already recorded (a redelivery). */
  duplicate: boolean;
  /** This delivery moved the session to a final status. */
  changed: boolean;
}

export interface QuotaKey {
  column: "cart_id" | "recipient_key" | "client_key";
  value: string;
  limit: number;
}

export class LedgerStore {
  constructor(private readonly knex: Knex) {}

  // ── sessions ──────────────────────────────────────────────────────────────────────────────

  async startSession(input: {
    payment_session_id: string;
    amount: string;
    currency_code: string;
  }): Promise<LedgerSession> {
    // The unique indexes Medusa's data models generate are partial (WHERE deleted_at IS NULL),
    // so every ON CONFLICT here names that predicate.
    const { rows } = await this.knex.raw(
      `INSERT INTO ${SESSIONS} (id, payment_session_id, amount, currency_code, status) VALUES (?, ?, ?, ?, 'creating')
       ON CONFLICT (payment_session_id) WHERE deleted_at IS NULL DO UPDATE SET amount = EXCLUDED.amount, currency_code = EXCLUDED.currency_code, updated_at = now()
       RETURNING *`,
      [generateEntityId(undefined, "clses"), input.payment_session_id, input.amount, input.currency_code],
    );
    return rows[0];
  }

  async activateSession(
    paymentSessionId: string,
    input: { clientloop_session_id: string; link: string | null; expires_at: Date | null },
  ): Promise<LedgerSession> {
    const [row] = await this.knex(SESSIONS)
      .where({ payment_session_id: paymentSessionId, status: "creating" })
      .update({ ...input, status: "Active", updated_at: this.knex.fn.now() })
      .returning("*");
    return row ?? (await this.bySessionId(paymentSessionId))!;
  }

  /** A create that failed at ClientLoop leaves nothing behind (a verified event would re-create it). */
  async dropCreating(paymentSessionId: string): Promise<void> {
    await this.knex(SESSIONS).where({ payment_session_id: paymentSessionId, status: "creating" }).delete();
  }

  async updateAmount(paymentSessionId: string, amount: string, currency_code: string): Promise<void> {
    await this.knex(SESSIONS)
      .where({ payment_session_id: paymentSessionId })
      .update({ amount, currency_code, updated_at: this.knex.fn.now() });
  }

  async bySessionId(paymentSessionId: string): Promise<LedgerSession | undefined> {
    return await this.knex(SESSIONS).where({ payment_session_id: paymentSessionId }).first();
  }

  async byId(id: string): Promise<LedgerSession | undefined> {
    return await this.knex(SESSIONS).where({ id }).first();
  }

  async list(filter: {
    cart_id?: string;
    order_id?: string;
    payment_session_ids?: string[];
  }): Promise<LedgerSession[]> {
    const q = this.knex(SESSIONS).select("*").orderBy("created_at", "asc");
    q.where((w) => {
      if (filter.cart_id) w.orWhere("cart_id", filter.cart_id);
      if (filter.order_id) w.orWhere("order_id", filter.order_id);
      if (filter.payment_session_ids?.length) w.orWhereIn("payment_session_id", filter.payment_session_ids);
      if (!filter.cart_id && !filter.order_id && !filter.payment_session_ids?.length) w.whereRaw("false");
    });
    return await q;
  }

  /** Fills in the cart and collection, read server-side from Medusa, once. */
  async linkToCart(paymentSessionId: string, cart_id: string | null, payment_collection_id: string): Promise<void> {
    await this.knex(SESSIONS)
      .where({ payment_session_id: paymentSessionId })
      .whereNull("payment_collection_id")
      .update({ cart_id, payment_collection_id, updated_at: this.knex.fn.now() });
  }

  // ── verified deliveries ───────────────────────────────────────────────────────────────────

  /**
   * Records a verified event, once per event id, and moves the session to its final status
   * (the first final status wins; late and repeated events change nothing). A Completed event
   * whose ClientLoop session, amount or currency differs from what the store created is recorded
   * as needing attention instead of becoming an order.
   */
  async recordEvent(facts: EventFacts): Promise<DeliveryRecord> {
    return await this.knex.transaction(async (trx) => {
      const lockRow = () =>
        trx(SESSIONS).where({ payment_session_id: facts.payment_session_id }).forUpdate().first() as Promise<
          LedgerSession | undefined
        >;
      let session = await lockRow();
      if (!session) {
        // The process stopped between ClientLoop's create and our record of it: the verified
        // event is proof enough that this session exists. (Concurrent deliveries: one inserts.)
        await trx.raw(
          `INSERT INTO ${SESSIONS} (id, payment_session_id, clientloop_session_id, status, amount, currency_code) VALUES (?, ?, ?, 'Active', ?, ?)
           ON CONFLICT (payment_session_id) WHERE deleted_at IS NULL DO NOTHING`,
          [
            generateEntityId(undefined, "clses"),
            facts.payment_session_id,
            facts.clientloop_session_id,
            facts.amount,
            facts.currency_code,
          ],
        );
        session = await lockRow();
      }
      const [inserted] = await trx
        .raw(
          `INSERT INTO ${EVENTS} (id, event_id, type, status, payment_session_id, clientloop_session_id, amount, currency_code, clientloop_payment_id, occurred_at, deliveries, last_delivered_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, now())
         ON CONFLICT (event_id) WHERE deleted_at IS NULL DO UPDATE SET deliveries = ${EVENTS}.deliveries + 1, last_delivered_at = now(), updated_at = now()
         RETURNING (xmax = 0) AS inserted`,
          [
            generateEntityId(undefined, "clevt"),
            facts.event_id,
            facts.type,
            facts.status,
            facts.payment_session_id,
            facts.clientloop_session_id,
            facts.amount,
            facts.currency_code,
            facts.clientloop_payment_id,
            facts.occurred_at,
          ],
        )
        .then((r: { rows: { inserted: boolean }[] }) => r.rows);
      const duplicate = !inserted?.inserted;
      if (session!.status !== "creating" && session!.status !== "Active")
        return { session: session!, duplicate, changed: false };

      const matches =
        (session!.clientloop_session_id === null || session!.clientloop_session_id === facts.clientloop_session_id) &&
        session!.currency_code === facts.currency_code &&
        sameAmount(session!.amount, facts.amount, facts.currency_code);
      const update: Record<string, unknown> = {
        status: facts.status,
        clientloop_session_id: facts.clientloop_session_id,
        updated_at: trx.fn.now(),
      };
      if (facts.status === "Completed") {
        Object.assign(update, {
          completed_at: facts.occurred_at,
          clientloop_payment_id: facts.clientloop_payment_id,
          paid_amount: facts.amount,
          paid_currency_code: facts.currency_code,
          order_state: matches ? "pending" : "attention",
          attention_reason: matches ? null : "amount_mismatch",
          // the subscriber settles it right away; the job only if that did not happen
          order_next_at: trx.raw(`now() + interval '${SETTLE_GRACE_SECONDS} seconds'`),
        });
      }
      if (session!.cancel_state === "pending")
        update.cancel_state = facts.status === "Canceled" ? "confirmed" : "not_needed";
      const [changed] = await trx(SESSIONS).where({ id: session!.id }).update(update).returning("*");
      return { session: changed, duplicate, changed: true };
    });
  }

  async events(paymentSessionIds: string[]): Promise<LedgerEvent[]> {
    if (!paymentSessionIds.length) return [];
    return await this.knex(EVENTS).whereIn("payment_session_id", paymentSessionIds).orderBy("occurred_at", "asc");
  }

  // ── superseded sessions and their cancel ──────────────────────────────────────────────────

  /** Medusa deleted the payment session: its link must not be paid; a live one is to be canceled. */
  async markSuperseded(paymentSessionId: string): Promise<LedgerSession | undefined> {
    const [row] = await this.knex(SESSIONS)
      .where({ payment_session_id: paymentSessionId })
      .whereNull("superseded_at")
      .update({
        superseded_at: this.knex.fn.now(),
        cancel_state: this.knex.raw(`CASE WHEN status IN ('creating', 'Active') THEN 'pending' ELSE 'not_needed' END`),
        // the provider tries at once; the job only if that did not work
        cancel_next_at: this.knex.raw(`now() + interval '${SETTLE_GRACE_SECONDS} seconds'`),
        updated_at: this.knex.fn.now(),
      })
      .returning("*");
    return row;
  }

  /** The cancel's outcome, with its timeline entry in the same transaction (no reader sees one without the other). */
  async cancelConfirmed(id: string, state: "confirmed" | "not_needed", activity?: NewActivity): Promise<void> {
    await this.knex.transaction(async (trx) => {
      await trx(SESSIONS)
        .where({ id, cancel_state: "pending" })
        .update({ cancel_state: state, cancel_next_at: null, cancel_error: null, updated_at: trx.fn.now() });
      if (activity) await trx(ACTIVITY).insert(activityRow(activity));
    });
  }

  async cancelFailed(id: string, error: string, next: Date | null, activity: NewActivity): Promise<void> {
    await this.knex.transaction(async (trx) => {
      await trx(SESSIONS)
        .where({ id, cancel_state: "pending" })
        .update({
          cancel_attempts: trx.raw("cancel_attempts + 1"),
          cancel_error: error,
          cancel_next_at: next,
          // past the link's expiry there is nothing left to cancel
          ...(next ? {} : { cancel_state: "not_needed" }),
          updated_at: trx.fn.now(),
        });
      await trx(ACTIVITY).insert(activityRow(activity));
    });
  }

  // ── orders ────────────────────────────────────────────────────────────────────────────────

  /** The order exists: recorded with its timeline entry in one transaction. */
  async orderPlaced(id: string, orderId: string): Promise<void> {
    await this.knex.transaction(async (trx) => {
      const [row] = await trx(SESSIONS)
        .where({ id })
        .whereIn("order_state", ["pending", "attention"])
        .update({
          order_state: "placed",
          order_id: orderId,
          order_next_at: null,
          order_error: null,
          attention_reason: null,
          updated_at: trx.fn.now(),
        })
        .returning(["payment_session_id", "clientloop_session_id", "cart_id"]);
      if (row) await trx(ACTIVITY).insert(activityRow({ kind: "order", outcome: "placed", detail: orderId, ...row }));
    });
  }

  async orderAttempted(id: string, error: string, next: Date | null): Promise<void> {
    await this.knex(SESSIONS)
      .where({ id, order_state: "pending" })
      .update({
        order_attempts: this.knex.raw("order_attempts + 1"),
        order_error: error,
        order_next_at: next,
        ...(next ? {} : { order_state: "attention", attention_reason: "cart_cannot_complete" }),
        updated_at: this.knex.fn.now(),
      });
  }

  async needsAttention(id: string, reason: AttentionReason, error: string | null = null): Promise<void> {
    await this.knex(SESSIONS).where({ id, order_state: "pending" }).update({
      order_state: "attention",
      attention_reason: reason,
      order_error: error,
      order_next_at: null,
      updated_at: this.knex.fn.now(),
    });
  }

  /** An admin asks for another try: back to pending, due now. */
  async retryOrder(id: string): Promise<LedgerSession | undefined> {
    const [row] = await this.knex(SESSIONS)
      .where({ id, order_state: "attention" })
      .update({ order_state: "pending", order_next_at: null, updated_at: this.knex.fn.now() })
      .returning("*");
    return row;
  }

  async resolve(id: string, resolution: string): Promise<LedgerSession | undefined> {
    const [row] = await this.knex(SESSIONS)
      .where({ id })
      .whereIn("order_state", ["attention", "pending"])
      .update({ order_state: "resolved", resolution, order_next_at: null, updated_at: this.knex.fn.now() })
      .returning("*");
    return row;
  }

  /** What the background job owes now. */
  async due(now: Date, limit = 50): Promise<{ orders: LedgerSession[]; cancels: LedgerSession[] }> {
    const orders = await this.knex(SESSIONS)
      .where({ order_state: "pending" })
      .andWhere((w) => w.whereNull("order_next_at").orWhere("order_next_at", "<=", now))
      .orderBy("completed_at", "asc")
      .limit(limit);
    const cancels = await this.knex(SESSIONS)
      .where({ cancel_state: "pending" })
      .andWhere("cancel_next_at", "<=", now)
      .orderBy("cancel_next_at", "asc")
      .limit(limit);
    return { orders, cancels };
  }

  /** Everything a person should look at, newest first. */
  async attention(
    limit = 200,
  ): Promise<{ orders: LedgerSession[]; cancels: LedgerSession[]; rejected: LedgerActivity[] }> {
    const orders = await this.knex(SESSIONS)
      .where({ order_state: "attention" })
      .orWhere((w) => w.where({ order_state: "pending" }).andWhere("order_attempts", ">", 0))
      .orderBy("updated_at", "desc")
      .limit(limit);
    const cancels = await this.knex(SESSIONS)
      .where({ cancel_state: "pending" })
      .andWhere("cancel_attempts", ">", 0)
      .orderBy("updated_at", "desc")
      .limit(limit);
    const rejected = await this.knex(ACTIVITY)
      .where({ kind: "delivery", outcome: "rejected" })
      .andWhere("created_at", ">", this.knex.raw("now() - interval '7 days'"))
      .orderBy("created_at", "desc")
      .limit(limit);
    return { orders, cancels, rejected };
  }

  // ── activity and link quotas ──────────────────────────────────────────────────────────────

  async log(activity: NewActivity): Promise<void> {
    await this.knex(ACTIVITY).insert(activityRow(activity));
  }

  async activity(paymentSessionIds: string[]): Promise<LedgerActivity[]> {
    if (!paymentSessionIds.length) return [];
    return await this.knex(ACTIVITY)
      .select(
        "id",
        "payment_session_id",
        "clientloop_session_id",
        "kind",
        "outcome",
        "detail",
        "event_id",
        "cart_id",
        "created_at",
      )
      .whereIn("payment_session_id", paymentSessionIds)
      .orderBy("created_at", "asc");
  }

  /**
   * Reserves one link send if every key is under its limit in the window, counting sends and
   * reservations (a process that dies mid-send keeps its reservation: conservative). The keys
   * are locked with transaction-scoped advisory locks, so concurrent requests on any server
   * instance are counted one after the other. Returns the reservation id, or the seconds until
   * the oldest counted send leaves the window.
   */
  async reserveLink(
    keys: QuotaKey[],
    windowSeconds: number,
    activity: NewActivity,
  ): Promise<{ id: string } | { retryAfterSeconds: number }> {
    return await this.knex.transaction(async (trx) => {
      const locks = keys.map((k) => `clientloop:link:${k.column}:${k.value}`).sort();
      for (const key of locks) await trx.raw("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", [key]);
      let wait = 0;
      for (const k of keys) {
        const rows: { created_at: Date }[] = await trx(ACTIVITY)
          .select("created_at")
          .where({ kind: "link", [k.column]: k.value })
          .whereIn("outcome", ["reserved", "sent", "unknown"])
          .andWhere("created_at", ">", trx.raw(`now() - make_interval(secs => ?)`, [windowSeconds]))
          .orderBy("created_at", "desc")
          .limit(k.limit);
        if (rows.length >= k.limit) {
          const oldest = rows[rows.length - 1]!.created_at;
          wait = Math.max(wait, Math.ceil((new Date(oldest).getTime() + windowSeconds * 1000 - Date.now()) / 1000));
        }
      }
      if (wait > 0) return { retryAfterSeconds: wait };
      const row = activityRow({ ...activity, kind: "link", outcome: "reserved" });
      await trx(ACTIVITY).insert(row);
      return { id: row.id };
    });
  }

  /** The send's result: sent (or unknown) keeps the quota used; a refusal gives it back. */
  async finishLink(id: string, outcome: "sent" | "unknown" | "refused", detail: string): Promise<void> {
    await this.knex(ACTIVITY).where({ id }).update({ outcome, detail, updated_at: this.knex.fn.now() });
  }
}
