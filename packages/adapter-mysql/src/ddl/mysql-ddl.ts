import { AdapterError, DdlGeneratorBase, tableLabel, type AdapterConnection, type CatalogObject, type DdlOptions, type TableRef } from '@sluice/adapter-kit';
import { deleteAllVersions, isSystemVersioned } from '../data/mysql-versioned-delete.js';
import { asMysql, type MysqlConnection } from '../mysql-connection.js';
import { toAdapterError } from '../mysql-errors.js';
import type { MysqlServerFeatures } from '../mysql-server-features.js';
import { qualify, quoteIdent } from '../sql/mysql-quote.js';
import { mysqlScript } from '../sql/mysql-script.js';
import { RESET_SESSION } from './mysql-ddl-programs.js';
import { generateMysqlDdl } from './mysql-ddl-generator.js';
import { keysTogether, withKeysAtCreate } from './mysql-keys-at-create.js';

/** The MySQL / MariaDB DDL part: statements from the model for the connected server, keys folded in, `mariadb <` scripts. */
export class MysqlDdl extends DdlGeneratorBase {
  /** `features`: what the connected server can do (undefined before a connection was opened). */
  constructor(private readonly features: () => MysqlServerFeatures | undefined) {
    super();
  }

  /** SHOW CREATE TABLE lists a table's keys in the order they were added (and one ALTER at a time holds the table anyway). */
  override get supportsOrderedKeys(): boolean {
    return true;
  }

  /** A small table's secondary keys in its CREATE TABLE: one statement, where an ALTER TABLE per key after the data costs a table lock and a sync each. */
  override get supportsKeysAtCreate(): boolean {
    return true;
  }

  /** A big table's keys in one ALTER TABLE after the data: InnoDB reads the rows once and sorts each key from that pass. */
  override get supportsKeysTogether(): boolean {
    return true;
  }

  generateDdl(object: CatalogObject, options: DdlOptions): string[] {
    return generateMysqlDdl(object, options, this.features());
  }

  override withKeysAtCreate(table: CatalogObject, keys: readonly CatalogObject[]): CatalogObject {
    return withKeysAtCreate(table, keys);
  }

  override keysTogether(keys: readonly CatalogObject[]): CatalogObject {
    return keysTogether(keys);
  }

  async execute(conn: AdapterConnection, statements: readonly string[], object?: string): Promise<void> {
    const c = asMysql(conn);
    // Foreign keys are added without re-checking rows that were loaded from a consistent source.
    // Statements foreign_key_checks cannot affect (a table or view without foreign keys, a plain
    // index) run as they are: two round trips less for each of thousands of small objects.
    const fkChecksOff = !statements.every(unaffectedByForeignKeyChecks);
    if (fkChecksOff) await c.run('SET SESSION foreign_key_checks = 0');
    try {
      for (const sql of statements) {
        try {
          await c.run(sql);
        } catch (err) {
          await c.run(RESET_SESSION).catch(() => undefined);
          const e = toAdapterError(err, { action: 'creating', ...(object === undefined ? {} : { object }) });
          const code = e.code === 'OBJECT_EXISTS' || e.code === 'PRIVILEGE_ERROR' || e.code === 'CONNECTION_FAILED' ? e.code : 'DDL_FAILED';
          throw new AdapterError(code, `${e.message}\nStatement: ${sql.length > 2000 ? `${sql.slice(0, 2000)}...` : sql}`, {
            ...(object === undefined ? {} : { object }),
            ...(e.sqlState === undefined ? {} : { sqlState: e.sqlState }),
            cause: err,
          });
        }
      }
    } finally {
      if (fkChecksOff && !c.closed) await c.run('SET SESSION foreign_key_checks = 1').catch(() => undefined);
      // A view's DDL switches database; go back to the session's own.
      if (!c.closed && c.database !== null && statements.some((s) => /^USE\s/i.test(s))) await c.run(`USE ${quoteIdent(c.database)}`).catch(() => undefined);
    }
  }

  /** The statements as a `mariadb < file.sql` script: bodies with `;` inside go between `DELIMITER $$` lines. */
  override scriptFor(statements: readonly string[]): string {
    return mysqlScript(statements);
  }

  async truncateTable(conn: AdapterConnection, table: TableRef): Promise<void> {
    // MariaDB refuses TRUNCATE on a system-versioned table: its rows and its history are deleted instead.
    return withoutForeignKeyChecks(conn, table, 'truncating', async (c) =>
      (await isSystemVersioned(c, table)) ? deleteAllVersions(c, table) : c.run(`TRUNCATE TABLE ${qualify(table.schema, table.name)}`),
    );
  }

  dropTable(conn: AdapterConnection, table: TableRef): Promise<void> {
    return withoutForeignKeyChecks(conn, table, 'dropping', `DROP TABLE ${qualify(table.schema, table.name)}`);
  }
}

async function withoutForeignKeyChecks(conn: AdapterConnection, table: TableRef, action: string, work: string | ((c: MysqlConnection) => Promise<unknown>)): Promise<void> {
  const c = asMysql(conn);
  try {
    await c.run('SET SESSION foreign_key_checks = 0');
    await (typeof work === 'string' ? c.run(work) : work(c));
  } catch (err) {
    throw toAdapterError(err, { action, object: tableLabel(table), fallback: 'DDL_FAILED' });
  } finally {
    if (!c.closed) await c.run('SET SESSION foreign_key_checks = 1').catch(() => undefined);
  }
}

/**
 * Whether a DDL statement does the same whatever foreign_key_checks says: a CREATE TABLE or an
 * ALTER TABLE ... ADD KEY/INDEX that names no foreign key, a view, or a session setting. Anything
 * else (foreign keys, column changes, drops...) runs with the checks off, as before.
 */
function unaffectedByForeignKeyChecks(sql: string): boolean {
  if (/\b(FOREIGN|REFERENCES)\b/i.test(sql)) return false;
  if (/^\s*CREATE\s+TABLE\s/i.test(sql) && !/\bSELECT\b/i.test(sql)) return true;
  if (/^\s*ALTER\s+TABLE\s+\S+\s+ADD\s+(UNIQUE\s+|FULLTEXT\s+|SPATIAL\s+)?(KEY|INDEX)\s/i.test(sql) && !/\b(DROP|MODIFY|CHANGE|CONVERT|RENAME)\b/i.test(sql)) return true;
  if (/^\s*CREATE\s+(OR\s+REPLACE\s+)?(ALGORITHM\s*=\s*\w+\s+)?(DEFINER\s*=\s*\S+\s+)?(SQL\s+SECURITY\s+\w+\s+)?VIEW\s/i.test(sql)) return true;
  return /^\s*(USE|SET\s+SESSION)\s/i.test(sql);
}
