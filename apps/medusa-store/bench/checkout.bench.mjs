// Full checkout time with ClientLoop (session → hosted page → signed event → order) against the
// same checkout with Medusa's system provider, in the same run on the same stack.
//   npm run bench -w apps/medusa-store            (BENCH_ITERATIONS=10 by default)
// Prints one line per flow and the ratio (target ≤ 1.5×), plus ClientLoop calls per checkout.
import { startSandbox } from "@clientloop/sandbox";
import { startStack } from "../scripts/stack.mjs";

const N = Number(process.env.BENCH_ITERATIONS ?? 10);
const WARMUP = 2;

const sandbox = await startSandbox({ port: 0 });
const stack = await startStack({ sandbox });
const { medusaUrl: url, seed } = stack;

async function store(method, path, body) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { "content-type": "application/json", "x-publishable-api-key": seed.publishableKey },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => undefined);
  return { status: res.status, body: json };
}

async function must(p, what) {
  const r = await p;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function cartReadyForPayment() {
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
  const { cart } = await must(
    store("POST", "/store/carts", {
      region_id: region.id,
      email,
      items: [{ variant_id: seed.variants.tee, quantity: 1 }],
      shipping_address: address,
      billing_address: address,
    }),
    "cart",
  );
  await must(
    store("POST", `/store/carts/${cart.id}/shipping-methods`, { option_id: seed.shippingOptionId }),
    "shipping",
  );
  const { payment_collection } = await must(
    store("POST", "/store/payment-collections", { cart_id: cart.id }),
    "payment collection",
  );
  return { cart, email, paymentCollectionId: payment_collection.id };
}

async function systemCheckout() {
  const { cart, paymentCollectionId } = await cartReadyForPayment();
  await must(
    store("POST", `/store/payment-collections/${paymentCollectionId}/payment-sessions`, {
      provider_id: seed.providers.system,
    }),
    "session",
  );
  const r = await must(store("POST", `/store/carts/${cart.id}/complete`), "complete");
  if (r.type !== "order") throw new Error("system checkout did not place an order");
}

async function clientLoopCheckout() {
  const { cart, email, paymentCollectionId } = await cartReadyForPayment();
  const { payment_collection } = await must(
    store("POST", `/store/payment-collections/${paymentCollectionId}/payment-sessions`, {
      provider_id: seed.providers.clientloop,
      data: { email, cart_id: cart.id },
    }),
    "session",
  );
  const link = payment_collection.payment_sessions.find((s) => s.provider_id === seed.providers.clientloop).data.link;
  // the customer pays on the hosted page and is sent back to the return page
  const paid = await fetch(`${link}/pay`, { method: "POST", redirect: "manual" });
  await paid.arrayBuffer();
  // the return page: poll the status route, complete once paid (the event usually did already)
  for (;;) {
    const s = await must(store("GET", `/store/clientloop/carts/${cart.id}/status`), "status");
    if (s.completed) return;
    if (s.payment_status === "paid") {
      const r = await store("POST", `/store/carts/${cart.id}/complete`);
      if (r.status === 200 && r.body.type === "order") return;
    }
    await new Promise((r) => setTimeout(r, Number(process.env.BENCH_POLL_MS ?? 100)));
  }
}

async function time(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return {
    mean: xs.reduce((a, b) => a + b, 0) / xs.length,
    median: s[Math.floor(s.length / 2)],
    min: s[0],
    max: s[s.length - 1],
  };
};

try {
  for (let i = 0; i < WARMUP; i++) {
    await systemCheckout();
    await clientLoopCheckout();
  }
  await sandbox.waitForEvents();
  const before = sandbox.requests().byOperation;
  const sys = [];
  const cl = [];
  for (let i = 0; i < N; i++) {
    sys.push(await time(systemCheckout));
    cl.push(await time(clientLoopCheckout));
  }
  await sandbox.waitForEvents();
  const after = sandbox.requests().byOperation;
  const calls = Object.fromEntries(
    Object.keys(after)
      .map((k) => [k, ((after[k] ?? 0) - (before[k] ?? 0)) / N])
      .filter(([, v]) => v),
  );
  const a = stats(sys);
  const b = stats(cl);
  const f = (x) => `${x.toFixed(0)} ms`;
  console.log(
    `checkout, system provider : mean ${f(a.mean)}, median ${f(a.median)}, min ${f(a.min)}, max ${f(a.max)} (n=${N})`,
  );
  console.log(
    `checkout, ClientLoop      : mean ${f(b.mean)}, median ${f(b.median)}, min ${f(b.min)}, max ${f(b.max)} (n=${N})`,
  );
  console.log(
    `ratio ClientLoop / system : ${(b.mean / a.mean).toFixed(2)}x mean, ${(b.median / a.median).toFixed(2)}x median (target <= 1.5x)`,
  );
  console.log(`ClientLoop calls per checkout: ${JSON.stringify(calls)}`);
} finally {
  await stack.stop();
  await sandbox.stop();
}
