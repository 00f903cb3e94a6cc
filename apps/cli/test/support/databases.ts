import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { ENGINES, SERVERS } from '../../../../test-support/servers.js';

/** The servers of shared/SERVICES.md, overridable as in the rest of the test suite. */
export const PG_URL = new URL(SERVERS[0]!.url);
export const MYSQL_URL = new URL(SERVERS[1]!.url);

/** A unique scratch database name, as SERVICES.md asks: `sluice_t_<random>`. */
export function scratchName(): string {
  return `sluice_t_${randomBytes(5).toString('hex')}`;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, input?: string): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env }, input, maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** One of the two servers, reached through its command-line client (the CLI package has no driver of its own). */
export interface TestServer {
  readonly engine: 'postgres' | 'mysql';
  /** The URL of a database on this server, as the CLI takes it. */
  url(database: string): string;
  createDatabase(name: string): void;
  dropDatabase(name: string): void;
  /** Run SQL statements (a script) in the database. */
  exec(database: string, sql: string): void;
  /** Rows of a query, each a tab-separated line split into cells. */
  query(database: string, sql: string): string[][];
  /** The name a table of schema `schema` is reached by in `database` (PostgreSQL: schema.table; MySQL: the schema is a database). */
  table(schema: string, table: string): string;
}

function rows(text: string): string[][] {
  return text.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

/** PostgreSQL through psql. */
export const postgres: TestServer = {
  engine: 'postgres',
  url: (database) => {
    const u = new URL(PG_URL);
    u.pathname = `/${database}`;
    return u.toString();
  },
  createDatabase(name) {
    this.exec('postgres', `CREATE DATABASE ${name}`);
  },
  dropDatabase(name) {
    this.exec('postgres', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  },
  exec(database, sql) {
    run('psql', ['-h', PG_URL.hostname, '-p', PG_URL.port || '5432', '-U', decodeURIComponent(PG_URL.username) || 'postgres', '-d', database, '-v', 'ON_ERROR_STOP=1', '-q', '-f', '-'], { PGPASSWORD: decodeURIComponent(PG_URL.password) }, sql);
  },
  query(database, sql) {
    return rows(run('psql', ['-h', PG_URL.hostname, '-p', PG_URL.port || '5432', '-U', decodeURIComponent(PG_URL.username) || 'postgres', '-d', database, '-v', 'ON_ERROR_STOP=1', '-At', '-F', '\t', '-c', sql], { PGPASSWORD: decodeURIComponent(PG_URL.password) }));
  },
  table: (schema, table) => `${schema}.${table}`,
};

function mysqlArgs(): string[] {
  const args = ['-h', MYSQL_URL.hostname, '-P', MYSQL_URL.port || '3306', '-u', decodeURIComponent(MYSQL_URL.username) || 'root', '--protocol=TCP'];
  if (MYSQL_URL.password !== '') args.push(`-p${decodeURIComponent(MYSQL_URL.password)}`);
  return args;
}

/** MariaDB/MySQL through the mariadb client. In MySQL a schema is a database. */
export const mysql: TestServer = {
  engine: 'mysql',
  url: (database) => {
    const u = new URL(MYSQL_URL);
    u.pathname = `/${database}`;
    return u.toString();
  },
  createDatabase(name) {
    run('mariadb', [...mysqlArgs(), '-e', `CREATE DATABASE ${name}`], {});
  },
  dropDatabase(name) {
    run('mariadb', [...mysqlArgs(), '-e', `DROP DATABASE IF EXISTS ${name}`], {});
  },
  exec(database, sql) {
    run('mariadb', [...mysqlArgs(), database], {}, sql);
  },
  query(database, sql) {
    return rows(run('mariadb', [...mysqlArgs(), '-N', '-B', '-e', sql, database], {}));
  },
  table: (schema, table) => `${schema}.${table}`,
};

/** The servers this run covers (both, unless `SLUICE_ENGINES` narrows them): what `describe.each` loops over. */
export const TEST_SERVERS: readonly TestServer[] = [postgres, mysql].filter((s) => ENGINES.includes(s.engine));
