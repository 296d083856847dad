// A fresh Medusa store outside the monorepo, as a store owner would set one up from the plugin's
// README (no create-medusa-app: it downloads its starter from GitHub): package.json,
// medusa-config.ts and tsconfig.json, with @clientloop/medusa-payment and @clientloop/sandbox
// installed from the throwaway registry, the published sandbox standing in for ClientLoop. Then
// as the README's "Start the store" says for production: `medusa db:migrate` (the plugin's
// migrations too), the store's data (the monorepo store's seed script, copied in), `medusa
// build` (backend and admin), `npm install` and `medusa start` in `.medusa/server`. The checks:
// the provider is registered, the plugin's callback route answers, the admin dashboard is served
// with the plugin's admin extensions in its bundle, and a shopper's checkout through the published
// storefront kit (`@medusajs/js-sdk` + `@clientloop/medusa-payment/storefront`), paid on the
// sandbox's hosted page, becomes an order that the Admin API (what the admin panel reads) shows
// paid: captured for the exact total, with its ClientLoop session.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { freePort } from "../services/ports.mjs";
import { startPostgres } from "../services/postgres.mjs";
import { mustRun } from "./shell.mjs";

const TEMPLATE = new URL("./medusa-project/", import.meta.url).pathname;

/** The Medusa versions the monorepo's own store runs (apps/medusa-store), TypeScript 6. */
function projectManifest(root, versions) {
  const app = JSON.parse(readFileSync(join(root, "apps/medusa-store/package.json"), "utf8"));
  const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const pick = (deps, names) => Object.fromEntries(names.map((n) => [n, deps[n]]));
  return {
    name: "clientloop-rehearsal-store",
    version: "0.0.0",
    private: true,
    scripts: { build: "medusa build", start: "medusa start" },
    dependencies: {
      ...pick(app.dependencies, [
        "@medusajs/admin-sdk",
        "@medusajs/framework",
        "@medusajs/medusa",
        "@medusajs/cli",
        "@medusajs/js-sdk",
      ]),
      "@clientloop/medusa-payment": versions["@clientloop/medusa-payment"],
    },
    devDependencies: {
      ...pick(app.devDependencies, ["@swc/core", "ts-node"]),
      typescript: rootManifest.devDependencies.typescript,
      "@types/node": rootManifest.devDependencies["@types/node"],
      "@clientloop/sandbox": versions["@clientloop/sandbox"],
    },
  };
}

export async function checkMedusaProject({ root, dir, registry, versions }) {
  writeFileSync(join(dir, "package.json"), JSON.stringify(projectManifest(root, versions), null, 2) + "\n");
  copyFileSync(join(TEMPLATE, "medusa-config.ts"), join(dir, "medusa-config.ts"));
  copyFileSync(join(TEMPLATE, "tsconfig.json"), join(dir, "tsconfig.json"));
  // the store's own data: regions with ClientLoop enabled, products, a shipping option, keys
  mkdirSync(join(dir, "src/scripts"), { recursive: true });
  copyFileSync(join(root, "apps/medusa-store/src/scripts/seed.ts"), join(dir, "src/scripts/seed.ts"));
  const npmInstall = (cwd) =>
    mustRun(
      "npm",
      ["install", "--no-audit", "--no-fund", "--prefer-offline", `--@clientloop:registry=${registry.url}`],
      {
        cwd,
        timeoutMs: 30 * 60_000,
        quiet: true,
      },
    );
  await npmInstall(dir);
  const installed = JSON.parse(readFileSync(join(dir, "node_modules/@clientloop/medusa-payment/package.json"), "utf8"));
  const core = JSON.parse(readFileSync(join(dir, "node_modules/@clientloop/core/package.json"), "utf8"));
  console.log(`  installed ${installed.name}@${installed.version} (with ${core.name}@${core.version})`);

  // the published sandbox: its bin runs, and it stands in for ClientLoop for the store
  await mustRun(join(dir, "node_modules/.bin/clientloop-sandbox"), ["--help"], { cwd: dir, quiet: true });
  const { startSandbox } = await import(
    pathToFileURL(join(dir, "node_modules/@clientloop/sandbox/dist/index.js")).href
  );
  const stops = [];
  try {
    const sandbox = await startSandbox({ port: 0 });
    stops.push(() => sandbox.stop());
    const db = await startPostgres({ prefix: "clientloop_rehearsal" });
    stops.push(() => db.stop());
    const port = await freePort();
    const env = {
      ...process.env,
      NODE_ENV: "development",
      DATABASE_URL: db.url,
      JWT_SECRET: randomBytes(16).toString("hex"),
      COOKIE_SECRET: randomBytes(16).toString("hex"),
      MEDUSA_DISABLE_TELEMETRY: "true",
      CLIENTLOOP_API_KEY: sandbox.apiKey,
      CLIENTLOOP_ORG_ID: sandbox.orgId,
      CLIENTLOOP_BASE_URL: sandbox.url,
      CLIENTLOOP_SIGNING_SECRET: sandbox.signingSecret,
      CLIENTLOOP_CALLBACK_BASE_URL: `http://127.0.0.1:${port}`,
    };
    const medusa = join(dir, "node_modules/.bin/medusa");
    await mustRun(medusa, ["db:migrate"], { cwd: dir, env, timeoutMs: 20 * 60_000, quiet: true });
    console.log("  medusa db:migrate: done");
    const seedFile = join(dir, "seed.json");
    await mustRun(medusa, ["exec", "./src/scripts/seed.ts"], {
      cwd: dir,
      env: { ...env, SEED_OUTPUT: seedFile },
      timeoutMs: 20 * 60_000,
      quiet: true,
    });
    const seed = JSON.parse(readFileSync(seedFile, "utf8"));
    console.log("  medusa exec ./src/scripts/seed.ts: regions, products and keys created");

    await mustRun(medusa, ["build"], {
      cwd: dir,
      env: { ...env, NODE_ENV: "production" },
      timeoutMs: 30 * 60_000,
      quiet: true,
    });
    const serverDir = join(dir, ".medusa/server");
    await npmInstall(serverDir);
    console.log("  medusa build, then npm install in .medusa/server: done");

    const server = startMedusa(join(serverDir, "node_modules/.bin/medusa"), port, { cwd: serverDir, env });
    stops.push(() => server.stop());
    const url = `http://127.0.0.1:${port}`;
    await server.waitForHealth(url, 10 * 60_000);
    console.log(`  medusa start: ${url}/health answers`);

    const pg = (await import("pg")).default;
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    let providers;
    try {
      ({ rows: providers } = await client.query("SELECT id, is_enabled FROM payment_provider ORDER BY id"));
    } finally {
      await client.end();
    }
    const provider = providers.find((p) => p.id === "pp_clientloop_clientloop");
    if (!provider?.is_enabled) {
      throw new Error(
        `pp_clientloop_clientloop is not an enabled payment provider (found: ${providers.map((p) => p.id).join(", ") || "none"})`,
      );
    }
    console.log(`  payment providers: ${providers.map((p) => p.id).join(", ")}`);

    const hook = await fetch(`${url}/hooks/clientloop`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    if (hook.status === 404) throw new Error("POST /hooks/clientloop is 404: the plugin's routes are not loaded");
    console.log(`  POST /hooks/clientloop without a signature: HTTP ${hook.status} (the plugin's route answers)`);

    await checkPaidOrder({ dir, url, seed, sandbox });
    await checkAdminBundle(url, serverDir);
  } finally {
    while (stops.length)
      await stops
        .pop()()
        .catch((e) => console.error(`  stopping: ${e.message}`));
  }
}

/**
 * The admin dashboard is served from the build, and the bundle `medusa build` made carries the
 * plugin's admin extensions (its ClientLoop page and order widget, loaded from the installed package).
 */
async function checkAdminBundle(url, serverDir) {
  const page = await fetch(`${url}/app`);
  if (page.status !== 200) throw new Error(`GET /app answered ${page.status}: the admin dashboard is not served`);
  const assets = join(serverDir, "public/admin/assets");
  const bundle = readdirSync(assets)
    .filter((f) => f.endsWith(".js"))
    .map((f) => readFileSync(join(assets, f), "utf8"))
    .join("\n");
  for (const marker of ADMIN_MARKERS) {
    if (!bundle.includes(marker))
      throw new Error(`the admin bundle lacks the plugin's admin extensions (no "${marker}")`);
  }
  console.log(`  GET /app: the admin dashboard, its bundle with the plugin's extensions (${ADMIN_MARKERS.join(", ")})`);
}

/** Strings only the plugin's admin extensions put in the dashboard's bundle. */
const ADMIN_MARKERS = ["/admin/clientloop/attention", "order.details.after"];

/**
 * A shopper's checkout as a storefront makes it with the published kit, paid on the sandbox's
 * hosted page; then the order as the admin panel reads it (Admin API, the seed's secret key).
 */
async function checkPaidOrder({ dir, url, seed, sandbox }) {
  const load = (path) => import(pathToFileURL(join(dir, "node_modules", path)).href);
  const { default: Medusa } = await load("@medusajs/js-sdk/dist/esm/index.js");
  const kit = await load("@clientloop/medusa-payment/dist/storefront.mjs");
  const sdk = new Medusa({ baseUrl: url, publishableKey: seed.publishableKey });
  const address = {
    first_name: "Grace",
    last_name: "Hopper",
    address_1: "1 Main St",
    city: "Town",
    postal_code: "10001",
    country_code: seed.regions.usd.country_code,
    phone: "+14155554345",
  };
  const { cart } = await sdk.store.cart.create({
    region_id: seed.regions.usd.id,
    email: "grace@example.com",
    items: [{ variant_id: seed.variants.tee, quantity: 2 }],
    shipping_address: address,
    billing_address: address,
  });
  await sdk.store.cart.addShippingMethod(cart.id, { option_id: seed.shippingOptionId });
  const { cart: priced } = await sdk.store.cart.retrieve(cart.id, { fields: "id,total" });

  const next = await kit.payWithClientLoop(sdk, cart.id);
  if (next.action !== "redirect") throw new Error(`payWithClientLoop: expected a redirect, got ${next.action}`);
  const paid = await fetch(`${next.link.replace(/\/$/, "")}/pay`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "",
  });
  if (paid.status !== 303) throw new Error(`the hosted page's pay answered ${paid.status}`);
  const done = await kit.completeClientLoopCheckout(sdk, cart.id, { timeoutMs: 180_000 });
  if (done.outcome !== "paid") throw new Error(`the return page's outcome: ${done.outcome}, not paid`);
  console.log(
    `  checkout through the storefront kit: cart ${cart.id} (${priced.total} USD) paid, order ${done.order.id}`,
  );

  const admin = (path) =>
    fetch(`${url}${path}`, {
      headers: { authorization: `Basic ${Buffer.from(`${seed.secretKey}:`).toString("base64")}` },
    }).then(async (r) => {
      if (!r.ok) throw new Error(`GET ${path}: HTTP ${r.status}`);
      return r.json();
    });
  const { order } = await admin(
    `/admin/orders/${done.order.id}?fields=id,total,payment_status,*payment_collections.payments.captures`,
  );
  const payments = order.payment_collections.flatMap((c) => c.payments);
  const captures = payments.flatMap((p) => p.captures);
  // one payment, one capture, for exactly the cart's total (compared as Medusa prints them, no arithmetic)
  const captured = captures.map((c) => String(c.amount)).join(" + ");
  if (
    String(order.total) !== String(priced.total) ||
    order.payment_status !== "captured" ||
    payments.length !== 1 ||
    captures.length !== 1 ||
    captured !== String(priced.total)
  ) {
    throw new Error(
      `the admin's order is not paid as expected: total ${order.total}, payment_status ${order.payment_status}, ${payments.length} payments, captured ${captured || "nothing"}`,
    );
  }
  const { sessions } = await admin(`/admin/clientloop/sessions?order_id=${order.id}`);
  const remote = sessions?.[0] && sandbox.getSession(sessions[0].clientloop_session_id);
  if (sessions?.length !== 1 || remote?.status !== "Completed") {
    throw new Error(`the admin's ClientLoop session of the order: ${JSON.stringify(sessions)}`);
  }
  console.log(
    `  in the admin: order ${order.id} ${order.payment_status}, ${captured} of ${order.total} USD in one capture, ClientLoop session ${remote.id} Completed`,
  );
}

/** `medusa start` in its own process group, so stop() ends it and anything it started. */
function startMedusa(bin, port, { cwd, env }) {
  const child = spawn(bin, ["start", "--port", String(port)], {
    cwd,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise((resolve) => child.on("exit", resolve));
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    async waitForHealth(url, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (!running()) throw new Error(`medusa start exited with ${child.exitCode}:\n${output.slice(-4000)}`);
        try {
          if ((await fetch(`${url}/health`)).ok) return;
        } catch {}
        await new Promise((r) => setTimeout(r, 500));
      }
      throw new Error(`medusa start did not answer /health within ${timeoutMs / 1000} s:\n${output.slice(-4000)}`);
    },
    async stop() {
      if (!running()) return;
      process.kill(-child.pid, "SIGTERM");
      const killer = setTimeout(() => running() && process.kill(-child.pid, "SIGKILL"), 15_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
