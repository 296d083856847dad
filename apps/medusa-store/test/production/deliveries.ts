/**
 * The orders of checkouts across the instances, however ClientLoop's callback and the shopper's
 * return meet: webhook first, return first, and a storm of duplicate deliveries to both servers.
 */
import { describe, it } from "vitest";
import {
  deliveriesSettled,
  duplicateDeliveries,
  expectExactlyOne,
  returnFirst,
  settledByEveryone,
  webhookFirst,
} from "../support/production-checkouts.js";

describe("callbacks and returns on different servers", () => {
  it("webhook first: the order is made from the callback on A; the return page on B finds it", async () => {
    const checkout = await webhookFirst();
    await deliveriesSettled();
    await expectExactlyOne(checkout);
  });

  it("return first: completing on B before the event is refused; the tabs on A and B end on the one order", async () => {
    const checkout = await returnFirst();
    await deliveriesSettled();
    await expectExactlyOne(checkout);
  });

  it("5 duplicate deliveries to each server at once: one accepted, the rest acknowledged duplicates", async () => {
    const checkout = await duplicateDeliveries();
    await deliveriesSettled();
    await expectExactlyOne(checkout);
  });

  it("the worker, admins' retries on A and B and the shopper's completions on A and B at once: one order, and the ledger names it", async () => {
    const checkout = await settledByEveryone();
    await deliveriesSettled();
    await expectExactlyOne(checkout);
  });
});
