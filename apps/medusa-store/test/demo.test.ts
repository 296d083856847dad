/**
 * `npm run demo` as a newcomer runs it, headless: a paid order from nothing, exactly once, and
 * the same again on a second run (nothing left over breaks it); a busy port is a clear error.
 * The second run is the `--keep` one, so the file boots the stack twice, not three times, plus
 * once on the production profile (`--production`: Redis, one build, two servers and a worker). Each
 * boot has its own generous time bound: on a busy 2-core machine a run takes minutes, and how
 * long it takes is the benchmark's business, not a reason to fail.
 */
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const APP_DIR = new URL("..", import.meta.url).pathname;
// The demo's processes get a temp dir of their own (TMPDIR), so "its temporary database is gone"
// is checked on what this demo created, not on what other stacks on the machine create meanwhile.
// Traversable by others: embedded Postgres runs as the postgres user when we are root.
const DEMO_TMP = mkdtempSync(join(tmpdir(), "clientloop-demo-tmp-"));
chmodSync(DEMO_TMP, 0o755);
afterAll(() => rmSync(DEMO_TMP, { recursive: true, force: true }));
/** Time bound of one demo run (the runner sends Ctrl-C after it) and of a test with one boot. */
const RUN_BOUND_MS = 10 * 60_000;
const BOOT_TEST_TIMEOUT_MS = RUN_BOUND_MS + 2 * 60_000;
/** The busy-port run stops before it starts anything: the same bound, shorter. */
const PORT_CHECK_BOUND_MS = 3 * 60_000;

function startDemo(args: string[]) {
  const env = { ...process.env, TMPDIR: DEMO_TMP };
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, ["scripts/demo.mjs", ...args], {
    cwd: APP_DIR,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((r) =>
    child.on("exit", (code, signal) => r(code ?? (signal ? 128 : null))),
  );
  return { child, exited, output: () => output };
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const refused = (url: string) =>
  fetch(url).then(
    () => false,
    () => true,
  );

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
      const res = await fetch(`${base}${path}`, {
        method: "POST",
        body: new URLSearchParams(form),
        redirect: "manual",
        headers: { cookie },
      });
      expect(res.status, `${path}: ${res.status === 303 ? "" : await res.text()}`).toBe(303);
      cookie = res.headers.get("set-cookie")?.split(";")[0] ?? cookie;
      return { status: res.status, location: res.headers.get("location") };
    },
  };
}

function runDemo(args: string[], timeoutMs = RUN_BOUND_MS): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, TMPDIR: DEMO_TMP };
    delete env.NODE_OPTIONS; // vitest's loader flags must not reach the demo's processes
    const child = spawn(process.execPath, ["scripts/demo.mjs", ...args], {
      cwd: APP_DIR,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
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

const tempDatabases = () => readdirSync(DEMO_TMP).filter((f) => f.startsWith("clientloop-pg-"));

/** What one demo run must leave in its summary: exactly one order, paid exactly once. */
function expectOnePaidOrder(summaryFile: string, output: string) {
  const s = JSON.parse(readFileSync(summaryFile, "utf8"));
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

const summaryPath = () => join(mkdtempSync(join(DEMO_TMP, "summary-")), "summary.json");

describe("npm run demo", () => {
  it(
    "ends in one order paid exactly once, and stops everything it started",
    async () => {
      const tempBefore = tempDatabases();
      const summary = summaryPath();
      const { code, output } = await runDemo([...freePorts, "--summary", summary]);
      expect(code, `run 1:\n${output.slice(-3000)}`).toBe(0);
      expectOnePaidOrder(summary, output);
      expect(tempDatabases().filter((f) => !tempBefore.includes(f))).toEqual([]); // the temporary database is gone
    },
    BOOT_TEST_TIMEOUT_MS,
  );

  it(
    "--production: the same paid order on two servers and a worker; the callback on server A, order.placed on the worker",
    async () => {
      const runs = join(APP_DIR, ".medusa", "runs");
      const builds = () => (existsSync(runs) ? readdirSync(runs) : []);
      const [buildsBefore, tempBefore] = [builds(), tempDatabases()];
      const summary = summaryPath();
      const { code, output } = await runDemo(["--production", ...freePorts, "--summary", summary]);
      expect(code, output.slice(-3000)).toBe(0);
      expectOnePaidOrder(summary, output);
      expect(output).toMatch(/✓ Built Medusa for production/);
      const s = JSON.parse(readFileSync(summary, "utf8"));
      expect(s.profile).toBe("production");
      const [serverA, serverB] = s.topology.servers;
      expect(serverA).not.toBe(serverB);
      expect(s.topology).toMatchObject({ callbackBaseUrl: serverA, storefrontApi: serverB });
      expect(s.events[0].callbackUrl.startsWith(`${serverA}/`)).toBe(true);
      expect(s.events[0].attempts.at(-1).status).toBe(200);
      expect(s.topology.workerHandled).toContain("order.placed");
      // everything stopped: the three instances, the build, the temporary database, the private Redis
      for (const url of [serverA, serverB, s.topology.worker]) expect(await refused(`${url}/health`)).toBe(true);
      expect(builds().filter((b) => !buildsBefore.includes(b))).toEqual([]);
      expect(tempDatabases().filter((f) => !tempBefore.includes(f))).toEqual([]);
      expect(readdirSync(DEMO_TMP).filter((f) => f.startsWith("clientloop-redis-"))).toEqual([]);
    },
    BOOT_TEST_TIMEOUT_MS,
  );

  it(
    "stops with a clear message when a port is busy",
    async () => {
      const busy: Server = createServer();
      await new Promise<void>((r) => busy.listen(0, "127.0.0.1", r));
      const port = (busy.address() as { port: number }).port;
      try {
        const { code, output } = await runDemo(
          ["--medusa-port", String(port), "--sandbox-port", "0", "--storefront-port", "0"],
          PORT_CHECK_BOUND_MS,
        );
        expect(code).toBe(1);
        expect(output).toContain(`Port ${port} (Medusa) is not available: it is already in use`);
        expect(output).toContain("--medusa-port <port>");
      } finally {
        busy.close();
      }
    },
    PORT_CHECK_BOUND_MS + 60_000,
  );

  // the second run: the same single paid order again (nothing left over from run 1 breaks it)
  it(
    "runs again from nothing; --keep leaves a clickable store running, and Ctrl-C stops everything it started",
    async () => {
      const [medusa, sandbox, storefront] = [await freePort(), await freePort(), await freePort()];
      const tempBefore = tempDatabases();
      const summary = summaryPath();
      const demo = startDemo([
        "--keep",
        "--summary",
        summary,
        "--medusa-port",
        String(medusa),
        "--sandbox-port",
        String(sandbox),
        "--storefront-port",
        String(storefront),
      ]);
      try {
        const deadline = Date.now() + RUN_BOUND_MS;
        while (
          !demo.output().includes("Ctrl-C stops everything.") &&
          Date.now() < deadline &&
          demo.child.exitCode === null
        ) {
          await new Promise((r) => setTimeout(r, 250));
        }
        expect(demo.output(), demo.output().slice(-3000)).toContain("Ctrl-C stops everything.");
        expectOnePaidOrder(summary, demo.output());
        expect(demo.output()).toContain(`http://127.0.0.1:${sandbox}/_sandbox/`);
        expect(demo.output()).toMatch(/Medusa admin\s+http:\/\/127\.0\.0\.1:\d+\/app/);

        // a person's click-through, without JavaScript: product → cart → checkout → Pay with
        // ClientLoop → hosted page → pay → the return page's server-side completion → the order
        const shop = storefrontClient(`http://localhost:${storefront}`);
        const product = await shop.get("/products/clientloop-tee");
        const variantId = /<option value="(variant_[^"]+)"/.exec(product)![1]!;
        await shop.post("/cart/line-items", { variant_id: variantId, quantity: "1" });
        expect(await shop.get("/cart")).toContain("19.99 USD");
        await shop.post("/checkout/address", {
          email: "ada@example.com",
          first_name: "Ada",
          last_name: "Lovelace",
          phone: "+14155554345",
          address_1: "1 Main St",
          city: "New York",
          postal_code: "10001",
          country_code: "us",
        });
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
        expect(await shop.get(returnUrl.pathname + returnUrl.search)).toContain(
          'action="/checkout/clientloop/complete"',
        );
        const completed = await shop.post("/checkout/clientloop/complete", {
          cart_id: returnUrl.searchParams.get("cart_id")!,
        });
        expect(completed.location).toMatch(/^\/order\/order_\w+\/confirmed$/);
        expect(await shop.get(completed.location!)).toMatch(/Order <code>#2<\/code>.*is paid: 29\.99 USD/s);
      } finally {
        demo.child.kill("SIGINT");
      }
      expect(await demo.exited).toBe(130);
      expect(await refused(`http://127.0.0.1:${medusa}/health`)).toBe(true);
      expect(await refused(`http://127.0.0.1:${sandbox}/_sandbox/health`)).toBe(true);
      expect(await refused(`http://localhost:${storefront}/`)).toBe(true);
      expect(tempDatabases().filter((f) => !tempBefore.includes(f))).toEqual([]); // the temporary database is gone
    },
    BOOT_TEST_TIMEOUT_MS,
  );
});
