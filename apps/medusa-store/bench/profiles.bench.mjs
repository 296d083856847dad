// The same checkouts on both of the stack's profiles, printed side by side: the single process
// (`medusa start`, shared mode, in-memory modules) and the production topology (one build, two
// servers and a worker on Redis; the storefront on server B, callbacks to server A, orders made
// on the worker). For each: full checkout time (session → hosted page → return page polling
// until the order), ClientLoop's callback acknowledgement (the sandbox's attempt duration) and
// callback-to-order (the ledger's delivery accepted → order placed), at 1 and at N parallel.
//   npm run bench:profiles -w apps/medusa-store     (BENCH_ROUNDS=5, BENCH_PARALLEL=50)
// Timings only: nothing here passes or fails. The stacks run one after the other.
import pg from "pg";
import { startSandbox } from "@clientloop/sandbox";
import { startStack } from "../scripts/stack.mjs";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? 50);
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 200);

/** The storefront's calls against one stack. */
function storefront(url, seed) {
  async function store(method, path, body) {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { "content-type": "application/json", "x-publishable-api-key": seed.publishableKey },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json().catch(() => undefined);
    return { status: res.status, body: json };
  }
  async function must(method, path, body) {
    const r = await store(method, path, body);
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }
  /** One ClientLoop checkout as a shopper makes it; returns its payment session id and duration. */
  async function checkout() {
    const t = performance.now();
    const region = seed.regions.usd;
    const address = {
      first_name: "Ada",
      last_name: "Lovelace",
      address_1: "1 Main St",
      city: "Town",
      postal_code: "10001",
      country_code: region.country_code,
    };
    const email = `bench+${Math.random().toString(36).slice(2, 8)}@example.com`;
    const { cart } = await must("POST", "/store/carts", {
      region_id: region.id,
      email,
      items: [{ variant_id: seed.variants.tee, quantity: 1 }],
      shipping_address: address,
      billing_address: address,
    });
    await must("POST", `/store/carts/${cart.id}/shipping-methods`, { option_id: seed.shippingOptionId });
    const { payment_collection: pc } = await must("POST", "/store/payment-collections", { cart_id: cart.id });
    const { payment_collection } = await must("POST", `/store/payment-collections/${pc.id}/payment-sessions`, {
      provider_id: seed.providers.clientloop,
      data: { email, cart_id: cart.id },
    });
    const session = payment_collection.payment_sessions.find((s) => s.provider_id === seed.providers.clientloop);
    const paid = await fetch(`${session.data.link}/pay`, { method: "POST", redirect: "manual" });
    await paid.arrayBuffer();
    // the return page: poll the status route, complete once paid (the event usually did already)
    for (const deadline = Date.now() + 300_000; ;) {
      const s = await must("GET", `/store/clientloop/carts/${cart.id}/status`);
      if (s.completed) break;
      if (Date.now() > deadline) throw new Error(`checkout of ${cart.id} not completed: ${JSON.stringify(s)}`);
      if (s.payment_status === "paid") {
        const r = await store("POST", `/store/carts/${cart.id}/complete`);
        if (r.status === 200 && r.body.type === "order") break;
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    return { paymentSessionId: session.id, ms: performance.now() - t };
  }
  return { checkout };
}

/** n checkouts at once: their durations, acknowledgement times and callback-to-order times (ms). */
async function round({ shop, sandbox, db }, n) {
  const done = await Promise.all(Array.from({ length: n }, () => shop.checkout()));
  const ids = done.map((c) => c.paymentSessionId);
  // the order is visible before the ledger records it placed (the workflow's last step)
  for (const deadline = Date.now() + 600_000; ;) {
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM clientloop_session WHERE payment_session_id = ANY($1) AND order_state = 'placed'`,
      [ids],
    );
    if (rows[0].n === n) break;
    if (Date.now() > deadline) throw new Error(`only ${rows[0].n} of ${n} orders placed`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await sandbox.waitForEvents({ scheduled: "ignore" });
  const clientloopIds = new Set(
    sandbox
      .listSessions()
      .filter((s) => ids.includes(s.transactionRef))
      .map((s) => s.id),
  );
  const acks = sandbox
    .events()
    .filter((e) => clientloopIds.has(e.sessionId))
    .map((e) => e.attempts[0].durationMs);
  const { rows } = await db.query(
    `SELECT EXTRACT(EPOCH FROM (o.created_at - d.created_at)) * 1000 AS ms
       FROM clientloop_activity d JOIN clientloop_activity o ON o.payment_session_id = d.payment_session_id AND o.kind = 'order' AND o.outcome = 'placed'
      WHERE d.kind = 'delivery' AND d.outcome = 'accepted' AND d.payment_session_id = ANY($1)`,
    [ids],
  );
  return { checkout: done.map((c) => c.ms), ack: acks, toOrder: rows.map((r) => Number(r.ms)) };
}

async function measure(profile) {
  const t0 = Date.now();
  const sandbox = await startSandbox({ port: 0 });
  const stack = await startStack({ profile, sandbox, env: { CLIENTLOOP_RECONCILE_SECONDS: "5" } });
  const db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  console.error(`[bench] ${profile}: stack up in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  try {
    const ctx = { shop: storefront(stack.medusaUrl, stack.seed), sandbox, db };
    await round(ctx, 2); // warm-up
    const one = { checkout: [], ack: [], toOrder: [] };
    for (let i = 0; i < ROUNDS; i++) {
      const r = await round(ctx, 1);
      for (const k of Object.keys(one)) one[k].push(...r[k]);
    }
    const many = await round(ctx, PARALLEL);
    // the raw figures as soon as they are measured, in case the other profile fails
    console.error(
      `[bench] ${profile}: ${JSON.stringify({ one, many }, (_, v) => (typeof v === "number" ? Math.round(v) : v))}`,
    );
    return { one, many };
  } finally {
    await db.end();
    await stack.stop();
    await sandbox.stop();
  }
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};

const single = await measure("single");
const production = await measure("production");

const rows = [];
for (const [metric, label, ps] of [
  ["checkout", "checkout", [50]],
  ["ack", "callback acknowledged", [50, 99]],
  ["toOrder", "callback to order", [50]],
]) {
  for (const [at, key] of [
    ["1", "one"],
    [String(PARALLEL), "many"],
  ]) {
    for (const p of ps) {
      const a = pct(single[key][metric], p);
      const b = pct(production[key][metric], p);
      rows.push([`${label}, ${at} at a time, p${p}`, a, b, b / a, single[key][metric].length]);
    }
  }
}
const ms = (x) => `${x.toFixed(0)} ms`.padStart(9);
console.log(`${"".padEnd(42)}${"single".padStart(9)} ${"production".padStart(11)}   ratio (production / single)`);
for (const [label, a, b, ratio, n] of rows)
  console.log(`${label.padEnd(42)}${ms(a)} ${ms(b).padStart(11)}   ${ratio.toFixed(2)}x   (n=${n})`);
