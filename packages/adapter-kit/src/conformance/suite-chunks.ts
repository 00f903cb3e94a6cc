import { beforeAll, describe, expect, it } from 'vitest';
import type { CatalogObject } from '../catalog/catalog-object.js';
import { isTableObject } from '../catalog/table-detail.js';
import type { Row } from '../data/data-encoding.js';
import { rowsDigest } from './row-digest.js';
import { rowsOf, tableOf, wholeChunk, type SuiteContext } from './suite-context.js';

/** Chunk plans cover every row once; QUERY, SAMPLE, column lists; estimates. */
export function describeChunks(ctx: SuiteContext): void {
  describe('chunks, filters and estimates', () => {
    let catalog: readonly CatalogObject[];
    beforeAll(async () => {
      catalog = (await ctx.adapter.introspector.introspect(ctx.conn, { mode: 'SCHEMA', schemas: [ctx.source.schema] })).objects;
    });

    async function checkPlan(name: string, physical: boolean): Promise<void> {
      const table = catalog.find((o) => o.kind === 'TABLE' && o.name === name)!;
      const ref = tableOf(table);
      const size = await ctx.adapter.data.estimate(ctx.conn, ref, ctx.adapter.data.estimateMethods.includes('BLOCKS') ? 'BLOCKS' : 'STATISTICS');
      const targetBytes = Math.max(1, Math.floor(size.bytes / (ctx.workers * 3)));
      const chunks = await ctx.adapter.data.planChunks(ctx.conn, table, { targetBytes, maxChunks: ctx.workers * 8 });
      expect(chunks.map((c) => [c.index, c.count])).toEqual(chunks.map((_, i) => [i, chunks.length]));
      for (const c of chunks) expect(c.table).toEqual(ref);
      expect(JSON.parse(JSON.stringify(chunks))).toEqual(chunks);
      if (physical) expect(chunks.length, `${name}: more chunks than ${ctx.workers} workers`).toBeGreaterThan(ctx.workers);
      const whole = await rowsOf(ctx.adapter, ctx.conn, wholeChunk(ref));
      const pieces: string[] = [];
      for (const c of chunks) pieces.push(...(await rowsOf(ctx.adapter, ctx.conn, c)));
      // Same multiset of rows: none lost, none twice.
      expect(rowsDigest(pieces)).toEqual(rowsDigest(whole));
    }

    it('plans key-range chunks that cover every row of a keyed table once, more chunks than workers', async () => {
      await checkPlan('items', true);
    });

    it('plans chunks that cover every row of a table without a key once', async () => {
      await checkPlan('plain', ctx.adapter.data.supportsPhysicalChunks);
    });

    it('applies QUERY and SAMPLE filters and column lists', async () => {
      const all = await rowsOf(ctx.adapter, ctx.conn, wholeChunk(ctx.items()));
      expect((await rowsOf(ctx.adapter, ctx.conn, wholeChunk(ctx.items()), { query: ctx.options.query.where })).length).toBe(ctx.options.query.rows);
      expect(await rowsOf(ctx.adapter, ctx.conn, wholeChunk(ctx.items()), { query: '1 = 0' })).toEqual([]);
      expect(rowsDigest(await rowsOf(ctx.adapter, ctx.conn, wholeChunk(ctx.items()), { sample: 100 }))).toEqual(rowsDigest(all));
      const sampled = await rowsOf(ctx.adapter, ctx.conn, wholeChunk(ctx.items()), { sample: 10 });
      expect(sampled.length).toBeGreaterThan(0);
      expect(sampled.length).toBeLessThan(all.length);
      const allSet = new Set(all);
      for (const r of sampled) expect(allSet.has(r)).toBe(true);
      const itemsDetail = catalog.filter(isTableObject).find((o) => o.name === 'items')!.detail;
      const firstColumn = itemsDetail.columns[0]!.name;
      const narrow: Row[] = [];
      for await (const batch of ctx.adapter.data.readRows(ctx.conn, wholeChunk(ctx.items()), { columns: [firstColumn] })) narrow.push(...batch);
      expect(narrow.length).toBe(all.length);
      for (const r of narrow) expect(r.length).toBe(1);
    });

    it('estimates table sizes by every method it declares', async () => {
      expect(ctx.adapter.data.estimateMethods.length).toBeGreaterThan(0);
      for (const method of ctx.adapter.data.estimateMethods) {
        const e = await ctx.adapter.data.estimate(ctx.conn, ctx.items(), method);
        expect(e.method).toBe(method);
        expect(e.table).toEqual(ctx.items());
        expect(e.bytes).toBeGreaterThan(0);
        expect(e.rows).toBeGreaterThanOrEqual(0);
      }
    });

    it('estimates many tables at once as one at a time, leaving out a table that does not exist', async () => {
      const missing = { schema: ctx.source.schema, name: 'no_such_table_at_all' };
      for (const method of ctx.adapter.data.estimateMethods) {
        const many = await ctx.adapter.data.estimateMany(ctx.conn, [ctx.plain(), missing, ctx.items()], method);
        // None at all: this adapter estimates one table at a time (DataMoverBase's default).
        if (many.length === 0) continue;
        const one = await Promise.all([ctx.plain(), ctx.items()].map((t) => ctx.adapter.data.estimate(ctx.conn, t, method)));
        expect(many).toEqual(one);
        for (const e of many) expect(e.diskBytes).toBeGreaterThan(0);
      }
    });

    it('plans one whole chunk from a known size without looking again, and cuts by its own lookup otherwise', async () => {
      const table = catalog.find((o) => o.kind === 'TABLE' && o.name === 'items')!;
      const ref = tableOf(table);
      const disk = (await ctx.adapter.data.estimate(ctx.conn, ref, ctx.adapter.data.estimateMethods.includes('BLOCKS') ? 'BLOCKS' : 'STATISTICS')).diskBytes;
      if (disk === undefined) return;
      expect(await ctx.adapter.data.planChunks(ctx.conn, table, { targetBytes: disk, knownBytes: disk })).toEqual([{ table: ref, index: 0, count: 1, range: { kind: 'whole' }, estimatedBytes: disk }]);
      const targetBytes = Math.max(1, Math.floor(disk / (ctx.workers * 3)));
      expect((await ctx.adapter.data.planChunks(ctx.conn, table, { targetBytes, knownBytes: disk })).length).toBeGreaterThan(1);
    });
  });
}
