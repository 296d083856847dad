/**
 * What every e2e scenario gets: one stack for the whole suite (Postgres, the sandbox with
 * ClientLoop's real delivery schedule, `medusa start` with the plugin), the demo storefront (its
 * return page is the successUrl), a Store/Admin API client, direct reads of the database, and
 * helpers over the sandbox.
 */
import type { Sandbox } from "@clientloop/sandbox";
import { resendWith } from "./attacks.js";
import type { Db } from "./db.js";
import type { Shop } from "./shop.js";

export interface Stack {
  medusaUrl: string;
  databaseUrl: string;
  env: Record<string, string>;
  logs(): string;
  medusa: { start(): Promise<void>; stop(options?: { kill?: boolean }): Promise<void>; running(): boolean };
  stop(): Promise<void>;
}

/** The demo storefront (scripts/demo/storefront.mjs), whose return page is the stack's successUrl. */
export interface Storefront {
  url: string;
  successUrl: string;
  connect(store: { medusaUrl: string; seed: unknown }): void;
  stop(): Promise<void>;
}

export interface E2E {
  stack: Stack;
  sandbox: Sandbox;
  storefront: Storefront;
  shop: Shop;
  db: Db;
}

/** Filled in by e2e.test.ts's beforeAll; scenarios read it inside their tests. */
export const e2e = {} as E2E;

/** Requests to ClientLoop by operation since `before`. */
export function callsSince(before: Record<string, number>) {
  const now = e2e.sandbox.requests().byOperation;
  const ops = new Set([...Object.keys(now), ...Object.keys(before)]);
  return Object.fromEntries([...ops].map((k) => [k, (now[k] ?? 0) - (before[k] ?? 0)]).filter(([, v]) => v !== 0));
}

/** Posts an event body as ClientLoop would (a fresh signature), by default to the event's own callback URL. */
export function resend(
  event: { body: string; callbackUrl: string | null },
  options?: Parameters<typeof resendWith>[3],
) {
  return resendWith(e2e.shop, e2e.sandbox, event, options);
}

/** Waits until the deliveries that are due have been attempted (later retries do not hold it). */
export function deliveriesSettled() {
  return e2e.sandbox.waitForEvents({ scheduled: "ignore" });
}

/** A cart paid on the hosted page, and its order. */
export async function paidCheckout(currency: "usd" | "jpy" | "kwd" = "usd", items?: Parameters<Shop["cart"]>[1]) {
  const cart = await e2e.shop.cart(currency, items);
  const started = await e2e.shop.startClientLoop(cart);
  e2e.sandbox.completeSession(started.clientloopId);
  const orderId = await e2e.shop.waitForOrder(cart.id);
  await deliveriesSettled();
  return { cart, ...started, orderId };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the ledger has the payment session's order (the workflow settles after the order exists). */
export async function ledgerPlaced(paymentSessionId: string) {
  const { until } = await import("./shop.js");
  return await until(
    async () => {
      const row = await e2e.db.ledger(paymentSessionId);
      return row?.order_state === "placed" ? row : undefined;
    },
    { what: `the ledger to record the order of ${paymentSessionId}` },
  );
}
