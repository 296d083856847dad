#!/usr/bin/env node
// Second half of `npm run build`. `n8n-node build` has type-checked and compiled the package
// with tsc and copied icons and codex files into dist/. tsc leaves `require("@clientloop/core/…")`
// in place, which cannot work in n8n: verified community nodes may have no runtime dependencies.
// This step re-bundles every node and credential entry point (the files the package.json `n8n`
// block lists) from its TypeScript source with esbuild, so the shared @clientloop/core code
// (operations, validation, error mapping, signature verification) and zod are compiled into each
// entry file. Only n8n-workflow (the host's copy, a peer dependency) and Node's crypto stay
// external. The tsc output the bundles replace is removed, so dist holds exactly what n8n loads.
import { build } from "esbuild";
import { readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const outputs = [...pkg.n8n.nodes, ...pkg.n8n.credentials];

/** `dist/nodes/X/X.node.js` → `nodes/X/X.node.ts` */
const entryPoints = Object.fromEntries(
  outputs.map((out) => {
    const stem = out.replace(/^dist\//, "").replace(/\.js$/, "");
    return [stem, join(root, `${stem}.ts`)];
  }),
);

const zodScope = join(root, "scripts", "zod-scope.mjs");
/** Rewrites zod's `globalThis` to a module-local object (see scripts/zod-scope.mjs). */
const zodScopePlugin = {
  name: "zod-module-scope",
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]zod[\\/].*\.js$/ }, (args) => {
      let contents = readFileSync(args.path, "utf8");
      if (!/\bglobalThis\b/.test(contents)) return undefined;
      contents =
        `import { __clientLoopZodScope } from ${JSON.stringify(zodScope)};\n` +
        contents.replace(/\bglobalThis\b/g, "__clientLoopZodScope");
      return { contents, loader: "js", resolveDir: dirname(args.path) };
    });
  },
};

const result = await build({
  absWorkingDir: root,
  entryPoints,
  outdir: dist,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  external: ["n8n-workflow"],
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
  plugins: [zodScopePlugin],
});

// Remove the tsc output that is now inside the bundles (and its maps and declarations).
const keep = new Set(outputs.map((o) => join(root, o)));
const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
for (const file of walk(dist)) {
  if (/\.(js|d\.ts|js\.map|tsbuildinfo)$/.test(file) && !keep.has(file)) rmSync(file);
}
const removeEmpty = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) removeEmpty(p);
  }
  if (readdirSync(dir).length === 0) rmSync(dir, { recursive: true });
};
removeEmpty(dist);

for (const [file, meta] of Object.entries(result.metafile.outputs)) {
  const inputs = Object.keys(meta.inputs);
  const core = inputs.filter((i) => /(^|\/)core\/(dist|src)\//.test(i)).length;
  const zod = inputs.filter((i) => i.includes("node_modules/zod/")).length;
  console.log(
    `bundled ${relative(root, file)}: ${(meta.bytes / 1024).toFixed(1)} KiB (${core} core modules, ${zod} zod modules)`,
  );
}
