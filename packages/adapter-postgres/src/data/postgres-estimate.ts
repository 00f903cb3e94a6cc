import { AdapterError, tableLabel, type SizeEstimate, type TableRef } from '@sluice/adapter-kit';
import type { PostgresConnection } from '../postgres-connection.js';

/** Tables per estimate statement: one statement for a schema's tables, bounded for very many. */
const BATCH = 1000;

interface EstimateRow {
  i: string;
  tuples: number;
  disk: string;
  width: number | null;
  analysed: boolean;
  found: boolean;
}

/**
 * ESTIMATE=STATISTICS: rows from pg_class.reltuples and bytes from pg_stats average column widths
 * (what the rows take as COPY text, roughly); falls back to blocks for a table never analysed.
 * ESTIMATE=BLOCKS: bytes from the relation's size on disk, TOAST included. A partitioned table is
 * the sum of its partitions. Every estimate also carries `diskBytes`, the size on disk. One table's
 * estimate is a few lookups by key, however many tables the database has.
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
  const bytes = method === 'STATISTICS' && row.analysed && row.width !== null ? Math.round(rows * row.width) : disk;
  return { table, method, rows, bytes, diskBytes: disk };
}

/**
 * The estimates of many tables, in their order, with one statement per 1,000 tables instead of one
 * per table; a table that does not exist is left out. Same figures as estimateTable, table by table.
 */
export async function estimateTables(conn: PostgresConnection, tables: readonly TableRef[], method: 'STATISTICS' | 'BLOCKS'): Promise<SizeEstimate[]> {
  const out: SizeEstimate[] = [];
  for (let at = 0; at < tables.length; at += BATCH) {
    const batch = tables.slice(at, at + BATCH);
    // Set-based: every table's leaves (itself, or a partitioned table's leaf partitions), their sizes
    // and one grouped read of pg_stats for the schemas of their first leaves. Per-table lookups of
    // pg_stats (even by key) cost 3 ms a table; this statement costs about that for 300 tables.
    const r = await conn.query<EstimateRow>(
      `WITH q AS (
         SELECT * FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS q(nsp, rel, i)
       ), t AS (
         SELECT q.i, c.oid FROM q
           JOIN pg_namespace n ON n.nspname = q.nsp
           JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = q.rel
       ), leaves AS (
         -- pg_partition_tree is empty for a table that is not part of a partition tree.
         SELECT t.i, t.oid AS leaf FROM t WHERE NOT EXISTS (SELECT 1 FROM pg_partition_tree(t.oid))
         UNION ALL
         SELECT t.i, p.relid FROM t, pg_partition_tree(t.oid) p WHERE p.isleaf
       ), sizes AS (
         SELECT l.i, sum(greatest(c.reltuples, 0))::float8 AS tuples, sum(pg_table_size(c.oid))::text AS disk,
                bool_and(c.reltuples >= 0) AS analysed, min(l.leaf) AS first
           FROM leaves l JOIN pg_class c ON c.oid = l.leaf GROUP BY l.i
       ), firsts AS (
         SELECT s.i, n.nspname, c.relname FROM sizes s JOIN pg_class c ON c.oid = s.first JOIN pg_namespace n ON n.oid = c.relnamespace
       ), widths AS (
         SELECT st.schemaname, st.tablename, sum(st.avg_width + 1)::float8 AS width FROM pg_stats st
          WHERE st.schemaname IN (SELECT DISTINCT nspname FROM firsts) GROUP BY 1, 2
       )
       SELECT t.i::text AS i, true AS found, coalesce(s.tuples, 0)::float8 AS tuples, coalesce(s.disk, '0') AS disk,
              s.analysed, w.width
         FROM t LEFT JOIN sizes s ON s.i = t.i
         LEFT JOIN firsts f ON f.i = t.i
         LEFT JOIN widths w ON w.schemaname = f.nspname AND w.tablename = f.relname
        ORDER BY t.i`,
      [batch.map((t) => t.schema), batch.map((t) => t.name)],
      { action: 'estimate', object: batch.length === 1 ? tableLabel(batch[0]!) : `${batch.length} tables` },
    );
    for (const row of r.rows) {
      const table = batch[Number(row.i) - 1];
      if (table === undefined || !row.found) continue;
      const rows = Math.round(row.tuples);
      const disk = Number(row.disk);
      const bytes = method === 'STATISTICS' && row.analysed && row.width !== null ? Math.round(rows * row.width) : disk;
      out.push({ table, method, rows, bytes, diskBytes: disk });
    }
  }
  return out;
}
