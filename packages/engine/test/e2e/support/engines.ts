import { randomBytes } from 'node:crypto';
import type { Adapter, AdapterFactory } from '@sluice/adapter-kit';
import { sql } from './sql.js';

// Loaded on demand, so a test file of one engine runs while the other adapter is being written.
async function postgresFactory(): Promise<AdapterFactory> {
  return (await import('@sluice/adapter-postgres')).createPostgresAdapter;
}
async function mysqlFactory(): Promise<AdapterFactory> {
  return ((await import('@sluice/adapter-mysql')) as unknown as { createMysqlAdapter: AdapterFactory }).createMysqlAdapter;
}

/** The servers of shared/SERVICES.md and the engines this run covers, from the one test-support module. */
import { ENGINES, MYSQL_URL, PG_URL } from '../../../../../test-support/servers.js';

export { ENGINES, MYSQL_URL, PG_URL };

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/**
 * One engine under test, with a scratch area of its own: PostgreSQL gets a database `sluice_t_<r>`
 * whose schemas the tests use; MySQL (where a schema is a database) gets databases `sluice_t_<r>`
 * (home, for master tables) and `sluice_t_<r>_<schema>`.
 */
export interface Scratch {
  readonly engine: 'postgres' | 'mysql';
  /** The scratch home database. */
  readonly database: string;
  /** A new adapter on the scratch home database (each test closes what it makes via `close`). */
  adapter(): Adapter;
  /** The engine-level name of a test schema. */
  schema(name: string): string;
  /** Create a test schema (drops it first). */
  createSchema(name: string): Promise<void>;
  /** Drop everything the scratch area holds. */
  drop(): Promise<void>;
  /** The URL of the scratch database, for psql / mariadb. */
  readonly url: string;
  /** Quote an identifier for this engine. */
  q(name: string): string;
}

/** Create a scratch area on `engine`. */
export async function createScratch(engine: 'postgres' | 'mysql'): Promise<Scratch> {
  // SLUICE_TEST_DB_PREFIX: a prefix of one's own for the scratch databases on shared servers.
  const database = `${process.env['SLUICE_TEST_DB_PREFIX'] ?? 'sluice_t_'}${randomBytes(4).toString('hex')}`;
  const made: Adapter[] = [];
  if (engine === 'postgres') {
    const createPostgresAdapter = await postgresFactory();
    const admin = createPostgresAdapter({ url: PG_URL });
    await sql(admin, `CREATE DATABASE ${database}`);
    await admin.close();
    const url = withDatabase(PG_URL, database);
    return {
      engine,
      database,
      url,
      adapter: () => {
        const a = createPostgresAdapter({ url });
        made.push(a);
        return a;
      },
      schema: (name) => name,
      q: (name) => `"${name}"`,
      async createSchema(name) {
        const a = createPostgresAdapter({ url });
        await sql(a, `DROP SCHEMA IF EXISTS "${name}" CASCADE`);
        await sql(a, `CREATE SCHEMA "${name}"`);
        await a.close();
      },
      async drop() {
        await Promise.all(made.map((a) => a.close().catch(() => undefined)));
        const a = createPostgresAdapter({ url: PG_URL });
        await sql(a, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        await a.close();
      },
    };
  }
  const createMysqlAdapter = await mysqlFactory();
  const admin = createMysqlAdapter({ url: MYSQL_URL });
  await sql(admin, `CREATE DATABASE ${database}`);
  await admin.close();
  const url = withDatabase(MYSQL_URL, database);
  return {
    engine,
    database,
    url,
    adapter: () => {
      const a = createMysqlAdapter({ url });
      made.push(a);
      return a;
    },
    schema: (name) => `${database}_${name}`,
    q: (name) => `\`${name}\``,
    async createSchema(name) {
      const a = createMysqlAdapter({ url });
      await sql(a, `DROP DATABASE IF EXISTS \`${database}_${name}\``);
      await sql(a, `CREATE DATABASE \`${database}_${name}\``);
      await a.close();
    },
    async drop() {
      await Promise.all(made.map((a) => a.close().catch(() => undefined)));
      const a = createMysqlAdapter({ url: MYSQL_URL });
      const rows = await sql(a, `SELECT schema_name AS s FROM information_schema.schemata WHERE schema_name = ? OR schema_name LIKE ?`, [database, `${database}\\_%`]);
      for (const r of rows) await sql(a, `DROP DATABASE IF EXISTS \`${String(r['s'] ?? r['S'] ?? r['SCHEMA_NAME'])}\``);
      await a.close();
    },
  };
}

