/**
 * A verified final event was recorded: settle it in Medusa (the order for a payment, the
 * session status otherwise). Runs where Medusa runs subscribers (the worker in production), off
 * the callback request, so ClientLoop's delivery is acknowledged before the cart is completed.
 */
import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework";
import { CLIENTLOOP_EVENTS } from "../lib/events";
import { settleClientLoopSessionWorkflow } from "../workflows/settle-clientloop-session";

export default async function settleOnFinalEvent({ event, container }: SubscriberArgs<{ id: string }>): Promise<void> {
  await settleClientLoopSessionWorkflow(container).run({ input: { id: event.data.id } });
}

export const config: SubscriberConfig = {
  event: CLIENTLOOP_EVENTS.sessionFinal,
  context: { subscriberId: "clientloop-settle-session" },
};
