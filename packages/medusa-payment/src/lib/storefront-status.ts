/**
 * What the storefront's return page is told about a cart's ClientLoop payment, from the
 * server-side ledger: never "pay again" to a customer whose money was taken.
 */
import type { ClientLoopStatus } from "./status";

export type StorefrontPaymentStatus = "none" | "pending" | "paid" | "paid_without_order" | "expired" | "canceled";

export const PAID_WITHOUT_ORDER_MESSAGE =
  "Your payment was received. The store will confirm your order shortly; there is no need to pay again.";

/** The ledger fields this needs. */
export interface LedgerView {
  payment_session_id: string;
  status: ClientLoopStatus | "creating";
  link: string | null;
  expires_at: Date | string | null;
  order_state: "none" | "pending" | "placed" | "attention" | "resolved";
  order_id: string | null;
  created_at?: Date | string;
}

export interface CartPaymentStatus {
  cart_id: string;
  /**
   * `none`: no ClientLoop payment; `pending`: the link waits for the customer; `paid`: ClientLoop
   * reported the payment (the order is being created, or `order_id` is set); `paid_without_order`:
   * paid, but the store must confirm the order by hand (see `message`); `expired`/`canceled`:
   * start a new payment session.
   */
  payment_status: StorefrontPaymentStatus;
  payment_session_id: string | null;
  /** The hosted payment page while it can still be paid. */
  link: string | null;
  expires_at: string | null;
  order_id: string | null;
  completed: boolean;
  message: string | null;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function cartPaymentStatus(
  cartId: string,
  orderId: string | null,
  currentSessionIds: readonly string[],
  rows: readonly LedgerView[],
): CartPaymentStatus {
  const base = {
    cart_id: cartId,
    payment_session_id: null,
    link: null,
    expires_at: null,
    order_id: orderId,
    completed: !!orderId,
    message: null,
  };
  if (orderId) return { ...base, payment_status: "paid" };
  const open = rows.filter((r) => r.order_state !== "resolved");
  const current = open
    .filter((r) => currentSessionIds.includes(r.payment_session_id))
    .sort((a, b) => new Date(b.created_at ?? 0).getTime() - new Date(a.created_at ?? 0).getTime())[0];
  const paidElsewhere = open.some((r) => r.status === "Completed" && r !== current);
  if (current?.status === "Completed" && current.order_state !== "attention") {
    return {
      ...base,
      payment_status: "paid",
      payment_session_id: current.payment_session_id,
      order_id: current.order_id,
      completed: !!current.order_id,
    };
  }
  if (paidElsewhere || current?.status === "Completed") {
    return {
      ...base,
      payment_status: "paid_without_order",
      payment_session_id: current?.payment_session_id ?? null,
      message: PAID_WITHOUT_ORDER_MESSAGE,
    };
  }
  if (!current) return { ...base, payment_status: "none" };
  const session = { payment_session_id: current.payment_session_id };
  switch (current.status) {
    case "creating":
      return { ...base, ...session, payment_status: "pending" };
    case "Active":
      return {
        ...base,
        ...session,
        payment_status: "pending",
        link: current.link,
        expires_at: iso(current.expires_at),
      };
    case "Expired":
      return { ...base, ...session, payment_status: "expired" };
    case "Canceled":
      return { ...base, ...session, payment_status: "canceled" };
  }
  return { ...base, payment_status: "none" };
}
