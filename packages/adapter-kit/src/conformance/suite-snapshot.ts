import { describe, expect, it } from 'vitest';
import { isTableObject } from '../catalog/table-detail.js';
import type { Row } from '../data/data-encoding.js';
import { rowsOf, wholeChunk, type SuiteContext } from './suite-context.js';

/** Snapshot isolation: rows committed after openSnapshot stay invisible to its sessions. */
export function describeSnapshot(ctx: SuiteContext): void {
  describe('consistent snapshot', () => {
    it('does not see rows committed after the snapshot was opened', async () => {
      const before = (await rowsOf(ctx.adapter, ctx.conn, wholeChunk(ctx.plain()))).length;
      const snapshot = await ctx.adapter.connector.openSnapshot({ maxWorkers: 2, consistent: true });
      try {
        expect(snapshot.consistent).toBe(true);
        const first = await snapshot.acquire();
        const second = ctx.adapter.connector.supportsLateSnapshotJoin ? undefined : await snapshot.acquire();
        // Commit one more row from an ordinary session.
        const catalog = await ctx.adapter.introspector.introspect(ctx.conn, { mode: 'TABLE', tables: [ctx.plain()] });
        const columns = catalog.objects
          .find(isTableObject)!
          .detail.columns.filter((c) => c.generated === undefined)
          .map((c) => c.name);
        // Read every row (a stream abandoned half way may cost its session) and copy the first.
        const existing: Row[] = [];
        for await (const batch of ctx.adapter.data.readRows(ctx.conn, wholeChunk(ctx.plain()), { columns })) existing.push(...batch);
        const one = existing[0];
        await ctx.adapter.data.writeRows(
          ctx.conn,
          ctx.plain(),
          columns,
          (async function* () {
            yield [one!];
          })(),
        );
        expect((await rowsOf(ctx.adapter, ctx.conn, wholeChunk(ctx.plain()))).length).toBe(before + 1);
        expect((await rowsOf(ctx.adapter, first, wholeChunk(ctx.plain()))).length).toBe(before);
        const late = second ?? (await snapshot.acquire());
        expect((await rowsOf(ctx.adapter, late, wholeChunk(ctx.plain()))).length).toBe(before);
        await snapshot.release(first);
        await snapshot.release(late);
      } finally {
        await snapshot.close();
      }
    });
  });
}
