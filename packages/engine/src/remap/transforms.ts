import type { DdlTransforms } from '@sluice/adapter-kit';

/**
 * METADATA_TRANSFORM names Sluice accepts. Each is a switch on a part of the generated DDL, Y
 * (keep, the default) or N (leave out), in Oracle's SEGMENT_ATTRIBUTES=N style; values may also be
 * 1/0, YES/NO or true/false.
 */
export const TRANSFORMS: Readonly<Record<string, { readonly omits: readonly (keyof DdlTransforms)[]; readonly doc: string }>> = {
  SEGMENT_ATTRIBUTES: { omits: ['omitTablespace', 'omitStorage'], doc: 'N: leave out tablespace clauses and storage parameters (physical attributes).' },
  STORAGE: { omits: ['omitStorage'], doc: 'N: leave out storage parameters (PostgreSQL reloptions, MySQL ROW_FORMAT and the like).' },
  TABLESPACE: { omits: ['omitTablespace'], doc: "N: leave out tablespace clauses (objects go to the target's default tablespace)." },
  OWNER: { omits: ['omitOwner'], doc: 'N: leave out OWNER TO / AUTHORIZATION; objects belong to the importing user.' },
  GRANTS: { omits: ['omitGrants'], doc: 'N: leave out GRANT statements.' },
  DEFINER: { omits: ['omitDefiner'], doc: 'N: leave out MySQL DEFINER clauses (views, routines, triggers, events run as the importing user).' },
  TABLE_OPTIONS: { omits: ['omitTableOptions'], doc: 'N: leave out MySQL table options (ENGINE, ROW_FORMAT, CHARSET...).' },
  ENGINE: { omits: ['omitEngine'], doc: "N: leave out MySQL ENGINE= (tables use the target's default engine)." },
  COMMENTS: { omits: ['omitComments'], doc: 'N: leave out table and column comments.' },
  COLUMN_TYPE: { omits: [], doc: '<type or [schema.]table.column>=<target type>: across engines, store that column (or every column of that source type) as the target type, in its text form.' },
};

/** TRANSFORM=COLUMN_TYPE:`what=type`: a source type name (`tsvector`) or a column (`[schema.]table.column`), and the target's type. */
export interface ColumnTypeOverride {
  readonly what: string;
  readonly type: string;
}

/** The COLUMN_TYPE value taken apart, or undefined when it is not `what=type`. */
export function columnTypeOverride(value: unknown): ColumnTypeOverride | undefined {
  if (typeof value !== 'string') return undefined;
  const eq = value.indexOf('=');
  const what = value.slice(0, eq).trim();
  const type = value.slice(eq + 1).trim();
  return eq <= 0 || what === '' || type === '' ? undefined : { what, type };
}

/** Oracle transforms with no meaning for PostgreSQL/MySQL, and why. */
export const REFUSED_TRANSFORMS: Readonly<Record<string, string>> = {
  OID: 'object identifiers of Oracle object tables do not exist here',
  PCTSPACE: 'extent sizes are an Oracle storage notion; use STORAGE=N to leave storage parameters out',
  LOB_STORAGE: 'LOB storage (SECUREFILE/BASICFILE) is an Oracle notion',
  TABLE_COMPRESSION_CLAUSE: 'Oracle table compression clauses do not exist here; use TABLE_OPTIONS=N for MySQL table options',
  INDEX_COMPRESSION_CLAUSE: 'Oracle index compression clauses do not exist here',
  DISABLE_ARCHIVE_LOGGING: 'use the load path of the adapter; archive logging is an Oracle notion',
  INMEMORY: 'the In-Memory column store is an Oracle feature',
  INMEMORY_CLAUSE: 'the In-Memory column store is an Oracle feature',
  OMIT_ENCRYPTION_CLAUSE: 'there are no encrypted columns to declare',
  CONSTRAINT_USE_DEFAULT_INDEX: 'constraint indexes are always created by the constraint',
  CONSTRAINT_NAME_FROM_INDEX: 'constraint indexes are always created by the constraint',
  XMLTYPE_STORAGE_CLAUSE: 'XMLType storage is an Oracle notion',
  DWCS_CVT_IOTS: 'index-organised tables are an Oracle notion',
  DWCS_CVT_CONSTRAINTS: 'Autonomous Data Warehouse conversions do not apply',
  LOB_STORAGE_CLAUSE: 'LOB storage is an Oracle notion',
};
