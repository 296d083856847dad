import { model } from "@medusajs/framework/utils";

/**
 * One ClientLoop session the store created, and what the store knows and still owes about it.
 * Written by the server only (the provider at creation, verified callbacks, the workflows);
 * this — not the shopper-readable payment session `data` — is what authorizes a payment.
 */
const ClientLoopSession = model
  .define("clientloop_session", {
    id: model.id({ prefix: "clses" }).primaryKey(),
    /** The Medusa payment session (the id Medusa passes the provider as `idempotency_key`). */
    payment_session_id: model.text().unique(),
    /** ClientLoop's session id; null only while it is being created. */
    clientloop_session_id: model.text().nullable(),
    /** `creating`, then ClientLoop's status: Active, Completed, Expired, Canceled. */
    status: model.enum(["creating", "Active", "Completed", "Expired", "Canceled"]).default("creating"),
    /** The exact ClientLoop Amount (decimal string) and upper-case currency the session was created with. */
    amount: model.text(),
    currency_code: model.text(),
    link: model.text().nullable(),
    expires_at: model.dateTime().nullable(),
    /** The cart and payment collection, as read server-side from Medusa (never from session data). */
    cart_id: model.text().nullable(),
    payment_collection_id: model.text().nullable(),
    /** From the verified Completed event: ClientLoop's payment id and what was paid. */
    clientloop_payment_id: model.text().nullable(),
    paid_amount: model.text().nullable(),
    paid_currency_code: model.text().nullable(),
    completed_at: model.dateTime().nullable(),
    /** Medusa deleted the payment session (the cart changed): the link must not be paid any more. */
    superseded_at: model.dateTime().nullable(),
    /** Canceling a superseded session at ClientLoop, retried in the background until confirmed. */
    cancel_state: model.enum(["none", "pending", "confirmed", "not_needed"]).default("none"),
    cancel_attempts: model.number().default(0),
    cancel_next_at: model.dateTime().nullable(),
    cancel_error: model.text().nullable(),
    /** Turning a Completed session into an order: pending → placed, or attention for a person. */
    order_state: model.enum(["none", "pending", "placed", "attention", "resolved"]).default("none"),
    order_id: model.text().nullable(),
    order_attempts: model.number().default(0),
    order_next_at: model.dateTime().nullable(),
    order_error: model.text().nullable(),
    /** Why a person must look at it (see lib/attention.ts), and how it was resolved. */
    attention_reason: model.text().nullable(),
    resolution: model.text().nullable(),
  })
  .indexes([
    { on: ["clientloop_session_id"] },
    { on: ["cart_id"] },
    { on: ["order_id"] },
    { on: ["order_state", "order_next_at"] },
    { on: ["cancel_state", "cancel_next_at"] },
  ]);

export default ClientLoopSession;
