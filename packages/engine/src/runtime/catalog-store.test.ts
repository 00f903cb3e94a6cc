import type { CatalogObject } from '@sluice/adapter-kit';
import { describe, expect, it } from 'vitest';
import { CatalogStore } from './catalog-store.js';

/** A table with `columns` columns, and text that is not ASCII (multi-byte UTF-8 across block ends). */
function table(n: number, columns = 6): CatalogObject {
  return {
    kind: 'TABLE',
    path: 'TABLE',
    schema: 'sch',
    name: `t${n}_é€😀`,
    owner: 'o',
    phase: 'pre-data',
    dependsOn: [{ kind: 'SCHEMA', schema: null, name: 'sch' }],
    ddl: `CREATE TABLE sch."t${n}" (${Array.from({ length: columns }, (_, c) => `c${c} text`).join(', ')});`,
    detail: { columns: Array.from({ length: columns }, (_, c) => ({ name: `c${c}`, type: { kind: 'text' }, nullable: true })), hasData: n % 3 !== 0 },
  };
}

function index(n: number): CatalogObject {
  return { kind: 'INDEX', path: 'TABLE/INDEX', schema: 'sch', name: `i${n}`, table: `t${n}`, phase: 'post-data', dependsOn: [], ddl: `CREATE INDEX i${n} ON sch.t${n} (c0);`, detail: {} };
}

describe('CatalogStore', () => {
  // Thousands of objects over many 64 KiB blocks, one wider than a block, and multi-byte characters.
  const objects: CatalogObject[] = [];
  for (let n = 0; n < 3_000; n++) objects.push(n === 1_234 ? table(n, 4_000) : table(n), index(n));
  const expected = objects.map((o) => JSON.stringify(o));

  it('gives back every object and its exact JSON, in and out of order, and empties the array it took', () => {
    const given: (CatalogObject | undefined)[] = [...objects];
    const store = CatalogStore.take(given);
    expect(given.every((o) => o === undefined)).toBe(true);
    expect(store.length).toBe(objects.length);
    for (let i = 0; i < objects.length; i++) expect(store.text(i)).toBe(expected[i]);
    for (let i = objects.length - 1; i >= 0; i -= 7) expect(store.object(i)).toEqual(objects[i]);
    expect(() => store.text(objects.length)).toThrow(RangeError);
    expect(() => store.text(-1)).toThrow(RangeError);
  });

  it('stands in for each table with its names at hand and the rest read from the store', () => {
    const store = CatalogStore.take([...objects]);
    const tables = store.tableObjects();
    const want = objects.filter((o) => o.kind === 'TABLE');
    expect(tables).toHaveLength(want.length);
    for (let i = 0; i < want.length; i += 97) {
      // Spread and serialised, a stand-in is its object whole, keys in the same order.
      expect(JSON.stringify(tables[i])).toBe(JSON.stringify(want[i]));
      expect({ ...tables[i] }).toEqual(want[i]);
    }
    // Read out of order, interleaved: each stand-in still reads its own object.
    const a = tables[5] as CatalogObject;
    const b = tables[2_000] as CatalogObject;
    expect((a.detail as { hasData: boolean }).hasData).toBe(((want[5] as CatalogObject).detail as { hasData: boolean }).hasData);
    expect(b.name).toBe(want[2_000]?.name);
    expect(b.ddl).toBe(want[2_000]?.ddl);
    expect(a.dependsOn).toEqual(want[5]?.dependsOn);
  });

  it('holds an empty selection', () => {
    const store = CatalogStore.take([]);
    expect(store.length).toBe(0);
    expect(store.tableObjects()).toEqual([]);
  });
});
