import { model } from "@medusajs/framework/utils";

/** A verified ClientLoop event, once per event id however often it is delivered. */
const ClientLoopEvent = model
  .define("clientloop_event", {
    id: model.id({ prefix: "clevt" }).primaryKey(),
    /** ClientLoop's event id (`evt_…`): deliveries are deduplicated on it. */
    event_id: model.text().unique(),
    type: model.text(),
    status: model.text(),
    payment_session_id: model.text(),
    clientloop_session_id: model.text(),
    amount: model.text(),
    currency_code: model.text(),
    clientloop_payment_id: model.text().nullable(),
    /** When the status changed at ClientLoop (the event's `createdAt`). */
    occurred_at: model.dateTime(),
    deliveries: model.number().default(1),
    last_delivered_at: model.dateTime(),
  })
  .indexes([{ on: ["payment_session_id"] }, { on: ["clientloop_session_id"] }]);

export default ClientLoopEvent;
