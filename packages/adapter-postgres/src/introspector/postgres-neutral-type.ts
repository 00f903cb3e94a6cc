import type { NeutralType, ObjectRef } from '@sluice/adapter-kit';

/** What the column query tells about a type, enough to describe it neutrally. */
export interface PgTypeFacts {
  /** format_type output, e.g. `character varying(20)`, `app.mood[]`. */
  readonly native: string;
  /** The base type's name (the element's, for arrays). */
  readonly typname: string;
  /** The base type's schema. */
  readonly typschema: string;
  /** typtype of the base type: b(ase), c(omposite), d(omain), e(num), r(ange), m(ultirange), p(seudo). */
  readonly typtype: string;
  readonly isArray: boolean;
  readonly dimensions: number;
  readonly enumLabels: readonly string[] | null;
}

const SPATIAL = new Set(['point', 'line', 'lseg', 'box', 'path', 'polygon', 'circle']);

/** The neutral description of a PostgreSQL column type. */
export function neutralType(facts: PgTypeFacts): NeutralType {
  const base = baseType(facts);
  return facts.isArray ? { kind: 'array', element: base, dimensions: Math.max(1, facts.dimensions) } : base;
}

function baseType(f: PgTypeFacts): NeutralType {
  const ref = (kind: ObjectRef['kind']): ObjectRef => ({ kind, schema: f.typschema, name: f.typname });
  if (f.typtype === 'e') return { kind: 'enum', values: f.enumLabels ?? [], type: ref('TYPE') };
  if (f.typtype === 'd') return { kind: 'user', type: ref('DOMAIN') };
  if (f.typschema !== 'pg_catalog') {
    return f.typtype === 'c' || f.typtype === 'r' ? { kind: 'user', type: ref('TYPE') } : { kind: 'other', native: f.native };
  }
  const params = /\((\d+)(?:,\s*(\d+))?\)/.exec(f.native);
  const p1 = params?.[1] === undefined ? undefined : Number(params[1]);
  const p2 = params?.[2] === undefined ? undefined : Number(params[2]);
  const withPrecision = <T extends object>(t: T): T => (p1 === undefined ? t : { ...t, precision: p1 });
  switch (f.typname) {
    case 'bool':
      return { kind: 'boolean' };
    case 'int2':
      return { kind: 'integer', bytes: 2 };
    case 'int4':
      return { kind: 'integer', bytes: 4 };
    case 'int8':
      return { kind: 'integer', bytes: 8 };
    case 'numeric':
      return p1 === undefined ? { kind: 'decimal' } : { kind: 'decimal', precision: p1, scale: p2 ?? 0 };
    case 'float4':
      return { kind: 'float', bytes: 4 };
    case 'float8':
      return { kind: 'float', bytes: 8 };
    case 'bpchar':
      return { kind: 'char', fixed: true, length: p1 ?? 1 };
    case 'varchar':
      return p1 === undefined ? { kind: 'char', fixed: false } : { kind: 'char', fixed: false, length: p1 };
    case 'text':
      return { kind: 'text' };
    case 'bytea':
      return { kind: 'blob' };
    case 'date':
      return { kind: 'date' };
    case 'time':
      return withPrecision({ kind: 'time' as const, withTimeZone: false });
    case 'timetz':
      return withPrecision({ kind: 'time' as const, withTimeZone: true });
    case 'timestamp':
      return withPrecision({ kind: 'timestamp' as const, withTimeZone: false });
    case 'timestamptz':
      return withPrecision({ kind: 'timestamp' as const, withTimeZone: true });
    case 'interval': {
      const fields = /^interval ([a-z ]+?)(?:\(\d+\))?$/.exec(f.native)?.[1];
      const t: { kind: 'interval'; fields?: string; precision?: number } = { kind: 'interval' };
      if (fields !== undefined) t.fields = fields.toUpperCase();
      if (p1 !== undefined) t.precision = p1;
      return t;
    }
    case 'json':
      return { kind: 'json', binary: false };
    case 'jsonb':
      return { kind: 'json', binary: true };
    case 'uuid':
      return { kind: 'uuid' };
    case 'bit':
      return { kind: 'bit', varying: false, length: p1 ?? 1 };
    case 'varbit':
      return p1 === undefined ? { kind: 'bit', varying: true } : { kind: 'bit', varying: true, length: p1 };
    case 'inet':
    case 'cidr':
    case 'macaddr':
    case 'macaddr8':
      return { kind: 'network', subtype: f.typname };
    case 'money':
      return { kind: 'money' };
    case 'xml':
      return { kind: 'xml' };
    default:
      return SPATIAL.has(f.typname) ? { kind: 'spatial', subtype: f.typname } : { kind: 'other', native: f.native };
  }
}
