// The smallest storefront that can take a ClientLoop payment, for the demo: it talks to
// Medusa's Store API exactly as a real storefront does (see the plugin README's recipe).
//   GET  /                                  a product and a "Pay with ClientLoop" button
//   POST /checkout                          cart → shipping → payment collection → ClientLoop session → 303 to the hosted page
//   GET  /checkout/clientloop/return?cart_id=…  the successUrl: polls the status route, completes the cart, shows the order
import { createServer } from "node:http";

const html = (title, body) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>
<style>body{font:16px system-ui;max-width:560px;margin:48px auto;padding:0 16px;color:#1a1a2e}
button{font:inherit;padding:10px 18px;border:0;border-radius:6px;background:#4338ca;color:#fff;cursor:pointer}
code{background:#f1f1f5;padding:2px 4px;border-radius:4px}</style></head><body>${body}</body></html>`;
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A Store API client with the demo's publishable key. */
export function storeApi(medusaUrl, publishableKey) {
  return async function store(method, path, body) {
    const res = await fetch(`${medusaUrl}${path}`, {
      method,
      headers: { "content-type": "application/json", "x-publishable-api-key": publishableKey },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json().catch(() => undefined);
    if (res.status >= 300) {
      const error = new Error(`${method} ${path} answered HTTP ${res.status}: ${json?.message ?? JSON.stringify(json)}`);
      error.status = res.status;
      throw error;
    }
    return json;
  };
}

/** Cart with one tee, addresses and shipping, then a ClientLoop payment session. Returns cart, session and link. */
export async function checkout(store, seed, email = "ada@example.com") {
  const region = seed.regions.usd;
  const address = { first_name: "Ada", last_name: "Lovelace", address_1: "1 Main St", city: "New York", postal_code: "10001", country_code: region.country_code };
  const { cart } = await store("POST", "/store/carts", {
    region_id: region.id,
    email,
    items: [{ variant_id: seed.variants.tee, quantity: 1 }],
    shipping_address: address,
    billing_address: address,
  });
  await store("POST", `/store/carts/${cart.id}/shipping-methods`, { option_id: seed.shippingOptionId });
  const { payment_collection: created } = await store("POST", "/store/payment-collections", { cart_id: cart.id });
  // The storefront passes the guest's email and the cart id: Medusa does not give them to providers.
  const { payment_collection } = await store("POST", `/store/payment-collections/${created.id}/payment-sessions`, {
    provider_id: seed.providers.clientloop,
    data: { email, cart_id: cart.id },
  });
  const session = payment_collection.payment_sessions.find((s) => s.provider_id === seed.providers.clientloop);
  return { cart, paymentCollection: payment_collection, session, link: session.data.link };
}

/**
 * What the return page does: never trust the redirect itself; poll the plugin's status route
 * until ClientLoop's signed event has been processed, then complete the cart (idempotent: the
 * order the event already created is returned).
 */
export async function completeAfterReturn(store, cartId, { timeoutMs = 60_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await store("GET", `/store/clientloop/carts/${cartId}/status`);
    if (status.payment_status === "paid" || status.completed) break;
    if (["expired", "canceled", "paid_without_order"].includes(status.payment_status)) return { status, order: null };
    if (Date.now() > deadline) throw new Error(`no payment event for cart ${cartId} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 300));
  }
  const result = await store("POST", `/store/carts/${cartId}/complete`);
  const status = await store("GET", `/store/clientloop/carts/${cartId}/status`);
  return { status, order: result.type === "order" ? result.order : null };
}

export async function startStorefront({ port, medusaUrl, seed }) {
  const store = storeApi(medusaUrl, seed.publishableKey);
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, `http://${req.headers.host}`);
    const send = (status, body, headers = {}) => {
      res.writeHead(status, { "content-type": "text/html; charset=utf-8", ...headers });
      res.end(body);
    };
    try {
      if (req.method === "GET" && url.pathname === "/") {
        return send(200, html("ClientLoop demo store", `<h1>ClientLoop Tee</h1><p>$19.99 + $10.00 shipping</p>
<form method="post" action="/checkout"><button>Pay with ClientLoop</button></form>`));
      }
      if (req.method === "POST" && url.pathname === "/checkout") {
        const { link } = await checkout(store, seed);
        return send(303, "", { location: link });
      }
      if (req.method === "GET" && url.pathname === "/checkout/clientloop/return") {
        const cartId = url.searchParams.get("cart_id") ?? "";
        const { status, order } = await completeAfterReturn(store, cartId, { timeoutMs: 30_000 });
        if (!order) return send(200, html("Payment not completed", `<h1>No order</h1><p>The payment is ${esc(status.payment_status)}.</p><p><a href="/">Start again</a></p>`));
        return send(200, html("Order placed", `<h1>Thank you!</h1><p>Order <code>#${esc(order.display_id)}</code> (<code>${esc(order.id)}</code>) is paid: ${esc(order.total)} ${esc(order.currency_code.toUpperCase())}.</p><p><a href="/">Buy another</a></p>`));
      }
      send(404, html("Not found", "<p>Not found</p>"));
    } catch (e) {
      send(500, html("Error", `<h1>Something went wrong</h1><pre>${esc(e.message)}</pre>`));
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return {
    url: `http://localhost:${server.address().port}`,
    stop: () => new Promise((r) => server.close(() => r())),
  };
}
