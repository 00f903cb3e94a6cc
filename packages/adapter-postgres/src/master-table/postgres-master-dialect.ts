import { pg } from '../pg-driver.js';
import { MasterTableDialectBase, type AdapterConnection, type MasterColumnClass } from '@sluice/adapter-kit';
import { asPostgres } from '../postgres-connection.js';
import { heldJobLocks, lockJob, unlockJob } from './postgres-job-lock.js';
import { qualify, quoteIdent } from '../sql/postgres-quote.js';

const COLUMN_TYPES: Record<MasterColumnClass, string> = {
  bigint: 'bigint',
  short: 'varchar(1024)',
  text: 'text',
  timestamp: 'timestamp with time zone',
};

/** The array type each column's values are sent as (varchar(1024) casts from text on insert, checking the length). */
const ARRAY_TYPES: Record<MasterColumnClass, string> = {
  bigint: 'bigint[]',
  short: 'text[]',
  text: 'text[]',
  timestamp: 'timestamptz[]',
};

/** bigint comes back as a number (master-table counters stay far below 2^53), everything else as `pg` parses it. */
const TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/**
 * The master-table SQL for PostgreSQL. A master table lives in the connection's home schema: the
 * first schema of its search_path that exists (for a default setup, `public` of the connected
 * database). Set the role's or the URL's search_path (`?options=-c%20search_path%3Dsluice`) to keep
 * master tables elsewhere.
 */
export class PostgresMasterDialect extends MasterTableDialectBase {
  override get supportsSkipLocked(): boolean {
    return true;
  }
  override get supportsWritableCte(): boolean {
    return true;
  }
  quoteIdent(name: string): string {
    return quoteIdent(name);
  }
  tableName(conn: AdapterConnection, jobName: string): string {
    return qualify(asPostgres(conn).homeSchema, jobName);
  }
  placeholder(n: number): string {
    return `$${n}`;
  }
  columnType(kind: MasterColumnClass): string {
    return COLUMN_TYPES[kind];
  }
  arrayRows(columns: readonly MasterColumnClass[]): string {
    return `SELECT * FROM unnest(${columns.map((kind, i) => `$${i + 1}::${ARRAY_TYPES[kind]}`).join(', ')})`;
  }
  async query(conn: AdapterConnection, sql: string, params: readonly unknown[] = []): Promise<{ rows: Record<string, unknown>[]; affected: number }> {
    const r = await asPostgres(conn).query({ text: sql, values: [...params], types: TYPES }, undefined, { action: 'master table' });
    return { rows: r.rows, affected: r.rowCount ?? 0 };
  }
  async begin(conn: AdapterConnection): Promise<void> {
    await asPostgres(conn).query('BEGIN', [], { action: 'master table' });
  }
  async commit(conn: AdapterConnection): Promise<void> {
    await asPostgres(conn).query('COMMIT', [], { action: 'master table' });
  }
  async rollback(conn: AdapterConnection): Promise<void> {
    await asPostgres(conn).query('ROLLBACK', [], { action: 'master table' });
  }
  async listTables(conn: AdapterConnection): Promise<string[]> {
    const c = asPostgres(conn);
    const r = await c.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
      [c.homeSchema],
      { action: 'list master tables' },
    );
    return r.rows.map((x) => x.name);
  }
  lockJob(conn: AdapterConnection, jobName: string, holder: string): Promise<boolean> {
    return lockJob(asPostgres(conn), jobName, holder);
  }
  unlockJob(conn: AdapterConnection, jobName: string, holder: string): Promise<void> {
    return unlockJob(asPostgres(conn), jobName, holder);
  }
  heldJobLocks(conn: AdapterConnection, jobName: string, holders: readonly string[]): Promise<string[]> {
    return heldJobLocks(asPostgres(conn), jobName, holders);
  }
}

/** The one instance the adapter wires in (the dialect holds no state). */
export const postgresMasterDialect = new PostgresMasterDialect();
