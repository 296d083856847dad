/**
 * A link send counted against quotas: reserve (under the ledger's locks), send, then keep the
 * reservation (sent, or unknown when ClientLoop may have sent it) or give it back (refused).
 */
import { ClientLoopError } from "@clientloop/core";
import { MedusaError } from "@medusajs/framework/utils";
import type { LedgerSession, QuotaKey } from "../../modules/clientloop/ledger-store";
import type { ClientLoopModuleService, LinkChannel } from "../../modules/clientloop/service";

export interface QuotaOptions {
  cartId: string;
  clientKey: string | null;
  limits: { perCart: number; perRecipient: number; perClient: number; windowSeconds: number };
}

const DEFINITE_REFUSALS: string[] = [
  MedusaError.Types.INVALID_DATA,
  MedusaError.Types.NOT_ALLOWED,
  MedusaError.Types.NOT_FOUND,
];

export async function sendWithQuota(
  clientloop: ClientLoopModuleService,
  row: LedgerSession,
  channel: LinkChannel,
  recipient: string,
  { cartId, clientKey, limits }: QuotaOptions,
): Promise<{ success: boolean } | { retryAfterSeconds: number }> {
  const recipientKey = clientloop.fingerprint(`${channel}:${recipient}`);
  const keys: QuotaKey[] = [
    { column: "cart_id", value: cartId, limit: limits.perCart },
    { column: "recipient_key", value: recipientKey, limit: limits.perRecipient },
    ...(clientKey ? [{ column: "client_key" as const, value: clientKey, limit: limits.perClient }] : []),
  ];
  const detail = `${channel} to ${clientloop.mask(recipient)}`;
  const reservation = await clientloop.ledger.reserveLink(keys, limits.windowSeconds, {
    kind: "link",
    outcome: "reserved",
    payment_session_id: row.payment_session_id,
    clientloop_session_id: row.clientloop_session_id,
    cart_id: cartId,
    recipient_key: recipientKey,
    client_key: clientKey,
    detail,
  });
  if ("retryAfterSeconds" in reservation) return reservation;
  try {
    const result = await clientloop.sendLink(row, channel, recipient);
    await clientloop.ledger.finishLink(reservation.id, "sent", detail);
    return { success: result.success };
  } catch (error) {
    const refused =
      (error instanceof MedusaError && DEFINITE_REFUSALS.includes(error.type)) ||
      (ClientLoopError.isInstance(error) && !error.mayHaveSucceeded);
    await clientloop.ledger.finishLink(
      reservation.id,
      refused ? "refused" : "unknown",
      `${detail}: ${(error as Error).message}`.slice(0, 500),
    );
    throw error;
  }
}
