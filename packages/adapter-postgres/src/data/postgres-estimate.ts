import { AdapterError, tableLabel, type SizeEstimate, type TableRef } from '@sluice/adapter-kit';
import type { PostgresConnection } from '../postgres-connection.js';

/**
 * ESTIMATE=STATISTICS: rows from pg_class.reltuples and bytes from pg_stats average column widths
 * (what the rows take as COPY text, roughly); falls back to blocks for a table never analysed.
 * ESTIMATE=BLOCKS: bytes from the relation's size on disk, TOAST included. A partitioned table is
 * the sum of its partitions.
 */
export async function estimateTable(conn: PostgresConnection, table: TableRef, method: 'STATISTICS' | 'BLOCKS'): Promise<SizeEstimate> {
  const object = tableLabel(table);
  const r = await conn.query<{ tuples: number; disk: string; width: number | null; analysed: boolean; found: boolean }>(
    `WITH t AS (
       SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2
     ), leaves AS (
       -- pg_partition_tree is empty for a table that is not part of a partition tree.
       SELECT p.relid AS oid FROM t, pg_partition_tree(t.oid) p WHERE p.isleaf
       UNION
       SELECT t.oid FROM t WHERE NOT EXISTS (SELECT 1 FROM pg_partition_tree(t.oid))
     )
     SELECT EXISTS (SELECT 1 FROM t) AS found,
            coalesce(sum(greatest(c.reltuples, 0)), 0)::float8 AS tuples,
            coalesce(sum(pg_table_size(c.oid)), 0)::text AS disk,
            bool_and(c.reltuples >= 0) AS analysed,
            (SELECT sum(s.avg_width + 1)::float8 FROM pg_class sc JOIN pg_namespace sn ON sn.oid = sc.relnamespace
               CROSS JOIN LATERAL (SELECT st.avg_width FROM pg_stats st WHERE st.schemaname = sn.nspname AND st.tablename = sc.relname OFFSET 0) s
              WHERE sc.oid = (SELECT min(oid) FROM leaves)) AS width
       -- Each lookup by key (LATERAL ... OFFSET 0 keeps the planner from hashing the whole of
       -- pg_class or pg_stats): one estimate stays a few index probes however many tables there are.
       FROM leaves CROSS JOIN LATERAL (SELECT pc.oid, pc.reltuples FROM pg_class pc WHERE pc.oid = leaves.oid OFFSET 0) c`,
    [table.schema, table.name],
    { action: 'estimate', object },
  );
  const row = r.rows[0]!;
  if (!row.found) throw new AdapterError('NO_SUCH_TABLE', `Cannot estimate ${object}: the table does not exist.`, { object });
  const rows = Math.round(row.tuples);
  const disk = Number(row.disk);
  if (method === 'STATISTICS' && row.analysed && row.width !== null) {
    return { table, method, rows, bytes: Math.round(rows * row.width) };
  }
  return { table, method, rows, bytes: disk };
}
