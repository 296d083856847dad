// The demo's storefront: a small real store on Medusa's Store API (@medusajs/js-sdk in server
// code) that takes ClientLoop payments with the plugin's storefront kit.
//   GET  /                          products                 GET  /products/:handle   product page
//   POST /cart/line-items           add to cart (cookie)     GET  /cart               the cart
//   GET  /checkout                  address → delivery → review, with the last payment's state
//   POST /checkout/address, /checkout/delivery               the checkout steps
//   POST /checkout/pay              "Pay with ClientLoop": payWithClientLoop → 303 to the hosted page
//   GET  /checkout/clientloop/return?cart_id=…   the successUrl: the kit in the browser waits and completes
//   POST /checkout/clientloop/complete           the same on the server (no JavaScript)
//   GET  /order/:id/confirmed       the order confirmation
// The server can listen before Medusa exists (its URL is the successUrl Medusa needs): connect()
// gives it the store later.
import { createServer } from "node:http";
import Medusa from "@medusajs/js-sdk";
import {
  checkCartId,
  completeClientLoopCheckout,
  getClientLoopStatus,
  payWithClientLoop,
} from "@clientloop/medusa-payment/storefront";
import { returnPageScript } from "./assets.mjs";
import { viewOfOutcome } from "./outcome.mjs";
import * as page from "./pages.mjs";

const CART_COOKIE = "cl_demo_cart";
const RETURN_PATH = "/checkout/clientloop/return";

/** A Store API client (js-sdk) with the store's publishable key. */
export function storeSdk(medusaUrl, publishableKey) {
  return new Medusa({ baseUrl: medusaUrl, publishableKey });
}

class Redirect {
  constructor(location, headers = {}) {
    this.location = location;
    this.headers = headers;
  }
}

const cookieOf = (req, name) =>
  (req.headers.cookie ?? "")
    .split(";")
    .map((c) => c.trim().split("="))
    .find(([k]) => k === name)?.[1];

async function formOf(req) {
  let body = "";
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 16_384) throw Object.assign(new Error("form too large"), { status: 413 });
  }
  return Object.fromEntries(new URLSearchParams(body));
}

/**
 * Starts the storefront on `port` (0: a free one). `returnTimeoutMs` bounds the return page's
 * wait (the kit's deadline). Returns `{ url, successUrl, connect({ medusaUrl, seed }), stop() }`.
 */
export async function startStorefront({ port = 0, medusaUrl, seed, returnTimeoutMs = 60_000 } = {}) {
  let store; // { sdk, medusaUrl, seed, region }
  const connect = ({ medusaUrl, seed }) => {
    store = { sdk: storeSdk(medusaUrl, seed.publishableKey), medusaUrl, seed, region: seed.regions.usd };
  };
  if (medusaUrl && seed) connect({ medusaUrl, seed });

  /** The shopper's open cart (from the cookie), read once per request. */
  function currentCart(req) {
    req.cart ??= readCart(cookieOf(req, CART_COOKIE));
    return req.cart;
  }
  async function readCart(id) {
    if (!id) return null;
    try {
      const { cart } = await store.sdk.store.cart.retrieve(id, { fields: "+items.total,+shipping_methods.name" });
      return cart.completed_at ? null : cart; // a completed cart is an order now
    } catch (e) {
      if (e.status === 404) return null;
      throw e;
    }
  }

  const routes = {
    "GET /": async () => {
      const { products } = await store.sdk.store.product.list({
        region_id: store.region.id,
        fields: "id,title,handle,*variants.calculated_price",
        limit: 20,
      });
      return page.productList(products, store.region);
    },
    "GET /products/:handle": async (_req, { handle }) => {
      const { products } = await store.sdk.store.product.list({
        handle,
        region_id: store.region.id,
        fields: "id,title,handle,*variants.calculated_price",
      });
      if (!products.length) return null;
      return page.productPage(products[0], store.region);
    },
    "POST /cart/line-items": async (req) => {
      const form = await formOf(req);
      const quantity = Number(form.quantity ?? 1);
      if (!Number.isInteger(quantity) || quantity < 1 || quantity > 10)
        throw Object.assign(new Error("quantity must be a whole number from 1 to 10"), { status: 400 });
      let cart = await currentCart(req);
      const headers = {};
      if (!cart) {
        ({ cart } = await store.sdk.store.cart.create({ region_id: store.region.id }));
        // Lax: the cookie comes along when ClientLoop's page sends the shopper back
        headers["set-cookie"] = `${CART_COOKIE}=${cart.id}; Path=/; HttpOnly; SameSite=Lax`;
      }
      await store.sdk.store.cart.createLineItem(cart.id, { variant_id: String(form.variant_id ?? ""), quantity });
      return new Redirect("/cart", headers);
    },
    "GET /cart": async (req) => page.cartPage(await currentCart(req)),
    "GET /checkout": async (req, _params, url) => {
      const cart = await currentCart(req);
      if (!cart?.items?.length) return new Redirect("/cart");
      const step = url.searchParams.get("step");
      if (step === "address" || !cart.email || !cart.shipping_address?.address_1) return page.addressStep(cart);
      if (step === "delivery" || !cart.shipping_methods?.length) {
        const { shipping_options } = await store.sdk.store.fulfillment.listCartOptions({ cart_id: cart.id });
        return page.deliveryStep(cart, shipping_options);
      }
      // the last ClientLoop payment: a canceled or expired one can simply be paid again
      return page.reviewStep(cart, await getClientLoopStatus(store.sdk, cart.id));
    },
    "POST /checkout/address": async (req) => {
      const cart = await currentCart(req);
      if (!cart) return new Redirect("/cart");
      const form = await formOf(req);
      const address = Object.fromEntries(
        ["first_name", "last_name", "phone", "address_1", "city", "postal_code", "country_code"].map((k) => [
          k,
          String(form[k] ?? "").trim(),
        ]),
      );
      await store.sdk.store.cart.update(cart.id, {
        email: String(form.email ?? "").trim(),
        shipping_address: address,
        billing_address: address,
      });
      return new Redirect("/checkout?step=delivery");
    },
    "POST /checkout/delivery": async (req) => {
      const cart = await currentCart(req);
      if (!cart) return new Redirect("/cart");
      const form = await formOf(req);
      await store.sdk.store.cart.addShippingMethod(cart.id, { option_id: String(form.option_id ?? "") });
      return new Redirect("/checkout");
    },
    "POST /checkout/pay": async (req) => {
      const cart = await currentCart(req);
      if (!cart) return new Redirect("/cart");
      await formOf(req);
      const next = await payWithClientLoop(store.sdk, cart.id);
      return new Redirect(next.action === "redirect" ? next.link : `${RETURN_PATH}?cart_id=${cart.id}`);
    },
    [`GET ${RETURN_PATH}`]: async (_req, _params, url) => {
      const cartId = url.searchParams.get("cart_id");
      try {
        checkCartId(cartId, "cart_id");
      } catch {
        return page.outcomePage(viewOfOutcome({ outcome: "none" }));
      }
      return page.returnShell({
        medusaUrl: store.medusaUrl,
        publishableKey: store.seed.publishableKey,
        cartId,
        timeoutMs: returnTimeoutMs,
      });
    },
    "POST /checkout/clientloop/complete": async (req, _params, _url, res) => {
      const { cart_id: cartId } = await formOf(req);
      // the shopper closing the tab stops the wait
      const gone = new AbortController();
      res.on("close", () => res.writableEnded || gone.abort(new Error("the shopper left")));
      const done = await completeClientLoopCheckout(store.sdk, checkCartId(cartId, "cart_id"), {
        signal: gone.signal,
        timeoutMs: Math.min(returnTimeoutMs, 30_000),
      });
      if (done.outcome === "paid") return new Redirect(`/order/${encodeURIComponent(done.order.id)}/confirmed`);
      return page.outcomePage(viewOfOutcome(done));
    },
    "GET /order/:id/confirmed": async (_req, { id }) => {
      try {
        const { order } = await store.sdk.store.order.retrieve(id, { fields: "+items.total" });
        return page.confirmation(order);
      } catch (e) {
        if (e.status === 404) return null;
        throw e;
      }
    },
  };

  const matchers = Object.entries(routes).map(([key, handler]) => {
    const [method, path] = key.split(" ");
    const names = [];
    const pattern = new RegExp(`^${path.replace(/:(\w+)/g, (_, n) => (names.push(n), "([^/]+)"))}$`);
    return { method, pattern, names, handler };
  });

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://storefront");
    const send = (status, html, headers = {}) => {
      res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", ...headers });
      res.end(html);
    };
    try {
      if (url.pathname === "/favicon.ico") {
        res.writeHead(204);
        return res.end();
      }
      if (req.method === "GET" && url.pathname === "/assets/return-page.js") {
        res.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" });
        return res.end(await returnPageScript());
      }
      const route = matchers.find((m) => m.method === req.method && m.pattern.test(url.pathname));
      if (!route) return send(404, page.layout("Not found", "<h1>Not found</h1>"));
      if (!store)
        return send(503, page.layout("Starting", "<h1>The store is starting</h1><p>Try again in a moment.</p>"), {
          "retry-after": "5",
        });
      const values = route.pattern.exec(url.pathname).slice(1).map(decodeURIComponent);
      const params = Object.fromEntries(route.names.map((n, i) => [n, values[i]]));
      const result = await route.handler(req, params, url, res);
      if (result instanceof Redirect) return send(303, "", { location: result.location, ...result.headers });
      if (result === null) return send(404, page.layout("Not found", "<h1>Not found</h1>"));
      const cart = req.method === "GET" ? await currentCart(req).catch(() => null) : null;
      const cartItems = cart?.items?.reduce((n, i) => n + i.quantity, 0) ?? 0;
      send(200, page.layout(/<h1[^>]*>([^<]*)/.exec(result)?.[1] ?? "Store", result, { cartItems }));
    } catch (e) {
      if (res.headersSent) return res.end();
      const status = e.status >= 400 && e.status < 500 ? 400 : 500;
      send(
        status,
        page.layout(
          "Something went wrong",
          `<h1>Something went wrong</h1><p class="notice bad">${page.esc(e.message)}</p><p><a href="/cart">Back to the cart</a></p>`,
        ),
      );
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const url = `http://localhost:${server.address().port}`;
  return {
    url,
    /** The provider's `successUrl` for this storefront. */
    successUrl: `${url}${RETURN_PATH}?cart_id={cart_id}`,
    connect,
    stop: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
