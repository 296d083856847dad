/**
 * POST /hooks/clientloop?session_id=<payses_…>&token=<HMAC>: the callback URL given to ClientLoop
 * for each payment session. Unlike Medusa's /hooks/payment/:provider (which drops the query
 * string and answers 200 before any check), this verifies first and answers 4xx to anything it
 * cannot verify, 5xx when a verified event could not be processed (ClientLoop delivers again).
 */
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { handleCallback } from "../../../lib/server.js";

export const POST = async (req: MedusaRequest, res: MedusaResponse) => {
  const result = await handleCallback(req.scope, {
    sessionId: req.query.session_id,
    token: req.query.token,
    body: req.body,
    rawBody: (req as MedusaRequest & { rawBody?: unknown }).rawBody,
    headers: req.headers as Record<string, unknown>,
  });
  res.status(result.status).json(result.body);
};
