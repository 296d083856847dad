/**
 * GET /store/clientloop/carts/:id/status: what the storefront's return page polls before
 * completing the cart, read from the server-side ledger. Arriving on the return page is never
 * proof of payment: only a verified event makes it `paid`. A customer whose payment cannot
 * become an order on its own gets `paid_without_order` — never a new link to pay again.
 */
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { cartPaymentStatus } from "../../../../../../lib/storefront-status";
import { cartPayments } from "../../../../../_lib/clientloop";

export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const payments = await cartPayments(req.scope, req.params.id);
  res.setHeader("Cache-Control", "no-store");
  res.json(cartPaymentStatus(payments.cart.id, payments.orderId, payments.currentSessionIds, payments.rows));
};
