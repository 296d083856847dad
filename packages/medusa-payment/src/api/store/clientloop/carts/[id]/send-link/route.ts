/**
 * POST /store/clientloop/carts/:id/send-link { channel: "Email" | "Phone" }
 * Sends the cart's pay link to a recipient the store already knows for that cart, read
 * server-side: the logged-in customer's email or phone, else the cart's email, or the phone of
 * its billing or shipping address. Never to an address the request names. A customer's cart
 * only for that customer. Limited per cart, per recipient and per client IP, in the ledger, so
 * the limits hold across restarts and server instances; a refused send uses no quota.
 */
import { emailSchema, phoneSchema, scalarError } from "@clientloop/core";
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { MedusaError } from "@medusajs/framework/utils";
import { clientIp } from "../../../../../../lib/client-ip";
import { cartPayments, channelOf, clientloopOf, onlyFields, payableRow } from "../../../../../_lib/clientloop";
import { sendWithQuota } from "../../../../../_lib/send-link";

const RECIPIENT_FIELDS = [
  "email",
  "customer_id",
  "customer.has_account",
  "customer.email",
  "customer.phone",
  "billing_address.phone",
  "shipping_address.phone",
];

export const POST = async (req: MedusaRequest, res: MedusaResponse) => {
  const channel = channelOf(onlyFields(req.body, ["channel"]));
  const payments = await cartPayments(req.scope, req.params.id, RECIPIENT_FIELDS);
  const { cart } = payments;
  const actor = (req as MedusaRequest & { auth_context?: { actor_id?: string } }).auth_context?.actor_id;
  // Medusa links guest carts to a guest customer too; only a registered customer's cart is theirs alone.
  if (cart.customer?.has_account && actor !== cart.customer_id)
    throw new MedusaError(MedusaError.Types.NOT_FOUND, "Cart not found");
  const row = payableRow(payments);
  if (!row)
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "This cart has no ClientLoop payment that can still be paid");

  const customer = actor && actor === cart.customer_id ? cart.customer : undefined;
  const candidates: unknown[] =
    channel === "Email"
      ? [customer?.email, cart.email]
      : [customer?.phone, cart.billing_address?.phone, cart.shipping_address?.phone];
  const schema = channel === "Email" ? emailSchema : phoneSchema;
  const recipient = candidates
    .find((c): c is string => typeof c === "string" && scalarError(schema, c.trim()) === undefined)
    ?.trim();
  if (!recipient) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `No ${channel === "Email" ? "email address" : "phone number"} is known for this cart`,
    );
  }

  const clientloop = clientloopOf(req.scope);
  const o = clientloop.options;
  const result = await sendWithQuota(clientloop, row, channel, recipient, {
    cartId: cart.id,
    clientKey: clientloop.fingerprint(clientIp(req as never, o.trustProxy)),
    limits: {
      perCart: o.sendLinkLimit,
      perRecipient: o.sendLinkLimit,
      perClient: o.sendLinkIpLimit,
      windowSeconds: o.sendLinkWindowSeconds,
    },
  });
  if ("retryAfterSeconds" in result) {
    res.setHeader("Retry-After", String(result.retryAfterSeconds));
    res
      .status(429)
      .json({ type: "too_many_requests", message: "Too many link requests for this cart; try again later" });
    return;
  }
  res.json({ success: result.success, channel });
};
