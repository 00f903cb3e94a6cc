import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter, AdapterConnection } from '@sluice/adapter-kit';
import { createPostgresAdapter } from '@sluice/adapter-postgres';
import { createScratchDatabase, querySql, runSql, type ScratchDatabase } from './support/scratch-database.js';

/** An import's index builds sort in memory: the session's maintenance_work_mem is raised with them. */
describe('PostgreSQL index builds of an import', () => {
  let db: ScratchDatabase;
  let adapter: Adapter;
  let conn: AdapterConnection;

  beforeAll(async () => {
    db = await createScratchDatabase();
    await runSql(db.name, ['CREATE TABLE t (id int NOT NULL, note text)', 'INSERT INTO t SELECT g, g::text FROM generate_series(1, 100) g']);
    adapter = createPostgresAdapter({ url: db.url });
    conn = await adapter.connector.connect('import');
  });

  afterAll(async () => {
    await conn?.close();
    await adapter?.close();
    await db?.drop();
  });

  const memory = async (): Promise<string> => {
    const r = await (conn as unknown as { query(sql: string): Promise<{ rows: { m: string }[] }> }).query("SELECT current_setting('maintenance_work_mem') AS m");
    return r.rows[0]?.m ?? '';
  };

  it('leaves the session alone for other DDL, raises it to 512MB with an index or key, and builds them', async () => {
    const before = await memory();
    await adapter.ddl.execute(conn, ['CREATE VIEW v AS SELECT id FROM t'], 'v');
    expect(await memory()).toBe(before);
    await adapter.ddl.execute(conn, ['CREATE INDEX t_note ON public.t USING btree (note)'], 't_note');
    expect(await memory()).toBe('512MB');
    await adapter.ddl.execute(conn, ['ALTER TABLE ONLY public.t ADD CONSTRAINT t_pkey PRIMARY KEY (id)', "COMMENT ON CONSTRAINT t_pkey ON public.t IS 'key'"], 't_pkey');
    const rows = await querySql<{ names: string }>(db.name, "SELECT string_agg(indexname, ',' ORDER BY indexname) AS names FROM pg_indexes WHERE tablename = 't'");
    expect(rows[0]?.names).toBe('t_note,t_pkey');
  });

  it("reports a failed index build as that statement's error", async () => {
    await expect(adapter.ddl.execute(conn, ['CREATE UNIQUE INDEX t_bad ON public.t USING btree ((id % 2))'], 't_bad')).rejects.toThrow(/could not create unique index "t_bad"/);
  });
});
