// Publishes each package to the throwaway registry, dependencies first. A package that fails is
// reported and the rest still go ahead; one whose runtime dependency failed is not published
// (it could not be installed) and is reported as such. Nothing is skipped without a word.
import { join } from "node:path";
import { run } from "./shell.mjs";

/**
 * Packs into `packDir` and publishes each tarball. Returns one result per package:
 * { name, version, ok, size?, unpackedSize?, files?, error? }.
 */
export async function publishAll(packages, registry, packDir) {
  const results = [];
  const failed = new Set();
  const auth = `--${registry.url.replace(/^https?:/, "")}:_authToken=${registry.token}`;
  for (const pkg of packages) {
    const base = { name: pkg.name, version: pkg.version };
    const blockedBy = pkg.runtime.filter((dep) => failed.has(dep));
    if (blockedBy.length) {
      failed.add(pkg.name);
      results.push({ ...base, ok: false, error: `not published: it depends on ${blockedBy.join(", ")}, which failed` });
      continue;
    }
    try {
      const pack = await run("npm", ["pack", "--json", "--pack-destination", packDir], { cwd: pkg.dir, quiet: true });
      if (pack.code !== 0) throw new Error(`npm pack exited ${pack.code}: ${lastLines(pack.stderr)}`);
      const [info] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf("[")));
      const tarball = join(packDir, info.filename);
      // provenance needs GitHub Actions' OIDC and a registry that takes attestations: off here,
      // whatever the environment says (the release workflow turns it on for the real publish)
      const publish = await run(
        "npm",
        [
          "publish",
          tarball,
          "--registry",
          registry.url,
          auth,
          "--provenance=false",
          "--access",
          "public",
          "--tag",
          "latest",
        ],
        { cwd: pkg.dir, quiet: true },
      );
      if (publish.code !== 0) throw new Error(`npm publish exited ${publish.code}: ${lastLines(publish.stderr)}`);
      const view = await run("npm", ["view", `${pkg.name}@${pkg.version}`, "version", "--registry", registry.url], {
        cwd: pkg.dir,
        quiet: true,
      });
      if (view.stdout.trim() !== pkg.version) throw new Error(`the registry does not list ${pkg.name}@${pkg.version}`);
      results.push({
        ...base,
        ok: true,
        size: info.size,
        unpackedSize: info.unpackedSize,
        files: info.files.map((f) => f.path),
      });
    } catch (e) {
      failed.add(pkg.name);
      results.push({ ...base, ok: false, error: e.message });
    }
  }
  return results;
}

const lastLines = (text) => text.trim().split("\n").slice(-8).join("\n");
