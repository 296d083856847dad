/**
 * Helpers for tests on the production topology (scripts/stack/production.mjs): the stack's
 * instances, their logs, and a ClientLoop checkout started on a chosen server. ClientLoop
 * sessions are found through the sandbox (its `transactionRef` is the Medusa payment session id),
 * never through the shopper-visible session data.
 */
import { connect } from "node:net";
import type { PaymentSession, Sandbox } from "@clientloop/sandbox";
import type { Shop } from "./shop.js";

/** One `medusa start` of the stack (scripts/stack/medusa.mjs). */
export interface MedusaInstance {
  name: string;
  mode: "server" | "worker" | "shared";
  url: string;
  port: number;
  pid: number | undefined;
  running: boolean;
  logs(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface ProductionStack {
  profile: "production";
  medusaUrl: string;
  callbackBaseUrl: string;
  servers: [MedusaInstance, MedusaInstance];
  worker: MedusaInstance;
  instances: MedusaInstance[];
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

/** The ClientLoop session the store created for a Medusa payment session. */
export function clientLoopSessionOf(sandbox: Sandbox, paymentSessionId: string): PaymentSession | undefined {
  return sandbox.listSessions().find((s) => s.transactionRef === paymentSessionId);
}

/** Starts a ClientLoop payment for the cart on `shop`'s server, as a storefront does. */
export async function startClientLoopPayment(shop: Shop, cart: { id: string; email: string }) {
  const r = await shop.initiateRaw(cart.id, shop.seed.providers.clientloop, { email: cart.email, cart_id: cart.id });
  if (r.status !== 200) throw new Error(`initiate payment session on ${shop.url}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
  const paymentCollection = r.body.payment_collection;
  const session = paymentCollection.payment_sessions.find((s: { provider_id: string }) => s.provider_id === shop.seed.providers.clientloop);
  const clientloop = clientLoopSessionOf(shop.sandbox, session.id);
  if (!clientloop) throw new Error(`no ClientLoop session has transactionRef ${session.id}`);
  return { paymentCollectionId: paymentCollection.id as string, session: session as { id: string; status: string; amount: number }, clientloop };
}

/** Lines of an instance's log that match. */
export function logLines(instance: MedusaInstance, pattern: RegExp): string[] {
  return instance.logs().split("\n").filter((line) => pattern.test(line));
}

/** True when nothing answers at the URL any more. */
export const refused = (url: string) => fetch(url).then(
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
