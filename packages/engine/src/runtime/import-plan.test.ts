import type { CatalogObject, ChunkDescriptor, MasterRow } from '@sluice/adapter-kit';
import { describe, expect, it } from 'vitest';
import { definition } from '../../test/definition-fixture.js';
import { compileJobFilters } from '../filters/index.js';
import { resolvedParameters } from '../parameters/index.js';
import { importItems, planningView, type SourceChunk, type SourceObject } from './import-plan.js';
import type { MetadataPayload } from './item-payload.js';
import type { RunContext } from './run-context.js';

const def = definition({ operation: 'IMPORT' });
const ctx = {
  def,
  params: resolvedParameters(def),
  filters: compileJobFilters(def),
  prefix: 'SCHEMA_EXPORT',
  connections: {},
  home: { ddl: {} },
  log: { info: () => undefined },
} as unknown as RunContext;

const table = (n: number): CatalogObject => ({
  kind: 'TABLE',
  path: 'TABLE',
  schema: 's',
  name: `t${n}`,
  phase: 'pre-data',
  dependsOn: [{ kind: 'SCHEMA', schema: 's', name: 's' }],
  ddl: `CREATE TABLE s.t${n} (id int, g int GENERATED ALWAYS AS (id * 2) STORED)`,
  detail: {
    tableKind: 'regular',
    hasData: true,
    keyColumns: ['id'],
    columns: [
      { name: 'id', ordinal: 1, type: { kind: 'integer', bits: 32 }, nativeType: 'integer', nullable: false, default: null },
      { name: 'g', ordinal: 2, type: { kind: 'integer', bits: 32 }, nativeType: 'integer', nullable: true, default: null, generated: { expression: 'id * 2', stored: true } },
    ],
  },
});
const index = (n: number): CatalogObject => ({
  kind: 'INDEX',
  path: 'TABLE/INDEX',
  schema: 's',
  name: `t${n}_i`,
  table: `t${n}`,
  phase: 'post-data',
  dependsOn: [{ kind: 'TABLE', schema: 's', name: `t${n}` }],
  ddl: `CREATE INDEX t${n}_i ON s.t${n} (id)`,
  detail: { columns: ['id'], unique: false },
});
const chunk = (id: number, n: number): SourceChunk => {
  const c: ChunkDescriptor = { table: { schema: 's', name: `t${n}` }, index: 0, count: 1, range: { kind: 'whole' }, estimatedBytes: 100 };
  return { id, chunk: c, encoding: 'pg-copy-text', path: 'SCHEMA_EXPORT/TABLE/TABLE_DATA', stream: id * 1000, bytes: 100, dumpFile: 'a01.dmp' };
};

describe('importItems', () => {
  // Tables t1..t3 with an index each: rows 0..5 of a master, chunks after them.
  const full = [1, 2, 3].flatMap((n) => [table(n), index(n)]);
  const objects: SourceObject[] = full.map((object, i) => ({ id: i + 1, object: planningView(object), order: i, path: `SCHEMA_EXPORT/${object.path}`, row: i }));
  const chunks = [1, 2, 3].map((n) => chunk(6 + n, n));

  it('makes each item only when it is reached, reading the full object then', () => {
    const reads: number[] = [];
    const plan = importItems(ctx, objects, chunks, (o) => {
      reads.push(o.id);
      return full[o.row as number] as CatalogObject;
    });
    expect(reads).toEqual([]);
    expect(plan.totalBytes).toBe(300);
    expect(plan.chunks.map((c) => c.id)).toEqual([7, 8, 9]);
    const it = plan.items[Symbol.iterator]();
    const first = it.next().value as MasterRow;
    expect(first.id).toBe(1);
    expect(reads).toEqual([1]);
    const rest: MasterRow[] = [];
    for (let r = it.next(); r.done !== true; r = it.next()) rest.push(r.value);
    const items = [first, ...rest];
    expect(reads).toEqual([1, 2, 3, 4, 5, 6]);
    // In id order: six objects, three chunks, three TABLE_DATA latches.
    expect(items.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(items.map((r) => r.itemKind)).toEqual([...Array(6).fill('METADATA'), ...Array(3).fill('DATA'), ...Array(3).fill('TABLE_DATA')]);
    // Payloads carry the full objects (DDL and detail), and each table knows its index, chunk and latch.
    const t1 = JSON.parse(items[0]!.payload) as MetadataPayload & { dependents: number[]; data: number[] };
    expect(t1.object).toEqual(full[0]);
    expect(t1.dependents).toEqual([2]);
    expect(t1.data).toEqual([7, 10]);
    // Loads name the source's non-generated columns, from the planning view.
    expect(JSON.parse(items[6]!.payload)).toMatchObject({ kind: 'DATA', loadColumns: ['id'] });
    // The iterable can be walked again (a retried insert), giving the same rows.
    expect([...plan.items].map((r) => r.payload)).toEqual(items.map((r) => r.payload));
  });

  it('without a reader of full objects, uses the objects it was given', () => {
    const whole = full.map((object, i) => ({ id: i + 1, object, order: i, path: `SCHEMA_EXPORT/${object.path}` }));
    const items = [...importItems(ctx, whole, chunks).items];
    expect((JSON.parse(items[1]!.payload) as MetadataPayload).object).toEqual(full[1]);
  });
});

describe('planningView', () => {
  it('keeps what planning reads and leaves out the DDL and the rest of the detail', () => {
    const view = planningView(table(1));
    expect(view.ddl).toBe('');
    expect(view.dependsOn).toEqual(table(1).dependsOn);
    expect(view.detail).toEqual({
      tableKind: 'regular',
      hasData: true,
      columns: [{ name: 'id' }, { name: 'g', generated: { expression: 'id * 2', stored: true } }],
    });
    expect(planningView(index(1))).toMatchObject({ kind: 'INDEX', table: 't1', detail: {} });
    const fk: CatalogObject = { ...index(1), kind: 'REF_CONSTRAINT', detail: { references: { table: { schema: 's', name: 't2' }, columns: ['id'] }, columns: ['id'] } };
    expect(planningView(fk).detail).toEqual({ references: { table: { schema: 's', name: 't2' } } });
  });
});
