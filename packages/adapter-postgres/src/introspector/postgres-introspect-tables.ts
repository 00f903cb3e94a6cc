import type { TableRef } from '@sluice/adapter-kit';
import type { PgInlineCheck, PgTableDetail } from '../model/postgres-details.js';
import { aclJson, notExtensionMember, parseOptions, PG_CLASS, type PendingObject, commentOf } from './postgres-catalog-builder.js';
import type { IntrospectContext } from './postgres-introspect-scope.js';
import { columnPrivileges, grantDetail, type AclItem } from './postgres-acl.js';
import { addComment, addGrant } from './postgres-introspect-annotations.js';
import { introspectColumns, type ColumnRow } from './postgres-introspect-columns.js';
import type { SequenceInfo } from './postgres-introspect-sequences.js';

interface TableRow {
  oid: number;
  schema: string;
  name: string;
  relkind: string;
  persistence: string;
  owner: string;
  options: string[] | null;
  toast_options: string[] | null;
  tablespace: string | null;
  stored_in: string | null;
  is_partition: boolean;
  bound: string | null;
  partkey: string | null;
  parents: { schema: string; name: string }[] | null;
  partitions: string[] | null;
  am: string | null;
  replident: string;
  rls: boolean;
  force_rls: boolean;
  rowtype: number;
  comment: string | null;
  acl: AclItem[] | null;
  defacl: AclItem[] | null;
  own_order: boolean | null;
  of_type: string | null;
}

/** Regular, unlogged and partitioned tables and partitions (TABLE), with columns and inline CHECKs. */
export async function introspectTables(ctx: IntrospectContext, sequences: readonly SequenceInfo[]): Promise<void> {
  const r = await ctx.conn.query<TableRow>(
    `SELECT c.oid, n.nspname AS schema, c.relname AS name, c.relkind, c.relpersistence AS persistence,
            pg_get_userbyid(c.relowner) AS owner, c.reloptions::text[] AS options, ts.spcname AS tablespace,
            coalesce(ts.spcname, (SELECT dts.spcname FROM pg_database d JOIN pg_tablespace dts ON dts.oid = d.dattablespace WHERE d.datname = current_database())) AS stored_in,
            (SELECT tc.reloptions::text[] FROM pg_class tc WHERE tc.oid = c.reltoastrelid) AS toast_options,
            c.relispartition AS is_partition,
            CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS bound,
            CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partkey,
            c.relispartition AND (SELECT array_agg(a.attname::text ORDER BY a.attnum) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)
              IS DISTINCT FROM (SELECT array_agg(a.attname::text ORDER BY a.attnum) FROM pg_inherits i JOIN pg_attribute a ON a.attrelid = i.inhparent
                                 WHERE i.inhrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS own_order,
            (SELECT json_agg(json_build_object('schema', pn.nspname, 'name', p.relname) ORDER BY i.inhseqno)
               FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
              WHERE i.inhrelid = c.oid) AS parents,
            (SELECT array_agg(p.relname::text ORDER BY p.relname)
               FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhrelid
              WHERE i.inhparent = c.oid AND p.relispartition) AS partitions,
            CASE WHEN am.amname <> 'heap' THEN am.amname END AS am,
            CASE WHEN c.reloftype <> 0 THEN format_type(c.reloftype, NULL) END AS of_type,
            c.relreplident AS replident, c.relrowsecurity AS rls, c.relforcerowsecurity AS force_rls, c.reltype AS rowtype,
            ${commentOf('c.oid', 'pg_class')} AS comment,
            ${aclJson('c.relacl')} AS acl, ${aclJson("acldefault('r', c.relowner)")} AS defacl
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_tablespace ts ON ts.oid = c.reltablespace
       LEFT JOIN pg_am am ON am.oid = c.relam
      WHERE c.relkind IN ('r', 'p') AND (c.relnamespace = ANY($1::oid[]) OR c.oid = ANY($2::oid[]))
        AND ${notExtensionMember(PG_CLASS.class, 'c.oid')}
      ORDER BY n.nspname, c.relname`,
    [ctx.schemaOids, ctx.tableOids],
    { action: 'introspect tables' },
  );
  if (r.rows.length === 0) return;
  const oids = r.rows.map((t) => t.oid);
  const columns = await introspectColumns(ctx, oids);
  const keys = await keyColumns(ctx, oids);
  const { checks, checkOids, inheritedChecks } = await inlineChecks(ctx, oids);
  const defaults = await ctx.conn.query<{ oid: number; relid: number }>('SELECT oid, adrelid AS relid FROM pg_attrdef WHERE adrelid = ANY($1::oid[])', [oids], {
    action: 'introspect column defaults',
  });

  for (const row of r.rows) {
    const cols = columns.get(row.oid) ?? [];
    const parents: TableRef[] = (row.parents ?? []).map((p) => ({ schema: p.schema, name: p.name }));
    const partitionParent = row.is_partition ? parents[0] : undefined;
    const parentChecks = row.is_partition ? inheritedChecks.get(row.oid) : undefined;
    const hasData = row.relkind !== 'p';
    const detail: PgTableDetail = {
      columns: cols.map((c) => c.column),
      keyColumns: keys.get(row.oid) ?? [],
      tableKind: row.relkind === 'p' ? 'partitioned' : row.is_partition ? 'partition' : row.persistence === 'u' ? 'unlogged' : 'regular',
      ...(partitionParent === undefined ? {} : { partitionOf: { parent: partitionParent, bound: row.bound ?? '' } }),
      ...(row.own_order === true ? { ownColumnOrder: true } : {}),
      ...(row.partitions === null ? {} : { partitions: row.partitions }),
      tablespace: row.tablespace,
      storageTablespace: row.stored_in,
      ...(row.comment === null ? {} : { comment: row.comment }),
      // The TOAST table's parameters are written in the same WITH list, `toast.` before each, as pg_dump does.
      options: { ...parseOptions(row.options), ...prefixed('toast.', parseOptions(row.toast_options)) },
      hasData,
      inherits: row.is_partition ? [] : parents,
      ...(row.partkey === null ? {} : { partitionKey: row.partkey }),
      checks: checks.get(row.oid) ?? [],
      ...(parentChecks === undefined ? {} : { parentChecks }),
      ownedSequences: sequences.filter((s) => s.ownerType === 'a' && s.ownerTable === row.oid).map((s) => ({ sequence: { schema: s.schema, name: s.name }, column: s.ownerColumn ?? '' })),
      ...(row.am === null ? {} : { accessMethod: row.am }),
      ...(row.of_type === null ? {} : { ofType: row.of_type }),
      replicaIdentity: row.replident,
      rowSecurity: row.rls,
      forceRowSecurity: row.force_rls,
    };
    const table = ctx.builder.add({ kind: 'TABLE', schema: row.schema, name: row.name, owner: row.owner, phase: 'pre-data', detail }, [
      [PG_CLASS.class, row.oid],
      [PG_CLASS.type, row.rowtype],
    ]);
    ctx.relationOids.push(row.oid);
    for (const d of defaults.rows) if (d.relid === row.oid) ctx.builder.alias(PG_CLASS.attrdef, d.oid, table);
    for (const s of sequences) if (s.ownerType === 'i' && s.ownerTable === row.oid) ctx.builder.alias(PG_CLASS.class, s.oid, table);
    for (const c of checkOids.get(row.oid) ?? []) ctx.builder.alias(PG_CLASS.constraint, c, table);
    annotate(ctx, table, row, cols);
  }
}

function prefixed(prefix: string, options: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(options).map(([k, v]) => [`${prefix}${k}`, v]));
}

/** Comments and grants of a table and its columns. */
function annotate(ctx: IntrospectContext, table: PendingObject, row: TableRow, cols: readonly ColumnRow[]): void {
  const target = { type: 'TABLE', schema: row.schema, name: row.name, table: row.name };
  if (row.comment !== null) addComment(ctx, table, target, row.comment);
  for (const c of cols) {
    if (c.column.comment !== undefined) addComment(ctx, table, { type: 'COLUMN', schema: row.schema, name: c.column.name, table: row.name }, c.column.comment);
  }
  const columnGrants = cols.flatMap((c) => columnPrivileges(c.column.name, c.acl, row.owner));
  if (row.acl !== null || columnGrants.length > 0) addGrant(ctx, table, grantDetail(target, row.acl, row.defacl, columnGrants));
}

/** The primary key's columns, else those of the narrowest unique index over NOT NULL columns. */
async function keyColumns(ctx: IntrospectContext, oids: readonly number[]): Promise<Map<number, string[]>> {
  const r = await ctx.conn.query<{ relid: number; primary: boolean; cols: string[]; all_not_null: boolean }>(
    `SELECT i.indrelid AS relid, i.indisprimary AS primary,
            ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                   WHERE k.n <= i.indnkeyatts ORDER BY k.n) AS cols,
            NOT EXISTS (SELECT 1 FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, n)
                          LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                         WHERE k.n <= i.indnkeyatts AND (a.attnum IS NULL OR NOT a.attnotnull)) AS all_not_null
       FROM pg_index i
      WHERE i.indrelid = ANY($1::oid[]) AND i.indisunique AND i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL
      ORDER BY i.indrelid, i.indisprimary DESC, i.indnkeyatts, i.indexrelid`,
    [oids],
    { action: 'introspect keys' },
  );
  const out = new Map<number, string[]>();
  for (const row of r.rows) {
    if (out.has(row.relid) || !(row.primary || row.all_not_null)) continue;
    out.set(row.relid, row.cols);
  }
  return out;
}

/**
 * Local, validated CHECK constraints: written inside CREATE TABLE, as pg_dump does. Validated ones a
 * table only inherits are returned apart: a partition written without its parent must declare them.
 */
async function inlineChecks(
  ctx: IntrospectContext,
  oids: readonly number[],
): Promise<{ checks: Map<number, PgInlineCheck[]>; checkOids: Map<number, number[]>; inheritedChecks: Map<number, PgInlineCheck[]> }> {
  const r = await ctx.conn.query<{ oid: number; relid: number; name: string; definition: string; local: boolean }>(
    `SELECT c.oid, c.conrelid AS relid, c.conname AS name, pg_get_constraintdef(c.oid) AS definition, c.conislocal AS local
       FROM pg_constraint c
      WHERE c.conrelid = ANY($1::oid[]) AND c.contype = 'c' AND c.convalidated
      ORDER BY c.conrelid, c.conname`,
    [oids],
    { action: 'introspect check constraints' },
  );
  const checks = new Map<number, PgInlineCheck[]>();
  const checkOids = new Map<number, number[]>();
  const inheritedChecks = new Map<number, PgInlineCheck[]>();
  for (const row of r.rows) {
    const check = { name: row.name, definition: row.definition };
    if (!row.local) {
      inheritedChecks.set(row.relid, [...(inheritedChecks.get(row.relid) ?? []), check]);
      continue;
    }
    checks.set(row.relid, [...(checks.get(row.relid) ?? []), check]);
    checkOids.set(row.relid, [...(checkOids.get(row.relid) ?? []), row.oid]);
  }
  return { checks, checkOids, inheritedChecks };
}
