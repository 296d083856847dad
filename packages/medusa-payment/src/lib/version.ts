import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * This plugin's version, for the ClientLoop User-Agent. Read from its package.json, found by
 * walking up: the built file (.medusa/server/src/...) and the source sit at different depths.
 */
export function pluginVersion(start: string = typeof __dirname === "string" ? __dirname : process.cwd()): string {
  for (let dir = start; dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "@clientloop/medusa-payment" && pkg.version) return pkg.version;
    } catch {
      // no package.json here: keep walking up
    }
  }
  return "unknown";
}
