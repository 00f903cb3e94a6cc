import type { PgSequenceDetail, PgSequenceValueDetail } from '../model/postgres-details.js';
import { qualify } from '../sql/postgres-quote.js';
import { aclJson, notExtensionMember, PG_CLASS, refOf, type PendingObject, commentOf } from './postgres-catalog-builder.js';
import type { IntrospectContext } from './postgres-introspect-scope.js';
import { grantDetail, type AclItem } from './postgres-acl.js';
import { addComment, addGrant } from './postgres-introspect-annotations.js';

/** A sequence found by the introspector; identity sequences are reported through their table. */
export interface SequenceInfo {
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
  /** 'a' for a serial column's sequence (OWNED BY), 'i' for an identity column's, null if free-standing. */
  readonly ownerType: 'a' | 'i' | null;
  readonly ownerTable: number | null;
  readonly ownerColumn: string | null;
  /** An identity sequence's comment and privileges, which go with its table (the table creates it). */
  readonly identityAnnotations?: { readonly comment: string | null; readonly acl: AclItem[] | null; readonly defacl: AclItem[] | null };
}

/** Free-standing and serial sequences (SEQUENCE); returns every sequence, identity ones included. */
export async function introspectSequences(ctx: IntrospectContext): Promise<SequenceInfo[]> {
  const r = await ctx.conn.query<{
    oid: number;
    schema: string;
    name: string;
    owner: string;
    data_type: string;
    start: string;
    increment: string;
    min: string;
    max: string;
    cache: string;
    cycle: boolean;
    unlogged: boolean;
    owner_type: 'a' | 'i' | null;
    owner_table: number | null;
    owner_column: string | null;
    comment: string | null;
    acl: AclItem[] | null;
    defacl: AclItem[] | null;
  }>(
    `SELECT c.oid, n.nspname AS schema, c.relname AS name, pg_get_userbyid(c.relowner) AS owner, format_type(s.seqtypid, NULL) AS data_type,
            s.seqstart::text AS start, s.seqincrement::text AS increment, s.seqmin::text AS min, s.seqmax::text AS max,
            s.seqcache::text AS cache, s.seqcycle AS cycle, c.relpersistence = 'u' AS unlogged,
            d.deptype AS owner_type, d.refobjid AS owner_table, a.attname AS owner_column,
            ${commentOf('c.oid', 'pg_class')} AS comment,
            ${aclJson('c.relacl')} AS acl, ${aclJson("acldefault('s', c.relowner)")} AS defacl
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_sequence s ON s.seqrelid = c.oid
       LEFT JOIN pg_depend d ON d.classid = 1259 AND d.objid = c.oid AND d.refclassid = 1259 AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0
       LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
      WHERE c.relkind = 'S' AND (c.relnamespace = ANY($1::oid[]) OR d.refobjid = ANY($2::oid[]))
        AND ${notExtensionMember(PG_CLASS.class, 'c.oid')}
      ORDER BY n.nspname, c.relname`,
    [ctx.schemaOids, ctx.tableOids],
    { action: 'introspect sequences' },
  );
  const out: SequenceInfo[] = [];
  for (const row of r.rows) {
    const info: SequenceInfo = { oid: row.oid, schema: row.schema, name: row.name, ownerType: row.owner_type, ownerTable: row.owner_table, ownerColumn: row.owner_column };
    if (row.owner_type === 'i') {
      out.push({ ...info, identityAnnotations: { comment: row.comment, acl: row.acl, defacl: row.defacl } });
      continue;
    }
    out.push(info);
    const detail: PgSequenceDetail = {
      dataType: row.data_type,
      start: row.start,
      increment: row.increment,
      minValue: row.min,
      maxValue: row.max,
      cache: row.cache,
      cycle: row.cycle,
      unlogged: row.unlogged,
    };
    const obj = ctx.builder.add({ kind: 'SEQUENCE', schema: row.schema, name: row.name, owner: row.owner, phase: 'pre-data', detail }, [[PG_CLASS.class, row.oid]]);
    ctx.relationOids.push(row.oid);
    const target = { type: 'SEQUENCE', schema: row.schema, name: row.name };
    if (row.comment !== null) addComment(ctx, obj, target, row.comment);
    if (row.acl !== null) addGrant(ctx, obj, grantDetail(target, row.acl, row.defacl));
  }
  return out;
}

/**
 * SEQUENCE_VALUE objects: each sequence's position (identity ones included), restored with setval
 * after the data. Read from the sequences themselves, inside the caller's snapshot.
 */
export async function introspectSequenceValues(ctx: IntrospectContext, sequences: readonly SequenceInfo[]): Promise<void> {
  const wanted = sequences.filter((s) => s.ownerType !== 'i' || ctx.builder.lookup(PG_CLASS.class, s.ownerTable ?? 0) !== undefined);
  // An identity sequence's comment and privileges (pg_dump writes them as the sequence's), on its table's objects.
  for (const s of wanted) {
    const table = s.identityAnnotations === undefined ? undefined : ctx.builder.lookup(PG_CLASS.class, s.ownerTable ?? 0);
    if (table === undefined || s.identityAnnotations === undefined) continue;
    const target = { type: 'SEQUENCE', schema: s.schema, name: s.name };
    const { comment, acl, defacl } = s.identityAnnotations;
    if (comment !== null) addComment(ctx, table, target, comment);
    if (acl !== null) addGrant(ctx, table, grantDetail(target, acl, defacl));
  }
  for (let i = 0; i < wanted.length; i += 200) {
    const batch = wanted.slice(i, i + 200);
    const sql = batch.map((s, k) => `SELECT ${k} AS k, last_value::text AS last_value, is_called FROM ${qualify(s.schema, s.name)}`).join(' UNION ALL ');
    const r = await ctx.conn.query<{ k: number; last_value: string; is_called: boolean }>(sql, [], { action: 'read sequence values' });
    for (const row of r.rows) {
      const s = batch[row.k]!;
      const owner: PendingObject | undefined = s.ownerType === 'i' ? ctx.builder.lookup(PG_CLASS.class, s.ownerTable ?? 0) : ctx.builder.lookup(PG_CLASS.class, s.oid);
      if (owner === undefined) continue;
      const detail: PgSequenceValueDetail = { sequence: { schema: s.schema, name: s.name }, lastValue: row.last_value, isCalled: row.is_called };
      ctx.builder.add({
        kind: 'SEQUENCE_VALUE',
        schema: s.schema,
        name: s.name,
        ...(owner.kind === 'TABLE' ? { table: owner.name } : {}),
        phase: 'post-data',
        detail,
        deps: [refOf(owner)],
      });
    }
  }
}
