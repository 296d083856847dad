/**
 * GET /admin/clientloop/sessions?order_id=|cart_id=|payment_session_id=
 * The ClientLoop sessions of an order or cart from the ledger: status, amount, currency,
 * ClientLoop ids, the link while payable, expiry, what needs doing, and the timeline (verified
 * events, deliveries received, cancels, link sends, order attempts).
 */
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils";
import { adminViews } from "../../../_lib/admin-view";
import { clientloopOf } from "../../../_lib/clientloop";

const one = (v: unknown) => (typeof v === "string" && v ? v : undefined);

export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const filter = {
    order_id: one(req.query.order_id),
    cart_id: one(req.query.cart_id),
    payment_session_ids: one(req.query.payment_session_id) ? [one(req.query.payment_session_id)!] : undefined,
  };
  if (!filter.order_id && !filter.cart_id && !filter.payment_session_ids)
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "Give order_id, cart_id or payment_session_id");
  const clientloop = clientloopOf(req.scope);
  let rows = await clientloop.ledger.list(filter);
  // an order's sessions are those of its cart (superseded ones included), known to the ledger or not yet
  const carts = new Set(rows.map((r) => r.cart_id).filter((c): c is string => !!c));
  if (filter.order_id) {
    const { data } = await req.scope
      .resolve(ContainerRegistrationKeys.QUERY)
      .graph({ entity: "order_cart", fields: ["cart_id"], filters: { order_id: filter.order_id } });
    for (const link of data ?? [])
      if ((link as { cart_id?: string }).cart_id) carts.add((link as { cart_id: string }).cart_id);
  }
  for (const cart_id of carts)
    for (const r of await clientloop.ledger.list({ cart_id })) if (!rows.some((x) => x.id === r.id)) rows.push(r);
  rows = rows.sort((a, b) => new Date(a.created_at).getTime() - new Date(b.created_at).getTime());
  res.json({ sessions: await adminViews(clientloop, rows) });
};
