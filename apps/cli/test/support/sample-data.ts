import type { TestServer } from '../../../../test-support/sql-clients.js';

/** A small schema with two tables, a foreign key, an index, NULLs and non-ASCII text. */
export function createSample(server: TestServer, database: string, schema: string, rows = 5000): void {
  if (server.engine === 'postgres') {
    server.exec(
      database,
      `CREATE SCHEMA ${schema};
       CREATE TABLE ${schema}.dept (id integer PRIMARY KEY, name text NOT NULL);
       CREATE TABLE ${schema}.emp (id integer PRIMARY KEY, dept_id integer REFERENCES ${schema}.dept(id), name text, salary numeric(10,2), hired date);
       INSERT INTO ${schema}.dept SELECT g, 'Dept ' || g FROM generate_series(1, 5) g;
       INSERT INTO ${schema}.emp SELECT g, 1 + g % 5, CASE WHEN g % 7 = 0 THEN NULL ELSE 'Émployé ' || g END, g * 1.25, date '2020-01-01' + g FROM generate_series(1, ${rows}) g;
       CREATE INDEX emp_name_idx ON ${schema}.emp (name);
       ANALYZE ${schema}.emp;`,
    );
  } else {
    // In MySQL a schema is a database.
    server.exec(
      schema,
      `CREATE TABLE dept (id int PRIMARY KEY, name varchar(40) NOT NULL) CHARACTER SET utf8mb4;
       CREATE TABLE emp (id int PRIMARY KEY, dept_id int, name varchar(40), salary decimal(10,2), hired date, KEY emp_name_idx (name), CONSTRAINT emp_dept_fk FOREIGN KEY (dept_id) REFERENCES dept (id)) CHARACTER SET utf8mb4;
       INSERT INTO dept SELECT seq, concat('Dept ', seq) FROM seq_1_to_5;
       INSERT INTO emp SELECT seq, 1 + seq % 5, IF(seq % 7 = 0, NULL, concat('Émployé ', seq)), seq * 1.25, date_add('2020-01-01', INTERVAL seq DAY) FROM seq_1_to_${rows};
       ANALYZE TABLE emp;`,
    );
  }
}

/** What a user would compare: the row count and a digest of every row of emp, and the dept count. */
export function fingerprint(server: TestServer, database: string, schema: string): string {
  const sql =
    server.engine === 'postgres'
      ? `SELECT count(*), md5(string_agg(id || ':' || coalesce(dept_id::text, '~') || ':' || coalesce(name, '~') || ':' || salary || ':' || hired, ',' ORDER BY id)), (SELECT count(*) FROM ${schema}.dept) FROM ${schema}.emp`
      : `SELECT count(*), md5(group_concat(concat(id, ':', coalesce(dept_id, '~'), ':', coalesce(name, '~'), ':', salary, ':', hired) ORDER BY id SEPARATOR ',')), (SELECT count(*) FROM ${schema}.dept) FROM ${schema}.emp`;
  return server
    .query(server.engine === 'postgres' ? database : schema, sql)
    .map((r) => r.join('|'))
    .join('\n');
}

/**
 * The schemas and tables of a database (PostgreSQL: every non-system schema; MySQL: the databases
 * named, since there a schema is a database), to show that a failed command changed nothing.
 */
export function tablesOf(server: TestServer, database: string, mysqlSchemas: readonly string[] = [database]): string[] {
  const sql =
    server.engine === 'postgres'
      ? `SELECT nspname || '.' || coalesce(relname, '') FROM pg_namespace n LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relkind IN ('r', 'p', 'v', 'S', 'i')
         WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') ORDER BY 1`
      : `SELECT concat(s.schema_name, '.', coalesce(t.table_name, '')) FROM information_schema.schemata s LEFT JOIN information_schema.tables t ON t.table_schema = s.schema_name
         WHERE s.schema_name IN (${mysqlSchemas.map((n) => `'${n}'`).join(', ')}) ORDER BY 1`;
  return server.query(database, sql).map((r) => r[0]!);
}
