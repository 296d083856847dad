/**
 * ClientLoop session statuses in Medusa's terms, one table (docs: the README's status table).
 * Medusa's PaymentSession model: "will default to pending, and will eventually become
 * authorized … requires_more to indicate that further actions are to be completed by the
 * Customer". So: `pending` until the ClientLoop session exists; `requires_more` while its link
 * waits for the customer; a verified Completed event makes `authorizePayment` answer `captured`
 * (ClientLoop takes the money on its page), which Medusa records as an authorized session plus a
 * capture of the new payment; Expired → `error`; Canceled → `canceled`.
 */
import type { PaymentSessionStatus as ClientLoopStatus } from "@clientloop/core";
import { PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils";

export type { ClientLoopStatus };

export const STATUS_MAP: Record<ClientLoopStatus, { session: PaymentSessionStatus; action: PaymentActions }> = {
  Active: { session: PaymentSessionStatus.REQUIRES_MORE, action: PaymentActions.NOT_SUPPORTED },
  Completed: { session: PaymentSessionStatus.CAPTURED, action: PaymentActions.SUCCESSFUL },
  Expired: { session: PaymentSessionStatus.ERROR, action: PaymentActions.FAILED },
  Canceled: { session: PaymentSessionStatus.CANCELED, action: PaymentActions.CANCELED },
};

export function isClientLoopStatus(value: unknown): value is ClientLoopStatus {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(STATUS_MAP, value);
}

/** The Medusa session status for a ClientLoop status; `pending` before the ClientLoop session exists. */
export function toSessionStatus(status: ClientLoopStatus | undefined): PaymentSessionStatus {
  return status ? STATUS_MAP[status].session : PaymentSessionStatus.PENDING;
}

/** Final statuses never change again (events may arrive twice and out of order). */
export function isFinal(status: ClientLoopStatus): boolean {
  return status !== "Active";
}
