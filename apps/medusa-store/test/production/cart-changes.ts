/**
 * The cart changes (on server A) after the payment started (on server B) while ClientLoop fails
 * the cancel of the superseded session: the worker's background job retries it until ClientLoop
 * confirms, the admin sees it meanwhile on either server, and the new session is the one order.
 */
import { describe, expect, it } from "vitest";
import { prod } from "../support/production-context.js";
import { deliveriesSettled, expectExactlyOne, shopA } from "../support/production-checkouts.js";
import { until } from "../support/shop.js";
import { settledOrder } from "../support/topology.js";

describe("a cart change while ClientLoop fails the cancel", () => {
  it(
    "the cancel is retried on the worker until confirmed; the new total is paid once",
    { timeout: 10 * 60_000 },
    async () => {
      const { shopB, sandbox, db } = prod;
      const cart = await shopB.cart("usd");
      const first = await shopB.startClientLoop(cart);
      const fault = sandbox.injectFault({
        kind: "status",
        status: 500,
        operationName: "updatePaymentSession",
        times: 1,
      });
      await shopA().addItem(cart.id, "mug");
      await until(async () => (await db.ledger(first.session.id))?.cancel_attempts >= 1, {
        what: "the failed cancel recorded",
      });
      expect(sandbox.getSession(first.clientloopId)!.status).toBe("Active");
      // the store owner sees it on either server
      for (const shop of [shopA(), shopB]) {
        const attention = await shop.admin("GET", "/admin/clientloop/attention");
        expect(attention.body.cancel_unconfirmed.map((s: any) => s.payment_session_id)).toContain(first.session.id);
      }
      sandbox.removeFault(fault.id);
      await until(async () => sandbox.getSession(first.clientloopId)!.status === "Canceled", {
        what: "the retried cancel",
        timeoutMs: 180_000,
      });
      await until(async () => (await db.ledger(first.session.id)).cancel_state === "confirmed", {
        what: "the cancel confirmed in the ledger",
      });
      // (the worker writes the timeline entry just after the state)
      const cancels = async () =>
        (await db.activity(first.session.id)).filter((a) => a.kind === "cancel").map((a) => a.outcome);
      await until(async () => (await cancels()).includes("confirmed"), {
        what: "the confirmed cancel in the timeline",
      });
      expect(await cancels()).toEqual(["failed", "confirmed"]);
      expect((await shopB.payOnHostedPage(first.session.data.link)).status).toBe(409);

      const changed = await shopB.getCart(cart.id);
      const second = await shopB.startClientLoop(changed);
      expect(sandbox.getSession(second.clientloopId)).toMatchObject({ amount: "38.49", status: "Active" });
      expect((await shopB.payOnHostedPage(second.session.data.link)).status).toBe(303);
      const orderId = await settledOrder(db, cart.id, second.paymentCollection.id);
      await deliveriesSettled();
      await expectExactlyOne({
        cartId: cart.id,
        paymentCollectionId: second.paymentCollection.id,
        total: "38.49",
        orderId,
      });
    },
  );
});
