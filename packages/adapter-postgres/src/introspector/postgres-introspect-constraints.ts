import type { TableRef } from '@sluice/adapter-kit';
import type { IndexColumnStatistics, PgConstraintDetail, PgReference } from '../model/postgres-details.js';
import { parseOptions, PG_CLASS, refOf, commentOf } from './postgres-catalog-builder.js';
import type { IntrospectContext } from './postgres-introspect-scope.js';
import { addComment } from './postgres-introspect-annotations.js';
import { indexColumnStatistics } from './postgres-introspect-indexes.js';

const ACTIONS: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };
const MATCH: Record<string, PgReference['match']> = { f: 'FULL', p: 'PARTIAL', s: 'SIMPLE' };

interface Row {
  oid: number;
  relid: number;
  schema: string;
  table_name: string;
  on_partitioned: boolean;
  name: string;
  type: PgConstraintDetail['type'];
  definition: string;
  deferrable: boolean;
  deferred: boolean;
  validated: boolean;
  local: boolean;
  parent: number;
  columns: string[];
  ref_table: TableRef | null;
  ref_columns: string[] | null;
  match: string;
  on_update: string;
  on_delete: string;
  delete_set: string[] | null;
  include: string[] | null;
  nulls_not_distinct: boolean | null;
  options: string[] | null;
  tablespace: string | null;
  parent_index: TableRef | null;
  comment: string | null;
  index_name: string | null;
  index_clustered: boolean | null;
  index_replident: boolean | null;
  index_comment: string | null;
  index_statistics: IndexColumnStatistics[] | null;
}

/** SQL for a foreign key's ON DELETE SET NULL/DEFAULT column numbers (PostgreSQL 15+; to_jsonb reads the column where it may be missing). */
function deleteSetColumns(ctx: IntrospectContext): string {
  if (ctx.version >= 150000) return 'unnest(co.confdelsetcols)';
  return "jsonb_array_elements_text(coalesce(nullif(to_jsonb(co) -> 'confdelsetcols', 'null'::jsonb), '[]'::jsonb))";
}

/**
 * Primary key, unique, exclusion and NOT VALID check constraints (CONSTRAINT) and foreign keys
 * (REF_CONSTRAINT), all post-data. Constraints a partition gets from its partitioned table are left
 * out (they come back with the parent's), except keys, which are created on the partition and
 * attached to the parent's index, as pg_dump does.
 */
export async function introspectConstraints(ctx: IntrospectContext): Promise<void> {
  const r = await ctx.conn.query<Row>(
    `SELECT co.oid, co.conrelid AS relid, n.nspname AS schema, t.relname AS table_name, t.relkind = 'p' AS on_partitioned,
            co.conname AS name, co.contype AS type, pg_get_constraintdef(co.oid) AS definition,
            co.condeferrable AS deferrable, co.condeferred AS deferred, co.convalidated AS validated, co.conislocal AS local,
            co.conparentid AS parent,
            ARRAY(SELECT a.attname::text FROM unnest(co.conkey) WITH ORDINALITY k(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = k.attnum ORDER BY k.n) AS columns,
            CASE WHEN co.contype = 'f' THEN json_build_object('schema', rn.nspname, 'name', rt.relname) END AS ref_table,
            CASE WHEN co.contype = 'f' THEN ARRAY(SELECT a.attname::text FROM unnest(co.confkey) WITH ORDINALITY k(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = co.confrelid AND a.attnum = k.attnum ORDER BY k.n) END AS ref_columns,
            co.confmatchtype AS match, co.confupdtype AS on_update, co.confdeltype AS on_delete,
            CASE WHEN co.contype = 'f' THEN ARRAY(SELECT a.attname::text
                    FROM ${deleteSetColumns(ctx)} WITH ORDINALITY k(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = k.attnum::int2 ORDER BY k.n) END AS delete_set,
            CASE WHEN co.contype IN ('p', 'u') THEN ARRAY(SELECT a.attname::text FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum
                   WHERE k.n > ix.indnkeyatts ORDER BY k.n) END AS include,
            ${ctx.version >= 150000 ? 'coalesce(ix.indnullsnotdistinct, false)' : "coalesce((to_jsonb(ix) ->> 'indnullsnotdistinct')::boolean, false)"} AS nulls_not_distinct,
            CASE WHEN co.contype IN ('p', 'u') THEN ic.reloptions::text[] END AS options,
            CASE WHEN co.contype IN ('p', 'u') THEN ts.spcname END AS tablespace,
            (SELECT json_build_object('schema', pn.nspname, 'name', pic.relname)
               FROM pg_constraint pc JOIN pg_class pic ON pic.oid = pc.conindid JOIN pg_namespace pn ON pn.oid = pic.relnamespace
              WHERE pc.oid = co.conparentid AND co.contype IN ('p', 'u', 'x')) AS parent_index,
            ${commentOf('co.oid', 'pg_constraint')} AS comment,
            ic.relname AS index_name, ix.indisclustered AS index_clustered, ix.indisreplident AS index_replident, ${commentOf('ic.oid', 'pg_class')} AS index_comment,
            CASE WHEN ic.oid IS NOT NULL THEN ${indexColumnStatistics('ic.oid')} END AS index_statistics
       FROM pg_constraint co
       JOIN pg_class t ON t.oid = co.conrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       LEFT JOIN pg_class rt ON rt.oid = co.confrelid
       LEFT JOIN pg_namespace rn ON rn.oid = rt.relnamespace
       LEFT JOIN pg_index ix ON ix.indexrelid = co.conindid AND co.contype IN ('p', 'u', 'x')
       LEFT JOIN pg_class ic ON ic.oid = ix.indexrelid
       LEFT JOIN pg_tablespace ts ON ts.oid = ic.reltablespace
      WHERE co.conrelid = ANY($1::oid[]) AND co.contype IN ('p', 'u', 'x', 'f', 'c')
      ORDER BY n.nspname, t.relname, co.conname`,
    [ctx.relationOids],
    { action: 'introspect constraints' },
  );
  const indexOids = await ctx.conn.query<{ oid: number; index_oid: number }>(
    `SELECT oid, conindid AS index_oid FROM pg_constraint WHERE conrelid = ANY($1::oid[]) AND contype IN ('p', 'u', 'x')`,
    [ctx.relationOids],
    { action: 'introspect constraint indexes' },
  );
  const indexOf = new Map(indexOids.rows.map((x) => [x.oid, x.index_oid]));
  for (const row of r.rows) {
    const table = ctx.builder.lookup(PG_CLASS.class, row.relid);
    if (table === undefined || table.kind !== 'TABLE') continue;
    const target = { type: 'CONSTRAINT', schema: row.schema, name: row.name, table: row.table_name };
    if (row.type === 'c' && (row.validated || !row.local)) {
      // Written inside CREATE TABLE (or inherited): only its comment is an object of its own.
      if (row.comment !== null && row.local) addComment(ctx, table, target, row.comment);
      continue;
    }
    if (row.type === 'f' && row.parent !== 0) continue;
    const detail: PgConstraintDetail = {
      name: row.name,
      table: row.table_name,
      type: row.type,
      columns: row.columns,
      include: row.include ?? [],
      nullsNotDistinct: row.nulls_not_distinct ?? false,
      definition: row.definition,
      ...(row.type === 'f' && row.ref_table !== null ? { references: reference(row) } : {}),
      options: parseOptions(row.options),
      tablespace: row.tablespace,
      deferrable: row.deferrable,
      deferred: row.deferred,
      validated: row.validated,
      // A CHECK reaches the children (inheritance or partitions) with the parent's ALTER TABLE, as in
      // pg_dump: ONLY would be refused for one that is inherited ("must be added to child tables too").
      only: row.type === 'c' ? /\bNO INHERIT\b/i.test(row.definition) : !(row.type === 'f' && row.on_partitioned),
      ...(row.parent_index === null ? {} : { attachTo: row.parent_index }),
      ...(row.index_name !== null && (row.index_clustered === true || row.index_replident === true || row.index_statistics !== null)
        ? {
            index: {
              name: row.index_name,
              clustered: row.index_clustered === true,
              ...(row.index_replident === true ? { replicaIdentity: true } : {}),
              columnStatistics: row.index_statistics ?? [],
            },
          }
        : {}),
    };
    const constraint = ctx.builder.add(
      {
        kind: row.type === 'f' ? 'REF_CONSTRAINT' : 'CONSTRAINT',
        schema: row.schema,
        name: `${row.table_name} ${row.name}`,
        table: row.table_name,
        phase: 'post-data',
        detail,
        // A foreign key needs the table it references (pg_depend says so only through the referenced columns).
        deps: row.type === 'f' && row.ref_table !== null ? [refOf(table), { kind: 'TABLE', schema: row.ref_table.schema, name: row.ref_table.name }] : [refOf(table)],
      },
      [
        [PG_CLASS.constraint, row.oid],
        [PG_CLASS.class, indexOf.get(row.oid) ?? 0],
      ],
    );
    if (row.comment !== null) addComment(ctx, constraint, target, row.comment);
    if (row.index_name !== null && row.index_comment !== null) addComment(ctx, constraint, { type: 'INDEX', schema: row.schema, name: row.index_name }, row.index_comment);
  }
}

function reference(row: Row): PgReference {
  const ref: PgReference = {
    table: row.ref_table!,
    columns: row.ref_columns ?? [],
    match: MATCH[row.match] ?? 'SIMPLE',
    onUpdate: ACTIONS[row.on_update] ?? 'NO ACTION',
    onDelete: ACTIONS[row.on_delete] ?? 'NO ACTION',
  };
  return row.delete_set !== null && row.delete_set.length > 0 ? { ...ref, deleteSetColumns: row.delete_set } : ref;
}
