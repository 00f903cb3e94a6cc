import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { TestServer } from '../../../../test-support/sql-clients.js';
import { scratchName } from '../../../../test-support/scratch.js';

/** A table `big (id, v)` of `rows` rows in `schema` (PostgreSQL: a schema of `database`; MySQL: the database `schema`). */
export function createBig(server: TestServer, database: string, schema: string, rows: number): void {
  if (server.engine === 'postgres') {
    server.exec(
      database,
      `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.big (id integer PRIMARY KEY, v text); INSERT INTO ${schema}.big SELECT g, md5(g::text) FROM generate_series(1, ${rows}) g; ANALYZE ${schema}.big;`,
    );
  } else {
    server.exec(schema, `CREATE TABLE big (id int PRIMARY KEY, v varchar(40)); INSERT INTO big SELECT seq, md5(seq) FROM seq_1_to_${rows}; ANALYZE TABLE big;`);
  }
}

/** Row count and a hash over the rows of `big` in id order. */
export function bigDigest(server: TestServer, database: string, schema: string): string {
  const sql =
    server.engine === 'postgres'
      ? `SELECT count(*), md5(string_agg(id || v, ',' ORDER BY id)) FROM ${schema}.big`
      : `SELECT count(*), md5(group_concat(concat(id, v) ORDER BY id SEPARATOR ',')) FROM ${schema}.big`;
  return server.query(server.engine === 'postgres' ? database : schema, sql)[0]!.join('|');
}

/** The scratch databases of a test that exports `big` from a source and imports it into a target. */
export interface BigSource {
  readonly source: string;
  /** The URL export jobs run against (MySQL: a database of its own for the master table, apart from the schema exported). */
  readonly sourceUrl: string;
  readonly target: string;
  readonly schema: string;
  /** The name `big`'s schema is remapped to in the target. */
  readonly copy: string;
  /** A temporary folder for the dump files. */
  readonly dir: string;
  /** Row count and ordered hash of the source's `big`, once beforeAll has run. */
  readonly expected: string;
}

/**
 * Source and target scratch databases with `rows` rows in the source's `big`, made in beforeAll and
 * dropped (with the copy and the folder) in afterAll of the calling describe block.
 */
export function bigSource(server: TestServer, tag: string, rows: number): BigSource {
  const pg = server.engine === 'postgres';
  const source = scratchName();
  const home = pg ? source : scratchName();
  const target = scratchName();
  const schema = pg ? 'app' : source;
  const copy = pg ? 'app_copy' : `${target}_copy`;
  const dir = mkdtempSync(join(tmpdir(), `sluice-${tag}-${server.engine}-`));
  let expected = '';
  beforeAll(() => {
    server.createDatabase(source);
    if (!pg) server.createDatabase(home);
    server.createDatabase(target);
    createBig(server, source, schema, rows);
    expected = bigDigest(server, source, schema);
  });
  afterAll(() => {
    for (const db of [source, target, ...(pg ? [] : [home, copy])]) server.dropDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    source,
    sourceUrl: server.url(home),
    target,
    schema,
    copy,
    dir,
    get expected() {
      return expected;
    },
  };
}
