/**
 * Makes Medusa reflect a ClientLoop session's final status, from the ledger:
 * - Completed → the cart becomes an order (Medusa's completeCartWorkflow, which locks the cart,
 *   is idempotent through order_cart, and asks the provider to authorize: the ledger says
 *   captured). The order and its payments are read holding the cart's lock, never mid-way through
 *   another completion (the storefront's). A failure is retried later by the job, with backoff;
 *   a payment that cannot become an order (its Medusa session was replaced, the amount differs,
 *   the cart was completed with another payment, or it keeps failing) is recorded as needing
 *   attention — never dropped.
 * - Expired / Canceled → the Medusa payment session shows `error` / `canceled`.
 * Run by the subscriber right after a verified callback, by the job for whatever is due, and by
 * the admin "retry" route. Safe to run any number of times, in any process.
 */
import { amountsEqual } from "@clientloop/core";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { ILockingModule, IPaymentModuleService, Logger, MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils";
import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk";
import { completeCartWorkflow } from "@medusajs/medusa/core-flows";
import { nextOrderAttemptAt } from "../lib/backoff";
import { clientLoopAmount } from "../lib/mapping";
import { toSessionStatus } from "../lib/status";
import { CLIENTLOOP_MODULE_KEY } from "../lib/setup";
import type { ClientLoopModuleService } from "../modules/clientloop/service";
import type { LedgerSession } from "../modules/clientloop/ledger-store";

export type SettleOutcome = "placed" | "attention" | "retry" | "status_synced" | "nothing_to_do";

export interface SettleInput {
  /** The ledger entry (clientloop_session.id). */
  id: string;
}

type AnyRecord = Record<string, any>;

async function medusaSession(container: MedusaContainer, id: string): Promise<AnyRecord | undefined> {
  const pm = container.resolve<IPaymentModuleService>(Modules.PAYMENT);
  const [session] = await pm.listPaymentSessions(
    { id: [id] },
    { select: ["id", "amount", "raw_amount", "currency_code", "status", "data", "payment_collection_id"] },
  );
  return session as AnyRecord | undefined;
}

async function cartOf(container: MedusaContainer, paymentCollectionId: string): Promise<string | undefined> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const { data } = await query.graph({
    entity: "cart_payment_collection",
    fields: ["cart_id"],
    filters: { payment_collection_id: paymentCollectionId },
  });
  return (data?.[0] as AnyRecord | undefined)?.cart_id;
}

async function orderOfCart(container: MedusaContainer, cartId: string): Promise<string | undefined> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const { data } = await query.graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } });
  return (data?.[0] as AnyRecord | undefined)?.order_id;
}

async function orderOfCollection(container: MedusaContainer, paymentCollectionId: string): Promise<string | undefined> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const { data } = await query.graph({
    entity: "order_payment_collection",
    fields: ["order_id"],
    filters: { payment_collection_id: paymentCollectionId },
  });
  return (data?.[0] as AnyRecord | undefined)?.order_id;
}

/** The payments (not canceled) of a collection, with the session each was made from. */
async function paymentsOf(container: MedusaContainer, paymentCollectionId: string): Promise<AnyRecord[]> {
  const pm = container.resolve<IPaymentModuleService>(Modules.PAYMENT);
  const payments = await pm.listPayments({ payment_collection_id: paymentCollectionId } as never, {
    select: ["id", "payment_session_id", "canceled_at"],
  });
  return (payments as AnyRecord[]).filter((p) => !p.canceled_at);
}

/**
 * Runs `job` holding the lock Medusa's completeCartWorkflow holds on the cart (its id) from its
 * first step to its last, in every process that shares the locking module. Mid-way, a completion
 * has made the order but not yet the payment, and may still fail and undo both: the order and its
 * payments are read only when none runs. Taken as Medusa's acquireLockStep takes it (a try every
 * 0.3 s for 30 s; it expires 2 min after a process that died holding it): the locking module's
 * `execute` could leave a timed-out waiter holding the lock before Medusa 2.21.
 */
async function whileNoCompletionRuns<T>(container: MedusaContainer, cartId: string, job: () => Promise<T>): Promise<T> {
  const locking = container.resolve<ILockingModule>(Modules.LOCKING);
  const ownerId = `clientloop-settle:${randomUUID()}`;
  for (const giveUpAt = Date.now() + 30_000; ; await sleep(300)) {
    try {
      await locking.acquire(cartId, { ownerId, expire: 120 });
      break;
    } catch (error) {
      if (Date.now() >= giveUpAt) throw error;
    }
  }
  try {
    return await job();
  } finally {
    await locking.release(cartId, { ownerId });
  }
}

async function syncSessionStatus(container: MedusaContainer, row: LedgerSession): Promise<SettleOutcome> {
  const session = await medusaSession(container, row.payment_session_id);
  const status = toSessionStatus(row.status === "creating" ? undefined : row.status);
  if (!session || session.status === status || session.status === "authorized" || session.status === "captured")
    return "nothing_to_do";
  const pm = container.resolve<IPaymentModuleService>(Modules.PAYMENT);
  await pm.updatePaymentSession({
    id: session.id,
    amount: session.raw_amount ?? session.amount,
    currency_code: session.currency_code,
    data: session.data ?? {},
    status,
  });
  return "status_synced";
}

export async function settleClientLoopSession(container: MedusaContainer, id: string): Promise<SettleOutcome> {
  const clientloop = container.resolve<ClientLoopModuleService>(CLIENTLOOP_MODULE_KEY);
  const ledger = clientloop.ledger;
  const row = await ledger.byId(id);
  if (!row) return "nothing_to_do";
  if (row.status === "Expired" || row.status === "Canceled") return await syncSessionStatus(container, row);
  if (row.status !== "Completed" || row.order_state !== "pending") return "nothing_to_do";

  const session = await medusaSession(container, row.payment_session_id);
  if (!session) {
    await ledger.needsAttention(row.id, "session_deleted");
    return "attention";
  }
  if (!row.payment_collection_id) {
    const cartId = await cartOf(container, session.payment_collection_id);
    await ledger.linkToCart(row.payment_session_id, cartId ?? null, session.payment_collection_id);
  }
  const expected = clientLoopAmount(session.raw_amount ?? session.amount, session.currency_code);
  if (
    row.paid_currency_code !== expected.currency ||
    !amountsEqual(row.paid_amount ?? "", expected.amount, expected.currency)
  ) {
    await ledger.needsAttention(row.id, "amount_mismatch");
    return "attention";
  }

  const cartId = await cartOf(container, session.payment_collection_id);
  const placed = async (orderId: string): Promise<SettleOutcome> => (
    await ledger.orderPlaced(row.id, orderId),
    "placed"
  );
  try {
    if (!cartId) {
      // A payment collection without a cart (e.g. an order's outstanding amount): record the payment.
      await container.resolve<IPaymentModuleService>(Modules.PAYMENT).authorizePaymentSession(session.id, {});
      const orderId = await orderOfCollection(container, session.payment_collection_id);
      if (!orderId) {
        await ledger.needsAttention(row.id, "no_cart");
        return "attention";
      }
      return await placed(orderId);
    }
    if (!(await orderOfCart(container, cartId))) {
      // Medusa's completion holds the cart's lock and makes at most one order: when the
      // storefront completes the cart at the same time, one of the two finds the other's order.
      await completeCartWorkflow(container).run({ input: { id: cartId } });
    }
    return await whileNoCompletionRuns(container, cartId, async () => {
      const orderId = await orderOfCart(container, cartId);
      if (!orderId) throw new Error("the cart has no order after its completion");
      const payments = await paymentsOf(container, session.payment_collection_id);
      if (payments.some((p) => p.payment_session_id === session.id)) return await placed(orderId);
      if (payments.length) {
        await ledger.needsAttention(row.id, "cart_completed_otherwise");
        return "attention";
      }
      // The order exists without any payment (its completion stopped before authorizing, e.g. the
      // process died): record this payment on it, as Medusa's own webhook flow does.
      await container.resolve<IPaymentModuleService>(Modules.PAYMENT).authorizePaymentSession(session.id, {});
      return await placed(orderId);
    });
  } catch (error) {
    const message = ((error as Error)?.message ?? String(error)).slice(0, 500);
    const next = nextOrderAttemptAt(row.order_attempts + 1, new Date());
    await ledger.orderAttempted(row.id, message, next);
    await ledger.log({
      kind: "order",
      outcome: next ? "retrying" : "attention",
      payment_session_id: row.payment_session_id,
      cart_id: cartId ?? null,
      detail: message,
    });
    container
      .resolve<Logger>(ContainerRegistrationKeys.LOGGER)
      .warn(
        `ClientLoop: the order for paid session ${row.clientloop_session_id} could not be created (${message}); ${next ? `retrying at ${next.toISOString()}` : "listed for attention"}`,
      );
    return next ? "retry" : "attention";
  }
}

export const settleClientLoopSessionStep = createStep(
  "settle-clientloop-session",
  async (input: SettleInput, { container }) => {
    return new StepResponse(await settleClientLoopSession(container, input.id));
  },
);

export const settleClientLoopSessionWorkflow = createWorkflow("settle-clientloop-session", (input: SettleInput) => {
  return new WorkflowResponse(settleClientLoopSessionStep(input));
});

export default settleClientLoopSessionWorkflow;
