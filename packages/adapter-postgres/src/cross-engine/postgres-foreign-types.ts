import type { ForeignType, NeutralType } from '@sluice/adapter-kit';

const DATE_LIMITS = { infinity: true, minYear: -4712, maxYear: 294276 } as const;
const TEXT_LIMITS = { nul: false } as const;
const FLOAT_LIMITS = { nan: true, infinity: true } as const;
const precision = (p: number | undefined): string => (p === undefined ? '' : `(${Math.min(p, 6)})`);

/**
 * How PostgreSQL stores a column of another engine (the right-hand column of the mapping table in
 * the adapter-kit README). Undefined: no mapping (TRANSFORM=COLUMN_TYPE gives one).
 */
export function postgresForeignType(t: NeutralType): ForeignType | undefined {
  switch (t.kind) {
    case 'boolean':
      return { native: 'boolean', type: t };
    case 'integer': {
      // Unsigned types need the next size up; MySQL's 3-byte MEDIUMINT fits integer.
      const bytes = t.unsigned === true ? ({ 1: 2, 2: 4, 3: 4, 4: 8, 8: 16 } as const)[t.bytes] : t.bytes;
      if (bytes === 16) return { native: 'numeric(20,0)', type: { kind: 'decimal', precision: 20, scale: 0 }, note: 'BIGINT UNSIGNED stored as numeric(20,0)' };
      const native = bytes <= 2 ? 'smallint' : bytes <= 4 ? 'integer' : 'bigint';
      return { native, type: { kind: 'integer', bytes: bytes <= 2 ? 2 : bytes <= 4 ? 4 : 8 } };
    }
    case 'decimal':
      return {
        native: t.precision === undefined ? 'numeric' : `numeric(${t.precision},${t.scale ?? 0})`,
        type: { kind: 'decimal', ...(t.precision === undefined ? {} : { precision: t.precision, scale: t.scale ?? 0 }) },
        limits: { nan: true, infinity: true },
      };
    case 'float':
      return { native: t.bytes === 4 ? 'real' : 'double precision', type: { kind: 'float', bytes: t.bytes }, limits: FLOAT_LIMITS };
    case 'char':
      if (t.length === undefined) return { native: 'text', type: { kind: 'text' }, limits: TEXT_LIMITS };
      return { native: t.fixed ? `character(${t.length})` : `character varying(${t.length})`, type: { kind: 'char', fixed: t.fixed, length: t.length }, limits: TEXT_LIMITS, ...collationNote(t) };
    case 'text':
    case 'xml':
      return { native: t.kind === 'xml' ? 'xml' : 'text', type: t.kind === 'xml' ? t : { kind: 'text' }, limits: TEXT_LIMITS, ...(t.kind === 'text' ? collationNote(t) : {}) };
    case 'binary':
    case 'blob':
      return { native: 'bytea', type: { kind: 'blob' }, bytes: true };
    case 'date':
      return { native: 'date', type: t, limits: DATE_LIMITS };
    case 'time':
      return { native: `time${precision(t.precision)}${t.withTimeZone ? ' with time zone' : ''}`, type: t, limits: { timeOfDay: true } };
    case 'timestamp':
      return { native: `timestamp${precision(t.precision)} ${t.withTimeZone ? 'with' : 'without'} time zone`, type: t, limits: DATE_LIMITS };
    case 'datetime':
      return {
        native: `timestamp${precision(t.precision)} without time zone`,
        type: { kind: 'timestamp', withTimeZone: false, ...(t.precision === undefined ? {} : { precision: t.precision }) },
        limits: DATE_LIMITS,
      };
    case 'year':
      return { native: 'smallint', type: { kind: 'integer', bytes: 2 } };
    case 'interval':
      return { native: 'interval', type: t };
    case 'json':
      // MariaDB's JSON is text checked by json_valid: json keeps it as written; MySQL's binary JSON goes to jsonb.
      return { native: t.binary ? 'jsonb' : 'json', type: t, limits: TEXT_LIMITS };
    case 'uuid':
      return { native: 'uuid', type: t };
    case 'bit':
      return { native: t.varying ? `bit varying${t.length === undefined ? '' : `(${t.length})`}` : `bit(${t.length ?? 1})`, type: t };
    case 'enum':
      return { native: 'text', type: { kind: 'text' }, limits: TEXT_LIMITS, note: `ENUM stored as text with a CHECK on its ${t.values.length} values` };
    case 'set':
      return { native: 'text', type: { kind: 'text' }, limits: TEXT_LIMITS, note: 'SET stored as text, members separated by commas' };
    case 'network':
      return { native: t.subtype, type: t };
    case 'money':
      return { native: 'money', type: t };
    case 'array': {
      const element = postgresForeignType(t.element);
      return element === undefined ? undefined : { native: `${element.native}${'[]'.repeat(t.dimensions)}`, type: t };
    }
    case 'user':
      return { native: 'text', type: { kind: 'text' }, limits: TEXT_LIMITS, note: `values of ${t.type.name} stored in their text form` };
    case 'spatial':
    case 'other':
      return undefined;
  }
}

function collationNote(t: { readonly charset?: string; readonly collation?: string }): { note?: string } {
  return t.collation === undefined ? {} : { note: `collation ${t.collation} not carried: the database's default collation applies` };
}

/** A type written in TRANSFORM=COLUMN_TYPE, e.g. `text`, `varchar(64)`, `jsonb`: stored as its text form. */
export function parsePostgresForeignType(native: string): ForeignType | undefined {
  const n = native.trim().toLowerCase();
  if (!/^[a-z][a-z0-9_ ]*(\(\d+(,\d+)?\))?(\[\])*$/.test(n)) return undefined;
  if (/^(bytea)$/.test(n)) return { native: n, type: { kind: 'blob' }, bytes: true };
  if (/^(json|jsonb)$/.test(n)) return { native: n, type: { kind: 'json', binary: n === 'jsonb' }, limits: TEXT_LIMITS };
  return { native: n, type: { kind: 'text' }, limits: TEXT_LIMITS };
}
