// The hosted payment page in a real browser: Debian chromium driven by playwright-core
// (installed by scripts/ensure-chromium.sh from the global setup). Screenshots go to test-results/.
import { mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../src/index.js";
import { created, eventually, startReceiver } from "./helpers.js";

const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" rx="6" fill="#0f766e"/><text x="60" y="26" font-size="16" text-anchor="middle" fill="#fff" font-family="sans-serif">ACME</text></svg>`;

let sb: Sandbox;
let browser: Browser;
let merchant: Server;
let merchantUrl: string;
const hooks: { type: string; body: string }[] = [];

beforeAll(async () => {
  // the merchant: serves a logo, the success page and the callback endpoint
  merchant = createServer((req, res) => {
    if (req.url === "/logo.svg") {
      res.writeHead(200, { "content-type": "image/svg+xml" });
      return res.end(LOGO);
    }
    if (req.url?.startsWith("/thanks")) {
      res.writeHead(200, { "content-type": "text/html" });
      return res.end("<h1 id=thanks>Thanks for your order</h1>");
    }
    if (req.method !== "POST" || req.url !== "/hooks") {
      res.writeHead(404); // e.g. the browser's /favicon.ico
      return res.end();
    }
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      hooks.push({ type: String(req.headers["clientloop-event-type"]), body });
      res.writeHead(200);
      res.end();
    });
  });
  await new Promise<void>((r) => merchant.listen(0, "127.0.0.1", r));
  merchantUrl = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}`;
  sb = await startSandbox({ port: 0 });
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  mkdirSync("test-results", { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await sb?.stop();
  merchant?.closeAllConnections();
  await new Promise((r) => merchant?.close(r));
});

describe("hosted payment page (chromium)", () => {
  it("shows brand, amount, currency and invoice lines; paying completes the session and redirects to successUrl", async () => {
    const s = await created(sb, {
      amount: "149.90",
      currency: "EUR",
      brandName: "ACME Outdoor",
      brandLogoUrl: `${merchantUrl}/logo.svg`,
      successUrl: `${merchantUrl}/thanks?order=1001`,
      callbackUrl: `${merchantUrl}/hooks`,
      contactRef: { contactFirstName: "Jane", contactLastName: "Doe" },
      transactionRef: "order_1001",
      invoiceRefs: [
        {
          invoiceNumber: "INV-1001",
          amount: "149.90",
          lines: [
            { num: 1, quantity: 2, price: "49.95", productName: "Trail socks", productDescription: "Merino, size M" },
            { num: 2, quantity: 1, price: "50.00", productName: "Water bottle" },
          ],
        },
      ],
    });
    const page = await browser.newPage({ viewport: { width: 800, height: 900 } });
    try {
      const res = await page.goto(s.link);
      expect(res!.status()).toBe(200);
      expect(await page.textContent("[data-testid=brand-name]")).toBe("ACME Outdoor");
      expect((await page.textContent("[data-testid=amount]"))!.replace(/\s+/g, " ").trim()).toBe("149.90 EUR");
      const lines = await page.locator("[data-testid=line]").allTextContents();
      expect(lines).toHaveLength(2);
      expect(lines[0]).toContain("Trail socks");
      expect(lines[0]).toContain("49.95 EUR");
      expect(lines[1]).toContain("Water bottle");
      expect(await page.locator("header.brand img").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(120);
      expect(await page.textContent("body")).toContain("For Jane Doe");
      await page.screenshot({ path: "test-results/hosted-page.png", fullPage: true });

      await Promise.all([page.waitForURL(`${merchantUrl}/thanks?order=1001`), page.click("button.pay")]);
      expect(await page.textContent("#thanks")).toBe("Thanks for your order");
      expect(sb.getSession(s.id)).toMatchObject({
        status: "Completed",
        link: null,
        paymentId: expect.stringMatching(/^pay_/),
      });
      const hook = await eventually(() => hooks.find((h) => JSON.parse(h.body).data.paymentSession.id === s.id));
      expect(hook.type).toBe("payment_session.completed");

      // the link once used: a clear "complete" page, and paying again changes nothing
      await page.goto(s.link);
      expect(await page.getAttribute("[data-testid=end-state]", "data-status")).toBe("Completed");
      await page.screenshot({ path: "test-results/hosted-page-completed.png" });
    } finally {
      await page.close();
    }
  });

  it("shows a paid page when there is no successUrl", async () => {
    const s = await created(sb, { amount: "10.00" });
    const page = await browser.newPage();
    try {
      await page.goto(s.link);
      await Promise.all([page.waitForURL(s.link), page.click("button.pay")]);
      expect(await page.textContent("h1")).toBe("Payment complete");
      expect(sb.getSession(s.id)!.status).toBe("Completed");
    } finally {
      await page.close();
    }
  });

  it("cancels from the page", async () => {
    const s = await created(sb);
    const page = await browser.newPage();
    try {
      await page.goto(s.link);
      await page.click("text=Cancel");
      await page.waitForSelector("[data-testid=end-state]");
      expect(await page.getAttribute("[data-testid=end-state]", "data-status")).toBe("Canceled");
      expect(sb.getSession(s.id)!.status).toBe("Canceled");
    } finally {
      await page.close();
    }
  });

  it("shows a clear page for an expired link and for an unknown one", async () => {
    const s = await created(sb, { expirationDate: new Date(sb.now().getTime() + 60_000).toISOString() });
    sb.advanceTime(61_000);
    const page = await browser.newPage();
    try {
      await page.goto(s.link);
      expect(await page.textContent("h1")).toBe("Payment link expired");
      await page.screenshot({ path: "test-results/hosted-page-expired.png" });
      const res = await page.goto(`${sb.baseUrl}/pay/ps_does_not_exist`);
      expect(res!.status()).toBe(404);
      expect(await page.textContent("h1")).toBe("Payment link not found");
    } finally {
      await page.close();
    }
  });

  it("escapes everything the merchant supplied", async () => {
    const evil = `<img src=x onerror="document.title='pwned'">"><script>document.title='pwned'</script>`;
    const s = await created(sb, {
      brandName: evil,
      transactionRef: evil,
      invoiceRefs: [{ invoiceNumber: evil, lines: [{ num: 1, productName: evil }] }],
    });
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    try {
      await page.goto(s.link);
      expect(await page.textContent("[data-testid=brand-name]")).toBe(evil);
      expect(await page.title()).not.toBe("pwned");
      expect(await page.locator("script").count()).toBe(0);
      expect(await page.locator("img[src=x]").count()).toBe(0);
      expect(dialogs).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe("dashboard (chromium)", () => {
  it("resends an event with its Resend button: the receiver gets it again and the row shows it delivered; values are escaped", async () => {
    const hook = await startReceiver([500, 200]);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    try {
      const evil = `"><script>document.title='pwned'</script>`;
      const s = await created(sb, { callbackUrl: `${hook.url}?next=${evil}`, transactionRef: evil });
      sb.completeSession(s.id);
      await sb.waitForEvents({ scheduled: "ignore" }); // the first attempt got a 500; the retry is 10 s away
      const event = sb.events({ sessionId: s.id })[0]!;
      expect(event.deliveryStatus).toBe("pending");

      await page.goto(`${sb.baseUrl}/_sandbox/`);
      const row = page.locator(`tr[id="${event.id}"]`);
      expect(await row.locator("[data-testid=delivery-status]").textContent()).toBe("pending");
      expect(await row.textContent()).toContain(event.nextAttemptAt!);
      await page.screenshot({ path: "test-results/dashboard-pending.png", fullPage: true });

      await Promise.all([
        page.waitForURL(`${sb.baseUrl}/_sandbox/#${event.id}`),
        row.locator("button[data-testid=resend]").click(),
      ]);
      const after = page.locator(`tr[id="${event.id}"]`);
      expect(await after.locator("[data-testid=delivery-status]").textContent()).toBe("delivered");
      expect(hook.calls).toHaveLength(2);
      expect(hook.calls[1]!.headers["clientloop-event-id"]).toBe(event.id);
      expect(sb.events({ sessionId: s.id })[0]!.attempts.map((a) => [a.status, a.manual ?? false])).toEqual([
        [500, false],
        [200, true],
      ]);
      await page.screenshot({ path: "test-results/dashboard-resent.png", fullPage: true });

      // everything the merchant supplied is shown as text, never run
      expect(await page.title()).not.toBe("pwned");
      expect(await page.locator("script").count()).toBe(0);
      expect(await after.textContent()).toContain(evil);
    } finally {
      await page.close();
      await hook.close();
    }
  });
});
