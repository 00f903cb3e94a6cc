import { beforeAll, describe, expect, it } from 'vitest';
import type { CatalogObject } from '../catalog/catalog-object.js';
import { isTableObject } from '../catalog/table-detail.js';
import { catalogProblems } from './catalog-checks.js';
import type { SuiteContext } from './suite-context.js';

/** Introspection: object paths, order, the fixture's structure, JSON, TABLE mode. */
export function describeIntrospection(ctx: SuiteContext): void {
  describe('introspection', () => {
    let objects: readonly CatalogObject[];
    beforeAll(async () => {
      objects = (await ctx.adapter.introspector.introspect(ctx.conn, { mode: 'SCHEMA', schemas: [ctx.source.schema] })).objects;
    });

    it('files every object under its object path, dependencies first, pre-data before post-data', () => {
      expect(catalogProblems(objects)).toEqual([]);
      for (const o of objects) {
        expect(typeof o.ddl, `${o.kind} ${o.name}`).toBe('string');
        expect(o.ddl.length, `${o.kind} ${o.name} has DDL`).toBeGreaterThan(0);
      }
    });

    it('finds the fixture objects with their structure', () => {
      const find = (kind: string, name: string): CatalogObject | undefined => objects.find((o) => o.kind === kind && o.name === name);
      const table = (name: string) => objects.filter(isTableObject).find((o) => o.name === name);
      const itemsTable = table('items');
      const plainTable = table('plain');
      expect(itemsTable?.schema).toBe(ctx.source.schema);
      const itemsDetail = itemsTable!.detail;
      expect(itemsDetail.keyColumns.length).toBeGreaterThan(0);
      expect(itemsDetail.hasData).toBe(true);
      expect(itemsDetail.columns.map((c) => c.ordinal)).toEqual(itemsDetail.columns.map((_, i) => i + 1));
      for (const k of itemsDetail.keyColumns) expect(itemsDetail.columns.map((c) => c.name)).toContain(k);
      expect(plainTable!.detail.keyColumns).toEqual([]);
      expect(objects.some((o) => o.kind === 'INDEX' && (o.table === 'items' || o.table === 'plain'))).toBe(true);
      expect(find('VIEW', 'items_view')).toBeDefined();
      if (ctx.adapter.introspector.supportsSequences) expect(find('SEQUENCE', 'counter')).toBeDefined();
      // A view depends, directly or not, on the table it reads.
      expect(objects.indexOf(find('VIEW', 'items_view')!)).toBeGreaterThan(objects.indexOf(itemsTable!));
    });

    it('gives plain JSON data, the same after a round trip through JSON', () => {
      expect(JSON.parse(JSON.stringify(objects))).toEqual(objects);
    });

    it('introspects one table in TABLE mode, with what belongs to it and nothing else', async () => {
      const catalog = await ctx.adapter.introspector.introspect(ctx.conn, { mode: 'TABLE', tables: [ctx.items()] });
      expect(catalog.objects.filter((o) => o.kind === 'TABLE').map((o) => o.name)).toEqual(['items']);
      expect(catalog.objects.some((o) => o.kind === 'VIEW')).toBe(false);
      const indexes = objects.filter((o) => o.kind === 'INDEX' && o.table === 'items').map((o) => o.name);
      expect(
        catalog.objects
          .filter((o) => o.kind === 'INDEX')
          .map((o) => o.name)
          .sort(),
      ).toEqual(indexes.sort());
    });
  });
}
