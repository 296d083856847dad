/**
 * Server-side logic of the plugin's routes (kept out of the route files so it can be reused):
 * the verified callback pipeline, cart status, and pay-link sends. Uses Medusa's own
 * workflows and locking: completeCartWorkflow locks the cart and is idempotent (an existing
 * order is returned), and the callback pipeline is serialised per payment session.
 */
import { amountsEqual } from "@clientloop/core";
import type { MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils";
import { completeCartWorkflow } from "@medusajs/medusa/core-flows";
import { ClientLoopProviderService, SESSION_ID_HEADER, TOKEN_HEADER } from "../providers/clientloop/service.js";
import { clientLoopAmount } from "./mapping.js";
import type { VerifiedRecord } from "./security.js";
import { isFinal, storefrontState, toSessionStatus, type StorefrontPaymentState } from "./status.js";

type Logger = { info(m: string): void; warn(m: string): void; error(m: string, e?: unknown): void };
type AnyRecord = Record<string, any>;

export const SESSION_ID_PATTERN = /^payses_[0-9A-Za-z]{10,40}$/;

/** The ClientLoop provider instance registered in the Payment Module under `providerId`, or undefined. */
export function getClientLoopProvider(scope: MedusaContainer, providerId: string): ClientLoopProviderService | undefined {
  if (!providerId.startsWith("pp_clientloop")) return undefined;
  const pm = scope.resolve(Modules.PAYMENT) as AnyRecord;
  let provider: unknown;
  try {
    provider = pm.paymentProviderService_?.retrieveProvider?.(providerId) ?? pm.__container__?.[providerId];
  } catch {
    return undefined;
  }
  const p = provider as Partial<ClientLoopProviderService> | undefined;
  return p && typeof p.verifiedRecordOf === "function" && typeof p.sendLink === "function" ? (p as ClientLoopProviderService) : undefined;
}

export interface CallbackRequest {
  sessionId: unknown;
  token: unknown;
  body: unknown;
  rawBody: unknown;
  headers: Record<string, unknown>;
}

export interface CallbackResult {
  status: number;
  body: Record<string, unknown>;
}

const SESSION_FIELDS = ["id", "provider_id", "amount", "raw_amount", "currency_code", "status", "data", "payment_collection_id"];

async function retrieveSession(scope: MedusaContainer, id: string): Promise<AnyRecord | undefined> {
  const pm = scope.resolve(Modules.PAYMENT) as AnyRecord;
  try {
    return await pm.retrievePaymentSession(id, { select: SESSION_FIELDS });
  } catch (e) {
    if ((e as MedusaError)?.type === MedusaError.Types.NOT_FOUND) return undefined;
    throw e;
  }
}

/** The cart a payment collection belongs to, and its order if it was completed. */
export async function cartAndOrderOf(scope: MedusaContainer, paymentCollectionId: string): Promise<{ cartId?: string; orderId?: string }> {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY) as AnyRecord;
  const { data: links } = await query.graph({ entity: "cart_payment_collection", fields: ["cart_id"], filters: { payment_collection_id: paymentCollectionId } });
  const cartId: string | undefined = links?.[0]?.cart_id;
  if (!cartId) return {};
  return { cartId, orderId: await orderOfCart(scope, cartId) };
}

export async function orderOfCart(scope: MedusaContainer, cartId: string): Promise<string | undefined> {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY) as AnyRecord;
  const { data } = await query.graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } });
  return data?.[0]?.order_id;
}

/**
 * A paid session's cart becomes an order (exactly once: completeCartWorkflow locks the cart and
 * returns the existing order), with the payment created and captured from the verified record.
 */
async function ensureCompleted(scope: MedusaContainer, session: AnyRecord): Promise<{ orderId?: string }> {
  const { cartId, orderId } = await cartAndOrderOf(scope, session.payment_collection_id);
  if (orderId) return { orderId };
  if (cartId) {
    const { result } = await completeCartWorkflow(scope).run({ input: { id: cartId } });
    return { orderId: (result as { id?: string })?.id };
  }
  // A payment collection without a cart (e.g. an order edit): create the captured payment.
  const pm = scope.resolve(Modules.PAYMENT) as AnyRecord;
  await pm.authorizePaymentSession(session.id, {});
  return {};
}

/**
 * The callback pipeline: verify (session token, ClientLoop signature, event about this session,
 * amount and currency equal to the Medusa session's) → record once (first final status wins,
 * duplicates and out-of-order events change nothing) → complete the cart on Completed.
 * Nothing is queued or changed before verification; unverified requests get 4xx.
 */
export async function handleCallback(scope: MedusaContainer, req: CallbackRequest): Promise<CallbackResult> {
  const logger = scope.resolve(ContainerRegistrationKeys.LOGGER) as Logger;
  const { sessionId, token } = req;
  if (typeof sessionId !== "string" || !SESSION_ID_PATTERN.test(sessionId) || typeof token !== "string" || !token) {
    return { status: 400, body: { message: "Missing or malformed session_id/token" } };
  }
  if (typeof req.rawBody !== "string" && !(req.rawBody instanceof Uint8Array)) {
    return { status: 400, body: { message: "Expected a JSON body" } };
  }
  const session = await retrieveSession(scope, sessionId);
  if (!session) {
    logger.warn(`ClientLoop callback for unknown payment session ${sessionId}: ignored (deleted after a cart change?). If it reports a payment, reconcile it manually.`);
    return { status: 404, body: { message: "Unknown payment session" } };
  }
  const provider = getClientLoopProvider(scope, session.provider_id);
  if (!provider) return { status: 400, body: { message: "Not a ClientLoop payment session" } };

  const pm = scope.resolve(Modules.PAYMENT) as AnyRecord;
  let verified: { action: string; data?: AnyRecord };
  try {
    verified = await pm.getWebhookActionAndData({
      provider: session.provider_id,
      payload: {
        data: req.body,
        rawData: req.rawBody,
        headers: { ...req.headers, [SESSION_ID_HEADER]: sessionId, [TOKEN_HEADER]: token },
      },
    });
  } catch (e) {
    logger.warn(`ClientLoop callback for ${sessionId} rejected: ${(e as Error).message}`);
    return { status: 400, body: { message: "Callback rejected" } };
  }
  const record = verified.data?.clientloop as VerifiedRecord | undefined;
  if (!record) return { status: 400, body: { message: "Callback rejected" } };

  const stored = session.data ?? {};
  const expected = clientLoopAmount(session.raw_amount ?? session.amount, session.currency_code);
  if (
    record.clientloop_session_id !== stored.clientloop_session_id ||
    record.currency !== expected.currency ||
    !amountsEqual(record.amount, expected.amount, expected.currency)
  ) {
    logger.error(
      `ClientLoop callback for ${sessionId}: ClientLoop session ${record.clientloop_session_id} reports ${record.status} ${record.amount} ${record.currency}, but the Medusa session expects ${expected.amount} ${expected.currency} on ${String(stored.clientloop_session_id)}. Nothing was changed; reconcile manually.`,
    );
    return { status: 409, body: { message: "The event does not match this payment session" } };
  }

  const locking = scope.resolve(Modules.LOCKING) as AnyRecord;
  try {
    return await locking.execute(
      `clientloop:${sessionId}`,
      async () => {
        const current = (await retrieveSession(scope, sessionId)) ?? session;
        const existing = provider.verifiedRecordOf(current.data);
        if (existing && existing.event_id === record.event_id && existing.signed_at === record.signed_at) {
          // The very delivery already recorded, sent again: a replay (ClientLoop signs every
          // delivery anew, so its own redeliveries carry a new timestamp and are duplicates below).
          return { status: 409, body: { message: "This event delivery was already received", duplicate: true } };
        }
        let duplicate = false;
        let status = record.status;
        if (existing && isFinal(existing.status)) {
          duplicate = true; // first final status wins; replays and late events change nothing
          status = existing.status;
        } else if (isFinal(record.status)) {
          await pm.updatePaymentSession({
            id: sessionId,
            amount: current.raw_amount ?? current.amount,
            currency_code: current.currency_code,
            data: { ...(current.data ?? {}), amount: expected.amount, currency: expected.currency, clientloop: record },
            status: toSessionStatus(record.status),
          });
        }
        let orderId: string | undefined;
        if (status === "Completed") orderId = (await ensureCompleted(scope, current)).orderId;
        return { status: 200, body: { received: true, duplicate, status: toSessionStatus(status), ...(orderId ? { order_id: orderId } : {}) } };
      },
      { timeout: 30 },
    );
  } catch (e) {
    // Recorded or not, the cart could not be completed now: 5xx so ClientLoop delivers again.
    logger.error(`ClientLoop callback for ${sessionId}: processing failed, ClientLoop will retry: ${(e as Error).message}`);
    return { status: 500, body: { message: "Processing failed; retry later" } };
  }
}

export interface CartPaymentStatus {
  cart_id: string;
  /** pending: not paid yet; paid: ClientLoop reported the payment; expired/canceled: start a new session; none: no ClientLoop session. */
  payment_status: StorefrontPaymentState;
  payment_session_id: string | null;
  /** The hosted payment page while the session can still be paid. */
  link: string | null;
  order_id: string | null;
  completed: boolean;
}

/** What the storefront's return page polls. */
export async function cartPaymentStatus(scope: MedusaContainer, cartId: string): Promise<CartPaymentStatus | undefined> {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY) as AnyRecord;
  const { data } = await query.graph({
    entity: "cart",
    fields: [
      "id",
      "payment_collection.id",
      "payment_collection.payment_sessions.id",
      "payment_collection.payment_sessions.provider_id",
      "payment_collection.payment_sessions.status",
      "payment_collection.payment_sessions.data",
    ],
    filters: { id: cartId },
  });
  const cart = data?.[0];
  if (!cart) return undefined;
  const sessions: AnyRecord[] = cart.payment_collection?.payment_sessions ?? [];
  const session = sessions.find((s) => typeof s?.provider_id === "string" && s.provider_id.startsWith("pp_clientloop"));
  const orderId = (await orderOfCart(scope, cartId)) ?? null;
  const state = storefrontState(session?.status);
  return {
    cart_id: cartId,
    payment_status: state,
    payment_session_id: session?.id ?? null,
    link: state === "pending" && typeof session?.data?.link === "string" ? session.data.link : null,
    order_id: orderId,
    completed: !!orderId,
  };
}

/** Simple in-process sliding-window limiter (per key). Use one instance per route. */
export class RateLimiter {
  readonly #hits = new Map<string, number[]>();
  constructor(
    readonly limit: () => number,
    readonly windowMs: () => number,
  ) {}
  /** Returns 0 when allowed (and counts it), else the milliseconds until the next allowed call. */
  take(key: string, now = Date.now()): number {
    const windowMs = this.windowMs();
    const hits = (this.#hits.get(key) ?? []).filter((t) => t > now - windowMs);
    if (hits.length >= this.limit()) {
      this.#hits.set(key, hits);
      return hits[0]! + windowMs - now;
    }
    hits.push(now);
    this.#hits.set(key, hits);
    if (this.#hits.size > 10_000) for (const [k, v] of this.#hits) if (!v.some((t) => t > now - windowMs)) this.#hits.delete(k);
    return 0;
  }
}

export const CHANNELS = ["Email", "Phone"] as const;

/** Loads a ClientLoop payment session for the send-link routes. */
export async function sessionForSendLink(scope: MedusaContainer, id: unknown): Promise<{ session: AnyRecord; provider: ClientLoopProviderService }> {
  if (typeof id !== "string" || !SESSION_ID_PATTERN.test(id)) throw new MedusaError(MedusaError.Types.NOT_FOUND, "Payment session not found");
  const session = await retrieveSession(scope, id);
  const provider = session && getClientLoopProvider(scope, session.provider_id);
  if (!session || !provider) throw new MedusaError(MedusaError.Types.NOT_FOUND, "ClientLoop payment session not found");
  if (session.status !== "pending") throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "This payment session can no longer be paid");
  return { session, provider };
}
