import { model } from "@medusajs/framework/utils";

/**
 * The timeline of a ClientLoop session as the store saw it: each delivery received (accepted,
 * duplicate or rejected), each cancel attempt, each link sent, each order attempt. Link sends
 * also carry keyed fingerprints of the recipient and client IP, which the resend limits count.
 */
const ClientLoopActivity = model
  .define("clientloop_activity", {
    id: model.id({ prefix: "clact" }).primaryKey(),
    payment_session_id: model.text().nullable(),
    clientloop_session_id: model.text().nullable(),
    kind: model.enum(["session", "delivery", "cancel", "link", "order"]),
    outcome: model.text(),
    /** A short text for people: no secret, no full address or phone number. */
    detail: model.text().nullable(),
    event_id: model.text().nullable(),
    cart_id: model.text().nullable(),
    recipient_key: model.text().nullable(),
    client_key: model.text().nullable(),
  })
  .indexes([
    { on: ["payment_session_id"] },
    { on: ["kind", "cart_id", "created_at"] },
    { on: ["kind", "recipient_key", "created_at"] },
    { on: ["kind", "client_key", "created_at"] },
    { on: ["kind", "outcome", "created_at"] },
  ]);

export default ClientLoopActivity;
