import type { MysqlConnection } from '../mysql-connection.js';
import type { MysqlColumnDef, MysqlIndexDetail, MysqlPartitioning, MysqlTableDetail } from '../model/mysql-details.js';
import { qualify, quoteIdent } from '../sql/mysql-quote.js';
import type { CheckRow } from './mysql-introspect-checks.js';
import { introspectColumns } from './mysql-introspect-columns.js';
import { introspectPartitions } from './mysql-introspect-partitions.js';
import type { ResolvedScope } from './mysql-introspect-scope.js';
import { withExplicitUsing } from './mysql-introspect-keys.js';
import { exactColumn } from './mysql-exact-columns.js';
import { withRowLimits } from './mysql-partition-row-limits.js';
import { exactText } from './mysql-exact-text.js';
import { temporalFacts } from './mysql-introspect-temporal.js';
import { connectionLiteral } from './mysql-introspect-servers.js';
import { innodbTablespaces } from './mysql-introspect-tablespaces.js';

// A MERGE (MRG_MyISAM) table's rows are its underlying tables' rows, moved with those tables.
const NO_LOCAL_DATA = /^(BLACKHOLE|FEDERATED|FEDERATEDX|CONNECT|SPIDER|MRG_MYISAM|MRG_MyISAM|MERGE)$/i;

/** A base table with what becomes its own objects (secondary keys, table-level checks). */
export interface TableFacts {
  readonly schema: string;
  readonly name: string;
  readonly detail: MysqlTableDetail;
  /** Keys created after the data (INDEX and unique CONSTRAINT objects). */
  readonly secondaryKeys: readonly MysqlIndexDetail[];
  readonly checks: readonly CheckRow[];
  readonly ddl: string;
}

/** Base tables in scope with columns, keys, partitioning and options. */
export async function introspectTables(conn: MysqlConnection, scope: ResolvedScope, keys: ReadonlyMap<string, readonly MysqlIndexDetail[]>, checks: readonly CheckRow[]): Promise<TableFacts[]> {
  const columnChecks = new Map<string, string>();
  for (const c of checks) if (c.level === 'Column') columnChecks.set(`${c.schema}\0${c.table}\0${c.name}`, c.clause);
  const columns = await introspectColumns(conn, scope.schemas, columnChecks);
  const partitions = await introspectPartitions(conn, scope.schemas);
  const tablespaces = await innodbTablespaces(conn, scope.schemas);
  const rows = await conn.textRows(
    `SELECT t.TABLE_SCHEMA AS s, t.TABLE_NAME AS n, t.ENGINE AS engine, t.AUTO_INCREMENT AS ai, t.TABLE_COLLATION AS coll, c.CHARACTER_SET_NAME AS cs, t.CREATE_OPTIONS AS opts,
            t.TABLE_COMMENT AS comment
       FROM information_schema.TABLES t
       LEFT JOIN information_schema.COLLATIONS c ON c.COLLATION_NAME = t.TABLE_COLLATION
      WHERE t.TABLE_SCHEMA IN (?) AND t.TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')
      ORDER BY t.TABLE_SCHEMA, t.TABLE_NAME`,
    [scope.schemas],
  );
  const out: TableFacts[] = [];
  for (const r of rows) {
    const schema = r['s'] as string;
    const name = r['n'] as string;
    if (!scope.includesTable(schema, name)) continue;
    const key = `${schema}\0${name}`;
    const listed = columns.get(key) ?? [];
    const engine = r['engine'] ?? null;
    const showCreate = await conn.textRow(`SHOW CREATE TABLE ${qualify(schema, name)}`);
    const ddl = showCreate?.['Create Table'] ?? '';
    const temporal = temporalFacts(
      ddl,
      listed.map((c) => exactColumn(c.check === undefined || !c.check.includes('?') ? c : { ...c, check: exactText(c.check, ddl) }, ddl)),
      (keys.get(key) ?? []).map((k) => withExplicitUsing(k, engine, ddl)),
      checks.filter((c) => c.schema === schema && c.table === name),
      partitions.get(key) ?? null,
    );
    const allKeys = temporal.keys;
    const primaryKey = allKeys.find((k) => k.kind === 'PRIMARY') ?? null;
    const cols = temporal.columns;
    const versioned = temporal.systemVersioning !== undefined;
    // A MERGE table cannot gain a key once it is made: every key goes in its CREATE TABLE.
    const merge = engine !== null && /^(MRG_MyISAM|MERGE)$/i.test(engine);
    const createKeys = merge ? allKeys.filter((k) => k !== primaryKey) : keysNeededAtCreate(cols, primaryKey, allKeys);
    const partitioning = withRowLimits(withDefaultPartition(temporal.partitioning, ddl), ddl);
    const options: Record<string, string> = {};
    if (engine !== null) options['ENGINE'] = engine;
    if (r['cs']) options['DEFAULT CHARSET'] = r['cs'];
    if (r['coll']) options['COLLATE'] = r['coll'];
    Object.assign(options, parseCreateOptions(r['opts'] ?? ''));
    // Aria lists TRANSACTIONAL=1 in CREATE_OPTIONS when it is only its default; SHOW CREATE TABLE
    // names it when it was asked for, and that is what is written again.
    if (options['TRANSACTIONAL'] !== undefined && !/\bTRANSACTIONAL=/i.test(tableOptionsOf(ddl))) delete options['TRANSACTIONAL'];
    if (merge) Object.assign(options, mergeOptions(tableOptionsOf(ddl)));
    // CREATE_OPTIONS does not list CONNECTION= (FEDERATED, CONNECT, Spider): taken as SHOW CREATE TABLE writes it.
    const connection = connectionLiteral(tableOptionsOf(ddl));
    if (connection !== undefined) options['CONNECTION'] = connection;
    const hasAutoIncrement = cols.some((c) => c.identity !== undefined);
    const detail: MysqlTableDetail = {
      columns: cols,
      keyColumns: chunkKey(cols, primaryKey, allKeys),
      // A versioned table's rows move whole, never one partition or key range at a time: history
      // rows cannot be deleted by partition or key, so a restart could not clear a part of them.
      tableKind: partitioning === null || versioned ? 'regular' : 'partitioned',
      ...(partitioning === null || versioned ? {} : { partitions: partitioning.partitions.map((p) => p.name) }),
      ...(r['comment'] ? { comment: exactText(r['comment'], tableOptionsOf(ddl)) } : {}),
      options,
      // InnoDB's tablespace (undefined when the dictionary is not shown); other engines keep none.
      storageTablespace: engine !== null && /^InnoDB$/i.test(engine) ? tablespaces?.get(key) : null,
      // Rows of these engines live elsewhere or nowhere; unloading them would copy a remote server or nothing.
      hasData: engine === null || !NO_LOCAL_DATA.test(engine),
      primaryKey,
      createKeys,
      ...(createKeys.length > 0 && allKeys.length > createKeys.length ? { keyOrder: allKeys.map((k) => k.name) } : {}),
      partitioning,
      autoIncrement: hasAutoIncrement ? (r['ai'] ?? null) : null,
      ...(temporal.systemVersioning === undefined ? {} : { systemVersioning: temporal.systemVersioning }),
      ...(temporal.periods.length === 0 ? {} : { periods: temporal.periods }),
    };
    const created = new Set([primaryKey, ...createKeys]);
    out.push({
      schema,
      name,
      detail,
      secondaryKeys: allKeys.filter((k) => !created.has(k)),
      checks: temporal.checks.filter((c) => c.level === 'Table').map((c) => ({ ...c, clause: exactText(c.clause, ddl) })),
      ddl,
    });
  }
  return out;
}

/** MariaDB lists a LIST partition's DEFAULT as the value 0; SHOW CREATE TABLE tells them apart. */
function withDefaultPartition(p: MysqlPartitioning | null, ddl: string): MysqlPartitioning | null {
  if (p === null || !p.method.startsWith('LIST')) return p;
  return {
    ...p,
    partitions: p.partitions.map((x) => (ddl.includes(`PARTITION ${quoteIdent(x.name)} DEFAULT`) ? { ...x, description: 'DEFAULT' } : x)),
  };
}

/** Parse information_schema.TABLES.CREATE_OPTIONS (`row_format=COMPRESSED key_block_size=8 `encrypted`=yes`). */
export function parseCreateOptions(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const token of text.trim().split(/\s+/)) {
    const eq = token.indexOf('=');
    if (eq <= 0) continue; // `partitioned` and other flags
    const rawKey = token.slice(0, eq);
    const key = rawKey.startsWith('`') ? rawKey : rawKey.toUpperCase();
    out[key] = token.slice(eq + 1);
  }
  return out;
}

/** The table options of a SHOW CREATE TABLE statement: what follows the closing parenthesis of its column list. */
function tableOptionsOf(ddl: string): string {
  const end = ddl.lastIndexOf('\n)');
  return end < 0 ? '' : (ddl.slice(end + 2).split(/\n(?=\s*PARTITION BY)/i)[0] ?? '');
}

/** A MERGE table's INSERT_METHOD and UNION, which CREATE_OPTIONS does not list (names as SHOW CREATE TABLE quotes them). */
function mergeOptions(tableOptions: string): Record<string, string> {
  const out: Record<string, string> = {};
  const method = /\bINSERT_METHOD=(\w+)/i.exec(tableOptions);
  if (method !== null) out['INSERT_METHOD'] = (method[1] as string).toUpperCase();
  const union = /\bUNION=\(((?:`(?:[^`]|``)*`|[^)`])*)\)/i.exec(tableOptions);
  if (union !== null) out['UNION'] = `(${union[1] as string})`;
  return out;
}

/** An AUTO_INCREMENT column must lead some key when the table is created; keep that key in CREATE TABLE. */
function keysNeededAtCreate(cols: readonly MysqlColumnDef[], primaryKey: MysqlIndexDetail | null, keys: readonly MysqlIndexDetail[]): MysqlIndexDetail[] {
  const ai = cols.find((c) => c.identity !== undefined);
  if (ai === undefined) return [];
  if (primaryKey?.parts[0]?.column === ai.name) return [];
  const holder = keys.find((k) => k.kind !== 'PRIMARY' && k.kind !== 'FULLTEXT' && k.kind !== 'SPATIAL' && k.parts[0]?.column === ai.name);
  return holder === undefined ? [] : [holder];
}

/** The primary key, or the first unique key of whole NOT NULL columns: what chunks are cut by. */
function chunkKey(cols: readonly MysqlColumnDef[], primaryKey: MysqlIndexDetail | null, keys: readonly MysqlIndexDetail[]): string[] {
  const usable = (k: MysqlIndexDetail): boolean =>
    k.parts.every((p) => p.column !== null && p.length === undefined && p.expression === undefined && cols.find((c) => c.name === p.column)?.nullable === false);
  const key = primaryKey !== null && usable(primaryKey) ? primaryKey : keys.find((k) => k.kind === 'UNIQUE' && usable(k));
  return key === undefined ? [] : key.parts.map((p) => p.column as string);
}
