/**
 * POST /hooks/clientloop?session_id=<payses_…>&token=<HMAC>: the callback URL given to ClientLoop
 * for each payment session. Unlike Medusa's /hooks/payment/:provider (which drops the query
 * string and answers 200 before any check), this verifies first: 400 for anything it cannot
 * verify (nothing changes), 200 once a verified event is recorded in the ledger. Creating the
 * order happens after the answer, in a workflow (the subscriber; the job retries it), so a slow
 * or failing completion is retried by the store, not by ClientLoop.
 */
import { HEADERS, getHeader } from "@clientloop/core";
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import type { IEventBusModuleService } from "@medusajs/framework/types";
import { Modules } from "@medusajs/framework/utils";
import { CLIENTLOOP_EVENTS } from "../../../lib/events";
import { clientloopOf } from "../../_lib/clientloop";
import { callbackTokenOf } from "../../_lib/callback-token";

export const POST = async (req: MedusaRequest, res: MedusaResponse) => {
  const outcome = await clientloopOf(req.scope).receiveDelivery({
    sessionId: req.query.session_id,
    token: callbackTokenOf(req),
    rawBody: (req as MedusaRequest & { rawBody?: unknown }).rawBody,
    signature: getHeader(req.headers as Record<string, string>, HEADERS.signature),
  });
  if (outcome.status === 400) {
    res.status(400).json({ message: outcome.message });
    return;
  }
  const { session, duplicate, changed } = outcome.record;
  // Also on a redelivery while the order is still owed: the first settle may have been lost.
  if (changed || session.order_state === "pending") {
    await req.scope
      .resolve<IEventBusModuleService>(Modules.EVENT_BUS)
      .emit({ name: CLIENTLOOP_EVENTS.sessionFinal, data: { id: session.id } });
  }
  res.status(200).json({ received: true, duplicate, status: session.status });
};
