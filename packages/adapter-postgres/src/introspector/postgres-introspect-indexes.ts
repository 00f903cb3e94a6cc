import type { TableRef } from '@sluice/adapter-kit';
import type { IndexColumnStatistics, PgIndexDetail } from '../model/postgres-details.js';
import { isKeyword, matchingParen, tokenizeSql } from '../sql/postgres-sql-lexer.js';
import { parseOptions, PG_CLASS, refOf, commentOf } from './postgres-catalog-builder.js';
import type { IntrospectContext } from './postgres-introspect-scope.js';
import { addComment } from './postgres-introspect-annotations.js';

/** Secondary indexes (INDEX): every index of an exported relation that does not back a constraint. */
export async function introspectIndexes(ctx: IntrospectContext): Promise<void> {
  const r = await ctx.conn.query<{
    oid: number;
    relid: number;
    schema: string;
    name: string;
    table_name: string;
    definition: string;
    method: string;
    unique: boolean;
    nulls_not_distinct: boolean;
    include: string[];
    predicate: string | null;
    options: string[] | null;
    tablespace: string | null;
    on_partitioned: boolean;
    clustered: boolean;
    replident: boolean;
    parent: TableRef | null;
    comment: string | null;
    constraint_oid: number | null;
    column_statistics: IndexColumnStatistics[] | null;
  }>(
    `SELECT i.indexrelid AS oid, i.indrelid AS relid, n.nspname AS schema, ic.relname AS name, tc.relname AS table_name,
            pg_get_indexdef(i.indexrelid) AS definition, am.amname AS method, i.indisunique AS unique,
            ${ctx.version >= 150000 ? 'i.indnullsnotdistinct' : "coalesce((to_jsonb(i) ->> 'indnullsnotdistinct')::boolean, false)"} AS nulls_not_distinct,
            ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                   WHERE k.n > i.indnkeyatts ORDER BY k.n) AS include,
            pg_get_expr(i.indpred, i.indrelid) AS predicate, ic.reloptions::text[] AS options, ts.spcname AS tablespace,
            tc.relkind = 'p' AS on_partitioned, i.indisclustered AS clustered, i.indisreplident AS replident,
            (SELECT json_build_object('schema', pn.nspname, 'name', p.relname)
               FROM pg_inherits h JOIN pg_class p ON p.oid = h.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
              WHERE h.inhrelid = i.indexrelid) AS parent,
            ${commentOf('i.indexrelid', 'pg_class')} AS comment,
            (SELECT c.oid FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x')) AS constraint_oid,
            ${indexColumnStatistics('i.indexrelid')} AS column_statistics
       FROM pg_index i
       JOIN pg_class ic ON ic.oid = i.indexrelid
       JOIN pg_class tc ON tc.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = ic.relnamespace
       JOIN pg_am am ON am.oid = ic.relam
       LEFT JOIN pg_tablespace ts ON ts.oid = ic.reltablespace
      WHERE i.indrelid = ANY($1::oid[])
      ORDER BY n.nspname, tc.relname, ic.relname`,
    [ctx.relationOids],
    { action: 'introspect indexes' },
  );
  for (const row of r.rows) {
    if (row.constraint_oid !== null) continue;
    const table = ctx.builder.lookup(PG_CLASS.class, row.relid);
    if (table === undefined) continue;
    const detail: PgIndexDetail = {
      table: row.table_name,
      unique: row.unique,
      method: row.method,
      keys: indexKeys(row.definition),
      include: row.include,
      nullsNotDistinct: row.nulls_not_distinct,
      predicate: row.predicate,
      options: parseOptions(row.options),
      tablespace: row.tablespace,
      only: row.on_partitioned,
      ...(row.parent === null ? {} : { attachTo: row.parent }),
      clustered: row.clustered,
      replicaIdentity: row.replident,
      ...(row.column_statistics === null ? {} : { columnStatistics: row.column_statistics }),
    };
    const deps = [refOf(table)];
    const index = ctx.builder.add(
      {
        kind: 'INDEX',
        schema: row.schema,
        name: row.name,
        ...(table.kind === 'TABLE' ? { table: row.table_name } : {}),
        phase: 'post-data',
        detail,
        deps,
      },
      [[PG_CLASS.class, row.oid]],
    );
    ctx.relationOids.push(row.oid);
    if (row.comment !== null) addComment(ctx, index, { type: 'INDEX', schema: row.schema, name: row.name }, row.comment);
  }
}

/** SQL for the statistics targets set on an index's columns (ALTER INDEX ... ALTER COLUMN n SET STATISTICS), as JSON, or null. */
export function indexColumnStatistics(indexOid: string): string {
  return `(SELECT json_agg(json_build_object('column', a.attnum, 'statistics', a.attstattarget) ORDER BY a.attnum)
             FROM pg_attribute a WHERE a.attrelid = ${indexOid} AND a.attnum > 0 AND a.attstattarget >= 0)`;
}

/** The key list of `CREATE INDEX ... USING method (keys) ...` as the server printed it. */
export function indexKeys(definition: string): string {
  const tokens = tokenizeSql(definition);
  const using = tokens.findIndex((t) => isKeyword(t, 'using'));
  let k = using + 1;
  while (k < tokens.length && tokens[k]!.text !== '(') k++;
  const close = matchingParen(tokens, k);
  if (using < 0 || close < 0) throw new Error(`Cannot read the key list of index definition: ${definition}`);
  return tokens
    .slice(k + 1, close)
    .map((t) => t.text)
    .join('');
}
