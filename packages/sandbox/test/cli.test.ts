// The CLI: flags, env vars, the start banner, a working endpoint. The CLI is bundled from the
// current source with tsup first (as the package build does), so the test never runs a stale dist.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { post } from "./helpers.js";

const pkg = fileURLToPath(new URL("..", import.meta.url));
const outDir = join(pkg, "node_modules", ".cache", "clientloop-sandbox-cli-test");
const cli = join(outDir, "cli.js");
const children: ChildProcess[] = [];

beforeAll(() => {
  execFileSync(
    "npx",
    ["tsup", "src/cli.ts", "--no-config", "--format", "esm", "--target", "node20", "--out-dir", outDir, "--silent"],
    { cwd: pkg, stdio: "pipe" },
  );
});
afterEach(() => {
  for (const c of children.splice(0)) c.kill("SIGTERM");
});

function run(args: string[], env: Record<string, string> = {}): Promise<{ out: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [cli, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("Signing secret")) setTimeout(() => resolve({ out, child }), 50);
    });
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => reject(new Error(`cli exited ${code}: ${out}`)));
  });
}

const endpoint = (out: string) => /GraphQL endpoint\s+(\S+)/.exec(out)![1]!;

describe("clientloop-sandbox CLI", () => {
  it("starts with flags and prints the endpoint, org, key and secret", async () => {
    const { out } = await run([
      "--port",
      "0",
      "--org-id",
      "org_cli",
      "--api-key",
      "sk_cli",
      "--signing-secret",
      "whsec_cli",
    ]);
    expect(out).toMatch(/GraphQL endpoint\s+http:\/\/127\.0\.0\.1:\d+\//);
    expect(out).toContain("org_cli");
    expect(out).toContain("sk_cli");
    expect(out).toContain("whsec_cli");
    const r = await post({ url: endpoint(out), apiKey: "sk_cli" }, { query: "{ __typename }" });
    expect(r.status).toBe(200);
  });

  it("reads CLIENTLOOP_SANDBOX_* env vars and --seed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cl-sandbox-"));
    const seed = join(dir, "seed.json");
    writeFileSync(
      seed,
      JSON.stringify({ orgs: [{ id: "org_seeded", apiKey: "sk_seeded", signingSecret: "whsec_seeded" }] }),
    );
    const { out } = await run(["--seed", seed], {
      CLIENTLOOP_SANDBOX_PORT: "0",
      CLIENTLOOP_SANDBOX_ORG_ID: "org_env",
      CLIENTLOOP_SANDBOX_API_KEY: "sk_env",
      CLIENTLOOP_SANDBOX_SIGNING_SECRET: "whsec_env",
    });
    expect(out).toContain("org_env");
    expect(out).toContain("org_seeded");
    expect((await post({ url: endpoint(out), apiKey: "sk_env" }, { query: "{ __typename }" })).status).toBe(200);
    expect((await post({ url: endpoint(out), apiKey: "sk_seeded" }, { query: "{ __typename }" })).status).toBe(200);
  });

  it("prints help", async () => {
    const child = spawn(process.execPath, [cli, "--help"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const code = await new Promise((r) => child.on("exit", r));
    expect(code).toBe(0);
    expect(out).toContain("--signing-secret");
  });
});
