/**
 * The provider cannot see which cart it is paying for (Medusa passes it only the session id, and
 * the shopper's `data`). Medusa's own answer to "create a payment session" can: it is the
 * collection the session was created in. This middleware reads that answer, before it is sent,
 * and records the collection and its cart on the new ClientLoop sessions' ledger entries — so a
 * session the cart replaces later (and Medusa deletes) still belongs to its cart.
 */
import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import type { Logger } from "@medusajs/framework/types";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";
import { clientloopOf } from "./clientloop";

type Collection = { id?: unknown; payment_sessions?: { id?: unknown; provider_id?: unknown }[] };

async function link(req: MedusaRequest, collection: Collection): Promise<void> {
  const ids = (collection.payment_sessions ?? [])
    .filter(
      (s) =>
        typeof s?.provider_id === "string" && s.provider_id.startsWith("pp_clientloop") && typeof s.id === "string",
    )
    .map((s) => s.id as string);
  if (!ids.length || typeof collection.id !== "string") return;
  const { data } = await req.scope.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "cart_payment_collection",
    fields: ["cart_id"],
    filters: { payment_collection_id: collection.id },
  });
  const cartId = (data?.[0] as { cart_id?: string } | undefined)?.cart_id ?? null;
  const ledger = clientloopOf(req.scope).ledger;
  for (const id of ids) await ledger.linkToCart(id, cartId, collection.id);
}

export function linkNewClientLoopSessions(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction): void {
  const send = res.json.bind(res);
  res.json = ((body: { payment_collection?: Collection } | undefined) => {
    if (res.statusCode >= 300 || !body?.payment_collection) return send(body);
    link(req, body.payment_collection)
      .catch((e: Error) =>
        req.scope
          .resolve<Logger>(ContainerRegistrationKeys.LOGGER)
          .warn(`ClientLoop: could not link new sessions to their cart: ${e.message}`),
      )
      .finally(() => send(body));
    return res;
  }) as typeof res.json;
  next();
}
