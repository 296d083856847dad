// How fast the store acknowledges ClientLoop's callback (verified and recorded, before any order
// work), and how long from that acknowledgement to the order, at 1 and at 50 parallel checkouts,
// on the store app's stack. Also counts ClientLoop calls per checkout (exactly one create).
//   npm run bench:callbacks -w apps/medusa-store     (BENCH_ROUNDS=5 sequential checkouts by default)
// Acknowledgement time is what ClientLoop's delivery attempt measured (the sandbox records each
// attempt's duration); callback-to-order is from the ledger's own timeline (delivery accepted →
// order placed), both on this machine's clock. Timings only: nothing here passes or fails.
import pg from "pg";
import { startSandbox } from "@clientloop/sandbox";
import { startStack } from "../scripts/stack.mjs";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? 50);

const sandbox = await startSandbox({ port: 0 });
const stack = await startStack({ sandbox, env: { CLIENTLOOP_RECONCILE_SECONDS: "5" } });
const { medusaUrl: url, seed } = stack;
const db = new pg.Client({ connectionString: stack.databaseUrl });
await db.connect();

async function store(method, path, body) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { "content-type": "application/json", "x-publishable-api-key": seed.publishableKey },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => undefined);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** A cart with a started ClientLoop payment: { cartId, paymentSessionId, link }. */
async function startedCheckout() {
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
  const { cart } = await store("POST", "/store/carts", {
    region_id: region.id,
    email,
    items: [{ variant_id: seed.variants.tee, quantity: 1 }],
    shipping_address: address,
    billing_address: address,
  });
  await store("POST", `/store/carts/${cart.id}/shipping-methods`, { option_id: seed.shippingOptionId });
  const { payment_collection: pc } = await store("POST", "/store/payment-collections", { cart_id: cart.id });
  const { payment_collection } = await store("POST", `/store/payment-collections/${pc.id}/payment-sessions`, {
    provider_id: seed.providers.clientloop,
    data: { email, cart_id: cart.id },
  });
  const session = payment_collection.payment_sessions.find((s) => s.provider_id === seed.providers.clientloop);
  return { cartId: cart.id, paymentSessionId: session.id, link: session.data.link };
}

async function placed(paymentSessionIds, timeoutMs = 600_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM clientloop_session WHERE payment_session_id = ANY($1) AND order_state = 'placed'`,
      [paymentSessionIds],
    );
    if (rows[0].n === paymentSessionIds.length) return;
    if (Date.now() > deadline) throw new Error(`only ${rows[0].n} of ${paymentSessionIds.length} orders placed`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Pays n checkouts at once; returns acknowledgement and callback-to-order times (ms). */
async function round(n) {
  const checkouts = await Promise.all(Array.from({ length: n }, startedCheckout));
  await Promise.all(
    checkouts.map((c) => fetch(`${c.link}/pay`, { method: "POST", redirect: "manual" }).then((r) => r.arrayBuffer())),
  );
  const ids = checkouts.map((c) => c.paymentSessionId);
  await placed(ids);
  await sandbox.waitForEvents();
  const clientloopIds = new Set(
    sandbox
      .listSessions()
      .filter((s) => ids.includes(s.transactionRef))
      .map((s) => s.id),
  );
  const events = sandbox.events().filter((e) => clientloopIds.has(e.sessionId));
  const acks = events.map((e) => e.attempts[0].durationMs);
  const retried = events.filter((e) => e.attempts.length > 1 || e.attempts[0].status !== 200).length;
  const { rows } = await db.query(
    `SELECT EXTRACT(EPOCH FROM (o.created_at - d.created_at)) * 1000 AS ms
       FROM clientloop_activity d JOIN clientloop_activity o ON o.payment_session_id = d.payment_session_id AND o.kind = 'order' AND o.outcome = 'placed'
      WHERE d.kind = 'delivery' AND d.outcome = 'accepted' AND d.payment_session_id = ANY($1)`,
    [ids],
  );
  return { acks, toOrder: rows.map((r) => Number(r.ms)), retried };
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const line = (label, xs) =>
  `${label.padEnd(34)} p50 ${pct(xs, 50).toFixed(0).padStart(6)} ms   p99 ${pct(xs, 99).toFixed(0).padStart(6)} ms   (n=${xs.length})`;

try {
  await round(2); // warm-up
  const before = sandbox.requests().byOperation;
  const one = { acks: [], toOrder: [], retried: 0 };
  for (let i = 0; i < ROUNDS; i++) {
    const r = await round(1);
    one.acks.push(...r.acks);
    one.toOrder.push(...r.toOrder);
    one.retried += r.retried;
  }
  const many = await round(PARALLEL);
  const after = sandbox.requests().byOperation;
  const checkouts = ROUNDS + PARALLEL;
  const calls = Object.fromEntries(
    Object.keys(after)
      .map((k) => [k, ((after[k] ?? 0) - (before[k] ?? 0)) / checkouts])
      .filter(([, v]) => v),
  );
  console.log(line("callback acknowledged, 1 at a time", one.acks));
  console.log(line(`callback acknowledged, ${PARALLEL} parallel`, many.acks));
  console.log(line("callback to order, 1 at a time", one.toOrder));
  console.log(line(`callback to order, ${PARALLEL} parallel`, many.toOrder));
  console.log(`first deliveries retried by ClientLoop: ${one.retried + many.retried} of ${checkouts}`);
  console.log(`p99 acknowledgement at ${PARALLEL} parallel: ${pct(many.acks, 99).toFixed(0)} ms (target < 1000 ms)`);
  console.log(`ClientLoop calls per checkout: ${JSON.stringify(calls)} (target: exactly one createPaymentSession)`);
} finally {
  await db.end();
  await stack.stop();
  await sandbox.stop();
}
