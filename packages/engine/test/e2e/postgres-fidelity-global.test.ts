import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Adapter } from '@sluice/adapter-kit';
import { createPostgresAdapter } from '@sluice/adapter-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchName } from '../../../../test-support/scratch.js';
import { createScratch, PG_URL, type Scratch } from './support/engines.js';
import { exportSchemas, importDump, runJob, tempDir } from './support/jobs.js';
import { schemaOnly } from './support/pg-dump-schema.js';
import { runSqlFile } from './support/sql-client.js';
import { sql } from './support/sql.js';

/**
 * Issue 10, items 8 and 13: the objects of a database as a whole (foreign-data wrappers, servers,
 * user mappings, foreign tables, publications, subscriptions, event triggers, the public schema's
 * owner and privileges, changed privileges of built-in objects) round-trip through a FULL export, an
 * import (also with REMAP_SCHEMA) and a SQLFILE script, compared with pg_dump --schema-only of the
 * whole database.
 */
describe('PostgreSQL fidelity: database-wide objects in FULL mode', () => {
  const files = tempDir('pg-global');
  const tag = randomBytes(3).toString('hex');
  const roleBase = scratchName();
  const owner = `${roleBase}_owner`;
  const user = `${roleBase}_user`;
  // Secrets in user mapping options and a subscription's connection: carried, never logged.
  const mappingSecret = `pgb-map-${tag}-secret`;
  const subscriptionSecret = `pgb-sub-${tag}-secret`;
  let source: Scratch;
  let src: Adapter;
  const targets: Scratch[] = [];
  let fdwAvailable = false;

  beforeAll(async () => {
    const admin = createPostgresAdapter({ url: PG_URL });
    for (const role of [owner, user]) await sql(admin, `CREATE ROLE ${role}`);
    fdwAvailable = (await sql(admin, "SELECT 1 FROM pg_available_extensions WHERE name = 'postgres_fdw'")).length > 0;
    await admin.close();
    source = await createScratch('postgres');
    src = source.adapter();
    const statements = [
      'CREATE SCHEMA app',
      'CREATE SCHEMA feed',
      // A wrapper with neither handler nor validator, its server, user mappings (one with a password) and foreign tables.
      "CREATE FOREIGN DATA WRAPPER pgb_w OPTIONS (debug 'true')",
      `GRANT USAGE ON FOREIGN DATA WRAPPER pgb_w TO ${user}`,
      "COMMENT ON FOREIGN DATA WRAPPER pgb_w IS 'a wrapper with no handler'",
      "CREATE SERVER pgb_s TYPE 'files' VERSION '1.0' FOREIGN DATA WRAPPER pgb_w OPTIONS (host 'remote.example', port '5433')",
      `ALTER SERVER pgb_s OWNER TO ${owner}`,
      `GRANT USAGE ON FOREIGN SERVER pgb_s TO ${user} WITH GRANT OPTION`,
      "COMMENT ON SERVER pgb_s IS 'where the rows live'",
      `CREATE USER MAPPING FOR ${user} SERVER pgb_s OPTIONS (user 'remote_user', password '${mappingSecret}')`,
      "CREATE USER MAPPING FOR PUBLIC SERVER pgb_s OPTIONS (user 'guest')",
      'CREATE SEQUENCE app.ids',
      `CREATE FOREIGN TABLE app."Remote Items" (
         id bigint OPTIONS (column_name 'item_id') DEFAULT nextval('app.ids') NOT NULL,
         label text COLLATE "C",
         qty int CHECK (qty >= 0),
         CONSTRAINT label_set CHECK (label <> '')
       ) SERVER pgb_s OPTIONS (table_name 'items', "batch size" '100')`,
      `ALTER FOREIGN TABLE app."Remote Items" ALTER COLUMN qty SET STATISTICS 300`,
      `ALTER FOREIGN TABLE app."Remote Items" OWNER TO ${owner}`,
      `GRANT SELECT, INSERT ON app."Remote Items" TO ${user}`,
      `GRANT UPDATE (label) ON app."Remote Items" TO ${user}`,
      `COMMENT ON FOREIGN TABLE app."Remote Items" IS 'rows on the remote server'`,
      `COMMENT ON COLUMN app."Remote Items".label IS 'the label'`,
      // A partitioned table with a foreign partition, and a foreign table inheriting from a local one.
      'CREATE TABLE app.measures (id int NOT NULL, taken date NOT NULL, value numeric) PARTITION BY RANGE (taken)',
      "CREATE TABLE app.measures_2025 PARTITION OF app.measures FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
      "CREATE FOREIGN TABLE app.measures_old PARTITION OF app.measures FOR VALUES FROM ('2000-01-01') TO ('2025-01-01') SERVER pgb_s OPTIONS (table_name 'old_measures')",
      "ALTER FOREIGN TABLE app.measures_old ALTER COLUMN value OPTIONS (column_name 'val')",
      "INSERT INTO app.measures VALUES (1, '2025-03-01', 1.5), (2, '2025-04-01', 2.5)",
      'CREATE TABLE app.events (id int, at timestamptz)',
      'CREATE FOREIGN TABLE app.events_archive (note text) INHERITS (app.events) SERVER pgb_s',
      // Publications: a column list with a row filter, schemas, all tables via the partition root.
      'CREATE TABLE app.orders (id int PRIMARY KEY, region text, amount numeric, note text)',
      "INSERT INTO app.orders SELECT g, 'r' || (g % 3), g * 10, 'n' FROM generate_series(1, 20) g",
      'CREATE TABLE feed.news (id int PRIMARY KEY, body text)',
      "CREATE PUBLICATION pgb_pub_rows FOR TABLE app.orders (id, region, amount) WHERE (amount > 100 AND region <> 'r0'), app.measures WITH (publish = 'insert, update')",
      `ALTER PUBLICATION pgb_pub_rows OWNER TO ${owner}`,
      "COMMENT ON PUBLICATION pgb_pub_rows IS 'big orders'",
      "CREATE PUBLICATION pgb_pub_schema FOR TABLES IN SCHEMA feed WITH (publish = 'delete, truncate')",
      'CREATE PUBLICATION pgb_pub_all FOR ALL TABLES WITH (publish_via_partition_root = true)',
      // Subscriptions, created without connecting (the connection goes nowhere).
      `CREATE SUBSCRIPTION pgb_sub CONNECTION 'host=127.0.0.1 port=1 dbname=nowhere user=rep password=${subscriptionSecret}' PUBLICATION pgb_pub_rows, "Other Pub"
         WITH (connect = false, binary = true, streaming = on, synchronous_commit = 'local')`,
      "CREATE SUBSCRIPTION pgb_sub_noslot CONNECTION 'host=127.0.0.1 port=1 dbname=nowhere' PUBLICATION p WITH (connect = false, slot_name = NONE, disable_on_error = true)",
      "COMMENT ON SUBSCRIPTION pgb_sub IS 'never connected'",
      // Event triggers with a tag filter and enabled states.
      "CREATE FUNCTION app.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE 'ddl %', tg_tag; END $$",
      "CREATE EVENT TRIGGER pgb_et_tables ON ddl_command_end WHEN TAG IN ('CREATE TABLE', 'DROP TABLE') EXECUTE FUNCTION app.on_ddl()",
      'ALTER EVENT TRIGGER pgb_et_tables ENABLE ALWAYS',
      'CREATE EVENT TRIGGER pgb_et_off ON sql_drop EXECUTE FUNCTION app.on_ddl()',
      'ALTER EVENT TRIGGER pgb_et_off DISABLE',
      'CREATE EVENT TRIGGER pgb_et_replica ON ddl_command_start EXECUTE FUNCTION app.on_ddl()',
      'ALTER EVENT TRIGGER pgb_et_replica ENABLE REPLICA',
      "COMMENT ON EVENT TRIGGER pgb_et_tables IS 'tables made and dropped'",
      // Issue 10, item 13: the public schema's owner and privileges, and built-in objects' privileges.
      `ALTER SCHEMA public OWNER TO ${owner}`,
      'REVOKE USAGE ON SCHEMA public FROM PUBLIC',
      'COMMENT ON SCHEMA public IS NULL',
      `GRANT USAGE ON SCHEMA public TO ${user}`,
      'REVOKE EXECUTE ON FUNCTION pg_catalog.pg_sleep(double precision) FROM PUBLIC',
      `GRANT EXECUTE ON FUNCTION pg_catalog.pg_sleep(double precision) TO ${user}`,
      `GRANT EXECUTE ON FUNCTION pg_catalog.pg_read_file(text) TO ${user}`,
      `GRANT SELECT ON pg_catalog.pg_authid TO ${user}`,
      'REVOKE USAGE ON LANGUAGE sql FROM PUBLIC',
      // Large objects: empty, exactly two pieces long, several pieces with a ragged end; owners, privileges, comments.
      'SELECT lo_create(91001)',
      "SELECT lo_from_bytea(91002, decode(repeat('ab', 65536), 'hex'))",
      "SELECT lo_from_bytea(91003, (SELECT string_agg(decode(md5(g::text), 'hex'), ''::bytea) FROM generate_series(1, 13000) g))",
      `ALTER LARGE OBJECT 91002 OWNER TO ${owner}`,
      `GRANT SELECT ON LARGE OBJECT 91003 TO ${user}`,
      `GRANT UPDATE ON LARGE OBJECT 91002 TO ${user}`,
      "COMMENT ON LARGE OBJECT 91003 IS 'md5 digests'",
    ];
    for (const statement of statements) await sql(src, statement).catch((e: unknown) => Promise.reject(new Error(`${statement}: ${String(e)}`)));
    if (fdwAvailable) {
      for (const statement of [
        'CREATE EXTENSION postgres_fdw',
        "CREATE SERVER pgb_pg FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '127.0.0.1', port '1', dbname 'nowhere', fetch_size '500')",
        `CREATE USER MAPPING FOR ${owner} SERVER pgb_pg OPTIONS (user 'remote', password '${mappingSecret}')`,
        "CREATE FOREIGN TABLE feed.remote_news (id int OPTIONS (column_name 'news_id'), body text) SERVER pgb_pg OPTIONS (schema_name 'public', table_name 'news')",
        // A wrapper whose handler is a function of an exported schema: created after it, renamed with it.
        "CREATE FUNCTION app.pgb_handler() RETURNS fdw_handler LANGUAGE c STRICT AS '$libdir/postgres_fdw', 'postgres_fdw_handler'",
        'CREATE FOREIGN DATA WRAPPER pgb_w2 HANDLER app.pgb_handler VALIDATOR postgresql_fdw_validator',
        "CREATE SERVER pgb_s2 FOREIGN DATA WRAPPER pgb_w2 OPTIONS (host 'h')",
      ])
        await sql(src, statement);
    }
    const exp = await runJob({ operation: 'EXPORT', mode: 'FULL', home: src }, async (job) => job.addFile({ kind: 'DUMP', name: 'global%U.dmp', directory: files.dir }), {
      dir: files.dir,
      log: 'export.log',
    });
    expect(exp.errors, exp.log).toBe(0);
    expect(exp.log).not.toContain('was not exported');
    // Large objects' data travels as the chunks of one pseudo table, logged like a table's rows.
    expect(exp.log).toMatch(/\. \. exported "pg_catalog"\."pg_largeobject" .* 7 rows/);
    for (const secret of [mappingSecret, subscriptionSecret]) expect(exp.log).not.toContain(secret);
  });
  afterAll(async () => {
    // A database with subscriptions cannot be dropped; a subscription with a slot would connect to drop it.
    for (const db of [source, ...targets]) {
      if (db === undefined) continue;
      const a = db.adapter();
      for (const row of await sql(a, 'SELECT subname FROM pg_subscription WHERE subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())')) {
        await sql(a, `ALTER SUBSCRIPTION ${String(row['subname'])} SET (slot_name = NONE)`);
        await sql(a, `DROP SUBSCRIPTION ${String(row['subname'])}`);
      }
      await db.drop();
    }
    const admin = createPostgresAdapter({ url: PG_URL });
    for (const role of [user, owner]) await sql(admin, `DROP ROLE IF EXISTS ${role}`);
    await admin.close();
    files.cleanup();
  });

  /** A whole database as `pg_dump --schema-only` prints it, comments and settings left out; `rename` maps target names back. */
  function dumped(url: string, rename: readonly (readonly [string, string])[] = []): string {
    let text = execFileSync('pg_dump', ['--schema-only', '-d', url], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => !l.startsWith('--') && !/^SET |^SELECT pg_catalog.set_config|^\\(un)?restrict /.test(l))
      .join('\n')
      .replace(/\n{2,}/g, '\n');
    for (const [from, to] of rename) text = text.replaceAll(from, to);
    return text;
  }

  /** Large objects in oid order: size, digest, owner, privileges and comment. */
  async function largeObjects(a: Adapter): Promise<unknown[]> {
    return sql(
      a,
      `SELECT m.oid::text AS oid, length(lo_get(m.oid)) AS size, md5(lo_get(m.oid)) AS md5, pg_get_userbyid(m.lomowner) AS owner,
              m.lomacl::text AS acl, obj_description(m.oid, 'pg_largeobject') AS comment
         FROM pg_largeobject_metadata m ORDER BY m.oid`,
    );
  }

  async function target(): Promise<Scratch> {
    const t = await createScratch('postgres');
    targets.push(t);
    return t;
  }

  it('an import into an empty database gives the same schema, foreign options and passwords included', async () => {
    const t = await target();
    const home = t.adapter();
    const imp = await runJob({ operation: 'IMPORT', mode: 'FULL', home }, async (job) => job.addFile({ kind: 'DUMP', name: 'global%U.dmp', directory: files.dir }), {
      dir: files.dir,
      log: 'import.log',
    });
    expect(imp.errors, imp.log).toBe(0);
    for (const secret of [mappingSecret, subscriptionSecret]) expect(imp.log).not.toContain(secret);
    expect(dumped(t.url)).toBe(dumped(source.url));
    // The secrets came across (pg_dump --schema-only shows them too; this reads them directly).
    expect(await sql(home, `SELECT umoptions::text[] AS o FROM pg_user_mappings WHERE usename = '${user}'`)).toEqual([{ o: ['user=remote_user', `password=${mappingSecret}`] }]);
    const sub = await sql(
      home,
      "SELECT subenabled, subslotname, subconninfo FROM pg_subscription WHERE subname = 'pgb_sub' AND subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())",
    );
    expect(sub).toEqual([{ subenabled: false, subslotname: 'pgb_sub', subconninfo: expect.stringContaining(subscriptionSecret) }]);
    // Every large object with its bytes, owner, privileges and comment.
    expect(await largeObjects(home)).toEqual(await largeObjects(src));
    // The rows of a foreign table stay on its server; the local partition's rows came across.
    expect(await sql(home, 'SELECT count(*)::int AS n FROM app.measures_2025')).toEqual([{ n: 2 }]);
    expect(await sql(home, 'SELECT count(*)::int AS n FROM app.orders')).toEqual([{ n: 20 }]);

    // Imported again over itself, every object fails as existing: the failing SQL is logged with its passwords masked.
    const again = await runJob(
      { operation: 'IMPORT', mode: 'FULL', home },
      async (job) => {
        await job.addFile({ kind: 'DUMP', name: 'global%U.dmp', directory: files.dir });
        await job.setParameter('TABLE_EXISTS_ACTION', 'SKIP');
      },
      { dir: files.dir, log: 'import-again.log' },
    );
    expect(again.errors).toBeGreaterThan(0);
    expect(again.log).toMatch(/CREATE USER MAPPING FOR .* password '\*{8}'/);
    for (const secret of [mappingSecret, subscriptionSecret]) expect(again.log).not.toContain(secret);
    // The large objects are there already: SKIP leaves them, their data and their metadata alone, saying so.
    expect(again.log).toContain('Table "pg_catalog"."pg_largeobject" exists. All dependent metadata and data will be skipped');
    expect(again.log).not.toMatch(/LARGE_OBJECT|lo_create/);
    expect(await largeObjects(home)).toEqual(await largeObjects(src));
  });

  it('REMAP_SCHEMA renames the schemas foreign tables, publications and event triggers name', async () => {
    const t = await target();
    const imp = await runJob(
      { operation: 'IMPORT', mode: 'FULL', home: t.adapter() },
      async (job) => {
        await job.addFile({ kind: 'DUMP', name: 'global%U.dmp', directory: files.dir });
        // Names that sort as the source's do, so pg_dump lists everything in the same order.
        await job.metadataRemap({ name: 'REMAP_SCHEMA', from: 'app', to: 'app_pgb' });
        await job.metadataRemap({ name: 'REMAP_SCHEMA', from: 'feed', to: 'feed_pgb' });
      },
      { dir: files.dir, log: 'import-remap.log' },
    );
    expect(imp.errors, imp.log).toBe(0);
    const text = dumped(t.url, [
      ['app_pgb', 'app'],
      ['feed_pgb', 'feed'],
    ]);
    expect(text).toContain('ALTER PUBLICATION pgb_pub_rows ADD TABLE ONLY app.orders');
    expect(text).toBe(dumped(source.url));
  });

  it('SQLFILE writes a script psql runs with ON_ERROR_STOP=1 into an empty database, giving the same schema', async () => {
    const job = await runJob(
      { operation: 'SQL_FILE', mode: 'FULL', home: src },
      async (j) => {
        await j.addFile({ kind: 'DUMP', name: 'global%U.dmp', directory: files.dir });
        await j.addFile({ kind: 'SQL', name: 'global.sql', directory: files.dir });
      },
      { dir: files.dir, log: 'sqlfile.log' },
    );
    expect(job.errors, job.log).toBe(0);
    const script = readFileSync(join(files.dir, 'global.sql'), 'utf8');
    // The script is what pg_dump's would be: the password is in it (it creates the mapping), not in the log.
    expect(script).toContain(mappingSecret);
    expect(job.log).not.toContain(mappingSecret);
    // Event triggers come last, after every grant, so they never fire on the script's own DDL.
    expect(script.lastIndexOf('GRANT ')).toBeLessThan(script.indexOf('CREATE EVENT TRIGGER'));
    const t = await target();
    await runSqlFile(t, join(files.dir, 'global.sql'));
    expect(dumped(t.url)).toBe(dumped(source.url));
  });

  // Last: it adds a schema to the source database.
  it('a SCHEMA export carries foreign tables (their server must be on the target, as with pg_dump -n)', async () => {
    const exp = await exportSchemas(src, ['app'], files.dir, 'app%U.dmp', async () => {}, 'app-export.log');
    expect(exp.errors, exp.log).toBe(0);
    const imp = await importDump(src, files.dir, 'app%U.dmp', (job) => job.metadataRemap({ name: 'REMAP_SCHEMA', from: 'app', to: 'app_s' }), 'app-import.log');
    expect(imp.errors, imp.log).toBe(0);
    expect(schemaOnly(source.url, 'app_s', 'app', { privileges: true })).toBe(schemaOnly(source.url, 'app', 'app', { privileges: true }));
    expect(schemaOnly(source.url, 'app_s', 'app', { privileges: true })).toContain('CREATE FOREIGN TABLE S."Remote Items"');
  });
});
