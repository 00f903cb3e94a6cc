import pg from 'pg';
import { createScratchDatabase as createScratch, type ScratchDatabase } from '../../../../test-support/scratch.js';
import { databaseUrl as urlOf, PG_URL } from '../../../../test-support/servers.js';

export { PG_URL, type ScratchDatabase };
export { scratchName } from '../../../../test-support/scratch.js';

/** The URL of another database on the PostgreSQL test server. */
export function databaseUrl(database: string): string {
  return urlOf('postgres', database);
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

/** A scratch database on the PostgreSQL test server (test-support/scratch.ts), dropped by `drop()`. */
export function createScratchDatabase(): Promise<ScratchDatabase> {
  return createScratch('postgres');
}
