import { describe, expect, it } from 'vitest';
import type { CatalogObject, ObjectKind } from '@sluice/adapter-kit';
import { canonicalRow, catalogProblems, collectRows, normaliseCatalog, rowsDigest } from '@sluice/adapter-kit/conformance';

function obj(kind: ObjectKind, name: string, extra: Partial<CatalogObject> = {}): CatalogObject {
  const paths: Partial<Record<ObjectKind, string>> = { SCHEMA: 'SCHEMA', TABLE: 'TABLE', INDEX: 'TABLE/INDEX', VIEW: 'VIEW' };
  return { kind, path: paths[kind] ?? kind, schema: 's', name, phase: 'pre-data', dependsOn: [], ddl: `-- ${name}`, detail: {}, ...extra };
}

describe('conformance helpers', () => {
  it('accepts a well-formed catalog', () => {
    expect(
      catalogProblems([
        obj('SCHEMA', 's'),
        obj('TABLE', 't', {
          dependsOn: [
            { kind: 'SCHEMA', schema: 's', name: 's' },
            { kind: 'TYPE', schema: 'elsewhere', name: 'x' },
          ],
        }),
        obj('INDEX', 'i', { phase: 'post-data', dependsOn: [{ kind: 'TABLE', schema: 's', name: 't' }] }),
      ]),
    ).toEqual([]);
  });

  it('finds wrong paths, duplicates, dependencies listed later and pre-data after post-data', () => {
    expect(
      catalogProblems([
        obj('VIEW', 'v', { dependsOn: [{ kind: 'TABLE', schema: 's', name: 't' }] }),
        obj('TABLE', 't'),
        obj('TABLE', 't'),
        obj('INDEX', 'i', { path: 'INDEX', phase: 'post-data' }),
        obj('TABLE', 'late'),
      ]),
    ).toEqual([
      'TABLE:"s"."t" is listed twice',
      'VIEW:"s"."v" is listed before TABLE:"s"."t", which it depends on',
      'INDEX:"s"."i" has path INDEX, expected TABLE/INDEX',
      'TABLE:"s"."late" is pre-data but listed after post-data objects',
    ]);
  });

  it('normalises a catalog for comparison across a schema remap', () => {
    const a = [obj('TABLE', 'b', { schema: 'src', ddl: 'CREATE TABLE src.b ()' }), obj('SCHEMA', 'src', { schema: 'src' })];
    const b = [obj('SCHEMA', 'dst', { schema: 'dst' }), obj('TABLE', 'b', { schema: 'dst', ddl: 'CREATE TABLE dst.b ()' })];
    expect(normaliseCatalog(a, 'src', 'dst')).toEqual(normaliseCatalog(b, 'dst', 'dst'));
  });

  it('digests rows independently of order, telling bytes from text and null from empty', async () => {
    const rows = [
      ['a', null, new Uint8Array([0, 255])],
      ['', 'b', null],
    ] as const;
    const batches = (async function* () {
      yield [rows[1]];
      yield [rows[0]];
    })();
    const collected = await collectRows(batches);
    expect(rowsDigest(collected)).toEqual(rowsDigest(rows.map(canonicalRow)));
    expect(canonicalRow(['00ff'])).not.toBe(canonicalRow([new Uint8Array([0, 255])]));
    expect(canonicalRow([''])).not.toBe(canonicalRow([null]));
    expect(rowsDigest(['x', 'x']).count).toBe(2);
    expect(rowsDigest(['x', 'x'])).not.toEqual(rowsDigest(['x']));
  });
});
