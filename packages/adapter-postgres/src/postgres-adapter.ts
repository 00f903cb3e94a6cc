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
  type DataEncoding,
  type DdlOptions,
  type ForeignType,
  type NeutralObject,
  type NeutralType,
  type IntrospectScope,
  type LoadOptions,
  type LoadResult,
  type MasterTableDialect,
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
import { chunkHasRowsOf, deleteChunkRows, loadStream, unloadStream } from './data/postgres-copy.js';
import { LARGE_OBJECT_DATA, clearLargeObjects, isLargeObjectData, largeObjectsExist, largeObjectsHaveContent, loadLargeObjects, planLargeObjectChunks, unloadLargeObjects } from './data/postgres-large-objects.js';
import { planChunks } from './data/postgres-chunk-planner.js';
import { estimateTable, estimateTables } from './data/postgres-estimate.js';
import { loadTriggers, mayDisableTriggers, setTriggers } from './data/postgres-triggers.js';
import { decodeRows, encodeRows, readRows, writeRows } from './data/postgres-rows.js';
import { postgresNeutralCatalog } from './cross-engine/postgres-neutral-catalog.js';
import { parsePostgresForeignType, postgresForeignType } from './cross-engine/postgres-foreign-types.js';
import { generatePostgresNeutralDdl, postgresIdentifierProblem } from './cross-engine/postgres-neutral-ddl.js';
import { generatePostgresDdl } from './ddl/postgres-ddl-generator.js';
import { introspectPostgres } from './introspector/postgres-introspector.js';
import { maskPostgresSecrets, unmaskPostgresSecrets } from './introspector/postgres-secrets.js';
import { postgresMasterDialect } from './master-table/postgres-master-dialect.js';
import { openPostgresConnection, postgresDisplayUrl, PostgresConnection } from './postgres-connection.js';
import { wrapPgError } from './postgres-errors.js';
import { postgresServerInfo } from './postgres-server-info.js';
import { PostgresSnapshot } from './postgres-snapshot.js';
import { qualify } from './sql/postgres-quote.js';
import { withIndexBuildMemory } from './ddl/postgres-index-build.js';

/** The byte format of unload and load streams: PostgreSQL's COPY text format, in UTF-8, ISO dates, UTC. */
export const PG_COPY_TEXT: DataEncoding = { name: 'pg-copy-text', version: 1 };

/**
 * The PostgreSQL adapter: `pg` sessions, COPY streams through `pg-copy-streams`, introspection from
 * the system catalogs. One instance is bound to one database; every session it opens is closed by
 * `close()` at the latest.
 */
export class PostgresAdapter extends AdapterBase implements Adapter {
  /**
   * As pg_dump's scripts start: function bodies are not checked against objects created later in the
   * script (plpgsql bodies, `%TYPE`), text is UTF-8 with standard strings, and notices stay quiet.
   */
  readonly scriptPreamble: readonly string[] = [
    'SET statement_timeout = 0',
    "SET client_encoding = 'UTF8'",
    'SET standard_conforming_strings = on',
    'SET check_function_bodies = false',
    'SET client_min_messages = warning',
  ];
  readonly name = 'postgres';
  readonly dataEncoding: DataEncoding = PG_COPY_TEXT;
  readonly masterTable: MasterTableDialect = postgresMasterDialect;
  private readonly sessions = new Set<PostgresConnection>();
  private readonly snapshots = new Set<PostgresSnapshot>();

  constructor(private readonly options: ConnectionOptions) {
    super();
  }

  override get supportsTransactionalDdl(): boolean {
    return true;
  }
  override get supportsSchemas(): boolean {
    return true;
  }
  override get supportsSequences(): boolean {
    return true;
  }
  override get supportsPhysicalChunks(): boolean {
    return true;
  }
  override get supportsLateSnapshotJoin(): boolean {
    return true;
  }
  override get estimateMethods(): readonly ('STATISTICS' | 'BLOCKS')[] {
    return ['STATISTICS', 'BLOCKS'];
  }
  /** `public` exists in every new database (pg_dump never creates it either). */
  override get defaultSchemas(): readonly string[] {
    return ['public'];
  }
  /** ALTER TABLE ... DISABLE TRIGGER is transactional. */
  override get supportsDisableTriggers(): boolean {
    return true;
  }

  async connect(purpose?: string): Promise<AdapterConnection> {
    const conn = await openPostgresConnection(this.options, purpose, (c) => this.sessions.delete(c));
    this.sessions.add(conn);
    return conn;
  }

  serverInfo(conn: AdapterConnection): Promise<ServerInfo> {
    const host = (() => {
      try {
        return new URL(this.options.url).host || 'localhost';
      } catch {
        return 'unknown';
      }
    })();
    return postgresServerInfo(session(conn), host);
  }

  async openSnapshot(options: SnapshotOptions): Promise<Snapshot> {
    const snapshot = await PostgresSnapshot.start((purpose) => this.connect(purpose) as Promise<PostgresConnection>, options);
    this.snapshots.add(snapshot);
    snapshot.onClose = () => this.snapshots.delete(snapshot);
    return snapshot;
  }

  async introspect(conn: AdapterConnection, scope: IntrospectScope): Promise<Catalog> {
    const c = session(conn);
    return introspectPostgres(c, scope, await this.serverInfo(c));
  }

  generateDdl(object: CatalogObject, options: DdlOptions): string[] {
    return generatePostgresDdl(object, options);
  }

  async execute(conn: AdapterConnection, statements: readonly string[], object?: string): Promise<void> {
    const c = session(conn);
    // Several statements of one object run as one transaction when none is open, so a failure leaves nothing half made.
    const own = statements.length > 1 && !c.inTransaction;
    const context = { action: 'execute DDL for', object: object ?? 'statement', fallback: 'DDL_FAILED' as const, forceFallback: true };
    try {
      // One round trip for all of them: a simple query of several statements runs them in order and
      // stops at the first that fails (each ends at its own `;`, a line of its own after a comment).
      // An index build carries its raise of maintenance_work_mem in the same round trip.
      const sent = statements.map(withIndexBuildMemory);
      const batch = sent.length === 1 ? sent[0]! : sent.map((sql) => `${sql}\n;`).join('\n');
      await c.client.query(own ? `BEGIN;\n${batch}\n;COMMIT` : batch);
    } catch (err) {
      if (own) await c.client.query('ROLLBACK').catch(() => undefined);
      throw wrapPgError(err, context);
    }
  }

  async tableExists(conn: AdapterConnection, table: TableRef): Promise<boolean> {
    if (isLargeObjectData(table)) return largeObjectsExist(session(conn));
    const r = await session(conn).query(
      `SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p', 'f')`,
      [table.schema, table.name],
      { action: 'check table', object: tableLabel(table) },
    );
    return r.rows.length > 0;
  }

  async tablesIn(conn: AdapterConnection, schema: string): Promise<readonly string[]> {
    const r = await session(conn).query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'f')`,
      [schema],
      { action: 'list the tables of', object: `"${schema}"` },
    );
    const names = r.rows.map((row) => row.name);
    // Large-object data "exists" as tableExists says: when there are large objects, not because pg_largeobject does.
    if (schema !== LARGE_OBJECT_DATA.schema) return names;
    const others = names.filter((n) => n !== LARGE_OBJECT_DATA.name);
    return (await largeObjectsExist(session(conn))) ? [...others, LARGE_OBJECT_DATA.name] : others;
  }

  async schemaExists(conn: AdapterConnection, schema: string): Promise<boolean> {
    const r = await session(conn).query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema], { action: 'check schema', object: `"${schema}"` });
    return r.rows.length > 0;
  }

  async truncateTable(conn: AdapterConnection, table: TableRef): Promise<void> {
    // Large objects are written piece by piece over what is there: nothing to empty (others stay as they are).
    if (isLargeObjectData(table)) return;
    const c = session(conn);
    const r = await c.query<{ relkind: string }>(
      `SELECT c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2`,
      [table.schema, table.name],
      { action: 'truncate', object: tableLabel(table) },
    );
    // ONLY keeps inheritance children (tables of their own); a partitioned table is truncated with its partitions.
    const only = r.rows[0]?.relkind === 'p' ? '' : 'ONLY ';
    await c.query(`TRUNCATE ${only}${qualify(table.schema, table.name)}`, [], { action: 'truncate', object: tableLabel(table) });
  }

  async dropTable(conn: AdapterConnection, table: TableRef): Promise<void> {
    if (isLargeObjectData(table)) return;
    const c = session(conn);
    const context = { action: 'drop', object: tableLabel(table) };
    // A serial column's sequence is owned by its table and would go with it; the SEQUENCE object was
    // created on its own and the table's DDL owns it again, so it is released first (REPLACE).
    const owned = await c.query<{ seq: string }>(
      `SELECT format('%I.%I', sn.nspname, s.relname) AS seq
         FROM pg_depend d JOIN pg_class s ON s.oid = d.objid JOIN pg_namespace sn ON sn.oid = s.relnamespace
         JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace
        WHERE d.classid = 1259 AND d.refclassid = 1259 AND d.deptype = 'a' AND s.relkind = 'S' AND tn.nspname = $1 AND t.relname = $2`,
      [table.schema, table.name],
      context,
    );
    // Foreign keys of other tables that reference this one are dropped with it, as Oracle's DROP TABLE
    // ... CASCADE CONSTRAINTS does. Not PostgreSQL's CASCADE: that would silently drop dependent views too.
    const referencing = await c.query<{ tbl: string; con: string }>(
      `SELECT format('%I.%I', rn.nspname, r.relname) AS tbl, quote_ident(k.conname) AS con
         FROM pg_constraint k JOIN pg_class r ON r.oid = k.conrelid JOIN pg_namespace rn ON rn.oid = r.relnamespace
        WHERE k.contype = 'f' AND k.conparentid = 0 AND k.conrelid <> k.confrelid
          AND k.confrelid = (SELECT t.oid FROM pg_class t JOIN pg_namespace tn ON tn.oid = t.relnamespace WHERE tn.nspname = $1 AND t.relname = $2)`,
      [table.schema, table.name],
      context,
    );
    const own = owned.rows.length + referencing.rows.length > 0 && !c.inTransaction;
    try {
      if (own) await c.query('BEGIN', [], context);
      for (const { seq } of owned.rows) await c.query(`ALTER SEQUENCE ${seq} OWNED BY NONE`, [], context);
      for (const { tbl, con } of referencing.rows) await c.query(`ALTER TABLE ${tbl} DROP CONSTRAINT ${con}`, [], context);
      await c.query(`DROP TABLE ${qualify(table.schema, table.name)}`, [], context);
      if (own) await c.query('COMMIT', [], context);
    } catch (err) {
      if (own) await c.query('ROLLBACK', [], context).catch(() => undefined);
      throw err;
    }
  }

  override loadTriggers(conn: AdapterConnection, table: TableRef): Promise<readonly TableTrigger[]> {
    return loadTriggers(session(conn), table);
  }

  override mayDisableTriggers(conn: AdapterConnection, table: TableRef): Promise<boolean> {
    return mayDisableTriggers(session(conn), table);
  }

  override disableTriggers(conn: AdapterConnection, table: TableRef, triggers: readonly TableTrigger[]): Promise<void> {
    return setTriggers(session(conn), table, triggers, false);
  }

  override enableTriggers(conn: AdapterConnection, table: TableRef, triggers: readonly TableTrigger[]): Promise<void> {
    return setTriggers(session(conn), table, triggers, true);
  }

  estimate(conn: AdapterConnection, table: TableRef, method: 'STATISTICS' | 'BLOCKS'): Promise<SizeEstimate> {
    return estimateTable(session(conn), table, method);
  }

  estimateMany(conn: AdapterConnection, tables: readonly TableRef[], method: 'STATISTICS' | 'BLOCKS'): Promise<SizeEstimate[]> {
    return estimateTables(session(conn), tables, method);
  }

  planChunks(conn: AdapterConnection, table: CatalogObject, options: ChunkPlanOptions): Promise<ChunkDescriptor[]> {
    if (table.schema !== null && isLargeObjectData({ schema: table.schema, name: table.name })) return planLargeObjectChunks(session(conn), options.targetBytes);
    return planChunks(session(conn), table, options);
  }

  unload(conn: AdapterConnection, chunk: ChunkDescriptor, options?: UnloadOptions): UnloadStream {
    if (isLargeObjectData(chunk.table)) return unloadLargeObjects(session(conn), chunk);
    return unloadStream(session(conn), chunk, options);
  }

  load(conn: AdapterConnection, table: TableRef, data: Readable, options?: LoadOptions): Promise<LoadResult> {
    if (isLargeObjectData(table)) return loadLargeObjects(session(conn), data);
    return loadStream(session(conn), table, data, options);
  }

  deleteChunk(conn: AdapterConnection, table: TableRef, chunk: ChunkDescriptor): Promise<number> {
    if (isLargeObjectData(table)) return clearLargeObjects(session(conn), chunk);
    return deleteChunkRows(session(conn), table, chunk);
  }

  chunkHasRows(conn: AdapterConnection, table: TableRef, chunk: ChunkDescriptor): Promise<boolean> {
    if (isLargeObjectData(table)) return largeObjectsHaveContent(session(conn), chunk);
    return chunkHasRowsOf(session(conn), table, chunk);
  }

  readRows(conn: AdapterConnection, chunk: ChunkDescriptor, options?: UnloadOptions): AsyncIterable<Row[]> {
    return readRows(session(conn), chunk, options);
  }

  writeRows(conn: AdapterConnection, table: TableRef, columns: readonly string[], rows: AsyncIterable<Row[]>, options?: LoadOptions): Promise<LoadResult> {
    return writeRows(session(conn), table, columns, rows, options);
  }

  decodeRows(data: Readable): AsyncIterable<Row[]> {
    return decodeRows(data);
  }

  encodeRows(rows: AsyncIterable<Row[]>): Readable {
    return encodeRows(rows);
  }

  /** Cross-engine source: these objects in neutral terms. */
  neutralCatalog(objects: readonly CatalogObject[]): NeutralObject[] {
    return postgresNeutralCatalog(objects);
  }

  /** A user mapping's or server's `password` option, a subscription's connection password: masked for the master table. */
  maskSecrets(object: CatalogObject): CatalogObject | undefined {
    return maskPostgresSecrets(object);
  }

  /** A masked object's passwords read again from this server (an import over a network link). */
  unmaskSecrets(conn: AdapterConnection, object: CatalogObject): Promise<CatalogObject> {
    return unmaskPostgresSecrets(session(conn), object);
  }

  /** Cross-engine target: how a column of another engine is stored here. */
  foreignType(type: NeutralType): ForeignType | undefined {
    return postgresForeignType(type);
  }

  /** Cross-engine target: a TRANSFORM=COLUMN_TYPE type. */
  parseForeignType(native: string): ForeignType | undefined {
    return parsePostgresForeignType(native);
  }

  /** Cross-engine target: DDL for a neutral object. */
  generateNeutralDdl(object: NeutralObject, options: DdlOptions): string[] {
    return generatePostgresNeutralDdl(object, options);
  }

  /** Cross-engine target: why a name does not fit here. */
  identifierProblem(name: string): string | undefined {
    return postgresIdentifierProblem(name);
  }

  async close(): Promise<void> {
    const snapshots = [...this.snapshots];
    this.snapshots.clear();
    await Promise.all(snapshots.map((s) => s.close()));
    await Promise.all([...this.sessions].map((c) => c.close()));
  }

  /** The URL without its password, for messages. */
  get displayUrl(): string {
    return postgresDisplayUrl(this.options.url);
  }
}

/** The PostgreSQL session behind an AdapterConnection handed out by this adapter. */
function session(conn: AdapterConnection): PostgresConnection {
  if (!(conn instanceof PostgresConnection)) {
    throw new AdapterError('BAD_ARGUMENT', 'This connection was not opened by the PostgreSQL adapter.');
  }
  return conn;
}

/** The adapter factory (an AdapterFactory): `createPostgresAdapter({ url: 'postgres://user@host/db' })`. */
export function createPostgresAdapter(options: ConnectionOptions): Adapter {
  return new PostgresAdapter(options);
}
