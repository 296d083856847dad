/**
 * POST /store/clientloop/payment-sessions/:id/send-link { channel: "Email" | "Phone" }
 * Resends the pay link to the contact given when the session was created (no `to` override:
 * a shopper cannot make the store message arbitrary addresses). Rate-limited per payment
 * session and per client IP (provider options sendLinkLimit / sendLinkWindowSeconds).
 */
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { MedusaError } from "@medusajs/framework/utils";
import { CHANNELS, RateLimiter, sessionForSendLink } from "../../../../../../lib/server.js";

let settings = { limit: 3, windowMs: 900_000 };
const perSession = new RateLimiter(() => settings.limit, () => settings.windowMs);
const perClient = new RateLimiter(() => settings.limit * 10, () => settings.windowMs);

export const POST = async (req: MedusaRequest, res: MedusaResponse) => {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const extra = Object.keys(body).filter((k) => k !== "channel");
  if (extra.length) throw new MedusaError(MedusaError.Types.INVALID_DATA, `Unknown field(s): ${extra.join(", ")}`);
  if (!CHANNELS.includes(body.channel as (typeof CHANNELS)[number])) throw new MedusaError(MedusaError.Types.INVALID_DATA, "channel must be Email or Phone");
  const { session, provider } = await sessionForSendLink(req.scope, req.params.id);
  const o = provider.resolvedOptions;
  settings = { limit: o.sendLinkLimit, windowMs: o.sendLinkWindowSeconds * 1000 };
  const wait = Math.max(perClient.take(`ip:${req.ip ?? "unknown"}`), perSession.take(`ps:${session.id}`));
  if (wait > 0) {
    res.setHeader("Retry-After", String(Math.ceil(wait / 1000)));
    res.status(429).json({ type: "too_many_requests", message: "Too many link requests for this payment; try again later" });
    return;
  }
  const result = await provider.sendLink(session.data ?? {}, body.channel as "Email" | "Phone");
  res.json({ success: result.success });
};
