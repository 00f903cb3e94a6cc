import { beforeAll, describe, expect, it } from 'vitest';
import type { CatalogObject } from '../catalog/catalog-object.js';
import type { DdlOptions } from '../ddl-options.js';
import { DataMoverBase } from '../data/data-mover.js';
import { normaliseCatalog } from './catalog-checks.js';
import { rowsDigest } from './row-digest.js';
import type { ScratchDatabase } from './conformance-options.js';
import { dataTables, rowsOf, runPhase, tableOf, wholeChunk, type ScratchTarget, type SuiteContext } from './suite-context.js';

/** DDL and data into other scratch databases: the model and the rows come back unchanged. */
export function describeRoundTrip(ctx: SuiteContext): void {
  describe('DDL and data round trip', () => {
    let objects: readonly CatalogObject[];
    let target: ScratchTarget;
    let ddlOptions: DdlOptions;
    // Each scratch database may have its own schema name (MySQL: the database is the schema).
    const remapTo = (db: ScratchDatabase): DdlOptions => (db.schema === ctx.source.schema ? {} : { remapSchema: new Map([[ctx.source.schema, db.schema]]) });

    beforeAll(async () => {
      objects = (await ctx.adapter.introspector.introspect(ctx.conn, { mode: 'SCHEMA', schemas: [ctx.source.schema] })).objects;
      target = await ctx.another();
      ddlOptions = remapTo(target.db);
      const schemaThere = await target.adapter.introspector.schemaExists(target.conn, target.db.schema);
      // As an import does: pre-data, then rows (byte streams, no per-row work), then post-data.
      await runPhase(target.adapter, target.conn, objects, 'pre-data', ddlOptions, schemaThere);
      for (const t of dataTables(objects)) {
        const result = await target.adapter.data.load(target.conn, tableOf(t, target.db.schema), ctx.adapter.data.unload(ctx.conn, wholeChunk(tableOf(t))));
        expect(result.rows).toBeGreaterThanOrEqual(0);
      }
      await runPhase(target.adapter, target.conn, objects, 'post-data', ddlOptions, schemaThere);
    });

    it('regenerates DDL whose re-introspected model equals the original', async () => {
      const again = await target.adapter.introspector.introspect(target.conn, { mode: 'SCHEMA', schemas: [target.db.schema] });
      expect(normaliseCatalog(again.objects, target.db.schema, target.db.schema)).toEqual(normaliseCatalog(objects, ctx.source.schema, target.db.schema));
    });

    it('unloads and loads every table with every row unchanged', async () => {
      for (const t of dataTables(objects)) {
        const before = rowsDigest(await rowsOf(ctx.adapter, ctx.conn, wholeChunk(tableOf(t))));
        const after = rowsDigest(await rowsOf(target.adapter, target.conn, wholeChunk(tableOf(t, target.db.schema))));
        expect(after, t.name).toEqual(before);
      }
    });

    it('reports load counts: rows and bytes', async () => {
      const copy = await ctx.another();
      const schemaThere = await copy.adapter.introspector.schemaExists(copy.conn, copy.db.schema);
      await runPhase(copy.adapter, copy.conn, objects, 'pre-data', remapTo(copy.db), schemaThere);
      const expected = (await rowsOf(ctx.adapter, ctx.conn, wholeChunk(ctx.items()))).length;
      const result = await copy.adapter.data.load(copy.conn, { schema: copy.db.schema, name: 'items' }, ctx.adapter.data.unload(ctx.conn, wholeChunk(ctx.items())));
      expect(result.rows).toBe(expected);
      expect(result.bytes).toBeGreaterThan(0);
      await copy.conn.close();
    });

    it('moves rows through readRows/writeRows and decodeRows/encodeRows unchanged', async () => {
      const copy = await ctx.another();
      const schemaThere = await copy.adapter.introspector.schemaExists(copy.conn, copy.db.schema);
      await runPhase(copy.adapter, copy.conn, objects, 'pre-data', remapTo(copy.db), schemaThere);
      for (const t of dataTables(objects)) {
        const columns = t.detail.columns.filter((c) => c.generated === undefined).map((c) => c.name);
        const there = tableOf(t, copy.db.schema);
        const result = await copy.adapter.data.writeRows(copy.conn, there, columns, ctx.adapter.data.readRows(ctx.conn, wholeChunk(tableOf(t)), { columns }));
        const before = rowsDigest(await rowsOf(ctx.adapter, ctx.conn, wholeChunk(tableOf(t))));
        expect(result.rows, t.name).toBe(before.count);
        expect(rowsDigest(await rowsOf(copy.adapter, copy.conn, wholeChunk(there))), t.name).toEqual(before);
      }
      // decodeRows/encodeRows: the byte stream survives decoding and re-encoding.
      const there = { schema: copy.db.schema, name: 'plain' };
      await copy.adapter.ddl.truncateTable(copy.conn, there);
      const reencoded = copy.adapter.data.encodeRows(copy.adapter.data.decodeRows(ctx.adapter.data.unload(ctx.conn, wholeChunk(ctx.plain()))));
      await copy.adapter.data.load(copy.conn, there, reencoded);
      expect(rowsDigest(await rowsOf(copy.adapter, copy.conn, wholeChunk(there)))).toEqual(rowsDigest(await rowsOf(ctx.adapter, ctx.conn, wholeChunk(ctx.plain()))));
      await copy.conn.close();
    });

    it('checks, truncates, clears a chunk and drops tables on a target', async () => {
      const there = { schema: target.db.schema, name: 'items' };
      expect(await target.adapter.introspector.tableExists(target.conn, there)).toBe(true);
      expect(await target.adapter.introspector.tableExists(target.conn, { schema: target.db.schema, name: 'no_such_table' })).toBe(false);
      // The one-query listing finds what tableExists finds.
      const listed = await target.adapter.introspector.tablesIn(target.conn, target.db.schema);
      if (listed !== undefined) expect([listed.includes('items'), listed.includes('no_such_table')]).toEqual([true, false]);
      expect(await target.adapter.introspector.schemaExists(target.conn, target.db.schema)).toBe(true);
      expect(await target.adapter.introspector.schemaExists(target.conn, 'sluice_no_such_schema')).toBe(false);
      const itemsObject = objects.find((o) => o.kind === 'TABLE' && o.name === 'items')!;
      const total = (await rowsOf(target.adapter, target.conn, wholeChunk(there))).length;
      const [first] = await ctx.adapter.data.planChunks(ctx.conn, itemsObject, { targetBytes: 1, maxChunks: 3 });
      if (first!.range.kind === 'key') {
        const inChunk = (await rowsOf(ctx.adapter, ctx.conn, first!)).length;
        // Whether the range holds rows is what deleteChunk would delete: some before, none after.
        // An adapter that keeps DataMoverBase's chunkHasRows cannot tell, and says true.
        const exact = target.adapter.data.chunkHasRows !== DataMoverBase.prototype.chunkHasRows;
        expect(await target.adapter.data.chunkHasRows(target.conn, there, first!)).toBe(exact ? inChunk > 0 : true);
        expect(await target.adapter.data.deleteChunk(target.conn, there, first!)).toBe(inChunk);
        expect(await target.adapter.data.chunkHasRows(target.conn, there, first!)).toBe(!exact);
        expect((await rowsOf(target.adapter, target.conn, wholeChunk(there))).length).toBe(total - inChunk);
      }
      const noKey = { schema: target.db.schema, name: 'plain' };
      await target.adapter.ddl.truncateTable(target.conn, noKey);
      expect(await rowsOf(target.adapter, target.conn, wholeChunk(noKey))).toEqual([]);
      // Dependent objects (the view over items) may stop a drop; plain has none.
      await target.adapter.ddl.dropTable(target.conn, noKey);
      expect(await target.adapter.introspector.tableExists(target.conn, noKey)).toBe(false);
      expect((await target.adapter.introspector.tablesIn(target.conn, target.db.schema))?.includes('plain') ?? false).toBe(false);
    });
  });
}
