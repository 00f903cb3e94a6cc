import { pg } from '../pg-driver.js';
import type { AdapterConnection, MasterColumnClass, MasterTableDialect } from '@sluice/adapter-kit';
import type { PostgresConnection } from '../postgres-connection.js';
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
export const postgresMasterDialect: MasterTableDialect = {
  quoteIdent,
  tableName(conn: AdapterConnection, jobName: string): string {
    return qualify((conn as PostgresConnection).homeSchema, jobName);
  },
  placeholder(n: number): string {
    return `$${n}`;
  },
  columnType(kind: MasterColumnClass): string {
    return COLUMN_TYPES[kind];
  },
  supportsSkipLocked: true,
  supportsWritableCte: true,
  arrayRows(columns) {
    return `SELECT * FROM unnest(${columns.map((kind, i) => `$${i + 1}::${ARRAY_TYPES[kind]}`).join(', ')})`;
  },
  async query(conn, sql, params = []) {
    const r = await (conn as PostgresConnection).query({ text: sql, values: [...params], types: TYPES }, undefined, { action: 'master table' });
    return { rows: r.rows, affected: r.rowCount ?? 0 };
  },
  async begin(conn) {
    await (conn as PostgresConnection).query('BEGIN', [], { action: 'master table' });
  },
  async commit(conn) {
    await (conn as PostgresConnection).query('COMMIT', [], { action: 'master table' });
  },
  async rollback(conn) {
    await (conn as PostgresConnection).query('ROLLBACK', [], { action: 'master table' });
  },
  async listTables(conn) {
    const c = conn as PostgresConnection;
    const r = await c.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
      [c.homeSchema],
      { action: 'list master tables' },
    );
    return r.rows.map((x) => x.name);
  },
  lockJob(conn, jobName, holder) {
    return lockJob(conn as PostgresConnection, jobName, holder);
  },
  unlockJob(conn, jobName, holder) {
    return unlockJob(conn as PostgresConnection, jobName, holder);
  },
  heldJobLocks(conn, jobName, holders) {
    return heldJobLocks(conn as PostgresConnection, jobName, holders);
  },
};
