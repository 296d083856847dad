/**
 * GET /admin/clientloop/attention: what a person must look at, each with what to do — paid
 * sessions without an order (replaced session, amount mismatch, paid twice, completion failing),
 * superseded sessions whose cancel ClientLoop has not confirmed, and recent callbacks that
 * reached a session URL but failed verification.
 */
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { REJECTED_DELIVERY, adminViews } from "../../../_lib/admin-view";
import { clientloopOf } from "../../../_lib/clientloop";

export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const clientloop = clientloopOf(req.scope);
  const { orders, cancels, rejected } = await clientloop.ledger.attention();
  res.json({
    paid_without_order: await adminViews(clientloop, orders),
    cancel_unconfirmed: await adminViews(clientloop, cancels),
    rejected_deliveries: { ...REJECTED_DELIVERY, deliveries: rejected },
  });
};
