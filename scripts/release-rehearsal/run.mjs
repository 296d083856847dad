#!/usr/bin/env node
// `npm run release:rehearse`: the release, rehearsed end to end on this machine.
//   1. a scratch copy of the working tree: `changeset version`, then a build of every package
//   2. a throwaway registry on loopback (verdaccio; upstream = the registry npm uses here)
//   3. every package published to it, dependencies first, each reported with its version and
//      packed/unpacked size; a failure is named and the rest still go ahead
//   4. @clientloop/medusa-payment installed into a fresh Medusa project outside the monorepo,
//      set up as its README says (migrate, seed, `medusa build`, start from .medusa/server): the
//      provider registered, the admin extensions in the dashboard's bundle, a checkout through
//      the storefront kit paid on the sandbox's page and shown paid by the Admin API
//   5. @clientloop/n8n-nodes-clientloop installed into an n8n nodes folder, loaded by n8n's loader
// Nothing in the working tree is edited. Exits non-zero, naming what failed, if anything did.
// `--keep` leaves the temp directory (scratch copy, registry storage, projects) for a look.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { checkMedusaProject } from "./medusa.mjs";
import { checkN8nNodes } from "./n8n.mjs";
import { publishAll } from "./publish.mjs";
import { startRegistry } from "./registry.mjs";
import { copyWorkingTree, publishablePackages, versionAndBuild } from "./scratch.mjs";

const root = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
const keep = process.argv.includes("--keep");
const work = mkdtempSync(join(tmpdir(), "clientloop-rehearsal-"));
const started = Date.now();
const failures = [];
const secs = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
const heading = (text) => console.log(`\n▶ ${text}  [${secs()}]`);

/** Runs one check; a failure is recorded under `name` and the rehearsal goes on. */
async function check(name, fn) {
  try {
    await fn();
    console.log(`  ✓ ${name}`);
  } catch (e) {
    failures.push(name);
    console.log(`  ✗ ${name}: ${e.message}`);
  }
}

const manifestsBefore = fingerprintManifests();
let registry;
try {
  heading("Scratch copy, `changeset version` and build");
  const scratch = join(work, "repo");
  mkdirSync(scratch);
  copyWorkingTree(root, scratch);
  await versionAndBuild(scratch);
  const packages = publishablePackages(scratch);
  console.log(`  versions from the changesets: ${packages.map((p) => `${p.name}@${p.version}`).join(", ")}`);

  heading("Throwaway registry");
  registry = await startRegistry(join(work, "registry"), { cwd: root });
  console.log(`  verdaccio at ${registry.url} (everything but @clientloop/* proxied to ${registry.upstream})`);

  heading("Publish");
  const packDir = join(work, "packs");
  mkdirSync(packDir);
  const results = await publishAll(packages, registry, packDir);
  report(results);
  for (const r of results.filter((r) => !r.ok)) failures.push(`publish ${r.name}`);
  const published = Object.fromEntries(results.filter((r) => r.ok).map((r) => [r.name, r.version]));

  heading("A fresh Medusa project with @clientloop/medusa-payment");
  await check("Medusa: installed as the README says, built, booted; a paid order in the admin", async () => {
    for (const needed of ["@clientloop/medusa-payment", "@clientloop/sandbox"]) {
      if (!published[needed]) throw new Error(`${needed} was not published`);
    }
    const dir = join(work, "medusa-store");
    mkdirSync(dir);
    await checkMedusaProject({ root, dir, registry, versions: published });
  });

  heading("An n8n nodes folder with @clientloop/n8n-nodes-clientloop");
  await check("n8n: installed, discovered and loaded by n8n's loader", async () => {
    const version = published["@clientloop/n8n-nodes-clientloop"];
    if (!version) throw new Error("@clientloop/n8n-nodes-clientloop was not published");
    const dir = join(work, "n8n");
    mkdirSync(dir);
    await checkN8nNodes({ root, dir, registry, version });
  });
} catch (e) {
  failures.push(`rehearsal: ${e.message}`);
  console.log(`  ✗ ${e.message}`);
} finally {
  await registry?.stop();
  if (keep) console.log(`\nkept: ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

const changed = fingerprintManifests().filter((m, i) => m !== manifestsBefore[i]);
if (changed.length) failures.push(`the working tree's manifests changed: ${changed.join(", ")}`);

console.log(
  failures.length
    ? `\nrelease rehearsal FAILED in ${secs()}: ${failures.join("; ")}`
    : `\nrelease rehearsal passed in ${secs()}`,
);
process.exit(failures.length ? 1 : 0);

function report(results) {
  const kib = (n) => (n === undefined ? "" : `${(n / 1024).toFixed(1)} KiB`);
  const rows = results.map((r) => [
    r.name,
    r.version,
    r.ok ? "published" : "FAILED",
    kib(r.size),
    kib(r.unpackedSize),
    r.files ? String(r.files.length) : "",
  ]);
  const header = ["package", "version", "result", "packed", "unpacked", "files"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => "  " + cells.map((c, i) => c.padEnd(widths[i])).join("  ");
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  for (const r of results.filter((r) => !r.ok)) console.log(`  ✗ ${r.name}: ${r.error}`);
}

/** "path:sha256" of every package.json in the working tree, to prove none was edited. */
function fingerprintManifests() {
  return ["package.json", ...publishablePackages(root).map((p) => join(relative(root, p.dir), "package.json"))].map(
    (file) =>
      `${file}:${createHash("sha256")
        .update(readFileSync(join(root, file)))
        .digest("hex")
        .slice(0, 12)}`,
  );
}
