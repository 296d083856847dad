/**
 * The shopper's whole journey in a real browser (Debian chromium, playwright-core) through the
 * demo storefront, which pays with the plugin's storefront kit: product → cart → checkout → Pay
 * with ClientLoop → the hosted page → pay → the return page (the kit in the browser) → the order
 * confirmation; and a canceled and an expired link, back to a checkout that can still be paid.
 * Screenshots go to test-results/storefront-*.png.
 */
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser.js";
import { e2e } from "../support/context.js";
import { until } from "../support/shop.js";

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync("test-results", { recursive: true });
});

afterAll(async () => {
  await browser?.close();
});

const shopper = {
  email: "grace@example.com",
  first_name: "Grace",
  last_name: "Hopper",
  phone: "+14155550199",
  address_1: "2 Harbor Rd",
  city: "Arlington",
  postal_code: "22201",
};

/** A fresh browser (its own cookies: its own cart), with every script error collected. */
async function openStore() {
  const context = await browser.newContext({ viewport: { width: 900, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const visited: string[] = [];
  page.on("framenavigated", (f) => f === page.mainFrame() && visited.push(f.url()));
  return { page, errors, visited, close: () => context.close() };
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `test-results/storefront-${name}.png`, fullPage: true });

/** Product page → cart → checkout (address, delivery) → the review with "Pay with ClientLoop"; returns the cart id. */
async function fillCart(page: Page, product: string, screenshots = false) {
  await page.goto(e2e.storefront.url);
  await page.click(`[data-testid=product-card] >> text=${product}`);
  if (screenshots) await shot(page, "1-product");
  await page.click("[data-testid=add-to-cart]");
  await page.waitForURL(`${e2e.storefront.url}/cart`);
  if (screenshots) await shot(page, "2-cart");
  await page.click("[data-testid=checkout-button]");
  for (const [name, value] of Object.entries(shopper)) await page.fill(`input[name=${name}]`, value);
  if (screenshots) await shot(page, "3-checkout-address");
  await page.click("[data-testid=continue-to-delivery]");
  await page.click("[data-testid=continue-to-payment]");
  return (await page.getAttribute("[data-testid=review]", "data-cart-id"))!;
}

/** Clicks "Pay with ClientLoop"; returns the hosted page's ClientLoop session id. */
async function payWithClientLoop(page: Page) {
  await page.click("[data-testid=pay-with-clientloop]");
  await page.waitForURL(`${e2e.sandbox.baseUrl}/pay/**`);
  return decodeURIComponent(new URL(page.url()).pathname.split("/").pop()!);
}

/** Pays on the hosted page and follows ClientLoop's redirect and the return page to the confirmation; returns the order id. */
async function payAndReturn(page: Page) {
  await page.click("button.pay");
  await page.waitForURL(`${e2e.storefront.url}/order/*/confirmed`);
  return (await page.getAttribute("[data-testid=order-confirmation]", "data-order-id"))!;
}

/** Exactly one order for the cart, paid by one capture of its total. */
async function expectOnePaidOrder(cartId: string, orderId: string, total: string) {
  const { shop, db } = e2e;
  expect(await db.ordersOfCart(cartId)).toEqual([orderId]);
  const order = await shop.order(orderId);
  expect(order.total).toBe(Number(total));
  const payments = order.payment_collections.flatMap((pc: any) => pc.payments);
  expect(payments).toHaveLength(1);
  expect(payments[0].provider_id).toBe("pp_clientloop_clientloop");
  await until(async () => (await db.paymentsOf(order.payment_collections[0].id))[0]?.captures === "1", {
    what: "the capture",
  });
  expect(await db.paymentsOf(order.payment_collections[0].id)).toMatchObject([{ captures: "1", captured: total }]);
}

const statusIs = (cartId: string, status: string) =>
  until(async () => (await e2e.shop.status(cartId)).body.payment_status === status, {
    what: `the cart's payment ${status}`,
  });

describe("the shopper's journey in chromium (the demo storefront with the storefront kit)", () => {
  it("product → cart → checkout → Pay with ClientLoop → hosted page → pay → return page → order confirmation", async () => {
    const { sandbox, storefront } = e2e;
    const { page, errors, visited, close } = await openStore();
    try {
      const cartId = await fillCart(page, "ClientLoop Tee", true);
      expect(await page.textContent("[data-testid=cart-total]")).toBe("29.99 USD");
      await shot(page, "4-checkout-review");

      const clientloopId = await payWithClientLoop(page);
      expect((await page.textContent("[data-testid=amount]"))!.replace(/\s+/g, " ").trim()).toBe("29.99 USD");
      await shot(page, "5-hosted-page");
      // the kit started the session with the cart id and the guest's contact from the checkout
      const remote = sandbox.getSession(clientloopId)!;
      expect(remote).toMatchObject({
        status: "Active",
        amount: "29.99",
        currency: "USD",
        successUrl: storefront.successUrl.replace("{cart_id}", cartId),
      });
      expect(remote.contactRef).toMatchObject({
        contactEmail: shopper.email,
        contactFirstName: "Grace",
        contactLastName: "Hopper",
        contactPhone: shopper.phone,
      });

      const orderId = await payAndReturn(page);
      expect(visited).toContain(`${storefront.url}/checkout/clientloop/return?cart_id=${cartId}`);
      expect(await page.textContent("[data-testid=order-summary]")).toMatch(
        new RegExp(`^Order #\\d+ \\(${orderId}\\) is paid: 29\\.99 USD\\.$`),
      );
      await shot(page, "6-order-confirmation");
      await expectOnePaidOrder(cartId, orderId, "29.99");
      expect(sandbox.getSession(clientloopId)!.status).toBe("Completed");
      // the cart is done: the store shows an empty cart
      await page.goto(`${storefront.url}/cart`);
      expect(await page.textContent("body")).toContain("Your cart is empty");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it("canceled on the hosted page: the return page says so, back to checkout, a new link is paid", async () => {
    const { sandbox, storefront } = e2e;
    const { page, errors, close } = await openStore();
    try {
      const cartId = await fillCart(page, "ClientLoop Mug");
      const first = await payWithClientLoop(page);
      await page.click("text=Cancel");
      expect(await page.getAttribute("[data-testid=end-state]", "data-status")).toBe("Canceled");
      await shot(page, "cancel-1-hosted-page");
      await statusIs(cartId, "canceled");

      // the shopper opens the store's return page again: the kit reports the cancel, nothing to complete
      await page.goto(`${storefront.url}/checkout/clientloop/return?cart_id=${cartId}`);
      await page.waitForSelector("[data-testid=return-state][data-outcome=canceled]");
      expect(await page.textContent("[data-testid=return-state] h1")).toBe("Payment canceled");
      await shot(page, "cancel-2-return-page");
      await page.click("[data-testid=outcome-action]");
      expect(await page.getAttribute("[data-testid=payment-notice]", "data-state")).toBe("canceled");
      await shot(page, "cancel-3-checkout");

      const second = await payWithClientLoop(page);
      expect(second).not.toBe(first);
      const orderId = await payAndReturn(page);
      expect(await page.textContent("[data-testid=order-summary]")).toContain("is paid: 18.50 USD.");
      await expectOnePaidOrder(cartId, orderId, "18.5");
      expect([sandbox.getSession(first)!.status, sandbox.getSession(second)!.status]).toEqual([
        "Canceled",
        "Completed",
      ]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it("the link expires while the shopper waits: back to checkout, it says so, a new link is paid", async () => {
    const { sandbox } = e2e;
    const { page, errors, close } = await openStore();
    try {
      const cartId = await fillCart(page, "ClientLoop Tee");
      const first = await payWithClientLoop(page);
      sandbox.expireSession(first);
      await page.reload();
      expect(await page.textContent("h1")).toBe("Payment link expired");
      await shot(page, "expiry-1-hosted-page");
      await statusIs(cartId, "expired");

      await page.goBack(); // Back from ClientLoop's page: the checkout
      expect(await page.getAttribute("[data-testid=payment-notice]", "data-state")).toBe("expired");
      await shot(page, "expiry-2-checkout");
      const second = await payWithClientLoop(page);
      expect(second).not.toBe(first);
      expect(sandbox.getSession(second)).toMatchObject({ status: "Active", amount: "29.99" });
      const orderId = await payAndReturn(page);
      await shot(page, "expiry-3-order-confirmation");
      await expectOnePaidOrder(cartId, orderId, "29.99");
      expect([sandbox.getSession(first)!.status, sandbox.getSession(second)!.status]).toEqual(["Expired", "Completed"]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
