/**
 * End to end, over HTTP: a real `medusa start` on a real Postgres (embedded unless DATABASE_URL
 * is set, a fresh database per run), the ClientLoop sandbox with ClientLoop's delivery schedule,
 * and the plugin as a store installs it, with the demo storefront in front of it (started first:
 * its return page is the stack's successUrl). One stack for the whole suite (starting Medusa costs
 * ~25 s, minutes on a busy machine); the scenario modules use their own carts. The scenario that
 * takes the store down and moves the sandbox clock runs last.
 */
import { startSandbox } from "@clientloop/sandbox";
import { afterAll, beforeAll } from "vitest";
// @ts-expect-error plain ESM module without types
import { startStorefront } from "../scripts/demo/storefront.mjs";
// @ts-expect-error plain ESM module without types
import { startStack } from "../scripts/stack.mjs";
import { e2e } from "./support/context.js";
import { Db } from "./support/db.js";
import { Shop } from "./support/shop.js";
import "./scenarios/checkout.js";
import "./scenarios/forged-data.js";
import "./scenarios/callbacks.js";
import "./scenarios/cart-changes.js";
import "./scenarios/send-link.js";
import "./scenarios/admin-and-config.js";
import "./scenarios/shopper-journey.js";
import "./scenarios/downtime.js";

beforeAll(async () => {
  e2e.sandbox = await startSandbox({ port: 0 });
  e2e.storefront = await startStorefront({ port: 0 });
  e2e.stack = await startStack({
    sandbox: e2e.sandbox,
    env: {
      CLIENTLOOP_SUCCESS_URL: e2e.storefront.successUrl,
      // the return page calls the Store API from the shopper's browser
      STORE_CORS: e2e.storefront.url,
      CLIENTLOOP_TIMEOUT_MS: "3000",
      // long enough that moving the sandbox clock by days (the downtime scenario) expires nothing
      CLIENTLOOP_EXPIRES_IN_MINUTES: "43200",
      CLIENTLOOP_RECONCILE_SECONDS: "2",
      // the tests reach Medusa directly: X-Forwarded-For is client-written
      CLIENTLOOP_TRUST_PROXY: "0",
      CLIENTLOOP_SEND_LINK_IP_LIMIT: "6",
    },
  });
  e2e.storefront.connect({ medusaUrl: e2e.stack.medusaUrl, seed: e2e.stack.seed });
  e2e.shop = new Shop(e2e.stack.medusaUrl, e2e.stack.seed, e2e.sandbox);
  e2e.db = new Db(e2e.stack.databaseUrl);
  await e2e.db.connect();
});

afterAll(async () => {
  await e2e.db?.end().catch(() => {});
  await e2e.stack?.stop();
  await e2e.storefront?.stop();
  await e2e.sandbox?.stop();
});
