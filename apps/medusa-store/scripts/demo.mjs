// One-command checkout demo: Postgres + ClientLoop sandbox + Medusa with the plugin, a cart with
// a ClientLoop payment session, and its hosted payment link. Open the link, pay, and watch the
// order appear. `--auto` pays on the hosted page by itself (for CI/smoke runs) and exits.
//   npm run demo -w apps/medusa-store [-- --auto]
import { startSandbox } from "@clientloop/sandbox";
import { startStack } from "./stack.mjs";

const auto = process.argv.includes("--auto");
const sandbox = await startSandbox({ port: Number(process.env.SANDBOX_PORT ?? 0) });
const stack = await startStack({ sandbox });
const { medusaUrl: url, seed } = stack;

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  await stack.stop();
  await sandbox.stop();
  process.exit(code);
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

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

try {
  const region = seed.regions.usd;
  const address = { first_name: "Ada", last_name: "Lovelace", address_1: "1 Main St", city: "New York", postal_code: "10001", country_code: "us" };
  const email = "ada@example.com";
  const { cart } = await store("POST", "/store/carts", { region_id: region.id, email, items: [{ variant_id: seed.variants.tee, quantity: 1 }], shipping_address: address, billing_address: address });
  await store("POST", `/store/carts/${cart.id}/shipping-methods`, { option_id: seed.shippingOptionId });
  const { payment_collection: pc } = await store("POST", "/store/payment-collections", { cart_id: cart.id });
  const { payment_collection } = await store("POST", `/store/payment-collections/${pc.id}/payment-sessions`, {
    provider_id: seed.providers.clientloop,
    data: { email, cart_id: cart.id },
  });
  const session = payment_collection.payment_sessions[0];
  console.log(`\nMedusa:             ${url}  (publishable key ${seed.publishableKey})`);
  console.log(`ClientLoop sandbox: ${sandbox.baseUrl}`);
  console.log(`Cart:               ${cart.id}, total ${payment_collection.amount} ${region.currency_code.toUpperCase()}`);
  console.log(`\nPay here:           ${session.data.link}\n`);
  if (auto) {
    const r = await fetch(`${session.data.link}/pay`, { method: "POST", redirect: "manual" });
    console.log(`paid on the hosted page, redirected to ${r.headers.get("location")}`);
  } else {
    console.log("Waiting for the payment (Ctrl-C to stop)...");
  }
  for (;;) {
    const s = await store("GET", `/store/clientloop/carts/${cart.id}/status`);
    if (s.completed) {
      console.log(`Order placed: ${s.order_id} (payment ${s.payment_status})`);
      break;
    }
    if (s.payment_status === "expired" || s.payment_status === "canceled") {
      console.log(`Payment ${s.payment_status}: no order.`);
      break;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  if (auto) await stop(0);
  else console.log("The stack keeps running for you to explore; Ctrl-C stops everything.");
} catch (e) {
  console.error(e);
  await stop(1);
}
