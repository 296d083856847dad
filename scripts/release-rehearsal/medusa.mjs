// A fresh Medusa store outside the monorepo, as a store owner would set one up (no
// create-medusa-app: it downloads its starter from GitHub): package.json, medusa-config.ts and
// tsconfig.json, with @clientloop/medusa-payment and @clientloop/sandbox installed from the
// throwaway registry. Then `medusa db:migrate` (the plugin's migrations too), `medusa start`, and
// the checks: the provider is registered (a `payment_provider` row pp_clientloop_clientloop) and
// the plugin's callback route answers (not 404).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
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
    scripts: { start: "medusa start" },
    dependencies: {
      ...pick(app.dependencies, ["@medusajs/framework", "@medusajs/medusa", "@medusajs/cli"]),
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
  await mustRun(
    "npm",
    ["install", "--no-audit", "--no-fund", "--prefer-offline", `--@clientloop:registry=${registry.url}`],
    { cwd: dir, timeoutMs: 30 * 60_000, quiet: true },
  );
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

    const server = startMedusa(medusa, port, { cwd: dir, env });
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
  } finally {
    while (stops.length)
      await stops
        .pop()()
        .catch((e) => console.error(`  stopping: ${e.message}`));
  }
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
