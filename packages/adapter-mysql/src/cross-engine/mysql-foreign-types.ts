import type { ForeignType, NeutralType } from '@sluice/adapter-kit';
import { quoteString } from '../sql/mysql-quote.js';

/** MySQL's documented DATE / DATETIME range. */
const DATE_LIMITS = { minYear: 1000, maxYear: 9999 } as const;
/** Text from another engine: UTF-8 with binary collation, so values that differ only in case stay distinct in unique keys. */
const UTF8 = 'CHARACTER SET utf8mb4 COLLATE utf8mb4_bin';
const precision = (p: number | undefined): string => (p === undefined ? '' : `(${Math.min(p, 6)})`);
const INTEGER_NAMES = { 1: 'TINYINT', 2: 'SMALLINT', 3: 'MEDIUMINT', 4: 'INT', 8: 'BIGINT' } as const;
/** VARCHAR above this many characters would not fit MySQL's 65,535-byte row in utf8mb4. */
const MAX_VARCHAR = 16383;
/** Characters of a TEXT or BLOB column an index holds (255 utf8mb4 characters fit InnoDB's 3,072-byte key). */
const INDEX_PREFIX = 255;

/**
 * How MySQL / MariaDB stores a column of another engine (the MySQL column of the mapping table in
 * the adapter-kit README). Undefined: no mapping (TRANSFORM=COLUMN_TYPE gives one).
 */
export function mysqlForeignType(t: NeutralType): ForeignType | undefined {
  switch (t.kind) {
    case 'boolean':
      return { native: 'TINYINT(1)', type: { kind: 'integer', bytes: 1, displayWidth: 1 }, note: 'boolean stored as TINYINT(1), 1 and 0' };
    case 'integer':
      return { native: `${INTEGER_NAMES[t.bytes]}${t.unsigned === true ? ' UNSIGNED' : ''}`, type: t };
    case 'decimal': {
      if (t.precision !== undefined && t.precision <= 65 && (t.scale ?? 0) <= 30) return { native: `DECIMAL(${t.precision},${t.scale ?? 0})`, type: t, limits: { nan: false, infinity: false } };
      return {
        native: 'DECIMAL(65,30)',
        type: { kind: 'decimal', precision: 65, scale: 30 },
        limits: { nan: false, infinity: false, digits: { integer: 35, fraction: 30 } },
        note: 'numeric without a precision MySQL holds stored as DECIMAL(65,30): values with more digits are refused',
      };
    }
    case 'float':
      return { native: t.bytes === 4 ? 'FLOAT' : 'DOUBLE', type: t, limits: { nan: false, infinity: false } };
    case 'char':
      if (t.length === undefined || t.length > MAX_VARCHAR) return { native: `LONGTEXT ${UTF8}`, type: { kind: 'text' }, indexPrefix: INDEX_PREFIX };
      if (t.fixed && t.length <= 255) return { native: `CHAR(${t.length}) ${UTF8}`, type: t };
      return { native: `VARCHAR(${t.length}) ${UTF8}`, type: { kind: 'char', fixed: false, length: t.length } };
    case 'text':
    case 'xml':
      return { native: `LONGTEXT ${UTF8}`, type: { kind: 'text' }, indexPrefix: INDEX_PREFIX };
    case 'binary':
      if (t.length !== undefined && t.length <= 255 && t.fixed) return { native: `BINARY(${t.length})`, type: t, bytes: true };
      return t.length !== undefined && t.length <= 65535
        ? { native: `VARBINARY(${t.length})`, type: t, bytes: true }
        : { native: 'LONGBLOB', type: { kind: 'blob' }, bytes: true, indexPrefix: INDEX_PREFIX };
    case 'blob':
      return { native: 'LONGBLOB', type: { kind: 'blob' }, bytes: true, indexPrefix: INDEX_PREFIX };
    case 'date':
      return { native: 'DATE', type: t, limits: DATE_LIMITS };
    case 'time':
      return {
        native: `TIME${precision(t.precision)}`,
        type: { kind: 'time', withTimeZone: false, ...(t.precision === undefined ? {} : { precision: t.precision }) },
        ...(t.withTimeZone ? { note: 'time with time zone stored as TIME in UTC' } : {}),
      };
    case 'timestamp':
    case 'datetime': {
      const p = t.precision ?? (t.kind === 'timestamp' ? 6 : undefined);
      return {
        native: `DATETIME${precision(p)}`,
        type: { kind: 'datetime', ...(p === undefined ? {} : { precision: p }) },
        limits: DATE_LIMITS,
        ...(t.kind === 'timestamp' && t.withTimeZone ? { note: 'timestamp with time zone stored as DATETIME in UTC' } : {}),
      };
    }
    case 'year':
      return { native: 'YEAR', type: t };
    case 'interval':
      return { native: 'VARCHAR(100) CHARACTER SET ascii', type: { kind: 'char', fixed: false, length: 100 }, note: 'interval stored in its text form' };
    case 'json':
      return { native: 'JSON', type: { kind: 'json', binary: false } };
    case 'uuid':
      return { native: 'CHAR(36) CHARACTER SET ascii', type: { kind: 'char', fixed: true, length: 36 }, note: 'uuid stored as CHAR(36)' };
    case 'bit':
      if (!t.varying && (t.length ?? 1) <= 64) return { native: `BIT(${t.length ?? 1})`, type: t, bytes: true };
      return {
        native: `VARCHAR(${t.length ?? MAX_VARCHAR}) CHARACTER SET ascii`,
        type: { kind: 'char', fixed: false, length: t.length ?? MAX_VARCHAR },
        note: 'bit string stored as text of 0s and 1s',
      };
    case 'enum':
      return { native: `ENUM(${t.values.map(quoteString).join(',')}) ${UTF8}`, type: t };
    case 'set':
      return { native: `SET(${t.values.map(quoteString).join(',')}) ${UTF8}`, type: t };
    case 'network':
      return { native: 'VARCHAR(43) CHARACTER SET ascii', type: { kind: 'char', fixed: false, length: 43 }, note: `${t.subtype} stored in its text form` };
    case 'array':
      return { native: 'JSON', type: { kind: 'json', binary: false }, note: 'array stored as a JSON array' };
    case 'user':
      if (t.shape !== undefined) {
        const form = t.shape.kind === 'composite' ? 'a JSON object of its attributes' : t.shape.multi === true ? 'a JSON array of ranges' : 'a JSON object (lower, upper, lower_inc, upper_inc)';
        return { native: 'JSON', type: { kind: 'json', binary: false }, indexPrefix: INDEX_PREFIX, note: `values of ${t.type.name} stored as ${form}` };
      }
      return { native: `LONGTEXT ${UTF8}`, type: { kind: 'text' }, indexPrefix: INDEX_PREFIX, note: `values of ${t.type.name} stored in their text form` };
    case 'money':
    case 'spatial':
    case 'other':
      return undefined;
  }
}

/** A type written in TRANSFORM=COLUMN_TYPE, e.g. `LONGTEXT`, `VARCHAR(64)`, `JSON`: stored as its text form. */
export function parseMysqlForeignType(native: string): ForeignType | undefined {
  const n = native.trim();
  if (!/^[a-z][a-z0-9_ ]*(\(\d+(,\d+)?\))?$/i.test(n)) return undefined;
  if (/^(tiny|medium|long)?blob$|^(var)?binary\(/i.test(n)) return { native: n, type: { kind: 'blob' }, bytes: true };
  if (/^json$/i.test(n)) return { native: n, type: { kind: 'json', binary: false } };
  if (/^(tiny|medium|long)?text$|^(var)?char\(/i.test(n)) return { native: `${n} ${UTF8}`, type: { kind: 'text' } };
  return { native: n, type: { kind: 'text' } };
}
