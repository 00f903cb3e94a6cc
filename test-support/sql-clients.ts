import { spawnSync } from 'node:child_process';
import { databaseUrl, ENGINES, type EngineName, MYSQL_URL, PG_URL } from './servers.js';

// The test servers reached through each engine's own command-line client (psql, mariadb): set-up and
// checks that need no driver, so every package's tests can use them, whatever drivers it depends on.

/** How an engine's command-line clients log in to its test server: arguments before the database, and environment. */
export interface ClientLogin {
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

/** psql's login to the PostgreSQL test server (`-X`: no ~/.psqlrc); the database goes after it (`-d name`). */
export function psqlLogin(): ClientLogin {
  const u = new URL(PG_URL);
  return {
    args: ['-X', '-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username) || 'postgres'],
    env: u.password === '' ? {} : { PGPASSWORD: decodeURIComponent(u.password) },
  };
}

/** The login of mariadb and mariadb-dump to the MariaDB test server; the database goes after it. */
export function mariadbLogin(): ClientLogin {
  const u = new URL(MYSQL_URL);
  return {
    args: ['-h', u.hostname, '-P', u.port || '3306', '-u', decodeURIComponent(u.username) || 'root', '--protocol=TCP'],
    env: u.password === '' ? {} : { MYSQL_PWD: decodeURIComponent(u.password) },
  };
}

function run(cmd: string, args: readonly string[], env: Readonly<Record<string, string>>, input?: string): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env }, input, maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** One of the two test servers, reached through its command-line client. */
export interface TestServer {
  readonly engine: EngineName;
  /** The URL of a database on this server, as the CLI and the adapters take it. */
  url(database: string): string;
  createDatabase(name: string): void;
  dropDatabase(name: string): void;
  /** Run SQL statements (a script) in the database. */
  exec(database: string, sql: string): void;
  /** Rows of a query, each a tab-separated line split into cells. */
  query(database: string, sql: string): string[][];
  /** The name a table of schema `schema` is reached by (PostgreSQL: schema.table; MySQL: the schema is a database). */
  table(schema: string, table: string): string;
}

function rows(text: string): string[][] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t'));
}

/** PostgreSQL through psql. */
export const postgres: TestServer = {
  engine: 'postgres',
  url: (database) => databaseUrl('postgres', database),
  createDatabase(name) {
    this.exec('postgres', `CREATE DATABASE ${name}`);
  },
  dropDatabase(name) {
    this.exec('postgres', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  },
  exec(database, sql) {
    const login = psqlLogin();
    run('psql', [...login.args, '-d', database, '-v', 'ON_ERROR_STOP=1', '-q', '-f', '-'], login.env, sql);
  },
  query(database, sql) {
    const login = psqlLogin();
    return rows(run('psql', [...login.args, '-d', database, '-v', 'ON_ERROR_STOP=1', '-At', '-F', '\t', '-c', sql], login.env));
  },
  table: (schema, table) => `${schema}.${table}`,
};

/** MariaDB through the mariadb client. In MySQL a schema is a database. */
export const mysql: TestServer = {
  engine: 'mysql',
  url: (database) => databaseUrl('mysql', database),
  createDatabase(name) {
    this.exec('', `CREATE DATABASE ${name}`);
  },
  dropDatabase(name) {
    this.exec('', `DROP DATABASE IF EXISTS ${name}`);
  },
  exec(database, sql) {
    const login = mariadbLogin();
    run('mariadb', [...login.args, ...(database === '' ? [] : [database])], login.env, sql);
  },
  query(database, sql) {
    const login = mariadbLogin();
    return rows(run('mariadb', [...login.args, '-N', '-B', '-e', sql, ...(database === '' ? [] : [database])], login.env));
  },
  table: (schema, table) => `${schema}.${table}`,
};

/** The test server of an engine. */
export function testServer(engine: EngineName): TestServer {
  return engine === 'postgres' ? postgres : mysql;
}

/** The servers this run covers (both, unless `SLUICE_ENGINES` narrows them): what `describe.each` loops over. */
export const TEST_SERVERS: readonly TestServer[] = ENGINES.map(testServer);
