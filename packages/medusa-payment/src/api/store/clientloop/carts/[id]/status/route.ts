/**
 * GET /store/clientloop/carts/:id/status: what the storefront's return page polls before
 * completing the cart. Returns the ClientLoop payment state and the order once placed.
 * Arriving on the return page is never proof of payment: only a verified event sets `paid`.
 */
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { MedusaError } from "@medusajs/framework/utils";
import { cartPaymentStatus } from "../../../../../../lib/server.js";

export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const id = req.params.id;
  const status = typeof id === "string" && /^cart_[0-9A-Za-z]{6,40}$/.test(id) ? await cartPaymentStatus(req.scope, id) : undefined;
  if (!status) throw new MedusaError(MedusaError.Types.NOT_FOUND, "Cart not found");
  res.setHeader("Cache-Control", "no-store");
  res.json(status);
};
