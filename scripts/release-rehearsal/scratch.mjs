// The release as CI would cut it, in a scratch copy of the working tree (the tree itself is
// never edited): `changeset version` applies the pending changesets (versions, changelogs,
// internal ranges), then every package is built with the versions it will be published with.
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { mustRun } from "./shell.mjs";

/** Copies what a commit of the working tree would hold, plus node_modules as hard links. */
export function copyWorkingTree(root, dest) {
  const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  for (const file of listed.split("\0").filter(Boolean)) {
    if (!existsSync(join(root, file))) continue; // deleted, not yet committed
    mkdirSync(dirname(join(dest, file)), { recursive: true });
    copyFileSync(join(root, file), join(dest, file));
  }
  // Installed dependencies, hard-linked (fast, no space): the workspace links inside them are
  // relative, so they point at the copy's packages. Builds write to dist/, never into these.
  for (const dir of [".", ...workspaceDirs(root)]) {
    const modules = join(root, dir, "node_modules");
    if (existsSync(modules)) linkOrCopy(modules, join(dest, dir, "node_modules"));
  }
}

function linkOrCopy(from, to) {
  try {
    execFileSync("cp", ["-al", from, to], { stdio: ["ignore", "ignore", "pipe"] });
  } catch {
    // another file system (hard links cannot cross it) or a cp without -l: a real copy
    rmSync(to, { recursive: true, force: true });
    cpSync(from, to, { recursive: true, verbatimSymlinks: true });
  }
}

function workspaceDirs(root) {
  const { workspaces } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  return workspaces.flatMap((pattern) => {
    const base = pattern.replace(/\/\*$/, "");
    if (!existsSync(join(root, base))) return [];
    return readdirSync(join(root, base))
      .map((name) => join(base, name))
      .filter((dir) => existsSync(join(root, dir, "package.json")));
  });
}

/** The packages to publish (not private), dependencies first. */
export function publishablePackages(root) {
  const packages = workspaceDirs(root)
    .map((dir) => ({
      dir: join(root, dir),
      manifest: JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")),
    }))
    .filter((p) => !p.manifest.private);
  const names = new Set(packages.map((p) => p.manifest.name));
  const internal = (...groups) => Object.keys(Object.assign({}, ...groups)).filter((n) => names.has(n));
  // build order follows every internal dependency; installing needs only the runtime ones
  const internalDeps = (p) =>
    internal(p.manifest.dependencies, p.manifest.peerDependencies, p.manifest.devDependencies);
  const runtimeDeps = (p) => internal(p.manifest.dependencies, p.manifest.peerDependencies);
  const ordered = [];
  const visit = (p, trail = []) => {
    if (ordered.includes(p)) return;
    if (trail.includes(p))
      throw new Error(`dependency cycle: ${[...trail, p].map((x) => x.manifest.name).join(" → ")}`);
    for (const dep of internalDeps(p))
      visit(
        packages.find((x) => x.manifest.name === dep),
        [...trail, p],
      );
    ordered.push(p);
  };
  for (const p of packages) visit(p);
  return ordered.map((p) => ({
    name: p.manifest.name,
    version: p.manifest.version,
    dir: p.dir,
    runtime: runtimeDeps(p),
  }));
}

/** `changeset version` (when changesets are pending) and a build of every package in the scratch copy. */
export async function versionAndBuild(scratch) {
  const pending = readdirSync(join(scratch, ".changeset")).filter((f) => f.endsWith(".md") && f !== "README.md");
  if (pending.length) await mustRun("npx", ["changeset", "version"], { cwd: scratch });
  else console.log("  no pending changesets: the versions in the manifests are the ones to publish");
  await mustRun("npx", ["turbo", "run", "build", "--filter=./packages/*", "--output-logs=errors-only"], {
    cwd: scratch,
    timeoutMs: 30 * 60_000,
  });
}
