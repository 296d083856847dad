/**
 * How ClientLoop's session statuses map to Medusa. ClientLoop takes the money on its hosted
 * page and has no separate capture, so a Completed session is `captured` (Medusa then creates
 * the Payment together with its capture). Nothing maps to `authorized`, `requires_more` (2.21.2
 * turns it into a NOT_ALLOWED error, which does not help a redirect) or `pending_authorization`
 * (it would create orders before the customer paid).
 */
import type { PaymentSessionStatus as ClientLoopStatus } from "@clientloop/core";

/** Medusa `PaymentSessionStatus` values (kept as strings: this module is pure). */
export type MedusaSessionStatus = "pending" | "captured" | "error" | "canceled";
/** Medusa `PaymentActions` values. */
export type MedusaWebhookAction = "pending" | "captured" | "failed" | "canceled";

export const STATUS_MAP: Record<ClientLoopStatus, { session: MedusaSessionStatus; action: MedusaWebhookAction }> = {
  Active: { session: "pending", action: "pending" },
  Completed: { session: "captured", action: "captured" },
  Expired: { session: "error", action: "failed" },
  Canceled: { session: "canceled", action: "canceled" },
};

export function isClientLoopStatus(value: unknown): value is ClientLoopStatus {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(STATUS_MAP, value);
}

export function toSessionStatus(status: ClientLoopStatus): MedusaSessionStatus {
  return STATUS_MAP[status].session;
}

export function toWebhookAction(status: ClientLoopStatus): MedusaWebhookAction {
  return STATUS_MAP[status].action;
}

/** Final statuses never change again (the contract: events may arrive twice and out of order). */
export function isFinal(status: ClientLoopStatus): boolean {
  return status !== "Active";
}

/** What the storefront status route reports for a Medusa session status. */
export type StorefrontPaymentState = "pending" | "paid" | "expired" | "canceled" | "none";

export function storefrontState(sessionStatus: string | undefined): StorefrontPaymentState {
  switch (sessionStatus) {
    case "captured":
    case "authorized":
      return "paid";
    case "error":
      return "expired";
    case "canceled":
      return "canceled";
    case undefined:
      return "none";
    default:
      return "pending";
  }
}
