#!/usr/bin/env node
// The store's e2e suite against one Medusa version, as a store owner installs the plugin:
//
//   npm run e2e:medusa -- 2.18.0 [--keep] [vitest args…]
//
// 1. builds the workspace packages the store uses and packs them (`npm pack`: what npm would
//    publish); 2. copies this app, and the repository files its scripts import, into a temporary
//    directory outside the workspace; 3. installs there every `@medusajs/*` package of the app at
//    the given version and the packed `@clientloop/*` tarballs (a plain `npm install`: no
//    `--legacy-peer-deps`, so the plugin's peer range must accept the version); 4. runs the e2e
//    suite (test/e2e.test.ts: the stack migrates the database, seeds it and starts Medusa);
//    5. prints the Medusa version that ran and the suite's result, and removes the directory
//    (`--keep` leaves it, for debugging). Exits non-zero when a test failed.
import { spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const APP_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ROOT = resolve(APP_DIR, "../..");
const APP_PATH = relative(ROOT, APP_DIR); // apps/medusa-store
/** Repository files outside the app that its scripts and test config import. */
const SHARED_FILES = ["scripts/services", "scripts/apt-ensure.sh", "vitest.shared.ts"];
/** The workspace packages the store installs, in dependency order. */
const PACKAGES = ["packages/core", "packages/sandbox", "packages/medusa-payment"];
/** Medusa packages the plugin and the app use: each must be installed at the version asked for. */
const MEDUSA_CORE = ["medusa", "framework", "cli", "utils", "modules-sdk", "payment", "core-flows", "workflows-sdk"];

const log = (...a) => console.log("[e2e:medusa]", ...a);

function usage(message) {
  console.error(`${message}\nusage: npm run e2e:medusa -- <medusa version, e.g. 2.18.0> [--keep] [vitest args…]`);
  process.exit(2);
}

// the repository's Node (engines, .nvmrc): the app's test tooling needs it, and Medusa runs on it
if (Number(process.versions.node.split(".")[0]) < 24)
  usage(`Node ${process.version}: run with Node 24 or later (\`source scripts/node24.sh\`).`);

const args = process.argv.slice(2);
const version = args.shift();
if (!version) usage("Give the Medusa version to test.");
if (!/^2\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version))
  usage(`"${version}" is not a Medusa 2.x version (major.minor.patch).`);
const keep = args.includes("--keep");
const vitestArgs = args.filter((a) => a !== "--keep");

const readJson = (file) => JSON.parse(readFileSync(file, "utf8"));

/** Runs a command to completion; throws with its name on a non-zero exit. */
function run(command, commandArgs, options = {}) {
  const r = spawnSync(command, commandArgs, { stdio: "inherit", ...options });
  if (r.status !== 0) throw new Error(`${command} ${commandArgs.join(" ")} exited with ${r.status ?? r.signal}`);
  return r;
}

/** The app's package.json for the temporary store: Medusa at `version`, ClientLoop from the tarballs. */
function storePackageJson(tarballs, packs) {
  const pkg = readJson(join(APP_DIR, "package.json"));
  for (const field of ["dependencies", "devDependencies"]) {
    for (const name of Object.keys(pkg[field] ?? {})) {
      if (name.startsWith("@medusajs/")) pkg[field][name] = version;
      else if (tarballs[name]) pkg[field][name] = `file:${join(packs, tarballs[name])}`;
    }
  }
  return pkg;
}

/** A workspace root around the app, like this repository's (the app's scripts import ../../scripts). */
function rootPackageJson(tarballs, packs) {
  const root = readJson(join(ROOT, "package.json"));
  return {
    name: "clientloop-medusa-e2e",
    private: true,
    workspaces: [APP_PATH],
    // what the app's test run takes from this repository's root
    devDependencies: { vitest: root.devDependencies.vitest, "@types/node": root.devDependencies["@types/node"] },
    // @clientloop/core is not on the registry: every dependent gets the packed one (absolute
    // paths: npm resolves an override's file: spec from each dependent's directory)
    overrides: { "@clientloop/core": `file:${join(packs, tarballs["@clientloop/core"])}` },
    // the same install-script decisions as this repository (embedded Postgres needs its own)
    allowScripts: root.allowScripts,
  };
}

/** Every installed copy of a Medusa core package (top level or nested) that is not `version`. */
function versionMismatches(dir) {
  const copies = (base) => MEDUSA_CORE.map((name) => join(base, "node_modules", "@medusajs", name, "package.json"));
  const top = copies(dir);
  const nested = readdirSync(join(dir, "node_modules", "@medusajs")).flatMap((pkg) =>
    copies(join(dir, "node_modules", "@medusajs", pkg)),
  );
  return [
    ...top.filter((f) => !existsSync(f)).map((f) => `${relative(dir, dirname(f))} missing`),
    ...[...top, ...nested]
      .filter((f) => existsSync(f) && readJson(f).version !== version)
      .map((f) => `${relative(dir, dirname(f))}@${readJson(f).version}`),
  ];
}

/**
 * Runs vitest in the app, in a process group of its own: Ctrl-C / SIGTERM here reaches the whole
 * group (vitest, its worker, Medusa, Postgres), so nothing outlives the temporary directory.
 */
function runSuite(work, appDir) {
  return new Promise((res) => {
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const vitest = join(work, "node_modules", "vitest", "vitest.mjs");
    const child = spawn(process.execPath, [vitest, "run", "test/e2e.test.ts", ...vitestArgs], {
      cwd: appDir,
      env,
      stdio: "inherit",
      detached: true,
    });
    const forward = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {}
    };
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    child.on("exit", (code, signal) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      res(code ?? (signal ? 128 : 1));
    });
  });
}

function summary(reportFile) {
  if (!existsSync(reportFile))
    return { line: "no test report (the suite did not run)", failed: ["(no report)"], ok: false };
  const r = readJson(reportFile);
  const failed = r.testResults.flatMap((f) =>
    f.assertionResults.filter((a) => a.status === "failed").map((a) => a.fullName),
  );
  // a file that failed to load counts, even with no test in it
  const broken = r.testResults
    .filter((f) => f.status === "failed" && f.assertionResults.length === 0)
    .map((f) => `${relative(dirname(dirname(reportFile)), f.name)}: ${f.message}`);
  const skipped = r.numPendingTests + (r.numTodoTests ?? 0);
  return {
    line: `${r.numPassedTests} passed, ${r.numFailedTests + broken.length} failed, ${skipped} skipped`,
    failed: [...failed, ...broken],
    ok: r.numFailedTests + broken.length === 0 && r.numPassedTests > 0,
  };
}

const work = mkdtempSync(join(tmpdir(), `clientloop-medusa-${version}-`));
// mkdtemp makes it private; as root, embedded Postgres runs its binaries (installed in here) as `postgres`
chmodSync(work, 0o755);
const appDir = join(work, APP_PATH);
let exitCode = 1;
try {
  log(`Medusa ${version}: building and packing the workspace packages`);
  run("npx", ["turbo", "run", "build", "--output-logs=errors-only", ...PACKAGES.map((p) => `--filter=./${p}`)], {
    cwd: ROOT,
  });
  const packs = join(work, "packs");
  mkdirSync(packs);
  const packed = JSON.parse(
    run("npm", ["pack", "--json", "--pack-destination", packs, ...PACKAGES.flatMap((p) => ["--workspace", p])], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
      encoding: "utf8",
    }).stdout,
  );
  const tarballs = Object.fromEntries(packed.map((p) => [p.name, p.filename]));

  log(`copying the store app to ${work}`);
  cpSync(APP_DIR, appDir, {
    recursive: true,
    filter: (src) => !/(^|\/)(node_modules|\.medusa|\.turbo|test-results)(\/|$)/.test(relative(APP_DIR, src)),
  });
  for (const file of SHARED_FILES) cpSync(join(ROOT, file), join(work, file), { recursive: true });
  writeFileSync(join(appDir, "package.json"), `${JSON.stringify(storePackageJson(tarballs, packs), null, 2)}\n`);
  writeFileSync(join(work, "package.json"), `${JSON.stringify(rootPackageJson(tarballs, packs), null, 2)}\n`);

  log(`installing @medusajs/* ${version} and ${Object.keys(tarballs).join(", ")} (no --legacy-peer-deps)`);
  run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: work });
  const mismatches = versionMismatches(work);
  if (mismatches.length) throw new Error(`installed Medusa packages are not ${version}: ${mismatches.join(", ")}`);
  const medusaVersion = readJson(join(work, "node_modules/@medusajs/medusa/package.json")).version;

  log(`running the e2e suite on Medusa ${medusaVersion} (migrations, seed, medusa start, scenarios)`);
  const code = await runSuite(work, appDir);
  const result = summary(join(appDir, "test-results", "vitest.json"));
  log(`Medusa ${medusaVersion}: ${result.line}`);
  for (const name of result.failed) log(`  failed: ${name}`);
  exitCode = code === 0 && result.ok ? 0 : 1;
} catch (error) {
  log(`Medusa ${version}: could not run the suite: ${error.message}`);
  exitCode = 1;
} finally {
  if (keep) log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);
