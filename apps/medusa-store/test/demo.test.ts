/**
 * `npm run demo` as a newcomer runs it, headless: a paid order from nothing, exactly once, and
 * the same again on a second run (nothing left over breaks it); a busy port is a clear error.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const APP_DIR = new URL("..", import.meta.url).pathname;

function startDemo(args: string[]) {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, ["scripts/demo.mjs", ...args], { cwd: APP_DIR, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((r) => child.on("exit", (code, signal) => r(code ?? (signal ? 128 : null))));
  return { child, exited, output: () => output };
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const refused = (url: string) => fetch(url).then(() => false, () => true);

/** The demo storefront as a browser without JavaScript uses it: forms, redirects, its cart cookie. */
function storefrontClient(base: string) {
  let cookie = "";
  return {
    async get(path: string) {
      const res = await fetch(`${base}${path}`, { headers: { cookie } });
      expect(res.status, path).toBe(200);
      return res.text();
    },
    async post(path: string, form: Record<string, string>) {
      const res = await fetch(`${base}${path}`, { method: "POST", body: new URLSearchParams(form), redirect: "manual", headers: { cookie } });
      expect(res.status, `${path}: ${res.status === 303 ? "" : await res.text()}`).toBe(303);
      cookie = res.headers.get("set-cookie")?.split(";")[0] ?? cookie;
      return { status: res.status, location: res.headers.get("location") };
    },
  };
}

function runDemo(args: string[], timeoutMs = 240_000): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.NODE_OPTIONS; // vitest's loader flags must not reach the demo's processes
    const child = spawn(process.execPath, ["scripts/demo.mjs", ...args], { cwd: APP_DIR, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => child.kill("SIGINT"), timeoutMs); // the time bound: Ctrl-C
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const freePorts = ["--medusa-port", "0", "--sandbox-port", "0", "--storefront-port", "0"];

describe("npm run demo", () => {
  it("ends in one order paid exactly once, twice in a row", async () => {
    for (const run of [1, 2]) {
      const summary = join(mkdtempSync(join(tmpdir(), "clientloop-demo-")), "summary.json");
      const { code, output } = await runDemo([...freePorts, "--summary", summary]);
      expect(code, `run ${run}:\n${output.slice(-3000)}`).toBe(0);
      const s = JSON.parse(readFileSync(summary, "utf8"));
      expect(s.orderCount).toBe(1); // a fresh store each run: exactly the demo's order
      expect(s.order.payment_status).toBe("captured");
      expect(s.payments).toHaveLength(1);
      expect(s.payments[0].provider_id).toBe("pp_clientloop_clientloop");
      expect(s.captures).toHaveLength(1);
      expect(Number(s.captures[0].amount)).toBe(Number(s.order.total));
      expect(s.session).toMatchObject({ status: "Completed", amount: "29.99", currency: "USD" });
      expect(s.session.amount).toBe(Number(s.order.total).toFixed(2));
      expect(s.outbox).toMatchObject([{ channel: "Email", recipient: "ada@example.com" }]);
      expect(s.events.map((e: { type: string }) => e.type)).toEqual(["payment_session.completed"]);
      expect(output).toMatch(/✓ Paid on the hosted page/);
      expect(output).toMatch(/Done in \d+\.\d s/);
    }
  });

  it("stops with a clear message when a port is busy", async () => {
    const busy: Server = createServer();
    await new Promise<void>((r) => busy.listen(0, "127.0.0.1", r));
    const port = (busy.address() as { port: number }).port;
    try {
      const { code, output } = await runDemo(["--medusa-port", String(port), "--sandbox-port", "0", "--storefront-port", "0"], 60_000);
      expect(code).toBe(1);
      expect(output).toContain(`Port ${port} (Medusa) is not available: it is already in use`);
      expect(output).toContain("--medusa-port <port>");
    } finally {
      busy.close();
    }
  });

  it("--keep leaves a clickable store running, and Ctrl-C stops everything it started", async () => {
    const [medusa, sandbox, storefront] = [await freePort(), await freePort(), await freePort()];
    const tempBefore = readdirSync(tmpdir()).filter((f) => f.startsWith("clientloop-pg-"));
    const demo = startDemo(["--keep", "--medusa-port", String(medusa), "--sandbox-port", String(sandbox), "--storefront-port", String(storefront)]);
    try {
      const deadline = Date.now() + 240_000;
      while (!demo.output().includes("Ctrl-C stops everything.") && Date.now() < deadline && demo.child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(demo.output(), demo.output().slice(-3000)).toContain("Ctrl-C stops everything.");
      expect(demo.output()).toContain(`http://127.0.0.1:${sandbox}/_sandbox/`);
      expect(demo.output()).toMatch(/Medusa admin\s+http:\/\/127\.0\.0\.1:\d+\/app/);

      // a person's click-through, without JavaScript: product → cart → checkout → Pay with
      // ClientLoop → hosted page → pay → the return page's server-side completion → the order
      const shop = storefrontClient(`http://localhost:${storefront}`);
      const product = await shop.get("/products/clientloop-tee");
      const variantId = /<option value="(variant_[^"]+)"/.exec(product)![1]!;
      await shop.post("/cart/line-items", { variant_id: variantId, quantity: "1" });
      expect(await shop.get("/cart")).toContain("19.99 USD");
      await shop.post("/checkout/address", { email: "ada@example.com", first_name: "Ada", last_name: "Lovelace", phone: "+14155554345", address_1: "1 Main St", city: "New York", postal_code: "10001", country_code: "us" });
      const optionId = /name="option_id" value="([^"]+)"/.exec(await shop.get("/checkout?step=delivery"))![1]!;
      await shop.post("/checkout/delivery", { option_id: optionId });
      const toHosted = await shop.post("/checkout/pay", {});
      expect(toHosted.status).toBe(303);
      const hosted = toHosted.location!;
      expect(await (await fetch(hosted)).text()).toContain("Pay 29.99 USD");
      const paid = await fetch(`${hosted}/pay`, { method: "POST", redirect: "manual" });
      expect(paid.status).toBe(303);
      const returnUrl = new URL(paid.headers.get("location")!);
      expect(returnUrl.origin).toBe(`http://localhost:${storefront}`); // the successUrl is the storefront's return page
      expect(await shop.get(returnUrl.pathname + returnUrl.search)).toContain('action="/checkout/clientloop/complete"');
      const completed = await shop.post("/checkout/clientloop/complete", { cart_id: returnUrl.searchParams.get("cart_id")! });
      expect(completed.location).toMatch(/^\/order\/order_\w+\/confirmed$/);
      expect(await shop.get(completed.location!)).toMatch(/Order <code>#2<\/code>.*is paid: 29\.99 USD/s);
    } finally {
      demo.child.kill("SIGINT");
    }
    expect(await demo.exited).toBe(130);
    expect(await refused(`http://127.0.0.1:${medusa}/health`)).toBe(true);
    expect(await refused(`http://127.0.0.1:${sandbox}/_sandbox/health`)).toBe(true);
    expect(await refused(`http://localhost:${storefront}/`)).toBe(true);
    const tempAfter = readdirSync(tmpdir()).filter((f) => f.startsWith("clientloop-pg-"));
    expect(tempAfter.filter((f) => !tempBefore.includes(f))).toEqual([]); // the temporary database is gone
  });
});
