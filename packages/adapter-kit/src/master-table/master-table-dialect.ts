import type { AdapterConnection } from '../adapter-connection.js';
import type { MasterColumnClass } from './master-rows.js';

/**
 * The little SQL a generic master-table store needs from an engine. Adapters implement this; the
 * engine's store composes its statements from it and never branches on the adapter's name.
 */
export interface MasterTableDialect {
  /** Quote an identifier, e.g. `"x"` or `` `x` ``. */
  quoteIdent(name: string): string;
  /** The qualified name of a master table in the connection's home schema/database. */
  tableName(conn: AdapterConnection, jobName: string): string;
  /** The n-th (1-based) bind placeholder: `$1` or `?`. */
  placeholder(n: number): string;
  /** The native column type for a storage class. */
  columnType(kind: MasterColumnClass): string;
  /** Whether `SELECT ... FOR UPDATE SKIP LOCKED` is available (PostgreSQL 9.5+, MySQL 8, MariaDB 10.6+). */
  readonly supportsSkipLocked: boolean;
  /**
   * Whether UPDATE statements may run as the WITH clauses of one statement (PostgreSQL's
   * data-modifying CTEs): an item's completion and its table's latch then cost one round trip.
   */
  readonly supportsWritableCte: boolean;
  /**
   * Optional: a row source that reads one array parameter per column (the n-th column's values are
   * parameter n), e.g. `SELECT * FROM unnest($1::bigint[], ...)`. Given it, the store inserts many
   * rows with one parameter per column instead of one per value, which servers plan far faster.
   */
  arrayRows?(columns: readonly MasterColumnClass[]): string;
  /**
   * Optional: a table hint that makes a read of rows by a list of ids use the primary key, e.g.
   * MySQL's `FORCE INDEX (PRIMARY)`. On a small table InnoDB may scan it instead, and a locking read
   * at REPEATABLE READ then keeps every row it scanned locked (the job row among them) for as long as
   * the worker's transaction lasts.
   */
  readonly primaryKeyHint?: string;
  /** Run one statement with parameters; rows come back as objects keyed by column name. */
  query(conn: AdapterConnection, sql: string, params?: readonly unknown[]): Promise<{ rows: Record<string, unknown>[]; affected: number }>;
  begin(conn: AdapterConnection): Promise<void>;
  commit(conn: AdapterConnection): Promise<void>;
  rollback(conn: AdapterConnection): Promise<void>;
  /** Names of the tables in the connection's home schema/database (to find master tables). */
  listTables(conn: AdapterConnection): Promise<string[]>;
  /**
   * Take the job lock of one process running job `jobName` (whose master table is in the
   * connection's home schema/database): a session-level lock the server releases the moment the
   * session ends. `holder` is the process's own token, so several processes can each hold one.
   * Never waits; false when the lock is taken.
   */
  lockJob(conn: AdapterConnection, jobName: string, holder: string): Promise<boolean>;
  /** Release this session's job lock taken by `lockJob`. */
  unlockJob(conn: AdapterConnection, jobName: string, holder: string): Promise<void>;
  /** Of `holders`, the ones whose job lock some session holds now (a live process). */
  heldJobLocks(conn: AdapterConnection, jobName: string, holders: readonly string[]): Promise<string[]>;
}

/**
 * A `MasterTableDialect` with the capability defaults (no SKIP LOCKED: workers wait on each other's
 * row locks; no writable CTEs); an adapter overrides what its server can do.
 */
export abstract class MasterTableDialectBase implements MasterTableDialect {
  /** Off by default: plain `FOR UPDATE`. */
  get supportsSkipLocked(): boolean {
    return false;
  }
  /** Off by default: one statement per UPDATE. */
  get supportsWritableCte(): boolean {
    return false;
  }
  abstract quoteIdent(name: string): string;
  abstract tableName(conn: AdapterConnection, jobName: string): string;
  abstract placeholder(n: number): string;
  abstract columnType(kind: MasterColumnClass): string;
  abstract query(conn: AdapterConnection, sql: string, params?: readonly unknown[]): Promise<{ rows: Record<string, unknown>[]; affected: number }>;
  abstract begin(conn: AdapterConnection): Promise<void>;
  abstract commit(conn: AdapterConnection): Promise<void>;
  abstract rollback(conn: AdapterConnection): Promise<void>;
  abstract listTables(conn: AdapterConnection): Promise<string[]>;
  abstract lockJob(conn: AdapterConnection, jobName: string, holder: string): Promise<boolean>;
  abstract unlockJob(conn: AdapterConnection, jobName: string, holder: string): Promise<void>;
  abstract heldJobLocks(conn: AdapterConnection, jobName: string, holders: readonly string[]): Promise<string[]>;
}
