/**
 * The store on Medusa's production topology (scripts/stack/production.mjs): one `medusa build`,
 * two `server` instances and one `worker`, on one Postgres and one Redis (Medusa's Redis event
 * bus, workflow engine, locking and caching modules). ClientLoop's callbacks go to server A; the
 * storefront talks to server B. Booted once for the whole file (building and starting three
 * processes takes minutes on a busy machine); the scenario modules in test/production/ use their
 * own carts. The one that kills instances runs last.
 */
import { existsSync } from "node:fs";
import { startSandbox } from "@clientloop/sandbox";
import { afterAll, beforeAll, expect } from "vitest";
// @ts-expect-error plain ESM module without types
import { startStack } from "../scripts/stack.mjs";
import { Db } from "./support/db.js";
import { prod } from "./support/production-context.js";
import { Shop } from "./support/shop.js";
import { portClosed, refused } from "./support/topology.js";
import "./production/topology.js";
import "./production/admin-panel.js";
import "./production/forged-data.js";
import "./production/deliveries.js";
import "./production/cart-changes.js";
import "./production/send-link.js";
import "./production/parallel.js";
import "./production/restarts.js";

beforeAll(async () => {
  // Redeliveries every ≤ 5 s for minutes: a callback that finds server A down reaches it once it is back.
  prod.sandbox = await startSandbox({ port: 0, events: { backoffMs: 500, maxBackoffMs: 5_000, maxAttempts: 100 } });
  prod.stack = await startStack({
    profile: "production",
    sandbox: prod.sandbox,
    env: {
      CLIENTLOOP_TIMEOUT_MS: "5000",
      // the worker's background job retries failed cancels and settlements every 2 s
      CLIENTLOOP_RECONCILE_SECONDS: "2",
      CLIENTLOOP_SEND_LINK_IP_LIMIT: "6",
    },
  });
  [prod.serverA, prod.serverB] = prod.stack.servers;
  prod.worker = prod.stack.worker;
  prod.shopB = new Shop(prod.serverB.url, prod.stack.seed, prod.sandbox);
  prod.db = new Db(prod.stack.databaseUrl);
  await prod.db.connect();
}, 900_000);

afterAll(async () => {
  const { db, stack, sandbox } = prod;
  await db?.end().catch(() => {});
  await stack?.stop();
  await sandbox?.stop();
  if (!stack) return;
  // nothing left behind: no instance answers, the build is removed, the private Redis is gone
  for (const instance of stack.instances) expect(await refused(`${instance.url}/health`)).toBe(true);
  expect(existsSync(stack.buildDir)).toBe(false);
  if (!process.env.REDIS_URL) expect(await portClosed(stack.redisUrl)).toBe(true);
}, 120_000);
