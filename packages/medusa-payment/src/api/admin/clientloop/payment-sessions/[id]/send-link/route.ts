/**
 * POST /admin/clientloop/payment-sessions/:id/send-link { channel: "Email" | "Phone", to?: string }
 * Admin-only (Medusa authenticates /admin routes): resend the pay link, optionally to another
 * address or phone number (ClientLoop validates it for the channel).
 */
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { MedusaError } from "@medusajs/framework/utils";
import { CHANNELS, sessionForSendLink } from "../../../../../../lib/server.js";

export const POST = async (req: MedusaRequest, res: MedusaResponse) => {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const extra = Object.keys(body).filter((k) => k !== "channel" && k !== "to");
  if (extra.length) throw new MedusaError(MedusaError.Types.INVALID_DATA, `Unknown field(s): ${extra.join(", ")}`);
  if (!CHANNELS.includes(body.channel as (typeof CHANNELS)[number])) throw new MedusaError(MedusaError.Types.INVALID_DATA, "channel must be Email or Phone");
  if (body.to !== undefined && typeof body.to !== "string") throw new MedusaError(MedusaError.Types.INVALID_DATA, "to must be a string");
  const { session, provider } = await sessionForSendLink(req.scope, req.params.id);
  const result = await provider.sendLink(session.data ?? {}, body.channel as "Email" | "Phone", body.to as string | undefined);
  res.json({ success: result.success, message: result.message });
};
