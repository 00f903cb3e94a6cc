import { isTableObject, refKey, type Adapter, type CatalogObject } from '@sluice/adapter-kit';
import { parseJobPayload } from './job-record.js';
import { COLUMN_NAMES } from './master-sql.js';

/** Whether a table has every master-table column (only such tables are worth a look at row 0). */
function hasMasterColumns(o: CatalogObject): boolean {
  const columns = isTableObject(o) ? o.detail.columns : undefined;
  if (columns === undefined) return false;
  const names = new Set(columns.map((c) => c.name));
  return COLUMN_NAMES.every((n) => names.has(n));
}

/**
 * The introspected objects without master tables (this job's and any other job's) and what lives on
 * them: Data Pump never exports a master table as a table. A master table is recognised as listJobs
 * recognises one: its row 0 carries the Sluice marker and its own job name.
 */
export async function withoutMasterTables(source: Adapter, objects: readonly CatalogObject[]): Promise<CatalogObject[]> {
  const candidates = objects.filter((o) => o.kind === 'TABLE' && o.schema !== null && hasMasterColumns(o));
  if (candidates.length === 0) return [...objects];
  const dialect = source.masterTable;
  const q = (n: string): string => dialect.quoteIdent(n);
  const masters = new Set<string>();
  // A connection of its own: a failed probe must not disturb the snapshot's transaction.
  const conn = await source.connector.connect('sluice find master tables');
  try {
    for (const o of candidates) {
      try {
        const { rows } = await dialect.query(conn, `SELECT ${q('payload')} FROM ${q(o.schema ?? '')}.${q(o.name)} WHERE ${q('id')} = ${dialect.placeholder(1)}`, [0]);
        if (parseJobPayload(rows[0]?.['payload'])?.definition.jobName === o.name) masters.add(refKey(o));
      } catch {
        // Not readable as a master table: an ordinary table that happens to have these columns.
      }
    }
  } finally {
    await conn.close().catch(() => undefined);
  }
  if (masters.size === 0) return [...objects];
  // Whatever lives on a master table (its key, indexes) or depends on it goes with it.
  const goes = (o: CatalogObject): boolean =>
    masters.has(refKey(o)) || (o.table !== undefined && masters.has(refKey({ kind: 'TABLE', schema: o.schema, name: o.table }))) || o.dependsOn.some((d) => masters.has(refKey(d)));
  let kept = [...objects];
  for (;;) {
    const next = kept.filter((o) => {
      if (!goes(o)) return true;
      masters.add(refKey(o));
      return false;
    });
    if (next.length === kept.length) return next;
    kept = next;
  }
}
