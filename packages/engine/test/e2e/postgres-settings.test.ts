import { join } from 'node:path';
import type { Adapter } from '@sluice/adapter-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratch, type Scratch } from './support/engines.js';
import { exportSchemas, importDump, runJob, tempDir } from './support/jobs.js';
import { runSqlFile } from './support/sql-client.js';
import { sql, tableRows } from './support/sql.js';
import { schemaOnly as dumpedSchema } from './support/pg-dump-schema.js';

// Issue 10, items 10, 12 and 13: per-trigger, per-column and per-relation settings pg_dump carries.
describe('PostgreSQL fidelity: settings of triggers, columns and relations round-trip', () => {
  let s: Scratch;
  let a: Adapter;
  const files = tempDir('pg-settings');
  const src = 'settings';
  let reader = '';

  /** The schema as pg_dump prints it (privileges and default privileges included), names made neutral. */
  const schemaOnly = (schema: string): string => dumpedSchema(s.url, schema, src, { privileges: true });

  beforeAll(async () => {
    s = await createScratch('postgres');
    a = s.adapter();
    // Roles are cluster-wide: this one is made for this file and dropped with what it holds.
    reader = `${s.database}_reader`;
    await sql(a, `CREATE ROLE ${reader} NOLOGIN`);
    await s.createSchema(src);
    for (const statement of [
      // Item 10: a trigger cloned onto partitions, each clone in another enabled state.
      "CREATE FUNCTION settings.stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.note := coalesce(NEW.note, 'stamped'); RETURN NEW; END $$",
      'CREATE TABLE settings.events (id int, at date, note text) PARTITION BY RANGE (at)',
      "CREATE TABLE settings.events_2024 PARTITION OF settings.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
      "CREATE TABLE settings.events_2025 PARTITION OF settings.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
      "CREATE TABLE settings.events_2026 PARTITION OF settings.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
      "CREATE TABLE settings.events_2027 PARTITION OF settings.events FOR VALUES FROM ('2027-01-01') TO ('2028-01-01') PARTITION BY HASH (id)",
      'CREATE TABLE settings.events_2027_a PARTITION OF settings.events_2027 FOR VALUES WITH (MODULUS 2, REMAINDER 0)',
      'CREATE TABLE settings.events_2027_b PARTITION OF settings.events_2027 FOR VALUES WITH (MODULUS 2, REMAINDER 1)',
      "CREATE TABLE settings.events_2028 PARTITION OF settings.events FOR VALUES FROM ('2028-01-01') TO ('2029-01-01')",
      'CREATE TRIGGER stamp_note BEFORE INSERT ON settings.events FOR EACH ROW EXECUTE FUNCTION settings.stamp()',
      'ALTER TABLE settings.events_2024 DISABLE TRIGGER stamp_note',
      'ALTER TABLE settings.events_2025 ENABLE ALWAYS TRIGGER stamp_note',
      'ALTER TABLE settings.events_2026 ENABLE REPLICA TRIGGER stamp_note',
      // A sub-partitioned partition's clone disabled (and its partitions' with it), one of those enabled again.
      'ALTER TABLE settings.events_2027 DISABLE TRIGGER stamp_note',
      'ALTER TABLE settings.events_2027_b ENABLE TRIGGER stamp_note',
      "INSERT INTO settings.events SELECT g, DATE '2024-01-01' + (g % 1400), CASE WHEN g % 3 = 0 THEN 'n' || g END FROM generate_series(1, 1800) g",
      // Item 12: column compression, statistics and attribute options.
      'CREATE TABLE settings.docs (id int CONSTRAINT docs_pkey PRIMARY KEY, body text COMPRESSION pglz, blob bytea COMPRESSION lz4, title text)',
      'ALTER TABLE settings.docs ALTER COLUMN title SET STATISTICS 500',
      'ALTER TABLE settings.docs ALTER COLUMN body SET (n_distinct = 100)',
      'ALTER TABLE settings.docs ALTER COLUMN title SET (n_distinct = -0.5, n_distinct_inherited = 0.25)',
      'ALTER TABLE settings.events ALTER COLUMN note SET (n_distinct_inherited = -1)',
      'ALTER TABLE settings.docs ALTER COLUMN blob SET STORAGE EXTERNAL',
      "INSERT INTO settings.docs SELECT g, repeat('body ' || g, 50), decode(repeat('ab', g), 'hex'), 'title ' || g FROM generate_series(1, 120) g",
      // Index-column statistics, CLUSTER ON an index and on a constraint's index, a comment on a constraint's index.
      'CREATE INDEX docs_lower_title ON settings.docs (lower(title), id)',
      'ALTER INDEX settings.docs_lower_title ALTER COLUMN 1 SET STATISTICS 250',
      'ALTER TABLE settings.docs CLUSTER ON docs_lower_title',
      "COMMENT ON INDEX settings.docs_pkey IS 'the index behind the key'",
      'CREATE TABLE settings.tuned (id int PRIMARY KEY, v text) WITH (fillfactor = 70, autovacuum_enabled = false, toast.autovacuum_enabled = false, toast.vacuum_truncate = false)',
      'ALTER TABLE settings.tuned CLUSTER ON tuned_pkey',
      "INSERT INTO settings.tuned SELECT g, 'v' || g FROM generate_series(1, 50) g",
      // A view column's default.
      'CREATE VIEW settings.docs_v AS SELECT id, title FROM settings.docs',
      "ALTER VIEW settings.docs_v ALTER COLUMN title SET DEFAULT 'untitled'",
      // Item 13: default privileges for what is created in the schema.
      'ALTER DEFAULT PRIVILEGES IN SCHEMA settings GRANT SELECT ON TABLES TO PUBLIC',
      'ALTER DEFAULT PRIVILEGES IN SCHEMA settings GRANT USAGE ON SEQUENCES TO PUBLIC',
      `ALTER DEFAULT PRIVILEGES IN SCHEMA settings GRANT SELECT, UPDATE ON TABLES TO ${reader}`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA settings GRANT EXECUTE ON FUNCTIONS TO ${reader} WITH GRANT OPTION`,
      'CREATE TABLE settings.after_defaults (id serial PRIMARY KEY)',
    ])
      await sql(a, statement);
    const exp = await exportSchemas(a, [src], files.dir, 'settings%U.dmp', async () => {}, 'settings-export.log');
    expect(exp.errors, exp.log).toBe(0);
  });
  afterAll(async () => {
    if (reader !== '') {
      await sql(a, `DROP OWNED BY ${reader}`);
      await sql(a, `DROP ROLE ${reader}`);
    }
    await s?.drop();
    files.cleanup();
  });

  for (const parallel of [1, 4]) {
    it(`round-trips with the same pg_dump --schema-only and rows at PARALLEL=${parallel}, three times in a row`, async () => {
      for (let round = 0; round < 3; round++) {
        const copy = `settings_p${parallel}_${round}`;
        const imp = await importDump(
          a,
          files.dir,
          'settings%U.dmp',
          async (job) => {
            await job.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: copy });
            await job.setParallel(parallel);
          },
          `settings-import-${parallel}-${round}.log`,
        );
        expect(imp.errors, imp.log).toBe(0);
        expect(schemaOnly(copy)).toBe(schemaOnly(src));
        for (const table of ['events_2024', 'events_2025', 'events_2026', 'events_2027_a', 'events_2027_b', 'events_2028', 'docs', 'tuned']) {
          expect(await tableRows(a, `${copy}.${table}`, '1'), table).toEqual(await tableRows(a, `${src}.${table}`, '1'));
        }
      }
    });
  }

  it('the cloned triggers keep their enabled state: a disabled clone stamps nothing, an enabled one does', async () => {
    const copy = 'settings_p1_0';
    await sql(a, `INSERT INTO ${copy}.events VALUES (10001, '2024-06-01', NULL), (10002, '2028-06-01', NULL)`);
    expect(await sql(a, `SELECT id, note FROM ${copy}.events WHERE id > 10000 ORDER BY id`)).toEqual([
      { id: 10001, note: null },
      { id: 10002, note: 'stamped' },
    ]);
  });

  it("a partition left out (EXCLUDE) takes only its own clone's state with it", async () => {
    const copy = 'settings_excl';
    const imp = await importDump(
      a,
      files.dir,
      'settings%U.dmp',
      async (job) => {
        await job.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: copy });
        await job.metadataFilter({ name: 'EXCLUDE_NAME_LIST', value: "'events_2025'", objectPath: 'TABLE' });
      },
      'settings-import-exclude.log',
    );
    expect(imp.errors, imp.log).toBe(0);
    const states = `SELECT c.relname AS t, tg.tgenabled AS e FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
                     WHERE c.relnamespace = $1::regnamespace AND tg.tgname = 'stamp_note' ORDER BY 1`;
    const expected = (await sql(a, states, [src])).filter((r) => r['t'] !== 'events_2025');
    expect(await sql(a, states, [copy])).toEqual(expected);
  });

  it('SQLFILE writes a script psql runs with ON_ERROR_STOP=1 into the same schema', async () => {
    const copy = 'settings_sql';
    const job = await runJob(
      { operation: 'SQL_FILE', mode: 'FULL', home: a },
      async (j) => {
        await j.addFile({ kind: 'DUMP', name: 'settings%U.dmp', directory: files.dir });
        await j.addFile({ kind: 'SQL', name: 'settings.sql', directory: files.dir });
        await j.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: copy });
      },
      { dir: files.dir, log: 'settings-sqlfile.log' },
    );
    expect(job.errors, job.log).toBe(0);
    await runSqlFile(s, join(files.dir, 'settings.sql'));
    expect(schemaOnly(copy)).toBe(schemaOnly(src));
  });
});
