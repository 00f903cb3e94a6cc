import type { PgStatisticsDetail } from '../model/postgres-details.js';
import { PG_CLASS, refOf, commentOf } from './postgres-catalog-builder.js';
import type { IntrospectContext } from './postgres-introspect-scope.js';
import { addComment } from './postgres-introspect-annotations.js';

/** Extended statistics on exported tables (STATISTICS), with their statistics target when one is set. */
export async function introspectStatistics(ctx: IntrospectContext): Promise<void> {
  const r = await ctx.conn.query<{
    oid: number;
    relid: number;
    schema: string;
    name: string;
    table_schema: string;
    table_name: string;
    owner: string;
    definition: string;
    target: number | null;
    comment: string | null;
  }>(
    `SELECT s.oid, s.stxrelid AS relid, n.nspname AS schema, s.stxname AS name, tn.nspname AS table_schema, c.relname AS table_name,
            pg_get_userbyid(s.stxowner) AS owner, pg_get_statisticsobjdef(s.oid) AS definition,
            CASE WHEN s.stxstattarget >= 0 THEN s.stxstattarget::int END AS target,
            ${commentOf('s.oid', 'pg_statistic_ext')} AS comment
       FROM pg_statistic_ext s
       JOIN pg_namespace n ON n.oid = s.stxnamespace
       JOIN pg_class c ON c.oid = s.stxrelid
       JOIN pg_namespace tn ON tn.oid = c.relnamespace
      WHERE s.stxrelid = ANY($1::oid[])
      ORDER BY n.nspname, s.stxname`,
    [ctx.relationOids],
    { action: 'introspect extended statistics' },
  );
  for (const row of r.rows) {
    const owner = ctx.builder.lookup(PG_CLASS.class, row.relid);
    if (owner === undefined) continue;
    const detail: PgStatisticsDetail = { table: row.table_name, definition: row.definition, ...(row.target === null ? {} : { statisticsTarget: row.target }) };
    const statistics = ctx.builder.add(
      {
        kind: 'STATISTICS',
        schema: row.schema,
        name: row.name,
        // Statistics may be on a materialized view, or live in another schema than their table; `table` names a table of the object's own schema.
        ...(owner.kind === 'TABLE' && row.table_schema === row.schema ? { table: row.table_name } : {}),
        owner: row.owner,
        phase: 'post-data',
        detail,
        deps: [refOf(owner)],
      },
      [[PG_CLASS.statistics, row.oid]],
    );
    if (row.comment !== null) addComment(ctx, statistics, { type: 'STATISTICS', schema: row.schema, name: row.name }, row.comment);
  }
}
