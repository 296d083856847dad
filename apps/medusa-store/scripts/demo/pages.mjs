// The demo storefront's pages, as HTML strings. Everything from Medusa is escaped.
import { outcomeView } from "./outcome.mjs";

export const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** An amount in major units with its currency's decimals, e.g. "29.99 USD" (display only). */
export function money(amount, currency) {
  const code = String(currency ?? "").toUpperCase();
  const digits = code
    ? new Intl.NumberFormat("en", { style: "currency", currency: code }).resolvedOptions().maximumFractionDigits
    : 2;
  return `${Number(amount ?? 0).toFixed(digits)} ${code}`;
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:720px;margin:0 auto;padding:0 16px 48px;color:#1a1a2e}
header{display:flex;justify-content:space-between;align-items:center;padding:16px 0;border-bottom:1px solid #e5e5ef;margin-bottom:24px}
header a{color:inherit;text-decoration:none;font-weight:600}
button,.button{font:inherit;padding:10px 18px;border:0;border-radius:6px;background:#4338ca;color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
.products{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:16px}
.card{border:1px solid #e5e5ef;border-radius:8px;padding:16px}
table{width:100%;border-collapse:collapse}td{padding:6px 0;border-bottom:1px solid #f1f1f5}td.num{text-align:right}
label{display:block;margin:8px 0}input,select{font:inherit;padding:6px 8px;width:100%;box-sizing:border-box}
.notice{padding:12px 16px;border-radius:6px;background:#fef3c7;margin:16px 0}
.notice.bad{background:#fee2e2}.notice.good{background:#dcfce7}
code{background:#f1f1f5;padding:2px 4px;border-radius:4px}`;

export function layout(title, body, { cartItems = 0, head = "" } = {}) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)} · ClientLoop demo store</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${STYLE}</style>${head}</head><body>
<header><a href="/">ClientLoop demo store</a><a href="/cart" data-testid="cart-link">Cart (${cartItems})</a></header>
${body}</body></html>`;
}

const priceOf = (variant) => variant?.calculated_price?.calculated_amount;

export function productList(products, region) {
  const cards = products
    .map(
      (p) =>
        `<div class="card" data-testid="product-card"><h3><a href="/products/${esc(p.handle)}">${esc(p.title)}</a></h3><p>${esc(money(priceOf(p.variants?.[0]), region.currency_code))}</p></div>`,
    )
    .join("");
  return `<h1>Products</h1><div class="products">${cards}</div>`;
}

export function productPage(product, region) {
  const options = product.variants
    .map(
      (v) => `<option value="${esc(v.id)}">${esc(v.title)} · ${esc(money(priceOf(v), region.currency_code))}</option>`,
    )
    .join("");
  return `<h1 data-testid="product-title">${esc(product.title)}</h1>
<p data-testid="product-price">${esc(money(priceOf(product.variants[0]), region.currency_code))}</p>
<form method="post" action="/cart/line-items">
<label>Variant <select name="variant_id">${options}</select></label>
<label>Quantity <input name="quantity" type="number" min="1" max="10" value="1"></label>
<button data-testid="add-to-cart">Add to cart</button></form>`;
}

function lines(cart) {
  const rows = cart.items
    .map(
      (i) =>
        `<tr data-testid="cart-item"><td>${esc(i.product_title ?? i.title)} (${esc(i.variant_title)}) × ${esc(i.quantity)}</td><td class="num">${esc(money(i.total ?? i.unit_price * i.quantity, cart.currency_code))}</td></tr>`,
    )
    .join("");
  const shipping = cart.shipping_methods?.length
    ? `<tr><td>Shipping (${esc(cart.shipping_methods.map((m) => m.name).join(", "))})</td><td class="num">${esc(money(cart.shipping_total, cart.currency_code))}</td></tr>`
    : "";
  return `<table>${rows}${shipping}<tr><td><strong>Total</strong></td><td class="num" data-testid="cart-total"><strong>${esc(money(cart.total, cart.currency_code))}</strong></td></tr></table>`;
}

export function cartPage(cart) {
  if (!cart?.items?.length) return `<h1>Your cart</h1><p>Your cart is empty. <a href="/">Shop</a></p>`;
  return `<h1>Your cart</h1>${lines(cart)}<p><a class="button" href="/checkout" data-testid="checkout-button">Checkout</a></p>`;
}

const field = (name, label, value, type = "text", extra = "") =>
  `<label>${label} <input name="${name}" type="${type}" value="${esc(value)}" required ${extra}></label>`;

export function addressStep(cart) {
  const a = cart.shipping_address ?? {};
  const countries = (cart.region?.countries ?? [])
    .map(
      (c) =>
        `<option value="${esc(c.iso_2)}"${c.iso_2 === a.country_code ? " selected" : ""}>${esc(c.display_name ?? c.name ?? c.iso_2)}</option>`,
    )
    .join("");
  return `<h1>Checkout</h1><h2>1. Contact and address</h2>
<form method="post" action="/checkout/address" data-testid="address-form">
${field("email", "Email", cart.email, "email")}
${field("first_name", "First name", a.first_name)}${field("last_name", "Last name", a.last_name)}
${field("phone", "Phone", a.phone, "tel", 'placeholder="+14155554345"')}
${field("address_1", "Address", a.address_1)}${field("city", "City", a.city)}${field("postal_code", "Postal code", a.postal_code)}
<label>Country <select name="country_code">${countries}</select></label>
<button data-testid="continue-to-delivery">Continue to delivery</button></form>`;
}

export function deliveryStep(cart, options) {
  const radios = options
    .map(
      (o, i) =>
        `<label><input type="radio" name="option_id" value="${esc(o.id)}"${i === 0 ? " checked" : ""} style="width:auto"> ${esc(o.name)} · ${esc(money(o.amount, cart.currency_code))}</label>`,
    )
    .join("");
  return `<h1>Checkout</h1><h2>2. Delivery</h2><form method="post" action="/checkout/delivery">${radios}<button data-testid="continue-to-payment">Continue to payment</button></form>`;
}

/** The last ClientLoop payment of the cart, when the shopper comes back to the checkout. */
function paymentNotice(status) {
  if (!status || status.payment_status === "none") return "";
  if (status.payment_status === "pending") {
    return status.link
      ? `<p class="notice" data-testid="payment-notice" data-state="pending">Your ClientLoop payment link is still open: paying continues on it.</p>`
      : "";
  }
  const view = outcomeView(status.payment_status, status.message);
  const tone = view.state === "expired" || view.state === "canceled" ? "bad" : "good";
  return `<p class="notice ${tone}" data-testid="payment-notice" data-state="${esc(view.state)}"><strong>${esc(view.title)}.</strong> ${esc(view.text)}</p>`;
}

export function reviewStep(cart, status) {
  const a = cart.shipping_address;
  const paid = status?.payment_status === "paid" || status?.payment_status === "paid_without_order";
  const pay = paid
    ? `<p><a class="button" href="/checkout/clientloop/return?cart_id=${esc(cart.id)}">See your order</a></p>`
    : `<form method="post" action="/checkout/pay"><button data-testid="pay-with-clientloop">Pay with ClientLoop</button></form>
<p><small>You pay on ClientLoop's secure page and come back here.</small></p>`;
  return `<h1>Checkout</h1><h2>3. Review and pay</h2><div data-testid="review" data-cart-id="${esc(cart.id)}">
<p>${esc(a.first_name)} ${esc(a.last_name)}, ${esc(a.address_1)}, ${esc(a.postal_code)} ${esc(a.city)} · ${esc(cart.email)}
<a href="/checkout?step=address">Edit</a></p>${lines(cart)}</div>${paymentNotice(status)}${pay}`;
}

/**
 * The successUrl page. In the browser, return-page.js waits for the verified payment with the
 * kit and completes the cart; without JavaScript, the form does the same on the server.
 */
export function returnShell(config) {
  const json = JSON.stringify(config).replace(/</g, "\\u003c");
  return `<h1>Confirming your payment</h1>
<div data-testid="return-state" data-outcome="waiting"><p data-testid="return-progress">Checking with the store…</p></div>
<noscript><form method="post" action="/checkout/clientloop/complete"><input type="hidden" name="cart_id" value="${esc(config.cartId)}">
<button>See my order</button></form></noscript>
<script type="application/json" id="storefront-config">${json}</script>
<script type="module" src="/assets/return-page.js"></script>`;
}

/** A return page that did not end in an order (server-rendered; the browser renders the same view). */
export function outcomePage(view) {
  const action = view.action
    ? `<p><a class="button" href="${esc(view.action.href)}" data-testid="outcome-action">${esc(view.action.label)}</a></p>`
    : "";
  return `<div data-testid="return-state" data-outcome="${esc(view.state)}"><h1>${esc(view.title)}</h1><p>${esc(view.text)}</p>${action}</div>`;
}

export function confirmation(order) {
  const items = order.items
    .map(
      (i) =>
        `<tr><td>${esc(i.product_title ?? i.title)} × ${esc(i.quantity)}</td><td class="num">${esc(money(i.total, order.currency_code))}</td></tr>`,
    )
    .join("");
  return `<div data-testid="order-confirmation" data-order-id="${esc(order.id)}"><h1>Thank you!</h1>
<p data-testid="order-summary">Order <code>#${esc(order.display_id)}</code> (<code>${esc(order.id)}</code>) is paid: ${esc(money(order.total, order.currency_code))}.</p>
<table>${items}<tr><td>Shipping</td><td class="num">${esc(money(order.shipping_total, order.currency_code))}</td></tr>
<tr><td><strong>Total</strong></td><td class="num"><strong>${esc(money(order.total, order.currency_code))}</strong></td></tr></table><p>A confirmation goes to ${esc(order.email)}.</p><p><a href="/">Continue shopping</a></p></div>`;
}
