/** Route helpers: the plugin's ClientLoop module, and the ledger rows of a cart. */
import type { MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils";
import { CART_ID_PATTERN } from "../../lib/mapping";
import { CLIENTLOOP_MODULE_KEY } from "../../lib/setup";
import type { LedgerSession } from "../../modules/clientloop/ledger-store";
import type { ClientLoopModuleService } from "../../modules/clientloop/service";

export function clientloopOf(scope: MedusaContainer): ClientLoopModuleService {
  return scope.resolve<ClientLoopModuleService>(CLIENTLOOP_MODULE_KEY);
}

type AnyRecord = Record<string, any>;

export interface CartPayments {
  cart: AnyRecord;
  orderId: string | null;
  /** The cart's current ClientLoop payment sessions (Medusa's, read server-side). */
  currentSessionIds: string[];
  /** Every ledger entry of the cart: current and superseded sessions. */
  rows: LedgerSession[];
}

/**
 * The cart, its order and its ClientLoop ledger entries. Ledger entries of the cart's current
 * sessions are linked to the cart here (from Medusa's own data), so a later replaced session
 * still shows on the cart.
 */
export async function cartPayments(
  scope: MedusaContainer,
  cartId: unknown,
  fields: string[] = [],
): Promise<CartPayments> {
  if (typeof cartId !== "string" || !CART_ID_PATTERN.test(cartId))
    throw new MedusaError(MedusaError.Types.NOT_FOUND, "Cart not found");
  const query = scope.resolve(ContainerRegistrationKeys.QUERY);
  const { data } = await query.graph({
    entity: "cart",
    fields: [
      "id",
      "payment_collection.id",
      "payment_collection.payment_sessions.id",
      "payment_collection.payment_sessions.provider_id",
      ...fields,
    ],
    filters: { id: cartId },
  });
  const cart = data?.[0] as AnyRecord | undefined;
  if (!cart) throw new MedusaError(MedusaError.Types.NOT_FOUND, "Cart not found");
  const { data: orders } = await query.graph({
    entity: "order_cart",
    fields: ["order_id"],
    filters: { cart_id: cartId },
  });
  const collectionId: string | undefined = cart.payment_collection?.id;
  const currentSessionIds: string[] = (cart.payment_collection?.payment_sessions ?? [])
    .filter((s: AnyRecord) => typeof s?.provider_id === "string" && s.provider_id.startsWith("pp_clientloop"))
    .map((s: AnyRecord) => s.id);
  const clientloop = clientloopOf(scope);
  let rows = await clientloop.ledger.list({ cart_id: cartId, payment_session_ids: currentSessionIds });
  const unlinked = rows.filter((r) => !r.payment_collection_id && currentSessionIds.includes(r.payment_session_id));
  if (unlinked.length && collectionId) {
    for (const r of unlinked) await clientloop.ledger.linkToCart(r.payment_session_id, cartId, collectionId);
    rows = rows.map((r) => (unlinked.includes(r) ? { ...r, cart_id: cartId, payment_collection_id: collectionId } : r));
  }
  return { cart, orderId: (orders?.[0] as AnyRecord | undefined)?.order_id ?? null, currentSessionIds, rows };
}

/** The cart's ClientLoop payment that can still be paid, if any. */
export function payableRow({ rows, currentSessionIds }: CartPayments): LedgerSession | undefined {
  return rows.find(
    (r) => currentSessionIds.includes(r.payment_session_id) && r.status === "Active" && !r.superseded_at,
  );
}

/** Rejects request bodies with unknown fields, naming them. */
export function onlyFields(body: unknown, allowed: string[]): Record<string, unknown> {
  const b = (body ?? {}) as Record<string, unknown>;
  const extra = Object.keys(b).filter((k) => !allowed.includes(k));
  if (extra.length) throw new MedusaError(MedusaError.Types.INVALID_DATA, `Unknown field(s): ${extra.join(", ")}`);
  return b;
}

export const CHANNELS = ["Email", "Phone"] as const;

export function channelOf(body: Record<string, unknown>): (typeof CHANNELS)[number] {
  if (!CHANNELS.includes(body.channel as (typeof CHANNELS)[number]))
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "channel must be Email or Phone");
  return body.channel as (typeof CHANNELS)[number];
}
