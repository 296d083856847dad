// `medusa build` as a production deploy runs it, into a directory private to this run: the
// app's sources are copied to a staging project under `.medusa/` (inside the app, so Node still
// resolves the workspace's node_modules from there), built there, and every instance of the
// run starts from its `.medusa/server`. Parallel runs never overwrite each other's build, and
// the app's own `.medusa/server` is left alone.
//
//   const build = await buildForProduction(env);   // { serverDir, remove(), removeSync() }
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { APP_DIR, runMedusa } from "./medusa.mjs";

/** What `medusa build` reads from the project (the rest of the app is tests and scripts). */
const PROJECT_FILES = ["package.json", "tsconfig.json", "medusa-config.ts", "src"];

export async function buildForProduction(env, { timeoutMs = 900_000 } = {}) {
  const runs = join(APP_DIR, ".medusa", "runs");
  mkdirSync(runs, { recursive: true });
  const projectDir = mkdtempSync(join(runs, "production-"));
  const removeSync = () => rmSync(projectDir, { recursive: true, force: true });
  try {
    for (const f of PROJECT_FILES) cpSync(join(APP_DIR, f), join(projectDir, f), { recursive: true });
    await runMedusa(["build"], env, { cwd: projectDir, timeoutMs });
  } catch (e) {
    removeSync();
    throw e;
  }
  return {
    projectDir,
    serverDir: join(projectDir, ".medusa", "server"),
    removeSync,
    async remove() {
      removeSync();
    },
  };
}
