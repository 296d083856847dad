// The n8n package as an n8n instance gets it: installed from the throwaway registry into an n8n
// nodes folder (<N8N_USER_FOLDER>/.n8n/nodes, without peer dependencies or install scripts, as
// n8n installs community packages), found there the way n8n discovers packages at start-up, and
// loaded by n8n-core's package loader in a separate process without NODE_ENV=test (so through
// the loader's vm isolation, as in production), with n8n-workflow resolved from the host
// (NODE_PATH, as n8n sets it) because the package has no dependencies of its own.
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { mustRun } from "./shell.mjs";

const EXPECTED = { nodes: ["clientLoop", "clientLoopTrigger"], credentials: ["clientLoopApi"] };

export async function checkN8nNodes({ root, dir, registry, version }) {
  const nodesDir = join(dir, ".n8n", "nodes");
  mkdirSync(nodesDir, { recursive: true });
  writeFileSync(join(nodesDir, "package.json"), JSON.stringify({ name: "installed-nodes", private: true }, null, 2));
  const name = "@clientloop/n8n-nodes-clientloop";
  await mustRun(
    "npm",
    [
      "install",
      `${name}@${version}`,
      `--@clientloop:registry=${registry.url}`,
      "--ignore-scripts",
      "--legacy-peer-deps",
      "--no-audit",
      "--no-fund",
    ],
    { cwd: nodesDir, timeoutMs: 10 * 60_000, quiet: true },
  );

  // n8n's discovery: .n8n/nodes/node_modules/{n8n-nodes-*,@*/n8n-nodes-*}
  const modules = join(nodesDir, "node_modules");
  const found = readdirSync(modules).flatMap((entry) =>
    entry.startsWith("@")
      ? readdirSync(join(modules, entry))
          .filter((n) => n.startsWith("n8n-nodes-"))
          .map((n) => `${entry}/${n}`)
      : entry.startsWith("n8n-nodes-")
        ? [entry]
        : [],
  );
  if (!found.includes(name))
    throw new Error(`n8n would not discover ${name} in ${modules} (found: ${found.join(", ") || "nothing"})`);
  const stray = readdirSync(modules).filter((e) => !e.startsWith(".") && e !== "@clientloop");
  if (stray.length) throw new Error(`installing ${name} brought dependencies along: ${stray.join(", ")}`);

  const hostRequire = createRequire(join(root, "packages/n8n-nodes-clientloop/package.json"));
  const n8nCore = hostRequire.resolve("n8n-core");
  const hostModules = dirname(dirname(hostRequire.resolve("n8n-workflow/package.json")));
  const script = `
    const { PackageDirectoryLoader } = require(${JSON.stringify(n8nCore)});
    const loader = new PackageDirectoryLoader(${JSON.stringify(join(modules, name))});
    loader.loadAll().then(() => {
      console.log(JSON.stringify({
        packageName: loader.packageName,
        nodes: Object.values(loader.nodeTypes).map(({ type }) => type.description.name).sort(),
        credentials: Object.keys(loader.credentialTypes).sort(),
      }));
    }, (e) => { console.error(e); process.exit(1); });`;
  const env = { ...process.env, NODE_PATH: hostModules };
  delete env.NODE_ENV;
  const { stdout } = await mustRun(process.execPath, ["-e", script], { cwd: dir, env, quiet: true });
  const loaded = JSON.parse(stdout.trim().split("\n").pop());
  if (
    loaded.packageName !== name ||
    JSON.stringify(loaded.nodes) !== JSON.stringify(EXPECTED.nodes) ||
    JSON.stringify(loaded.credentials) !== JSON.stringify(EXPECTED.credentials)
  ) {
    throw new Error(
      `n8n's loader found ${JSON.stringify(loaded)}, expected ${JSON.stringify({ packageName: name, ...EXPECTED })}`,
    );
  }
  console.log(
    `  n8n's loader: ${loaded.nodes.map((n) => `${name}.${n}`).join(", ")}; credential ${loaded.credentials.join(", ")}`,
  );
}
