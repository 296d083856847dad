/**
 * Fifty checkouts at once on the production topology, mixing every way a checkout goes: webhook
 * first, return first, duplicate deliveries to both servers, a cart change whose cancel
 * ClientLoop fails half the time, and the forged-data attack, with a third of ClientLoop's
 * creates slowed by a second. Each cart ends in exactly one order, one payment, one capture.
 */
import { describe, expect, it } from "vitest";
import { prod } from "../support/production-context.js";
import {
  cartChange,
  deliveriesSettled,
  duplicateDeliveries,
  expectExactlyOne,
  forgedData,
  forgeryMaterial,
  returnFirst,
  webhookFirst,
  type Checkout,
} from "../support/production-checkouts.js";
import { until } from "../support/shop.js";

const CHECKOUTS = 50;

describe("fifty checkouts in parallel across the instances", () => {
  it(
    "mixing every path: each cart exactly one order, one payment, one capture for its exact total",
    { timeout: 30 * 60_000 },
    async () => {
      const { sandbox } = prod;
      const copied = await forgeryMaterial();
      const superseded: string[] = [];
      const paths: (() => Promise<Checkout>)[] = [
        webhookFirst,
        returnFirst,
        duplicateDeliveries,
        () => cartChange().then((c) => (superseded.push(c.superseded), c)),
        () => forgedData(copied),
      ];
      const faults = [
        sandbox.injectFault({ kind: "latency", ms: 1000, rate: 0.33, operationName: "createPaymentSession" }),
        sandbox.injectFault({ kind: "status", status: 500, rate: 0.5, operationName: "updatePaymentSession" }),
      ];
      // every checkout finishes before anything is judged: a failed one must not leave the others
      // running into the restarts that follow
      const results = await Promise.allSettled(Array.from({ length: CHECKOUTS }, (_, i) => paths[i % paths.length]!()));
      for (const fault of faults) sandbox.removeFault(fault.id);
      const failed = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
      if (failed.length) throw new AggregateError(failed, `${failed.length} of ${CHECKOUTS} checkouts failed`);
      const checkouts = results.map((r) => (r as PromiseFulfilledResult<Checkout>).value);
      await deliveriesSettled();
      expect(new Set(checkouts.map((c) => c.orderId)).size).toBe(CHECKOUTS);
      for (const checkout of checkouts) await expectExactlyOne(checkout);
      // and every superseded ClientLoop session ends canceled (the worker retries failed cancels)
      expect(superseded).toHaveLength(CHECKOUTS / paths.length);
      await until(async () => superseded.every((id) => sandbox.getSession(id)!.status === "Canceled"), {
        timeoutMs: 180_000,
        what: "the superseded sessions canceled",
      });
    },
  );
});
