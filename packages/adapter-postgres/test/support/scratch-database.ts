import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server tests use (shared/SERVICES.md). */
import { PG_URL } from '../../../../test-support/servers.js';

export { PG_URL };

/** The URL of another database on the same server. */
export function databaseUrl(database: string): string {
  const u = new URL(PG_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A unique name for a database (or role) this test run creates: `sluice_t_<random>`. */
export function scratchName(): string {
  return `sluice_t_${randomBytes(5).toString('hex')}`;
}

/** Run statements on the server's maintenance database (CREATE/DROP DATABASE, roles). */
export async function adminQuery(...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    for (const s of statements) await client.query(s);
  } finally {
    await client.end();
  }
}

/** Run statements in one database of the server. */
export async function runSql(database: string, statements: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl(database) });
  await client.connect();
  try {
    for (const s of statements) await client.query(s);
  } finally {
    await client.end();
  }
}

/** Query one database and return its rows. */
export async function querySql<R extends pg.QueryResultRow = Record<string, unknown>>(database: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: databaseUrl(database) });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** A database created for one test file, dropped at its end. */
export interface ScratchDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** CREATE DATABASE sluice_t_<random>; `drop()` removes it (forcing out any session left). */
export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const name = scratchName();
  await adminQuery(`CREATE DATABASE ${name}`);
  return {
    name,
    url: databaseUrl(name),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
