import type { Adapter } from '@sluice/adapter-kit';

/**
 * Run one statement on a fresh connection of `adapter` and return its rows. It goes through the
 * adapter's master-table dialect, the one generic "run this SQL" the adapter contract has.
 */
export async function sql(adapter: Adapter, text: string, params: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
  const conn = await adapter.connector.connect('sluice e2e test');
  try {
    return (await adapter.masterTable.query(conn, text, params)).rows;
  } finally {
    await conn.close();
  }
}

/** Rows of a table ordered by its first column, as plain JSON-comparable values. */
export async function tableRows(adapter: Adapter, qualified: string, orderBy = '1'): Promise<unknown[]> {
  const rows = await sql(adapter, `SELECT * FROM ${qualified} ORDER BY ${orderBy}`);
  return rows.map((r) => JSON.parse(JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))) as unknown);
}

/** Insert `count` generated rows into a table with (id, name, amount, created) in batches. */
export async function fillNumbered(adapter: Adapter, qualified: string, from: number, count: number): Promise<void> {
  for (let start = from; start < from + count; start += 500) {
    const values: string[] = [];
    for (let i = start; i < Math.min(from + count, start + 500); i++) {
      const day = String((i % 28) + 1).padStart(2, '0');
      values.push(`(${i}, 'name ${i} \\ with tab\there', ${(i * 1.25).toFixed(2)}, '2024-02-${day}')`);
    }
    await sql(adapter, `INSERT INTO ${qualified} (id, name, amount, created) VALUES ${values.join(', ')}`);
  }
}
