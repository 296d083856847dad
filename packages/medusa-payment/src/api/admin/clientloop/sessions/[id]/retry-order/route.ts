/**
 * POST /admin/clientloop/sessions/:id/retry-order: try again, now, to turn a paid session into
 * its order (after fixing what made it fail, e.g. stock). Answers with the outcome.
 */
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { MedusaError } from "@medusajs/framework/utils";
import { settleClientLoopSessionWorkflow } from "../../../../../../workflows/settle-clientloop-session";
import { adminViews } from "../../../../../_lib/admin-view";
import { clientloopOf } from "../../../../../_lib/clientloop";

export const POST = async (req: MedusaRequest, res: MedusaResponse) => {
  const clientloop = clientloopOf(req.scope);
  const id = String(req.params.id);
  const row = await clientloop.ledger.byId(id);
  if (!row) throw new MedusaError(MedusaError.Types.NOT_FOUND, "ClientLoop session not found");
  if (row.status !== "Completed" || row.order_state === "resolved" || row.order_state === "none") {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "Only a paid session without an order can be retried");
  }
  if (row.order_state === "attention") await clientloop.ledger.retryOrder(id);
  // already placed (e.g. by the background retry meanwhile): nothing to do, same answer
  const { result } =
    row.order_state === "placed"
      ? { result: "placed" }
      : await settleClientLoopSessionWorkflow(req.scope).run({ input: { id } });
  const [view] = await adminViews(clientloop, [(await clientloop.ledger.byId(id))!]);
  res.json({ outcome: result, session: view });
};
