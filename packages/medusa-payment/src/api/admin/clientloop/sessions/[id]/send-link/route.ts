/**
 * POST /admin/clientloop/sessions/:id/send-link { channel: "Email" | "Phone", to?: string }
 * Admin only (Medusa authenticates /admin routes): resend the pay link, to the contact ClientLoop
 * has or to a recipient the admin chooses (validated for the channel before any call).
 */
import { emailSchema, phoneSchema, scalarError } from "@clientloop/core";
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { MedusaError } from "@medusajs/framework/utils";
import { channelOf, clientloopOf, onlyFields } from "../../../../../_lib/clientloop";

export const POST = async (req: MedusaRequest, res: MedusaResponse) => {
  const body = onlyFields(req.body, ["channel", "to"]);
  const channel = channelOf(body);
  let to: string | undefined;
  if (body.to !== undefined && body.to !== "") {
    const problem =
      typeof body.to === "string"
        ? scalarError(channel === "Email" ? emailSchema : phoneSchema, body.to.trim())
        : "must be a string";
    if (problem) throw new MedusaError(MedusaError.Types.INVALID_DATA, `to: ${problem}`);
    to = (body.to as string).trim();
  }
  const clientloop = clientloopOf(req.scope);
  const row = await clientloop.ledger.byId(String(req.params.id));
  if (!row) throw new MedusaError(MedusaError.Types.NOT_FOUND, "ClientLoop session not found");
  const result = await clientloop.sendLink(row, channel, to);
  await clientloop.ledger.log({
    kind: "link",
    outcome: "sent",
    payment_session_id: row.payment_session_id,
    clientloop_session_id: row.clientloop_session_id,
    cart_id: row.cart_id,
    detail: `${channel} to ${to ? clientloop.mask(to) : "the ClientLoop contact"} (by an admin)`,
  });
  res.json({ success: result.success, message: result.message });
};
