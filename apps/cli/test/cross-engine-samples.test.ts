import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from './support/cli.js';
import { mysql, postgres } from '../../../test-support/sql-clients.js';
import { dropScratchDatabase, scratchName } from '../../../test-support/scratch.js';
import { importSourceArgs } from './support/link-or-dump.js';
import { compareTables } from './support/sample-compare.js';
import { createPagilaLike, createSakilaLike } from './support/sample-databases.js';

// Sakila and employees (MariaDB) into PostgreSQL, Pagila (PostgreSQL) into MariaDB, through a dump
// file set and over NETWORK_LINK: every row identical after the per-type normalisation of the
// adapter-kit README, keys and indexes present, identity / AUTO_INCREMENT continuing past the
// highest id, and the objects that are not translated listed in the log.
beforeAll(() => ensureBuilt());

describe('Sakila and employees (MariaDB) into PostgreSQL', () => {
  const source = scratchName();
  const target = scratchName();
  const dir = mkdtempSync(join(tmpdir(), 'sluice-samples-'));

  beforeAll(() => {
    createSakilaLike(source);
    postgres.createDatabase(target);
  });
  afterAll(() => {
    mysql.dropDatabase(source);
    postgres.dropDatabase(target);
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['link', 'dump'])('every row, key, index and counter arrives (%s)', async (via) => {
    const schema = `sakila_${via}`;
    const from = await importSourceArgs(via, mysql.url(source), source, dir, 'sakila%U.dmp', ['PARALLEL=2']);
    const r = await runCli([
      'import',
      '--target',
      postgres.url(target),
      ...from,
      `SCHEMAS=${source}`,
      `REMAP_SCHEMA=${source}:${schema}`,
      'TRANSFORM=COLUMN_TYPE:geometry=bytea',
      'PARALLEL=2',
      `DIRECTORY=${dir}`,
      `LOGFILE=${via}.log`,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(5);
    const log = readFileSync(join(dir, `${via}.log`), 'utf8');
    const notCreated = [...log.matchAll(/Object type (\w+) "[^"]+"\."([^"]+)" is not created in postgres/g)].map((m) => `${m[1]} ${m[2]}`).sort();
    expect(notCreated).toEqual([
      'FUNCTION get_customer_balance',
      'INDEX idx_location',
      'INDEX idx_title_description',
      'PROCEDURE film_in_stock',
      'TRIGGER customer_create_date',
      'VIEW actor_info',
      'VIEW dept_emp_latest_date',
    ]);
    // Every last_update's ON UPDATE CURRENT_TIMESTAMP is named as not carried over, and counted.
    const onUpdate = [...log.matchAll(/Table "[^"]+"\."(\w+)" column "last_update": ON UPDATE CURRENT_TIMESTAMP(?:\(\))? is not carried over into postgres/g)].map((m) => m[1]);
    expect(onUpdate.length).toBe(12);
    expect(log).toMatch(/completed with 19 error\(s\)/);

    compareTables(source, target, schema, 'mysql');

    // Indexes and foreign keys: as many as the source has (FULLTEXT and SPATIAL excepted).
    const myIndexes = mysql.query(
      source,
      `SELECT COUNT(DISTINCT table_name, index_name) FROM information_schema.statistics WHERE table_schema = '${source}' AND index_type NOT IN ('FULLTEXT', 'SPATIAL')`,
    )[0]![0];
    expect(postgres.query(target, `SELECT COUNT(*) FROM pg_indexes WHERE schemaname = '${schema}'`)[0]![0]).toBe(myIndexes);
    const myForeignKeys = mysql.query(source, `SELECT COUNT(*) FROM information_schema.referential_constraints WHERE constraint_schema = '${source}'`)[0]![0];
    expect(postgres.query(target, `SELECT COUNT(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = '${schema}'::regnamespace`)[0]![0]).toBe(myForeignKeys);
    expect(postgres.query(target, `SELECT obj_description('"${schema}".customer'::regclass)`)[0]![0]).toBe('customers of the stores');

    // Every AUTO_INCREMENT counter continues on PostgreSQL where MariaDB's would.
    const counters = mysql.query(
      source,
      `SELECT t.table_name, c.column_name, t.auto_increment FROM information_schema.tables t JOIN information_schema.columns c USING (table_schema, table_name) WHERE t.table_schema = '${source}' AND c.extra LIKE '%auto_increment%' ORDER BY 1`,
    );
    expect(counters.length).toBe(11);
    for (const [table, column, next] of counters) {
      expect([table, postgres.query(target, `SELECT nextval(pg_get_serial_sequence('"${schema}"."${table}"', '${column}'))`)[0]![0]]).toEqual([table, next]);
    }
  });
});

describe('Pagila (PostgreSQL) into MariaDB', () => {
  const source = scratchName();
  const home = scratchName();
  const dir = mkdtempSync(join(tmpdir(), 'sluice-samples-'));

  beforeAll(() => {
    createPagilaLike(source);
    mysql.createDatabase(home);
  });
  afterAll(async () => {
    postgres.dropDatabase(source);
    await dropScratchDatabase('mysql', home); // with the targets, `<home>_<via>`
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['link', 'dump'])('every row, key, index and counter arrives (%s)', async (via) => {
    const schema = `${home}_${via}`;
    const from = await importSourceArgs(via, postgres.url(source), 'public', dir, 'pagila%U.dmp', ['PARALLEL=2']);
    const args = [
      'import',
      '--target',
      mysql.url(home),
      ...from,
      'SCHEMAS=public',
      `REMAP_SCHEMA=public:${schema}`,
      'TRANSFORM=COLUMN_TYPE:tsvector=LONGTEXT',
      'PARALLEL=2',
      `DIRECTORY=${dir}`,
      `LOGFILE=${via}.log`,
    ];
    // Partitions are tables of their own in PostgreSQL only: refused up front, before the target is touched, naming the choice.
    const refused = await runCli(args);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `Table "public"."payment" is partitioned, its partitions (payment_p2022_01, payment_p2022_02) tables of their own, which mysql does not have; import with PARTITION_OPTIONS=MERGE (one table holding every partition's rows) or PARTITION_OPTIONS=DEPARTITION (each partition a table of its own)`,
    );
    expect(mysql.query(home, `SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = '${schema}'`)).toEqual([['0']]);
    const r = await runCli([...args, 'PARTITION_OPTIONS=MERGE']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(5);
    const log = readFileSync(join(dir, `${via}.log`), 'utf8');
    const notCreated = [...log.matchAll(/Object type (\w+) "[^"]+"\."([^"]+)" is not created in mysql/g)].map((m) => `${m[1]} ${m[2]}`).sort();
    expect(notCreated).toEqual([
      'FUNCTION last_day(timestamp with time zone)',
      'FUNCTION last_updated()',
      'INDEX film_fulltext_idx',
      'INDEX rental_category',
      'MATERIALIZED_VIEW rental_by_category',
      'TRIGGER actor last_updated',
      'VIEW actor_info',
    ]);
    // The year domain's CHECK stays behind: named and counted.
    expect(log).toContain('Table "public"."film" column "release_year": the CHECK of domain public.year (year_check CHECK (((VALUE >= 1901) AND (VALUE <= 2155)))) is not carried over into mysql');
    // The partitioned payment arrives as one table (PARTITION_OPTIONS=MERGE), the generated column stays behind: named and counted.
    expect(log).toContain('Table "public"."payment": PARTITION BY RANGE (payment_date) is not carried over into mysql; the table is created unpartitioned');
    expect(log).toContain('Table "public"."film" column "length_hours": the generated column');
    // Pagila declares foreign keys on its partitions: MERGE creates no partitions, and says so for each.
    expect(log).toContain(
      'REF_CONSTRAINT "public"."payment_p2022_01 payment_p2022_01_customer_id_fkey" on table "public"."payment_p2022_01" is not created: PARTITION_OPTIONS=MERGE creates no partitions, only the merged table.',
    );
    // Column notes are for tables that are created: the merged payment, not its partitions.
    expect(log).toContain(`Column "${schema}"."payment"."payment_date": timestamp with time zone stored as DATETIME in UTC.`);
    expect(log).not.toMatch(/"payment_p2022_0\d"\."payment_date"/);
    expect(log).toContain('Object type DOMAIN "public"."bıgınt" needs no statement in mysql');
    expect(log).toMatch(/completed with 10 error\(s\)/);

    compareTables(schema, source, 'public', 'postgres');

    // Indexes of tables (not of partitions, which MERGE leaves out, nor of the materialized view).
    const pgIndexes = postgres.query(
      source,
      "SELECT COUNT(*) FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class x ON x.oid = i.indexrelid JOIN pg_am a ON a.oid = x.relam WHERE t.relnamespace = 'public'::regnamespace AND t.relkind IN ('r', 'p') AND NOT t.relispartition AND a.amname <> 'gist'",
    )[0]![0];
    // MariaDB adds an index for each foreign key that no index leads with.
    const myIndexes = mysql.query(
      schema,
      `SELECT COUNT(DISTINCT table_name, index_name) FROM information_schema.statistics WHERE table_schema = '${schema}' AND index_name NOT IN (SELECT constraint_name FROM information_schema.referential_constraints WHERE constraint_schema = '${schema}')`,
    )[0]![0];
    // And an AUTO_INCREMENT column must lead a key there: payment's PRIMARY KEY (payment_date, payment_id) gets KEY (payment_id).
    expect(
      mysql.query(schema, `SELECT index_name FROM information_schema.statistics WHERE table_schema = '${schema}' AND table_name = 'payment' AND seq_in_index = 1 AND column_name = 'payment_id'`),
    ).toEqual([['payment_id']]);
    expect(Number(myIndexes)).toBe(Number(pgIndexes) + 1);
    const pgForeignKeys = postgres.query(
      source,
      "SELECT COUNT(*) FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace AND c.conparentid = 0 AND NOT t.relispartition",
    )[0]![0];
    expect(mysql.query(schema, `SELECT COUNT(*) FROM information_schema.referential_constraints WHERE constraint_schema = '${schema}'`)[0]![0]).toBe(pgForeignKeys);
    expect(mysql.query(schema, `SELECT table_comment FROM information_schema.tables WHERE table_schema = '${schema}' AND table_name = 'film'`)[0]![0]).toBe('films in the catalogue');

    // Every serial continues on MariaDB where its sequence would, an owned one (serial) or not (a nextval() default, as Pagila's).
    const sequences = postgres.query(
      source,
      "SELECT c.table_name, coalesce(s.last_value, 0) + 1 FROM information_schema.columns c JOIN pg_sequences s ON c.column_default = format('nextval(%L::regclass)', s.sequencename) JOIN pg_class t ON t.oid = format('%I.%I', c.table_schema, c.table_name)::regclass WHERE c.table_schema = 'public' AND NOT t.relispartition ORDER BY 1",
    );
    expect(sequences.length).toBe(8);
    for (const [table, next] of sequences) {
      expect([table, mysql.query(schema, `SELECT auto_increment FROM information_schema.tables WHERE table_schema = '${schema}' AND table_name = '${table}'`)[0]![0]]).toEqual([table, next]);
    }
  });
});
