import type { CatalogObject, ChunkDescriptor, TableDetail } from '@sluice/adapter-kit';
import { describe, expect, it } from 'vitest';
import type { SourceChunk, SourceObject } from './import-plan.js';
import { applyPartitionOptions } from './partition-options.js';

const table = (name: string, detail: Partial<TableDetail>): CatalogObject => ({
  kind: 'TABLE',
  path: 'TABLE',
  schema: 's',
  name,
  phase: 'pre-data',
  dependsOn: detail.partitionOf === undefined ? [] : [{ kind: 'TABLE', schema: 's', name: detail.partitionOf.parent.name }],
  ddl: '',
  detail: { columns: [], keyColumns: ['id'], tableKind: 'regular', hasData: true, ...detail },
});
const index = (name: string, on: string): CatalogObject => ({
  kind: 'INDEX',
  path: 'TABLE/INDEX',
  schema: 's',
  name,
  table: on,
  phase: 'post-data',
  dependsOn: [{ kind: 'TABLE', schema: 's', name: on }],
  ddl: '',
  detail: {},
});
const trigger = (name: string, on: string): CatalogObject => ({ ...index(name, on), kind: 'TRIGGER', path: 'TABLE/TRIGGER' });
const objects = (...list: CatalogObject[]): SourceObject[] => list.map((object, i) => ({ id: i + 1, object, order: i, path: `SCHEMA_EXPORT/${object.path}` }));
const chunk = (id: number, name: string, partition?: string): SourceChunk => {
  const c: ChunkDescriptor = { table: { schema: 's', name }, index: 0, count: 1, range: { kind: 'whole' }, estimatedBytes: 10, ...(partition === undefined ? {} : { partition }) };
  return { id, chunk: c, encoding: 'x', path: 'TABLE_DATA', stream: id, bytes: 10, dumpFile: null };
};
const names = (list: readonly SourceObject[]): string[] => list.map((o) => `${o.object.kind}:${o.object.table ?? ''}.${o.object.name}`);

// PostgreSQL's shape: the partitioned table holds no rows, each partition is a table of its own,
// one of them partitioned again.
const pgCatalog = objects(
  table('m', { tableKind: 'partitioned', hasData: false, partitions: ['m1', 'm2'] }),
  table('m1', { tableKind: 'partition', partitionOf: { parent: { schema: 's', name: 'm' }, bound: 'x' } }),
  table('m2', { tableKind: 'partitioned', hasData: false, partitionOf: { parent: { schema: 's', name: 'm' }, bound: 'y' }, partitions: ['m2a'] }),
  table('m2a', { tableKind: 'partition', partitionOf: { parent: { schema: 's', name: 'm2' }, bound: 'z' } }),
  index('m_pkey', 'm'),
  index('m1_pkey', 'm1'),
  index('m2a_pkey', 'm2a'),
  trigger('m_audit', 'm'),
  trigger('m1_audit', 'm1'),
  table('plain', {}),
);
const pgChunks = [chunk(20, 'm1'), chunk(21, 'm2a'), chunk(22, 'plain')];

// MySQL's shape: one table holds its partitions' rows; chunks name the partition.
const myCatalog = objects(table('t', { tableKind: 'partitioned', partitions: ['p0', 'p1'] }), index('k_a', 't'), trigger('t_ai', 't'));
const myChunks = [chunk(20, 't', 'p0'), chunk(21, 't', 'p1'), chunk(22, 't', 'p1')];

describe('PARTITION_OPTIONS', () => {
  it('NONE changes nothing', () => {
    const plan = applyPartitionOptions('NONE', pgCatalog, pgChunks, 100);
    expect(plan.objects).toEqual(pgCatalog);
    expect(plan.chunks).toEqual(pgChunks);
  });

  it('MERGE keeps the topmost table, made ordinary, and loads every partition into it', () => {
    const plan = applyPartitionOptions('MERGE', pgCatalog, pgChunks, 100);
    expect(names(plan.objects)).toEqual(['TABLE:.m', 'INDEX:m.m_pkey', 'TRIGGER:m.m_audit', 'TABLE:.plain']);
    expect(plan.notes).toEqual(['TRIGGER "s"."m1_audit" on table "s"."m1" is not created: PARTITION_OPTIONS=MERGE creates no partitions, only the merged table.']);
    expect(plan.chunks.map((c) => c.loadInto?.name ?? null)).toEqual(['m', 'm', null]);
    // MySQL: the same table, no longer loaded partition by partition.
    const my = applyPartitionOptions('MERGE', myCatalog, myChunks, 100);
    expect(names(my.objects)).toEqual(['TABLE:.t', 'INDEX:t.k_a', 'TRIGGER:t.t_ai']);
    expect(my.chunks.map((c) => c.loadInto?.name)).toEqual(['t', 't', 't']);
  });

  it('DEPARTITION keeps the partitions (PostgreSQL) as ordinary tables and drops the tables above them', () => {
    const plan = applyPartitionOptions('DEPARTITION', pgCatalog, pgChunks, 100);
    expect(names(plan.objects)).toEqual(['TABLE:.m1', 'TABLE:.m2a', 'INDEX:m1.m1_pkey', 'INDEX:m2a.m2a_pkey', 'TRIGGER:m1.m1_audit', 'TABLE:.plain']);
    expect(plan.notes).toEqual(['TRIGGER "s"."m_audit" on table "s"."m" is not created: PARTITION_OPTIONS=DEPARTITION creates the partitions as tables of their own, not the partitioned table.']);
    // Their detail still says whose partitions they were (the adapter declares the inherited columns); the dependency is gone.
    for (const o of plan.objects.filter((x) => x.object.kind === 'TABLE')) expect(o.object.dependsOn).toEqual([]);
    expect(plan.chunks.every((c) => c.loadInto === undefined)).toBe(true);
  });

  it('DEPARTITION splits a table holding its partitions (MySQL) into <table>_<partition>, with copies of its indexes', () => {
    const plan = applyPartitionOptions('DEPARTITION', myCatalog, myChunks, 100);
    expect(names(plan.objects)).toEqual(['TABLE:.t_p0', 'TABLE:.t_p1', 'INDEX:t_p0.k_a', 'INDEX:t_p1.k_a']);
    expect(new Set(plan.objects.map((o) => o.id)).size).toBe(4);
    expect(plan.objects.find((o) => o.object.name === 'k_a' && o.object.table === 't_p1')?.object.dependsOn).toEqual([{ kind: 'TABLE', schema: 's', name: 't_p1' }]);
    expect(plan.notes).toEqual(['TRIGGER "s"."t_ai" on table "s"."t" is not created: PARTITION_OPTIONS=DEPARTITION splits the table into one table per partition.']);
    expect(plan.chunks.map((c) => c.loadInto?.name)).toEqual(['t_p0', 't_p1', 't_p1']);
  });

  it('DEPARTITION refuses rows exported as whole-table chunks, naming the table and the way out', () => {
    expect(() => applyPartitionOptions('DEPARTITION', myCatalog, [chunk(20, 't')], 100)).toThrow(
      'PARTITION_OPTIONS=DEPARTITION cannot split the rows of "s"."t": they were exported as whole-table chunks, not one partition at a time. Export the table again with this version of Sluice, or import with PARTITION_OPTIONS=MERGE or NONE.',
    );
  });
});
