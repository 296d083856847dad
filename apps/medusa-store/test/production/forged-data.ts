/**
 * The forged-data attack of the money-safety issue, on the production topology: 50 tries, a few
 * at a time, with ClientLoop's create slowed by 0 to 2 s. The forged session is posted on server
 * B, the cart completed on both servers while it waits; not one order without its own payment.
 */
import { describe, expect, it } from "vitest";
import { prod } from "../support/production-context.js";
import {
  deliveriesSettled,
  expectExactlyOne,
  forgedData,
  forgeryMaterial,
  type Checkout,
} from "../support/production-checkouts.js";

const TRIES = 50;
const AT_A_TIME = 5;

describe("shopper-written session data on the production topology", () => {
  it(
    `a copy of a paid session's data never becomes an order: ${TRIES} tries, 0–2 s ClientLoop latency`,
    { timeout: 30 * 60_000 },
    async () => {
      const copied = await forgeryMaterial();
      const done: Checkout[] = [];
      for (let batch = 0; batch < TRIES / AT_A_TIME; batch++) {
        // 0, 222, 444 … 2000 ms: the whole 0–2 s spread, the same for the batch's creates
        const ms = Math.round((batch * 2000) / (TRIES / AT_A_TIME - 1));
        const fault =
          ms > 0
            ? prod.sandbox.injectFault({ kind: "latency", ms, operationName: "createPaymentSession", times: AT_A_TIME })
            : undefined;
        try {
          done.push(...(await Promise.all(Array.from({ length: AT_A_TIME }, () => forgedData(copied)))));
        } finally {
          if (fault) prod.sandbox.removeFault(fault.id);
        }
      }
      await deliveriesSettled();
      expect(done).toHaveLength(TRIES);
      for (const checkout of done) await expectExactlyOne(checkout);
    },
  );
});
