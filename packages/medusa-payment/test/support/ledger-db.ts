/**
 * A real Postgres (embedded, or a fresh database on DATABASE_URL's server) with the plugin's
 * module migrations applied, as `medusa db:migrate` would, for tests of the ledger and provider.
 */
import { readdirSync } from "node:fs";
import { createPgConnection } from "@medusajs/framework/utils";
// @ts-expect-error plain ESM module without types
import { startPostgres } from "../../../../scripts/services/postgres.mjs";

const MIGRATIONS = new URL("../../src/modules/clientloop/migrations/", import.meta.url);

export type Knex = ReturnType<typeof createPgConnection>;

export async function startLedgerDb(): Promise<{ url: string; knex: Knex; connect(): Knex; stop(): Promise<void> }> {
  const db = await startPostgres({ prefix: "clientloop_ledger" });
  const pools: Knex[] = [];
  const connect = () => {
    const k = createPgConnection({ clientUrl: db.url, schema: "public", pool: { min: 0, max: 20 } } as never);
    pools.push(k);
    return k;
  };
  const knex = connect();
  for (const file of readdirSync(MIGRATIONS)
    .filter((f) => /^Migration\d+\.ts$/.test(f))
    .sort()) {
    const mod = await import(new URL(file, MIGRATIONS).href);
    const MigrationClass = Object.values(mod)[0] as new (...a: unknown[]) => {
      up(): Promise<void>;
      getQueries(): string[];
    };
    const migration = new MigrationClass({}, {});
    await migration.up();
    for (const sql of migration.getQueries()) await knex.raw(sql);
  }
  return {
    url: db.url,
    knex,
    connect,
    async stop() {
      for (const p of pools) await p.destroy();
      await db.stop();
    },
  };
}
