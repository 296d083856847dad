/**
 * Helpers for tests on the production topology (scripts/stack/production.mjs): the stack's
 * instances and their logs, and the end state of a checkout.
 */
import { connect } from "node:net";
import type { Sandbox } from "@clientloop/sandbox";
import type { Db } from "./db.js";
import { until, type Shop } from "./shop.js";

/** One `medusa start` of the stack (scripts/stack/medusa.mjs). */
export interface MedusaInstance {
  name: string;
  mode: "server" | "worker" | "shared";
  url: string;
  port: number;
  pid: number | undefined;
  running(): boolean;
  logs(): string;
  start(): Promise<void>;
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(options?: { kill?: boolean }): Promise<void>;
}

export interface ProductionStack {
  profile: "production";
  medusaUrl: string;
  callbackBaseUrl: string;
  servers: [MedusaInstance, MedusaInstance];
  worker: MedusaInstance;
  instances: MedusaInstance[];
  /** All three as one. */
  medusa: Pick<MedusaInstance, "running" | "start" | "stop" | "kill" | "restart">;
  sandbox: Sandbox;
  seed: Shop["seed"];
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  buildDir: string;
  env: Record<string, string>;
  logs(): string;
  stop(): Promise<void>;
}

/**
 * Waits until the cart has an order and its payment is captured (Medusa creates the order first
 * and authorizes the payment after it), and returns the order's id; the caller then checks
 * that there is exactly one of each.
 */
export async function settledOrder(
  db: Db,
  cartId: string,
  paymentCollectionId: string,
  timeoutMs = 120_000,
): Promise<string> {
  return await until(
    async () => {
      const [orderId] = await db.ordersOfCart(cartId);
      const payments = await db.paymentsOf(paymentCollectionId);
      return orderId && payments.some((p) => Number(p.captures) > 0) ? orderId : undefined;
    },
    { timeoutMs, what: `the order of ${cartId} with its captured payment` },
  );
}

/** Lines of an instance's log that match. */
export function logLines(instance: MedusaInstance, pattern: RegExp): string[] {
  return instance
    .logs()
    .split("\n")
    .filter((line) => pattern.test(line));
}

/** True when nothing answers at the URL any more. */
export const refused = (url: string) =>
  fetch(url).then(
    () => false,
    () => true,
  );

/** True when nothing accepts TCP connections at the URL's host and port any more. */
export function portClosed(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once("connect", () => (socket.destroy(), resolve(false)));
    socket.once("error", () => resolve(true));
  });
}
