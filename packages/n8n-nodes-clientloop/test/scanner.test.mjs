// n8n's verification scanner (@n8n/scan-community-package 0.32.0, installed in .tools/scanner by
// scripts/scan.mjs) on both legs: the source and the packed tarball. A control build without
// the zod scope transform shows the scanner would otherwise reject the bundle.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureScanner, packageRoot } from "../scripts/scan.mjs";

describe("@n8n/scan-community-package", () => {
  let result;
  beforeAll(() => {
    // a child process without vitest's NODE_ENV=test, which changes eslint-plugin-n8n-nodes-base's
    // verdicts (ivov/eslint-plugin-n8n-nodes-base#197); the scanner itself runs without it
    const env = { ...process.env };
    delete env.NODE_ENV;
    const run = spawnSync(process.execPath, [join(packageRoot, "scripts/scan.mjs"), "--json"], { cwd: packageRoot, encoding: "utf8", env });
    const line = run.stdout.split("\n").find((l) => l.startsWith("{"));
    if (!line) throw new Error(`scan.mjs printed no result (exit ${run.status}): ${run.stderr}`);
    result = JSON.parse(line);
  }, 300_000);

  it("passes the source leg", () => {
    expect(result.source.details ?? "").toBe("");
    expect(result.source.passed).toBe(true);
  });

  it("passes the packed tarball leg", () => {
    expect(result.tarball.details ?? "").toBe("");
    expect(result.tarball.passed).toBe(true);
  });

  it("packs only dist and package metadata", () => {
    expect(result.pack.files.every((f) => f.startsWith("dist/") || ["package.json", "README.md", "LICENSE"].includes(f))).toBe(true);
    expect(result.pack.files).toEqual(
      expect.arrayContaining([
        "dist/nodes/ClientLoop/ClientLoop.node.js",
        "dist/nodes/ClientLoopTrigger/ClientLoopTrigger.node.js",
        "dist/credentials/ClientLoopApi.credentials.js",
        "dist/icons/clientloop.svg",
        "dist/icons/clientloop.dark.svg",
      ]),
    );
  });
});

describe("control: zod bundled as it is", () => {
  let dir;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is rejected for globalThis, which is why the build rewrites it", async () => {
    dir = mkdtempSync(join(tmpdir(), "clientloop-n8n-control-"));
    await build({
      absWorkingDir: packageRoot,
      entryPoints: { "nodes/ClientLoop/ClientLoop.node": join(packageRoot, "nodes/ClientLoop/ClientLoop.node.ts") },
      outdir: dir,
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      external: ["n8n-workflow"],
      logLevel: "silent",
    });
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "control", version: "0.0.0" }));
    const { analyzePackage } = await import(ensureScanner());
    const control = await analyzePackage(dir, ["**/*.js"]);
    expect(control.passed).toBe(false);
    expect(control.details).toMatch(/restricted global 'globalThis'/);
  });
});
