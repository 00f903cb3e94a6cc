import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { tableLabel, type LoadResult, type TableRef } from '@sluice/adapter-kit';
import type { PostgresConnection } from '../postgres-connection.js';
import { identList, quoteIdent } from '../sql/postgres-quote.js';
import { encodeCopyRow } from './postgres-copy-text.js';
import { tableName } from './postgres-table-columns.js';

const BATCH = 1000;

/**
 * DATA_OPTIONS=SKIP_CONSTRAINT_ERRORS: COPY into an unconstrained temporary table, then insert in
 * batches under savepoints; a batch that fails is retried row by row, and the rows that still fail
 * are reported with the server's reason instead of failing the load.
 */
export async function loadSkippingErrors(conn: PostgresConnection, table: TableRef, columns: readonly string[], data: Readable): Promise<LoadResult> {
  const object = tableLabel(table);
  const ctx = { action: 'load', object };
  const own = !conn.inTransaction;
  const tmp = `pg_temp.${quoteIdent(`sluice_load_${process.pid}_${Date.now()}`)}`;
  const list = identList(columns);
  if (own) await conn.query('BEGIN', [], ctx);
  try {
    // CREATE TABLE AS copies column types but no constraints, so every row lands here.
    await conn.query(`CREATE TEMP TABLE ${tmp.slice('pg_temp.'.length)} ON COMMIT DROP AS SELECT ${list} FROM ${tableName(table)} WITH NO DATA`, [], ctx);
    await conn.query(`ALTER TABLE ${tmp} ADD COLUMN sluice_row bigserial`, [], ctx);
    let bytes = 0;
    const copy = conn.client.query(copyFrom(`COPY ${tmp} (${list}) FROM STDIN`));
    data.on('data', (c: Buffer) => (bytes += c.length));
    await pipeline(data, copy);
    const total = copy.rowCount;
    let rows = 0;
    const rejected: { row: string; reason: string }[] = [];
    const insert = `INSERT INTO ${tableName(table)} (${list}) OVERRIDING SYSTEM VALUE SELECT ${list} FROM ${tmp}`;
    for (let first = 1; first <= total; first += BATCH) {
      const last = Math.min(total, first + BATCH - 1);
      await conn.query('SAVEPOINT sluice_batch', [], ctx);
      try {
        const r = await conn.client.query(`${insert} WHERE sluice_row BETWEEN $1 AND $2`, [first, last]);
        rows += r.rowCount ?? 0;
        await conn.query('RELEASE SAVEPOINT sluice_batch', [], ctx);
        continue;
      } catch {
        await conn.query('ROLLBACK TO SAVEPOINT sluice_batch', [], ctx);
      }
      for (let n = first; n <= last; n++) {
        try {
          const r = await conn.client.query(`${insert} WHERE sluice_row = $1`, [n]);
          rows += r.rowCount ?? 0;
          await conn.query('RELEASE SAVEPOINT sluice_batch', [], ctx);
          await conn.query('SAVEPOINT sluice_batch', [], ctx);
        } catch (err) {
          await conn.query('ROLLBACK TO SAVEPOINT sluice_batch', [], ctx);
          const text = await conn.query<Record<string, string | null>>(`SELECT ${columns.map((c, i) => `${quoteIdent(c)}::text AS c${i}`).join(', ')} FROM ${tmp} WHERE sluice_row = $1`, [n], ctx);
          const values = columns.map((_, i) => text.rows[0]?.[`c${i}`] ?? null);
          rejected.push({ row: encodeCopyRow(values).slice(0, -1), reason: (err as Error).message });
        }
      }
      await conn.query('RELEASE SAVEPOINT sluice_batch', [], ctx);
    }
    await conn.query(`DROP TABLE ${tmp}`, [], ctx);
    if (own) await conn.query('COMMIT', [], ctx);
    return { rows, bytes, rejected };
  } catch (err) {
    if (own) await conn.query('ROLLBACK', [], ctx).catch(() => undefined);
    throw err;
  }
}
