import type { TestServer } from './databases.js';

/** A table `big (id, v)` of `rows` rows in `schema` (PostgreSQL: a schema of `database`; MySQL: the database `schema`). */
export function createBig(server: TestServer, database: string, schema: string, rows: number): void {
  if (server.engine === 'postgres') {
    server.exec(database, `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.big (id integer PRIMARY KEY, v text); INSERT INTO ${schema}.big SELECT g, md5(g::text) FROM generate_series(1, ${rows}) g; ANALYZE ${schema}.big;`);
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
