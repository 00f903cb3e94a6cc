import type { PgColumn } from '../model/postgres-details.js';
import { aclJson, collationName, parseOptions, commentOf } from './postgres-catalog-builder.js';
import type { IntrospectContext } from './postgres-introspect-scope.js';
import type { AclItem } from './postgres-acl.js';
import { neutralType } from './postgres-neutral-type.js';
import { oidPages } from './postgres-oid-pages.js';

/** A column with the column-level ACL that goes into its table's GRANT object. */
export interface ColumnRow {
  readonly column: PgColumn;
  readonly acl: AclItem[] | null;
}

interface Row {
  relid: number;
  ordinal: number;
  name: string;
  native: string;
  typname: string;
  typschema: string;
  typtype: string;
  is_array: boolean;
  dims: number;
  labels: string[] | null;
  not_null: boolean;
  default: string | null;
  identity: string;
  seq: { schema: string; name: string; start: string; increment: string; min: string; max: string; cache: string; cycle: boolean } | null;
  generated: string;
  local: boolean;
  inherited: boolean;
  collation: string | null;
  comment: string | null;
  acl: AclItem[] | null;
  stattarget: number;
  storage: string | null;
  compression: string | null;
  attoptions: string[] | null;
  parent_not_null: boolean | null;
  parent_default: string | null;
}

const STORAGE: Record<string, string> = { p: 'PLAIN', e: 'EXTERNAL', m: 'MAIN', x: 'EXTENDED' };
const COMPRESSION: Record<string, string> = { p: 'pglz', l: 'lz4' };
/** The attribute options ALTER COLUMN SET (...) defines; a server may keep others of its own there, which are not the user's to carry. */
const ATTRIBUTE_OPTIONS = new Set(['n_distinct', 'n_distinct_inherited']);

/** Columns of the given relations, by relation oid, in column order. */
export async function introspectColumns(ctx: IntrospectContext, relids: readonly number[]): Promise<Map<number, ColumnRow[]>> {
  const out = new Map<number, ColumnRow[]>();
  for (const page of oidPages(relids)) {
    for (const row of await columnRows(ctx, page)) {
      const list = out.get(row.relid) ?? [];
      list.push({ column: toColumn(row, list.length + 1), acl: row.acl });
      out.set(row.relid, list);
    }
  }
  return out;
}

/** The column rows of some relations, in relation and column order. */
async function columnRows(ctx: IntrospectContext, relids: readonly number[]): Promise<Row[]> {
  const r = await ctx.conn.query<Row>(
    `SELECT a.attrelid AS relid, a.attnum AS ordinal, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS native,
            bt.typname, btn.nspname AS typschema, bt.typtype, t.typcategory = 'A' AND t.typelem <> 0 AS is_array, a.attndims AS dims,
            CASE WHEN bt.typtype = 'e' THEN ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = bt.oid ORDER BY e.enumsortorder) END AS labels,
            a.attnotnull AS not_null,
            pg_get_expr(ad.adbin, ad.adrelid) AS default,
            a.attidentity AS identity,
            (SELECT json_build_object('schema', sn.nspname, 'name', sc.relname, 'start', s.seqstart::text, 'increment', s.seqincrement::text,
                    'min', s.seqmin::text, 'max', s.seqmax::text, 'cache', s.seqcache::text, 'cycle', s.seqcycle)
               FROM pg_depend d JOIN pg_class sc ON sc.oid = d.objid JOIN pg_namespace sn ON sn.oid = sc.relnamespace
               JOIN pg_sequence s ON s.seqrelid = sc.oid
              WHERE a.attidentity <> '' AND d.classid = 1259 AND d.refclassid = 1259 AND d.refobjid = a.attrelid
                AND d.refobjsubid = a.attnum AND d.deptype = 'i') AS seq,
            a.attgenerated AS generated,
            a.attislocal AS local, a.attinhcount > 0 AS inherited,
            CASE WHEN a.attcollation <> t.typcollation THEN ${collationName('a.attcollation')} END AS collation,
            ${commentOf('a.attrelid', 'pg_class', 'a.attnum')} AS comment,
            ${aclJson('a.attacl')} AS acl,
            a.attstattarget AS stattarget,
            CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END AS storage,
            ${ctx.version >= 140000 ? "nullif(a.attcompression::text, '')" : "nullif(to_jsonb(a) ->> 'attcompression', '')"} AS compression,
            a.attoptions::text[] AS attoptions,
            CASE WHEN a.attinhcount > 0 THEN (
              SELECT bool_or(pa.attnotnull) FROM pg_inherits i JOIN pg_attribute pa ON pa.attrelid = i.inhparent AND pa.attname = a.attname
               WHERE i.inhrelid = a.attrelid) END AS parent_not_null,
            CASE WHEN a.attinhcount > 0 THEN (
              SELECT pg_get_expr(pd.adbin, pd.adrelid) FROM pg_inherits i JOIN pg_attribute pa ON pa.attrelid = i.inhparent AND pa.attname = a.attname
                JOIN pg_attrdef pd ON pd.adrelid = pa.attrelid AND pd.adnum = pa.attnum
               WHERE i.inhrelid = a.attrelid ORDER BY i.inhseqno LIMIT 1) END AS parent_default
       FROM pg_attribute a
       JOIN pg_type t ON t.oid = a.atttypid
       -- A domain over an array is in category A too, but has no element type: it is its own base type.
       JOIN pg_type bt ON bt.oid = CASE WHEN t.typcategory = 'A' AND t.typelem <> 0 THEN t.typelem ELSE t.oid END
       JOIN pg_namespace btn ON btn.oid = bt.typnamespace
       LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
      WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attrelid, a.attnum`,
    [relids],
    { action: 'introspect columns' },
  );
  return r.rows;
}

function toColumn(row: Row, ordinal: number): PgColumn {
  // Built field by field in the order the dump has always written them.
  const col: { -readonly [K in keyof PgColumn]: PgColumn[K] } = {
    name: row.name,
    ordinal,
    type: neutralType({
      native: row.native,
      typname: row.typname,
      typschema: row.typschema,
      typtype: row.typtype,
      isArray: row.is_array,
      dimensions: row.dims,
      enumLabels: row.labels,
    }),
    nativeType: row.native,
    nullable: !row.not_null,
    default: row.generated === '' ? row.default : null,
    local: row.local,
    inherited: row.inherited,
  };
  if (row.identity !== '' && row.seq !== null) {
    col.identity = {
      generation: row.identity === 'a' ? 'ALWAYS' : 'BY DEFAULT',
      start: row.seq.start,
      increment: row.seq.increment,
      minValue: row.seq.min,
      maxValue: row.seq.max,
      cache: row.seq.cache,
      cycle: row.seq.cycle,
    };
    col.identitySequence = { schema: row.seq.schema, name: row.seq.name };
  }
  if (row.generated === 's') col.generated = { expression: row.default ?? '', stored: true };
  if (row.collation !== null) col.collation = row.collation;
  if (row.comment !== null) col.comment = row.comment;
  if (row.stattarget >= 0) col.statistics = row.stattarget;
  if (row.storage !== null) col.storage = STORAGE[row.storage] ?? row.storage;
  if (row.compression !== null) col.compression = COMPRESSION[row.compression] ?? row.compression;
  const options = Object.entries(parseOptions(row.attoptions)).filter(([k]) => ATTRIBUTE_OPTIONS.has(k));
  if (options.length > 0) col.attributeOptions = Object.fromEntries(options);
  if (row.inherited) {
    col.parentNotNull = row.parent_not_null ?? false;
    col.parentDefault = row.parent_default;
  }
  return col;
}
