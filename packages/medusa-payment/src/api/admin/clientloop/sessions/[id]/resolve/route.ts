/**
 * POST /admin/clientloop/sessions/:id/resolve { resolution: string }: a person handled a paid
 * session that could not become an order (refunded it in ClientLoop, or created the order by
 * hand); it leaves the attention list and the storefront stops reporting it.
 */
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { MedusaError } from "@medusajs/framework/utils";
import { adminViews } from "../../../../../_lib/admin-view";
import { clientloopOf, onlyFields } from "../../../../../_lib/clientloop";

export const POST = async (req: MedusaRequest, res: MedusaResponse) => {
  const { resolution } = onlyFields(req.body, ["resolution"]);
  if (typeof resolution !== "string" || !resolution.trim() || resolution.length > 500) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      'resolution must be a short text (what was done, e.g. "refunded in ClientLoop")',
    );
  }
  const clientloop = clientloopOf(req.scope);
  const row = await clientloop.ledger.resolve(String(req.params.id), resolution.trim());
  if (!row)
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "Only a paid session without an order can be resolved");
  await clientloop.ledger.log({
    kind: "order",
    outcome: "resolved",
    payment_session_id: row.payment_session_id,
    cart_id: row.cart_id,
    detail: resolution.trim(),
  });
  const [view] = await adminViews(clientloop, [row]);
  res.json({ session: view });
};
