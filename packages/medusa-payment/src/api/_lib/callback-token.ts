/**
 * The callback URL carries a per-session token in its query string. Medusa's HTTP access log
 * (morgan) writes each request's URL when the response finishes; this middleware takes the token
 * off `req.originalUrl` first, so the log shows `token=[redacted]`. The route reads it from here.
 */
import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http";

const TOKEN = Symbol.for("clientloop.callbackToken");
const TOKEN_PARAM = /([?&]token=)[^&#]*/;

export function redactCallbackToken(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction): void {
  const r = req as MedusaRequest & { [TOKEN]?: unknown };
  r[TOKEN] = req.query?.token;
  if (typeof req.originalUrl === "string") req.originalUrl = req.originalUrl.replace(TOKEN_PARAM, "$1[redacted]");
  next();
}

export function callbackTokenOf(req: MedusaRequest): unknown {
  return (req as MedusaRequest & { [TOKEN]?: unknown })[TOKEN] ?? req.query?.token;
}
