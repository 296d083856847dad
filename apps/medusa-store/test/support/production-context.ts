/**
 * What every scenario on the production topology gets (test/production.test.ts boots it once):
 * the sandbox, the stack (two servers and a worker on one Postgres and one Redis), a Store API
 * client on server B (the storefront's side), and direct reads of the database.
 */
import type { Sandbox } from "@clientloop/sandbox";
import type { Db } from "./db.js";
import type { Shop } from "./shop.js";
import type { MedusaInstance, ProductionStack } from "./topology.js";

export interface Production {
  sandbox: Sandbox;
  stack: ProductionStack;
  /** Where ClientLoop's callbacks go. */
  serverA: MedusaInstance;
  /** Where the storefront talks to the store. */
  serverB: MedusaInstance;
  worker: MedusaInstance;
  /** The storefront's side: server B. */
  shopB: Shop;
  db: Db;
}

/** Filled in by production.test.ts's beforeAll; scenarios read it inside their tests. */
export const prod = {} as Production;
