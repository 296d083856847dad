// A throwaway npm registry on loopback: verdaccio (a root devDependency), its storage in a temp
// dir. @clientloop/* lives only there (never fetched from upstream, so a publish can never clash
// with, or be shadowed by, the real registry); everything else is proxied to the registry npm is
// configured with here, with the machine's CA file and proxy settings.
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { freePort } from "../services/ports.mjs";
import { run } from "./shell.mjs";

const require = createRequire(import.meta.url);

async function npmConfig(key, cwd) {
  const { stdout } = await run("npm", ["config", "get", key], { cwd, quiet: true });
  const value = stdout.trim();
  return value === "" || value === "null" || value === "undefined" ? undefined : value;
}

/** Starts verdaccio in `dir`; resolves { url, token, stop() } once it answers. */
export async function startRegistry(dir, { cwd }) {
  const upstream = (await npmConfig("registry", cwd)) ?? "https://registry.npmjs.org/";
  const cafile = await npmConfig("cafile", cwd);
  const httpsProxy = (await npmConfig("https-proxy", cwd)) ?? process.env.HTTPS_PROXY ?? process.env.https_proxy;
  const httpProxy = (await npmConfig("proxy", cwd)) ?? process.env.HTTP_PROXY ?? process.env.http_proxy;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;

  mkdirSync(join(dir, "storage"), { recursive: true });
  const config = {
    storage: join(dir, "storage"),
    auth: { htpasswd: { file: join(dir, "htpasswd"), max_users: 10 } },
    uplinks: { upstream: { url: upstream, ...(cafile ? { ca: cafile } : {}), timeout: "120s" } },
    packages: {
      "@clientloop/*": { access: "$all", publish: "$authenticated", unpublish: "$authenticated" },
      "**": { access: "$all", publish: "$authenticated", proxy: "upstream" },
    },
    ...(httpsProxy ? { https_proxy: httpsProxy } : {}),
    ...(httpProxy ? { http_proxy: httpProxy } : {}),
    server: { keepAliveTimeout: 60 },
    max_body_size: "100mb",
    log: { type: "stdout", format: "pretty", level: "warn" },
  };
  const configFile = join(dir, "config.yaml");
  writeFileSync(configFile, JSON.stringify(config, null, 2)); // JSON is YAML

  const bin = join(require.resolve("verdaccio/package.json"), "..", "bin", "verdaccio");
  const logFile = join(dir, "verdaccio.log");
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, [bin, "--config", configFile, "--listen", `127.0.0.1:${port}`], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const exited = new Promise((resolve) => child.on("exit", resolve));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(killer);
    }
    log.end();
  };

  try {
    await waitFor(
      async () => (await fetch(`${url}-/ping`)).ok,
      120_000,
      () => child.exitCode !== null,
    );
    // a user for publishing (verdaccio's htpasswd auth hands out a token on sign-up)
    const res = await fetch(`${url}-/user/org.couchdb.user:rehearsal`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "rehearsal", password: `rehearsal-${port}`, type: "user", roles: [] }),
    });
    const { token } = await res.json();
    if (!res.ok || !token) throw new Error(`signing up on the registry failed: HTTP ${res.status}`);
    return { url, token, upstream, logFile, stop };
  } catch (e) {
    await stop();
    throw new Error(`verdaccio did not start (log: ${logFile}): ${e.message}`);
  }
}

async function waitFor(check, timeoutMs, gaveUp) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (gaveUp()) throw new Error("it exited");
    try {
      if (await check()) return;
    } catch {}
    if (Date.now() > deadline) throw new Error(`no answer within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
