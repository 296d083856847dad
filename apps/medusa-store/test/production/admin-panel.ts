/**
 * The plugin's admin extensions in a real browser (Debian chromium, playwright-core), in the
 * dashboard that `medusa build` bundled for production and server B serves at /app: an admin
 * signs in through the login form, sees a real paid order's ClientLoop payment and timeline on
 * the order page, finds what needs attention on the ClientLoop page, and resends a link.
 * Screenshots go to test-results/screenshots/admin-*.png.
 */
import { mkdirSync } from "node:fs";
import { randomBytes } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser.js";
// @ts-expect-error plain ESM module without types
import { runMedusa } from "../../scripts/stack.mjs";
import { prod } from "../support/production-context.js";
import { until } from "../support/shop.js";
import { settledOrder } from "../support/topology.js";

const SCREENSHOTS = "test-results/screenshots";

let browser: Browser;
let page: Page;
const errors: string[] = [];

const shot = (name: string) => page.screenshot({ path: `${SCREENSHOTS}/admin-${name}.png`, fullPage: true });
const app = (path: string) => `${prod.serverB.url}/app${path}`;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1400, height: 1000 },
    // In production Medusa sets its session cookie (Secure) only on requests that came over HTTPS
    // through one proxy hop. The browser plays the TLS-terminating proxy's part, as the topology
    // test does with fetch: the store's production config stays as deployed.
    extraHTTPHeaders: { "x-forwarded-proto": "https" },
  });
  page = await context.newPage();
  page.setDefaultTimeout(60_000);
  page.on("pageerror", (e) => errors.push(e.message));
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

/** A real checkout on server B, paid on the hosted page; returns once the ledger has its order. */
async function paidOrder() {
  const cart = await prod.shopB.cart("usd");
  const { paymentCollection, session, clientloopId } = await prod.shopB.startClientLoop(cart);
  expect((await prod.shopB.payOnHostedPage(prod.sandbox.getSession(clientloopId)!.link!)).status).toBe(303);
  const orderId = await settledOrder(prod.db, cart.id, paymentCollection.id);
  await until(async () => (await prod.db.ledger(session.id))?.order_state === "placed", {
    what: "the ledger's order",
    timeoutMs: 60_000,
  });
  return { orderId, session, clientloopId };
}

describe("the ClientLoop admin extensions, in the production dashboard", () => {
  it("an admin signs in through the login form and sees a paid order's ClientLoop payment and timeline", async () => {
    const email = `admin+${randomBytes(3).toString("hex")}@clientloop.test`;
    // hex: a base64url password can start with "-", which medusa's CLI reads as an option
    const password = randomBytes(12).toString("hex");
    await runMedusa(["user", "-e", email, "-p", password], prod.stack.env, {
      cwd: prod.stack.buildDir,
      timeoutMs: 180_000,
    });
    const { orderId, clientloopId } = await paidOrder();
    const remote = prod.sandbox.getSession(clientloopId)!;
    expect(remote.paymentId).toMatch(/./);

    await page.goto(app("/login"));
    await page.fill("input[name=email]", email);
    await page.fill("input[name=password]", password);
    await shot("1-login");
    await page.click("button[type=submit]");
    await page.waitForURL((url) => !url.pathname.endsWith("/login"), { timeout: 60_000 });

    await page.goto(app(`/orders/${orderId}`));
    const card = page.locator("[data-testid=clientloop-widget] [data-testid=clientloop-session]");
    await card.waitFor();
    await expect.poll(() => card.count()).toBe(1);
    const text = (id: string) => card.locator(`[data-testid=${id}]`).innerText();
    expect(await text("clientloop-status")).toBe("Completed");
    expect(await text("clientloop-amount")).toBe("29.99");
    expect(await text("clientloop-currency")).toBe("USD");
    expect(await text("clientloop-session-id")).toBe(clientloopId);
    expect(await text("clientloop-payment-id")).toBe(remote.paymentId);
    expect(await text("clientloop-link")).toMatch(/no longer payable/);
    const timeline = await card.locator("[data-testid=clientloop-timeline-entry]").allInnerTexts();
    const steps = timeline.map((t) => t.split("\n").find((l) => /^(Verified event|Session|Delivery|Order)/.test(l)));
    expect(steps).toEqual(
      expect.arrayContaining([
        "Session created",
        "Verified event payment_session.completed",
        "Delivery accepted",
        "Order placed",
      ]),
    );
    expect(timeline.join("\n")).toContain("Completed, 29.99 USD; delivered 1×");
    // a paid session has no link to send: ClientLoop would refuse it
    expect(await card.locator("[data-testid=clientloop-resend]").count()).toBe(0);
    await card.scrollIntoViewIfNeeded();
    await shot("2-order-widget");
    expect(errors).toEqual([]);
  }, 600_000);

  it("the ClientLoop page lists a paid link whose cart changed (paid without an order) with what to do; marking it resolved takes it off", async () => {
    const cart = await prod.shopB.cart("usd");
    const first = await prod.shopB.startClientLoop(cart);
    // ClientLoop is down when the cart changes: the replaced link stays payable for a while
    const fault = prod.sandbox.injectFault({
      kind: "status",
      status: 500,
      operationName: "updatePaymentSession",
      times: 1_000,
    });
    try {
      await prod.shopB.addItem(cart.id, "mug");
      await until(async () => (await prod.db.ledger(first.session.id))?.cancel_attempts >= 1, {
        what: "the failed cancel recorded",
        timeoutMs: 60_000,
      });
      expect((await prod.shopB.payOnHostedPage(first.session.data.link)).status).toBe(303);
      await until(async () => (await prod.db.ledger(first.session.id)).order_state === "attention", {
        what: "the payment recorded for attention",
        timeoutMs: 60_000,
      });
    } finally {
      prod.sandbox.removeFault(fault.id);
    }
    const { id } = await prod.db.ledger(first.session.id);

    await page.goto(app("/clientloop"));
    const listed = page.locator(`[data-testid=clientloop-paid-without-order] [data-session-id="${id}"]`);
    await listed.waitFor();
    const attention = listed.locator("[data-testid=clientloop-attention]");
    expect(await attention.getAttribute("data-reason")).toBe("session_deleted");
    const advice = await attention.innerText();
    expect(advice).toContain("Paid, but the cart had changed");
    expect(advice).toMatch(/Refund the payment in ClientLoop, or create the order for the customer/);
    expect(await listed.locator("[data-testid=clientloop-session-id]").innerText()).toBe(first.clientloopId);
    expect(await listed.locator("[data-testid=clientloop-cart]").innerText()).toBe(cart.id);
    // the page is in the dashboard's sidebar
    expect(await page.locator("a[href$='/clientloop']").count()).toBeGreaterThan(0);
    await listed.scrollIntoViewIfNeeded();
    await shot("3-attention-page");

    // the owner refunded it in ClientLoop and says so: it leaves the list, the ledger keeps why
    await listed.locator("[data-testid=clientloop-resolution]").fill("refunded in ClientLoop");
    await listed.locator("[data-testid=clientloop-resolve]").click();
    await listed.waitFor({ state: "detached" });
    expect(await prod.db.ledger(first.session.id)).toMatchObject({
      order_state: "resolved",
      resolution: "refunded in ClientLoop",
    });
    await shot("4-attention-resolved");
    expect(errors).toEqual([]);
  });

  it("Resend link sends the pay link by email to the recipient the admin typed (the sandbox outbox has it)", async () => {
    const cart = await prod.shopB.cart("usd");
    const { clientloopId } = await prod.shopB.startClientLoop(cart);
    const recipient = `phone-order+${randomBytes(3).toString("hex")}@example.com`;

    await page.goto(app("/clientloop"));
    await page.fill("[data-testid=clientloop-cart-id]", cart.id);
    await page.click("[data-testid=clientloop-find]");
    const card = page.locator("[data-testid=clientloop-lookup] [data-testid=clientloop-session]");
    await card.waitFor();
    expect(await card.locator("[data-testid=clientloop-status]").innerText()).toBe("Active");
    const link = prod.sandbox.getSession(clientloopId)!.link!;
    expect(await card.locator("[data-testid=clientloop-link]").innerText()).toBe(link);

    await card.locator("[data-testid=clientloop-channel-email]").click();
    await card.locator("[data-testid=clientloop-recipient]").fill(recipient);
    await card.locator("[data-testid=clientloop-send]").click();
    const result = card.locator("[data-testid=clientloop-send-result]");
    await result.waitFor();
    expect(await result.innerText()).toBe(`Link sent by email to ${recipient}`);
    expect(prod.sandbox.outbox({ sessionId: clientloopId })).toEqual([
      expect.objectContaining({ channel: "Email", recipient, link }),
    ]);
    // the timeline now has the send, with the address masked
    await card.locator("[data-testid=clientloop-timeline]", { hasText: "Link sent" }).waitFor();
    expect(await card.locator("[data-testid=clientloop-timeline]").innerText()).not.toContain(recipient);
    await shot("5-resend-link");
    expect(errors).toEqual([]);
  });
});
