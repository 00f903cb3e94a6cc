import type { NeutralType } from '@sluice/adapter-kit';

/** What information_schema.COLUMNS says about a column's type. */
export interface ColumnTypeFacts {
  /** DATA_TYPE, e.g. `int`, `varchar`, `longtext`. */
  readonly dataType: string;
  /** COLUMN_TYPE, e.g. `int(10) unsigned zerofill`, `enum('a','b')`. */
  readonly columnType: string;
  readonly charset: string | null;
  readonly collation: string | null;
  /** A column-level CHECK; MariaDB marks JSON columns with `json_valid(col)`. */
  readonly check?: string;
  readonly srid?: number;
}

const INTEGER_BYTES: Record<string, 1 | 2 | 3 | 4 | 8> = { tinyint: 1, smallint: 2, mediumint: 3, int: 4, integer: 4, bigint: 8 };
const TEXT_BYTES: Record<string, number> = { tinytext: 255, text: 65535, mediumtext: 16777215, longtext: 4294967295 };
const BLOB_BYTES: Record<string, number> = { tinyblob: 255, blob: 65535, mediumblob: 16777215, longblob: 4294967295 };
const SPATIAL = new Set(['geometry', 'point', 'linestring', 'polygon', 'multipoint', 'multilinestring', 'multipolygon', 'geometrycollection', 'geomcollection']);

/** The numbers inside the first parentheses of a type, e.g. `decimal(10,2)` → [10, 2]. */
function typeArgs(columnType: string): number[] {
  const m = /^[a-z ]+\(([\d, ]+)\)/i.exec(columnType);
  return m === null ? [] : (m[1] as string).split(',').map((s) => Number(s.trim()));
}

/** The quoted values of an ENUM or SET type, with '' and backslash escapes undone. */
export function parseEnumValues(columnType: string): string[] {
  const open = columnType.indexOf('(');
  const values: string[] = [];
  let i = open + 1;
  while (i > 0 && i < columnType.length) {
    const ch = columnType[i];
    if (ch === "'") {
      let value = '';
      i++;
      while (i < columnType.length) {
        const c = columnType[i] as string;
        if (c === "'" && columnType[i + 1] === "'") {
          value += "'";
          i += 2;
        } else if (c === '\\' && i + 1 < columnType.length) {
          value += columnType[i + 1];
          i += 2;
        } else if (c === "'") {
          i++;
          break;
        } else {
          value += c;
          i++;
        }
      }
      values.push(value);
    } else if (ch === ')') {
      break;
    } else {
      i++;
    }
  }
  return values;
}

/** Whether a column-level check is MariaDB's JSON marker `json_valid(`col`)`. */
export function isJsonCheck(check: string | undefined): boolean {
  return check !== undefined && /^json_valid\(`(?:[^`]|``)+`\)$/i.test(check.trim());
}

/** The neutral type of a MySQL/MariaDB column. */
export function neutralTypeOf(facts: ColumnTypeFacts): NeutralType {
  const dataType = facts.dataType.toLowerCase();
  const columnType = facts.columnType.toLowerCase();
  const unsigned = /\bunsigned\b/.test(columnType);
  const zerofill = /\bzerofill\b/.test(columnType);
  const args = typeArgs(columnType);
  const text = { ...(facts.charset === null ? {} : { charset: facts.charset }), ...(facts.collation === null ? {} : { collation: facts.collation }) };
  const intBytes = INTEGER_BYTES[dataType];
  if (intBytes !== undefined) {
    return {
      kind: 'integer',
      bytes: intBytes,
      ...(unsigned ? { unsigned } : {}),
      ...(zerofill ? { zerofill } : {}),
      ...(args[0] === undefined ? {} : { displayWidth: args[0] }),
    };
  }
  switch (dataType) {
    case 'decimal':
    case 'numeric':
    case 'dec':
    case 'fixed':
      return {
        kind: 'decimal',
        ...(args[0] === undefined ? {} : { precision: args[0] }),
        ...(args[1] === undefined ? {} : { scale: args[1] }),
        ...(unsigned ? { unsigned } : {}),
        ...(zerofill ? { zerofill } : {}),
      };
    case 'float':
      return { kind: 'float', bytes: 4, ...(unsigned ? { unsigned } : {}) };
    case 'double':
    case 'real':
      return { kind: 'float', bytes: 8, ...(unsigned ? { unsigned } : {}) };
    case 'bit':
      return { kind: 'bit', length: args[0] ?? 1, varying: false };
    case 'date':
      return { kind: 'date' };
    case 'datetime':
      return { kind: 'datetime', ...(args[0] === undefined ? {} : { precision: args[0] }) };
    case 'timestamp':
      return { kind: 'timestamp', withTimeZone: true, ...(args[0] === undefined ? {} : { precision: args[0] }) };
    case 'time':
      return { kind: 'time', withTimeZone: false, ...(args[0] === undefined ? {} : { precision: args[0] }) };
    case 'year':
      return { kind: 'year' };
    case 'char':
    case 'varchar':
      return { kind: 'char', fixed: dataType === 'char', ...(args[0] === undefined ? {} : { length: args[0] }), ...text };
    case 'binary':
    case 'varbinary':
      return { kind: 'binary', fixed: dataType === 'binary', ...(args[0] === undefined ? {} : { length: args[0] }) };
    case 'enum':
      return { kind: 'enum', values: parseEnumValues(facts.columnType) };
    case 'set':
      return { kind: 'set', values: parseEnumValues(facts.columnType) };
    case 'json':
      return { kind: 'json', binary: true };
    case 'uuid':
      return { kind: 'uuid' };
    case 'inet4':
    case 'inet6':
      return { kind: 'network', subtype: 'inet' };
    default:
      break;
  }
  const textBytes = TEXT_BYTES[dataType];
  if (textBytes !== undefined) {
    if (dataType === 'longtext' && isJsonCheck(facts.check)) return { kind: 'json', binary: false };
    return { kind: 'text', maxBytes: textBytes, ...text };
  }
  const blobBytes = BLOB_BYTES[dataType];
  if (blobBytes !== undefined) return { kind: 'blob', maxBytes: blobBytes };
  if (SPATIAL.has(dataType)) return { kind: 'spatial', subtype: dataType, ...(facts.srid === undefined ? {} : { srid: facts.srid }) };
  return { kind: 'other', native: facts.columnType };
}

/**
 * Whether values of this column are bytes rather than text: binary strings, BLOBs, BIT and
 * spatial values travel as raw bytes, and row-level access gives them as Uint8Array.
 */
export function isByteColumn(dataType: string, charset: string | null): boolean {
  const t = dataType.toLowerCase();
  if (t === 'bit' || SPATIAL.has(t)) return true;
  if (t === 'binary' || t === 'varbinary' || BLOB_BYTES[t] !== undefined) return true;
  return charset === 'binary';
}

/** Whether the column holds character data in a character set (needs conversion if target differs). */
export function isTextColumn(dataType: string, charset: string | null): boolean {
  return charset !== null && charset !== 'binary' && !isByteColumn(dataType, charset);
}
