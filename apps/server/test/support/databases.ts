import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { scratchName } from '../../../../test-support/scratch.js';
import type { TestServer } from '../../../../test-support/sql-clients.js';

// The databases and logins the REST service's tests use, on the servers of test-support/.

/** The configured URL of a database (no credentials: the requests log in). */
export function bareUrl(server: TestServer, database: string): string {
  const u = new URL(server.url(database));
  u.username = '';
  u.password = '';
  return u.toString();
}

/** The login of the servers' superuser: postgres (trust, any password) and root (empty password). */
export function adminLogin(server: TestServer): { user: string; password: string } {
  return server.engine === 'postgres' ? { user: 'postgres', password: 'unused-by-trust' } : { user: 'root', password: '' };
}

/** Row count and a hash of a table's rows in key order. */
export function tableDigest(server: TestServer, database: string, schema: string, table: string, key = 'id'): string {
  const sql =
    server.engine === 'postgres'
      ? `SELECT count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY ${key}), '')) FROM ${schema}.${table} t`
      : `SELECT count(*), md5(coalesce(group_concat(concat_ws('|', ${key}, v) ORDER BY ${key} SEPARATOR ','), '')) FROM ${schema}.${table}`;
  return server.query(server.engine === 'postgres' ? database : schema, sql)[0]!.join('|');
}

/**
 * A source with schema `schema` holding tables a (rows rows), b and skipme, a target, and a folder,
 * made in beforeAll and dropped in afterAll. On MySQL the schema is a database of its own and `home`
 * (the configured database that holds the export's master table) another.
 */
export interface SourceTarget {
  readonly home: string;
  readonly source: string;
  readonly target: string;
  readonly schema: string;
  readonly copy: string;
  readonly dir: string;
}

export function sourceTarget(server: TestServer, rows: number): SourceTarget {
  const pg = server.engine === 'postgres';
  const source = scratchName();
  const home = pg ? source : scratchName();
  const target = scratchName();
  const schema = pg ? 'app' : source;
  const copy = pg ? 'app_copy' : `${target}_copy`;
  const dir = mkdtempSync(join(tmpdir(), `sluice-rest-${server.engine}-`));
  beforeAll(() => {
    for (const db of new Set([source, home, target])) server.createDatabase(db);
    if (pg) {
      server.exec(
        source,
        `CREATE SCHEMA app;
         CREATE TABLE app.a (id integer PRIMARY KEY, v text); INSERT INTO app.a SELECT g, md5(g::text) FROM generate_series(1, ${rows}) g; ANALYZE app.a;
         CREATE TABLE app.b (id integer PRIMARY KEY, v text); INSERT INTO app.b SELECT g, 'b' || g FROM generate_series(1, 50) g;
         CREATE TABLE app.skipme (id integer PRIMARY KEY, v text); INSERT INTO app.skipme VALUES (1, 'x');`,
      );
    } else {
      server.exec(
        source,
        `CREATE TABLE a (id int PRIMARY KEY, v varchar(40)); INSERT INTO a SELECT seq, md5(seq) FROM seq_1_to_${rows}; ANALYZE TABLE a;
         CREATE TABLE b (id int PRIMARY KEY, v varchar(40)); INSERT INTO b SELECT seq, concat('b', seq) FROM seq_1_to_50;
         CREATE TABLE skipme (id int PRIMARY KEY, v varchar(40)); INSERT INTO skipme VALUES (1, 'x');`,
      );
    }
  });
  afterAll(() => {
    for (const db of new Set([source, home, target, ...(pg ? [] : [copy])])) server.dropDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });
  return { home, source, target, schema, copy, dir };
}
