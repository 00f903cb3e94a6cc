import type { DdlTransforms } from '@sluice/adapter-kit';
import type { MysqlServerFeatures } from '../mysql-server-features.js';
import type { MysqlColumnDef, MysqlIndexDetail, MysqlPartitioning, MysqlTableDetail } from '../model/mysql-details.js';
import { quoteIdent, quoteString } from '../sql/mysql-quote.js';
import { keyDefinition } from './mysql-ddl-keys.js';

/** Table options that describe storage (TRANSFORM STORAGE=N / omitStorage). */
const STORAGE_OPTIONS = new Set([
  'ROW_FORMAT',
  'KEY_BLOCK_SIZE',
  'PAGE_COMPRESSED',
  'PAGE_COMPRESSION_LEVEL',
  'COMPRESSION',
  'MAX_ROWS',
  'MIN_ROWS',
  'AVG_ROW_LENGTH',
  'PACK_KEYS',
  'DATA DIRECTORY',
  'INDEX DIRECTORY',
]);

/** Types whose columns carry a character set. */
const CHARACTER_TYPES = /^(char|varchar|tinytext|text|mediumtext|longtext|enum|set)\b/i;

/** One column definition line. */
export function columnDefinition(c: MysqlColumnDef, transforms: DdlTransforms, features: MysqlServerFeatures | undefined): string {
  let sql = `${quoteIdent(c.name)} ${c.nativeType}`;
  if (c.charset !== undefined && CHARACTER_TYPES.test(c.nativeType)) sql += ` CHARACTER SET ${c.charset}`;
  if (c.collation !== undefined && CHARACTER_TYPES.test(c.nativeType)) sql += ` COLLATE ${c.collation}`;
  if (c.srid !== undefined) sql += ` /*!80003 SRID ${c.srid} */`;
  if (c.rowPeriod !== undefined) {
    sql += ` GENERATED ALWAYS AS ROW ${c.rowPeriod}`;
  } else if (c.generated !== undefined) {
    sql += ` GENERATED ALWAYS AS (${c.generated.expression}) ${c.generated.stored ? 'STORED' : 'VIRTUAL'}`;
    if (!c.nullable) sql += ' NOT NULL';
  } else {
    sql += c.nullable ? ' NULL' : ' NOT NULL';
    if (c.default !== null) sql += ` DEFAULT ${c.default}`;
    if (c.onUpdate !== undefined) sql += ` ON UPDATE ${c.onUpdate}`;
  }
  if (c.identity !== undefined) sql += ' AUTO_INCREMENT';
  if (c.invisible === true && (features?.supportsInvisibleColumns ?? true)) sql += ' INVISIBLE';
  if (c.comment !== undefined && transforms.omitComments !== true) sql += ` COMMENT ${quoteString(c.comment)}`;
  if (c.check !== undefined) sql += ` CHECK (${c.check})`;
  if (c.withoutVersioning === true) sql += ' WITHOUT SYSTEM VERSIONING';
  return sql;
}

/** Table options after the closing parenthesis, with the transforms applied. */
export function tableOptions(detail: MysqlTableDetail, transforms: DdlTransforms): string {
  const parts: string[] = [];
  if (transforms.omitTableOptions !== true) {
    for (const [key, value] of Object.entries(detail.options ?? {})) {
      if (key === 'ENGINE' && transforms.omitEngine === true) continue;
      if (STORAGE_OPTIONS.has(key) && transforms.omitStorage === true) continue;
      if (key === 'TABLESPACE' && transforms.omitTablespace === true) continue;
      parts.push(`${key}=${value}`);
    }
  }
  if (detail.comment !== undefined && transforms.omitComments !== true) parts.push(`COMMENT=${quoteString(detail.comment)}`);
  return parts.join(' ');
}

/** The PARTITION BY clause. */
export function partitionClause(p: MysqlPartitioning, transforms: DdlTransforms): string {
  const systemTime = p.method === 'SYSTEM_TIME';
  let sql = systemTime ? `PARTITION BY SYSTEM_TIME${p.rotation ? ` ${p.rotation}` : ''}` : `PARTITION BY ${p.method}${p.method.includes('COLUMNS') ? '' : ' '}(${p.expression})`;
  const subCount = p.partitions[0]?.subpartitions.length ?? 0;
  const limits = (x: { readonly maxRows?: string; readonly minRows?: string }): string =>
    transforms.omitStorage === true ? '' : `${x.maxRows === undefined ? '' : ` MAX_ROWS = ${x.maxRows}`}${x.minRows === undefined ? '' : ` MIN_ROWS = ${x.minRows}`}`;
  const subDefault =
    p.subMethod !== undefined && p.subDefaultNames && p.partitions.every((x) => x.subpartitions.length === subCount && x.subpartitions.every((s) => s.comment === undefined && limits(s) === ''));
  if (p.subMethod !== undefined) {
    sql += `\nSUBPARTITION BY ${p.subMethod} (${p.subExpression ?? ''})`;
    if (subDefault) sql += `\nSUBPARTITIONS ${subCount}`;
  }
  const comments = transforms.omitComments !== true;
  const plain = p.defaultNames && p.partitions.every((x) => (x.comment === undefined || !comments) && limits(x) === '') && (p.subMethod === undefined || subDefault);
  if (plain) return `${sql}\nPARTITIONS ${p.partitions.length}`;
  const defs = p.partitions.map((part) => {
    let def = `PARTITION ${quoteIdent(part.name)}`;
    if (systemTime) def += part.description === 'CURRENT' ? ' CURRENT' : ' HISTORY';
    else if (part.description !== null) def += ` ${valuesClause(p.method, part.description)}`;
    if (part.comment !== undefined && comments) def += ` COMMENT = ${quoteString(part.comment)}`;
    def += limits(part);
    if (p.subMethod !== undefined && !subDefault) {
      const subs = part.subpartitions.map((s) => `SUBPARTITION ${quoteIdent(s.name)}${s.comment !== undefined && comments ? ` COMMENT = ${quoteString(s.comment)}` : ''}${limits(s)}`);
      def += `\n (${subs.join(',\n  ')})`;
    }
    return def;
  });
  return `${sql}\n(${defs.join(',\n ')})`;
}

function valuesClause(method: string, description: string): string {
  if (method.startsWith('RANGE')) {
    return description === 'MAXVALUE' && !method.includes('COLUMNS') ? 'VALUES LESS THAN MAXVALUE' : `VALUES LESS THAN (${description})`;
  }
  return description === 'DEFAULT' ? 'DEFAULT' : `VALUES IN (${description})`;
}

/** CREATE TABLE with columns, the primary key, any key an AUTO_INCREMENT column needs, and its partitioning. */
export function createTableStatement(qualifiedName: string, detail: MysqlTableDetail, transforms: DdlTransforms, features: MysqlServerFeatures | undefined): string {
  // The implicit ROW_START / ROW_END come with WITH SYSTEM VERSIONING; they are never written.
  const lines = detail.columns.filter((c) => c.implicitPeriod !== true).map((c) => `  ${columnDefinition(c, transforms, features)}`);
  for (const p of detail.periods ?? []) lines.push(`  PERIOD FOR ${quoteIdent(p.name)} (${quoteIdent(p.start)}, ${quoteIdent(p.end)})`);
  const keys: MysqlIndexDetail[] = [...(detail.primaryKey === null ? [] : [detail.primaryKey]), ...detail.createKeys];
  for (const k of keys) lines.push(`  ${keyDefinition(k, transforms, features)}`);
  const versioning = detail.systemVersioning;
  if (versioning?.start !== undefined && versioning.end !== undefined) lines.push(`  PERIOD FOR SYSTEM_TIME (${quoteIdent(versioning.start)}, ${quoteIdent(versioning.end)})`);
  let sql = `CREATE TABLE ${qualifiedName} (\n${lines.join(',\n')}\n)`;
  const options = tableOptions(detail, transforms);
  if (options !== '') sql += ` ${options}`;
  if (versioning !== undefined) sql += ' WITH SYSTEM VERSIONING';
  // unpartitioned (PARTITION_OPTIONS=MERGE|DEPARTITION): the same table, only without PARTITION BY.
  if (detail.partitioning !== null && transforms.unpartitioned !== true) sql += `\n${partitionClause(detail.partitioning, transforms)}`;
  return sql;
}
