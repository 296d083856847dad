/** What the admin API shows of a ledger entry: the session, its timeline and what to do. */
import { ATTENTION, CANCEL_UNCONFIRMED, REJECTED_DELIVERY } from "../../lib/attention";
import type { LedgerActivity, LedgerEvent, LedgerSession } from "../../modules/clientloop/ledger-store";
import type { ClientLoopModuleService } from "../../modules/clientloop/service";

export interface AdminSessionView extends LedgerSession {
  /** The hosted page while it can be paid. */
  payable_link: string | null;
  attention: { reason: string; title: string; action: string } | null;
  events: LedgerEvent[];
  timeline: LedgerActivity[];
}

export function attentionOf(row: LedgerSession): AdminSessionView["attention"] {
  if (row.order_state === "attention" && row.attention_reason)
    return { reason: row.attention_reason, ...ATTENTION[row.attention_reason] };
  if (row.order_state === "pending" && row.order_attempts > 0)
    return {
      reason: "order_retrying",
      title: "Paid; creating the order keeps failing",
      action: `The store is retrying (attempt ${row.order_attempts}; last error: ${row.order_error ?? "unknown"}). Fix the cause or refund the payment in ClientLoop.`,
    };
  if (row.cancel_state === "pending" && row.cancel_attempts > 0)
    return { reason: "cancel_unconfirmed", ...CANCEL_UNCONFIRMED };
  return null;
}

export async function adminViews(
  clientloop: ClientLoopModuleService,
  rows: LedgerSession[],
): Promise<AdminSessionView[]> {
  const ids = rows.map((r) => r.payment_session_id);
  const [events, activity] = await Promise.all([clientloop.ledger.events(ids), clientloop.ledger.activity(ids)]);
  return rows.map((row) => ({
    ...row,
    payable_link: row.status === "Active" && !row.superseded_at ? row.link : null,
    attention: attentionOf(row),
    events: events.filter((e) => e.payment_session_id === row.payment_session_id),
    timeline: activity.filter((a) => a.payment_session_id === row.payment_session_id),
  }));
}

export { REJECTED_DELIVERY };
