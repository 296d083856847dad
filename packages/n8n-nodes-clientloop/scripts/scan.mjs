#!/usr/bin/env node
// Local pre-flight of n8n's verification scanner (@n8n/scan-community-package 0.32.0): the two
// lint legs it runs on a published version, without the provenance checks (those need a version
// published from GitHub Actions).
//   1. the source, limited to package.json and {nodes,credentials}/**/*.{js,ts,json};
//   2. the packed tarball's **/*.js and package.json (with inline eslint comments disabled).
// Then two checks of our own: the tarball holds only dist/ and the package's metadata files, and a
// control build (zod bundled without the scope rewrite of scripts/bundle.mjs) is rejected, which
// shows the scanner really sees the bundled code. Part of `npm run lint`, not of the tests: it
// installs the scanner on first use and takes a while on a busy machine.
//
// The scanner is installed in its own directory, .tools/scanner/ (git-ignored), not in the
// workspace: it pins TypeScript 7.0.2, which typescript-eslint 8 cannot load, and the workspace
// is pinned to TypeScript 6. The isolated package.json overrides its TypeScript to 6.0.3.
// Install scripts are not run (none of its dependencies needs one; eslint-plugin-n8n-nodes-base's
// `preinstall: npx only-allow pnpm` must not run).
//
// Usage: node scripts/scan.mjs [--json]   (needs a built dist/: npm run build)
// Run it with NODE_ENV unset: NODE_ENV=test makes eslint-plugin-n8n-nodes-base misjudge node
// files (ivov/eslint-plugin-n8n-nodes-base#197).
// Exit code 0 when every check passes.
import { execFileSync, spawnSync } from "node:child_process";
import { build } from "esbuild";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SCANNER_VERSION = "0.32.0";
const TYPESCRIPT_FOR_SCANNER = "6.0.3";
const scannerDir = join(packageRoot, ".tools", "scanner");
const scannerModule = join(scannerDir, "node_modules", "@n8n", "scan-community-package", "scanner", "scanner.mjs");

function installedVersion() {
  const pkg = join(scannerDir, "node_modules", "@n8n", "scan-community-package", "package.json");
  return existsSync(pkg) ? JSON.parse(readFileSync(pkg, "utf8")).version : undefined;
}

/** Installs the scanner into .tools/scanner unless the pinned version is already there. */
export function ensureScanner() {
  if (installedVersion() === SCANNER_VERSION && existsSync(scannerModule)) return scannerModule;
  mkdirSync(scannerDir, { recursive: true });
  writeFileSync(
    join(scannerDir, "package.json"),
    JSON.stringify(
      {
        private: true,
        description: "Isolated install of n8n's community package scanner (see scripts/scan.mjs)",
        dependencies: { "@n8n/scan-community-package": SCANNER_VERSION },
        overrides: { typescript: TYPESCRIPT_FOR_SCANNER },
      },
      null,
      2,
    ) + "\n",
  );
  const npmArgs = ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--no-package-lock"];
  // bounded: a registry problem must fail the check, not hang it
  const result = spawnSync("npm", npmArgs, {
    cwd: scannerDir,
    stdio: ["ignore", "inherit", "inherit"],
    timeout: 10 * 60_000,
  });
  if (result.status !== 0)
    throw new Error(`installing the scanner failed (${result.error?.message ?? `exit ${result.status}`})`);
  return scannerModule;
}

/** `npm pack`s the package and unpacks the tarball; returns { dir, tarball, size, unpackedSize }. */
export function packPackage() {
  const work = mkdtempSync(join(tmpdir(), "clientloop-n8n-pack-"));
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", work], {
    cwd: packageRoot,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  const [info] = JSON.parse(out.slice(out.indexOf("[")));
  const tarball = join(work, info.filename);
  const dir = join(work, "unpacked");
  mkdirSync(dir);
  execFileSync("tar", ["xzf", tarball, "-C", dir, "--strip-components=1"]);
  return { work, dir, tarball, size: info.size, unpackedSize: info.unpackedSize, files: info.files.map((f) => f.path) };
}

/** Runs both legs. Returns { source, tarball, pack }; each leg { passed, message?, details? }. */
export async function scan() {
  const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(pathToFileURL(ensureScanner()).href);
  const source = await analyzePackage(packageRoot, SOURCE_FILE_PATTERNS);
  const pack = packPackage();
  try {
    const tarball = await analyzePackage(pack.dir, ["**/*.js", "package.json"]);
    return { source, tarball, pack };
  } finally {
    rmSync(pack.work, { recursive: true, force: true });
  }
}

/** The tarball may hold dist/ and npm's metadata files only, and must hold what n8n loads. */
export function checkPackedFiles(files) {
  const metadata = ["package.json", "README.md", "LICENSE", "CHANGELOG.md"];
  const stray = files.filter((f) => !f.startsWith("dist/") && !metadata.includes(f));
  const pkg = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8"));
  const required = [
    ...pkg.n8n.nodes,
    ...pkg.n8n.credentials,
    "dist/icons/clientloop.svg",
    "dist/icons/clientloop.dark.svg",
  ];
  const missing = required.filter((f) => !files.includes(f));
  const problems = [
    ...stray.map((f) => `unexpected file in the tarball: ${f}`),
    ...missing.map((f) => `missing from the tarball: ${f}`),
  ];
  return { passed: problems.length === 0, ...(problems.length ? { message: problems.join("; ") } : {}) };
}

/** Bundles the action node without the zod scope rewrite: the scanner must reject it. */
export async function scanControl() {
  const dir = mkdtempSync(join(tmpdir(), "clientloop-n8n-control-"));
  try {
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
    const { analyzePackage } = await import(pathToFileURL(ensureScanner()).href);
    const control = await analyzePackage(dir, ["**/*.js"]);
    const rejected = !control.passed && /restricted global 'globalThis'/.test(control.details ?? "");
    return rejected
      ? { passed: true }
      : { passed: false, message: "the scanner did not reject zod's globalThis in a bundle without the rewrite" };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!existsSync(join(packageRoot, "dist"))) {
    console.error("dist/ is missing: run `npm run build` first");
    process.exit(1);
  }
  const { source, tarball, pack } = await scan();
  const files = checkPackedFiles(pack.files);
  const control = await scanControl();
  const passed = [source, tarball, files, control].every((r) => r.passed);
  if (process.argv.includes("--json")) {
    const strip = ({ error, ...rest }) => rest;
    console.log(
      JSON.stringify({
        source: strip(source),
        tarball: strip(tarball),
        files,
        control,
        pack: { size: pack.size, unpackedSize: pack.unpackedSize, files: pack.files },
      }),
    );
    process.exit(passed ? 0 : 1);
  }
  const show = (name, r) => {
    console.log(`${name}: ${r.passed ? "passed" : `FAILED (${r.message})`}`);
    if (r.details) console.log(r.details);
  };
  show("scanner, source leg (package.json, nodes/, credentials/)", source);
  show(`scanner, tarball leg (${pack.files.filter((f) => f.endsWith(".js")).length} .js files)`, tarball);
  show("tarball holds dist/ and package metadata only", files);
  show("control: a bundle with zod's globalThis is rejected", control);
  console.log(
    `packed size: ${(pack.size / 1024).toFixed(1)} KiB (unpacked ${(pack.unpackedSize / 1024).toFixed(1)} KiB, ${pack.files.length} files)`,
  );
  process.exit(passed ? 0 : 1);
}
