import { MasterTableDialectBase, type AdapterConnection, type MasterColumnClass } from '@sluice/adapter-kit';
import { asMysql } from '../mysql-connection.js';
import type { MysqlServerFeatures } from '../mysql-server-features.js';
import { toAdapterError } from '../mysql-errors.js';
import { qualify, quoteIdent } from '../sql/mysql-quote.js';
import { jobLockName } from './mysql-job-lock.js';

/** IS_USED_LOCK calls per statement when checking holders. */
const HOLDERS_PER_CHECK = 50;

/**
 * Text compares byte for byte: object names are case-sensitive on most servers (`Foo` and `foo` are
 * two tables), and the server's default collation would take one for the other.
 */
const COLUMN_TYPES: Record<MasterColumnClass, string> = {
  bigint: 'BIGINT',
  short: 'VARCHAR(512) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin',
  timestamp: 'DATETIME(6)',
  text: 'LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin',
};

/**
 * The master table's SQL on MySQL/MariaDB: tables live in the connection's current database,
 * placeholders are `?`, and SKIP LOCKED is used where the server has it (MariaDB 10.6+, MySQL 8).
 */
export class MysqlMasterDialect extends MasterTableDialectBase {
  constructor(private readonly features: () => MysqlServerFeatures | undefined) {
    super();
  }

  quoteIdent(name: string): string {
    return quoteIdent(name);
  }

  tableName(conn: AdapterConnection, jobName: string): string {
    return qualify(asMysql(conn).database, jobName);
  }

  placeholder(_n: number): string {
    return '?';
  }

  columnType(kind: MasterColumnClass): string {
    return COLUMN_TYPES[kind];
  }

  readonly primaryKeyHint = 'FORCE INDEX (PRIMARY)';

  /** From the connected server's version (before any connection, assumed: every supported server but MariaDB < 10.6 has it). */
  override get supportsSkipLocked(): boolean {
    return this.features()?.supportsSkipLocked ?? true;
  }

  async query(conn: AdapterConnection, sql: string, params: readonly unknown[] = []): Promise<{ rows: Record<string, unknown>[]; affected: number }> {
    const c = asMysql(conn);
    try {
      await c.useResultCharset('utf8mb4');
      // Master rows use plain driver types: numbers for BIGINT counters, Date for DATETIME(6).
      const { rows } = await c.run(sql, params);
      if (Array.isArray(rows)) return { rows: rows as Record<string, unknown>[], affected: rows.length };
      return { rows: [], affected: (rows as { affectedRows?: number }).affectedRows ?? 0 };
    } catch (err) {
      throw toAdapterError(err, { action: 'running a master table statement' });
    }
  }

  async begin(conn: AdapterConnection): Promise<void> {
    await this.query(conn, 'START TRANSACTION');
  }

  async commit(conn: AdapterConnection): Promise<void> {
    await this.query(conn, 'COMMIT');
  }

  async rollback(conn: AdapterConnection): Promise<void> {
    await this.query(conn, 'ROLLBACK');
  }

  async listTables(conn: AdapterConnection): Promise<string[]> {
    const rows = await asMysql(conn).textRows("SELECT TABLE_NAME AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME");
    return rows.map((r) => r['n'] as string);
  }

  async lockJob(conn: AdapterConnection, jobName: string, holder: string): Promise<boolean> {
    const { rows } = await this.query(conn, 'SELECT GET_LOCK(?, 0) AS ok', [jobLockName(asMysql(conn).database, jobName, holder)]);
    return Number(rows[0]?.['ok']) === 1;
  }

  async unlockJob(conn: AdapterConnection, jobName: string, holder: string): Promise<void> {
    await this.query(conn, 'SELECT RELEASE_LOCK(?) AS released', [jobLockName(asMysql(conn).database, jobName, holder)]);
  }

  async heldJobLocks(conn: AdapterConnection, jobName: string, holders: readonly string[]): Promise<string[]> {
    const held: string[] = [];
    for (let i = 0; i < holders.length; i += HOLDERS_PER_CHECK) {
      const slice = holders.slice(i, i + HOLDERS_PER_CHECK);
      const columns = slice.map((_, n) => `IS_USED_LOCK(?) AS h${n}`).join(', ');
      const { rows } = await this.query(
        conn,
        `SELECT ${columns}`,
        slice.map((h) => jobLockName(asMysql(conn).database, jobName, h)),
      );
      slice.forEach((h, n) => {
        const owner = rows[0]?.[`h${n}`];
        if (owner !== null && owner !== undefined) held.push(h);
      });
    }
    return held;
  }
}
