import type { Readable } from 'node:stream';
import {
  AdapterBase,
  AdapterError,
  tableLabel,
  type Adapter,
  type AdapterConnection,
  type Catalog,
  type CatalogObject,
  type ChunkDescriptor,
  type ChunkPlanOptions,
  type ConnectionOptions,
  type DdlOptions,
  type ForeignType,
  type NeutralObject,
  type NeutralTable,
  type NotCarried,
  type NeutralType,
  type IntrospectScope,
  type LoadOptions,
  type LoadResult,
  type Row,
  type ServerInfo,
  type SizeEstimate,
  type Snapshot,
  type SnapshotOptions,
  type TableRef,
  type TableTrigger,
  type UnloadOptions,
  type UnloadStream,
} from '@sluice/adapter-kit';
import { planTableChunks } from './data/mysql-chunk-planner.js';
import { mysqlNeutralCatalog } from './cross-engine/mysql-neutral-catalog.js';
import { mysqlForeignType, parseMysqlForeignType } from './cross-engine/mysql-foreign-types.js';
import { generateMysqlNeutralDdl, mysqlIdentifierProblem, mysqlNeutralLosses } from './cross-engine/mysql-neutral-ddl.js';
import { estimateTable, estimateTables } from './data/mysql-estimate.js';
import { rangePredicate } from './data/mysql-key-range.js';
import { loadStream } from './data/mysql-load.js';
import { decodeRowStream, encodeRowStream, readChunkRows, writeTableRows } from './data/mysql-rows.js';
import { dataColumns } from './data/mysql-table-columns.js';
import { MYSQL_TSV } from './data/mysql-tsv-format.js';
import { unloadChunk } from './data/mysql-unload.js';
import { deleteAllVersions, isSystemVersioned } from './data/mysql-versioned-delete.js';
import { generateMysqlDdl } from './ddl/mysql-ddl-generator.js';
import { keysTogether, withKeysAtCreate } from './ddl/mysql-keys-at-create.js';
import { RESET_SESSION } from './ddl/mysql-ddl-programs.js';
import { introspectCatalog } from './introspector/mysql-introspector.js';
import { MysqlMasterDialect } from './master-table/mysql-master-dialect.js';
import { asMysql, openMysqlConnection, type MysqlConnection } from './mysql-connection.js';
import { parseConnectionOptions, type MysqlConnectionSettings } from './mysql-connection-options.js';
import { unmaskMysqlSecrets, maskMysqlSecrets } from './introspector/mysql-secrets.js';
import { toAdapterError } from './mysql-errors.js';
import type { MysqlServerFeatures } from './mysql-server-features.js';
import { openMysqlSnapshot } from './mysql-snapshot.js';
import { qualify, qualifyPartition, quoteIdent } from './sql/mysql-quote.js';
import { mysqlScript } from './sql/mysql-script.js';

/**
 * The MySQL / MariaDB adapter: one server and database, reached with mysql2. It wires the
 * introspector, DDL generator, snapshot, chunk planner and LOAD DATA / streaming SELECT data path
 * together; what differs between MariaDB and MySQL lives in MysqlServerFeatures.
 */
export class MysqlAdapter extends AdapterBase implements Adapter {
  readonly name = 'mysql';
  readonly dataEncoding = MYSQL_TSV;
  readonly masterTable: MysqlMasterDialect;
  private readonly settings: MysqlConnectionSettings;
  private serverFeatures: MysqlServerFeatures | undefined;
  private readonly open = new Set<MysqlConnection>();

  constructor(options: ConnectionOptions) {
    super();
    this.settings = parseConnectionOptions(options);
    this.masterTable = new MysqlMasterDialect(() => this.serverFeatures);
  }

  override get estimateMethods(): readonly ('STATISTICS' | 'BLOCKS')[] {
    return ['STATISTICS', 'BLOCKS'];
  }

  /** SHOW CREATE TABLE lists a table's keys in the order they were added (and one ALTER at a time holds the table anyway). */
  override get supportsOrderedKeys(): boolean {
    return true;
  }

  /** What the server can do, once a connection has been opened (undefined before). */
  get features(): MysqlServerFeatures | undefined {
    return this.serverFeatures;
  }

  private async session(purpose: string): Promise<MysqlConnection> {
    const conn = await openMysqlConnection(this.settings, purpose);
    this.serverFeatures = conn.features;
    this.open.add(conn);
    conn.onClose = () => this.open.delete(conn);
    return conn;
  }

  connect(purpose?: string): Promise<AdapterConnection> {
    return this.session(purpose ?? 'session');
  }

  async serverInfo(conn: AdapterConnection): Promise<ServerInfo> {
    const c = asMysql(conn);
    const r = await c.textRow(
      `SELECT VERSION() AS v, @@character_set_database AS cs, @@GLOBAL.time_zone AS tz, @@system_time_zone AS stz,
              @@version_compile_machine AS m, @@version_compile_os AS os, DATABASE() AS db, CURRENT_USER() AS u`,
    );
    const tz = r?.['tz'] ?? 'SYSTEM';
    return {
      engine: this.name,
      product: c.features.product,
      version: r?.['v'] ?? c.features.version,
      versionNumber: c.features.versionNumber,
      charset: r?.['cs'] ?? 'utf8mb4',
      timeZone: tz === 'SYSTEM' ? (r?.['stz'] ?? 'SYSTEM') : tz,
      platform: `${r?.['m'] ?? ''}-${r?.['os'] ?? ''}`,
      database: r?.['db'] ?? '',
      user: r?.['u'] ?? this.settings.user,
      host: this.settings.socketPath ?? this.settings.host,
    };
  }

  openSnapshot(options: SnapshotOptions): Promise<Snapshot> {
    if (options.join !== undefined) {
      return Promise.reject(new AdapterError('UNSUPPORTED', 'A MySQL/MariaDB consistent snapshot cannot be joined by another process (the lateSnapshotJoin capability is false).'));
    }
    return openMysqlSnapshot((purpose) => this.session(purpose), options);
  }

  async introspect(conn: AdapterConnection, scope: IntrospectScope): Promise<Catalog> {
    const c = asMysql(conn);
    try {
      return await introspectCatalog(c, scope, await this.serverInfo(c), (o) => this.generateDdl(o, {}));
    } catch (err) {
      throw toAdapterError(err, { action: 'introspecting' });
    }
  }

  generateDdl(object: CatalogObject, options: DdlOptions): string[] {
    return generateMysqlDdl(object, options, this.serverFeatures);
  }

  /** A small table's secondary keys in its CREATE TABLE: one statement, where an ALTER TABLE per key after the data costs a table lock and a sync each. */
  withKeysAtCreate(table: CatalogObject, keys: readonly CatalogObject[]): CatalogObject {
    return withKeysAtCreate(table, keys);
  }

  /** A big table's keys in one ALTER TABLE after the data: InnoDB reads the rows once and sorts each key from that pass. */
  keysTogether(keys: readonly CatalogObject[]): CatalogObject {
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

  async tableExists(conn: AdapterConnection, table: TableRef): Promise<boolean> {
    const row = await asMysql(conn).textRow('SELECT 1 AS x FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [table.schema, table.name]);
    return row !== undefined;
  }

  async tablesIn(conn: AdapterConnection, schema: string): Promise<readonly string[]> {
    const rows = await asMysql(conn).textRows('SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?', [schema]);
    return rows.map((r) => r['name'] ?? '');
  }

  /** By the table's storage engine (InnoDB: yes; MyISAM, Aria even with TRANSACTIONAL=1, MEMORY, CSV: no); a table not found counts as not. */
  async isTransactionalTable(conn: AdapterConnection, table: TableRef): Promise<boolean> {
    const row = await asMysql(conn).textRow(
      'SELECT e.TRANSACTIONS AS tx FROM information_schema.TABLES t JOIN information_schema.ENGINES e ON e.ENGINE = t.ENGINE WHERE t.TABLE_SCHEMA = ? AND t.TABLE_NAME = ?',
      [table.schema, table.name],
    );
    return row?.['tx'] === 'YES';
  }

  /** MySQL has no way to turn a trigger off (supportsDisableTriggers stays false); they are listed for the log. */
  override async loadTriggers(conn: AdapterConnection, table: TableRef): Promise<readonly TableTrigger[]> {
    const rows = await asMysql(conn).textRows(
      'SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA = ? AND EVENT_OBJECT_TABLE = ? ORDER BY TRIGGER_NAME',
      [table.schema, table.name],
    );
    return rows.map((r) => ({ name: r['name'] ?? '', enabled: 'ENABLED' }));
  }

  async schemaExists(conn: AdapterConnection, schema: string): Promise<boolean> {
    const row = await asMysql(conn).textRow('SELECT 1 AS x FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [schema]);
    return row !== undefined;
  }

  private async withoutForeignKeyChecks(conn: AdapterConnection, table: TableRef, action: string, work: string | ((c: MysqlConnection) => Promise<unknown>)): Promise<void> {
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

  async truncateTable(conn: AdapterConnection, table: TableRef): Promise<void> {
    // MariaDB refuses TRUNCATE on a system-versioned table: its rows and its history are deleted instead.
    return this.withoutForeignKeyChecks(conn, table, 'truncating', async (c) =>
      (await isSystemVersioned(c, table)) ? deleteAllVersions(c, table) : c.run(`TRUNCATE TABLE ${qualify(table.schema, table.name)}`),
    );
  }

  dropTable(conn: AdapterConnection, table: TableRef): Promise<void> {
    return this.withoutForeignKeyChecks(conn, table, 'dropping', `DROP TABLE ${qualify(table.schema, table.name)}`);
  }

  async estimate(conn: AdapterConnection, table: TableRef, method: 'STATISTICS' | 'BLOCKS'): Promise<SizeEstimate> {
    return estimateTable(asMysql(conn), table, method);
  }

  async estimateMany(conn: AdapterConnection, tables: readonly TableRef[], method: 'STATISTICS' | 'BLOCKS'): Promise<SizeEstimate[]> {
    return estimateTables(asMysql(conn), tables, method);
  }

  async planChunks(conn: AdapterConnection, table: CatalogObject, options: ChunkPlanOptions): Promise<ChunkDescriptor[]> {
    try {
      return await planTableChunks(asMysql(conn), table, options);
    } catch (err) {
      throw toAdapterError(err, { action: 'planning chunks of', object: `"${table.schema ?? ''}"."${table.name}"` });
    }
  }

  unload(conn: AdapterConnection, chunk: ChunkDescriptor, options?: UnloadOptions): UnloadStream {
    return unloadChunk(asMysql(conn), chunk, options);
  }

  load(conn: AdapterConnection, table: TableRef, data: Readable, options?: LoadOptions): Promise<LoadResult> {
    return loadStream(asMysql(conn), table, data, options);
  }

  async deleteChunk(conn: AdapterConnection, table: TableRef, chunk: ChunkDescriptor): Promise<number> {
    const c = asMysql(conn);
    try {
      if (await isSystemVersioned(c, table)) {
        // History rows cannot be deleted by key or partition: a versioned table moves as one whole chunk.
        if (chunk.range.kind !== 'whole' || chunk.partition !== undefined) {
          throw new AdapterError('UNSUPPORTED', `Cannot clear a part of system-versioned table ${tableLabel(table)}: its history rows can only be deleted all together; import the table again with TABLE_EXISTS_ACTION=REPLACE`, { object: tableLabel(table) });
        }
        return await deleteAllVersions(c, table);
      }
      const where = rangePredicate(chunk.range, await dataColumns(c, table));
      const from = qualifyPartition(table.schema, table.name, chunk.partition);
      return (await c.exec(`DELETE FROM ${from}${where === null ? '' : ` WHERE ${where}`}`)).affectedRows;
    } catch (err) {
      throw toAdapterError(err, { action: 'deleting a chunk of', object: tableLabel(table), fallback: 'LOAD_FAILED' });
    }
  }

  async chunkHasRows(conn: AdapterConnection, table: TableRef, chunk: ChunkDescriptor): Promise<boolean> {
    const c = asMysql(conn);
    try {
      // A versioned table's chunk is cleared with its history (deleteChunk), so history rows count.
      if (await isSystemVersioned(c, table)) return (await c.textRow(`SELECT 1 AS x FROM ${qualify(table.schema, table.name)} FOR SYSTEM_TIME ALL LIMIT 1`)) !== undefined;
      const where = rangePredicate(chunk.range, await dataColumns(c, table));
      const from = qualifyPartition(table.schema, table.name, chunk.partition);
      return (await c.textRow(`SELECT 1 AS x FROM ${from}${where === null ? '' : ` WHERE ${where}`} LIMIT 1`)) !== undefined;
    } catch (err) {
      throw toAdapterError(err, { action: 'looking into a chunk of', object: tableLabel(table), fallback: 'LOAD_FAILED' });
    }
  }

  /** A server definition's password and a table's CONNECTION= password, masked for the master table. */
  maskSecrets(object: CatalogObject): CatalogObject | undefined {
    return maskMysqlSecrets(object);
  }

  /** A masked object's passwords read again from this server (an import over a network link). */
  async unmaskSecrets(conn: AdapterConnection, object: CatalogObject): Promise<CatalogObject> {
    try {
      return await unmaskMysqlSecrets(asMysql(conn), object);
    } catch (err) {
      if (err instanceof AdapterError) throw err;
      throw toAdapterError(err, { action: 'reading the secrets of', object: `${object.kind} ${object.name}` });
    }
  }

  readRows(conn: AdapterConnection, chunk: ChunkDescriptor, options?: UnloadOptions): AsyncIterable<Row[]> {
    return readChunkRows(asMysql(conn), chunk, options);
  }

  writeRows(conn: AdapterConnection, table: TableRef, columns: readonly string[], rows: AsyncIterable<Row[]>, options?: LoadOptions): Promise<LoadResult> {
    return writeTableRows(asMysql(conn), table, columns, rows, options);
  }

  decodeRows(data: Readable): AsyncIterable<Row[]> {
    return decodeRowStream(data);
  }

  encodeRows(rows: AsyncIterable<Row[]>): Readable {
    return encodeRowStream(rows);
  }

  /** Cross-engine source: these objects in neutral terms. */
  neutralCatalog(objects: readonly CatalogObject[]): NeutralObject[] {
    return mysqlNeutralCatalog(objects);
  }

  /** Cross-engine target: how a column of another engine is stored here. */
  foreignType(type: NeutralType): ForeignType | undefined {
    return mysqlForeignType(type);
  }

  /** Cross-engine target: a TRANSFORM=COLUMN_TYPE type. */
  parseForeignType(native: string): ForeignType | undefined {
    return parseMysqlForeignType(native);
  }

  /** Cross-engine target: DDL for a neutral object. */
  generateNeutralDdl(object: NeutralObject, options: DdlOptions): string[] {
    return generateMysqlNeutralDdl(object, options);
  }

  /** Cross-engine target: what DDL for a neutral table leaves out here. */
  neutralLosses(table: NeutralTable): NotCarried[] {
    return mysqlNeutralLosses(table);
  }

  /** Cross-engine target: why a name does not fit here. */
  identifierProblem(name: string): string | undefined {
    return mysqlIdentifierProblem(name);
  }

  async close(): Promise<void> {
    await Promise.all([...this.open].map((c) => c.close()));
  }
}

/** The adapter factory: `createMysqlAdapter({ url: 'mysql://root@127.0.0.1:3306/test' })`; accepts mysql:// and mariadb:// URLs. */
export function createMysqlAdapter(options: ConnectionOptions): MysqlAdapter {
  return new MysqlAdapter(options);
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
