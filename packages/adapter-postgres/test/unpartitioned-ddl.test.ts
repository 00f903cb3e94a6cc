import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter, AdapterConnection, Catalog, ChunkDescriptor, DdlOptions, TableRef } from '@sluice/adapter-kit';
import { createPostgresAdapter, type PgTableDetail } from '@sluice/adapter-postgres';
import { partitionedSchema } from './support/partitioned-fixture.js';
import { createScratchDatabase, querySql, runSql, type ScratchDatabase } from './support/scratch-database.js';

/**
 * TRANSFORM unpartitioned, as PARTITION_OPTIONS=MERGE and DEPARTITION use it: the engine picks the
 * tables (the parent, or each leaf partition) and this test plays that part; the adapter writes each
 * as an ordinary table, which must then take the source's rows.
 */
describe('PostgreSQL DDL without partitioning (PARTITION_OPTIONS=MERGE / DEPARTITION)', () => {
  let db: ScratchDatabase;
  let adapter: Adapter;
  let reading: AdapterConnection;
  let writing: AdapterConnection;
  let catalog: Catalog;

  beforeAll(async () => {
    db = await createScratchDatabase();
    await runSql(db.name, partitionedSchema());
    adapter = createPostgresAdapter({ url: db.url });
    reading = await adapter.connector.connect('export');
    writing = await adapter.connector.connect('import');
    catalog = await adapter.introspector.introspect(reading, { mode: 'SCHEMA', schemas: ['src'] });
  });

  afterAll(async () => {
    await reading?.close();
    await writing?.close();
    await adapter?.close();
    await db?.drop();
  });

  const tables = (): { name: string; detail: PgTableDetail }[] => catalog.objects.filter((o) => o.kind === 'TABLE').map((o) => ({ name: o.name, detail: o.detail as unknown as PgTableDetail }));

  /** Create the given source tables and the objects filed under them in `schema`, unpartitioned; returns the statements run. */
  async function createUnpartitioned(names: readonly string[], schema: string): Promise<string[]> {
    const options: DdlOptions = { remapSchema: new Map([['src', schema]]), transforms: { unpartitioned: true } };
    await adapter.ddl.execute(writing, [`CREATE SCHEMA ${schema}`]);
    const objects = catalog.objects.filter((o) => names.includes(o.kind === 'TABLE' ? o.name : (o.table ?? '')));
    const statements: string[] = [];
    for (const phase of ['pre-data', 'post-data']) {
      for (const o of objects.filter((x) => x.phase === phase)) {
        const ddl = adapter.ddl.generateDdl(o, options);
        await adapter.ddl.execute(writing, ddl, `${o.kind} ${o.name}`);
        statements.push(...ddl);
      }
    }
    return statements;
  }

  /** Unload a source table (these columns, in this order, when given) and load it into a target table. */
  async function copy(from: TableRef, to: TableRef, columns?: readonly string[]): Promise<void> {
    const chunk: ChunkDescriptor = { table: from, index: 0, count: 1, range: { kind: 'whole' }, estimatedBytes: 0 };
    await adapter.data.load(writing, to, adapter.data.unload(reading, chunk, { columns }), { columns });
  }

  const relation = async (schema: string, table: string): Promise<unknown> =>
    (await querySql(db.name, `SELECT relkind, relispartition, relreplident FROM pg_class WHERE oid = format('%I.%I', $1::text, $2::text)::regclass`, [schema, table]))[0];
  const columns = (schema: string, table: string): Promise<unknown[]> =>
    querySql(
      db.name,
      `SELECT column_name, data_type, collation_name, column_default, is_nullable FROM information_schema.columns
        WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
      [schema, table],
    );
  const constraints = (schema: string, table: string): Promise<unknown[]> =>
    querySql(db.name, `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = format('%I.%I', $1::text, $2::text)::regclass ORDER BY 1`, [schema, table]);
  /** Indexes with their definitions, the schema written as `<schema>` so that source and target compare. */
  const indexes = (schema: string, table: string): Promise<unknown[]> =>
    querySql(
      db.name,
      `SELECT c.relname AS name, replace(pg_get_indexdef(i.indexrelid), $1 || '.', '<schema>.') AS def, i.indisreplident AS replica_identity
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indrelid = format('%I.%I', $1::text, $2::text)::regclass ORDER BY 1`,
      [schema, table],
    );
  const rows = (schema: string, table: string): Promise<unknown[]> => querySql(db.name, `SELECT * FROM ${schema}.${table} ORDER BY id, at, region`);

  it("MERGE: the partitioned table becomes an ordinary one, with its key, indexes and CHECK, and takes every partition's rows", async () => {
    const statements = await createUnpartitioned(['readings'], 'merged');
    expect(statements.join('\n')).not.toMatch(/PARTITION|ON ONLY/);
    expect(await relation('merged', 'readings')).toEqual({ relkind: 'r', relispartition: false, relreplident: 'i' });
    expect(await columns('merged', 'readings')).toEqual(await columns('src', 'readings'));
    expect(await constraints('merged', 'readings')).toEqual([
      { conname: 'readings_pkey', def: 'PRIMARY KEY (id, at, region)' },
      { conname: 'readings_qty_check', def: 'CHECK ((qty >= 0))' },
    ]);
    expect(await indexes('merged', 'readings')).toEqual([
      { name: 'readings_identity', def: 'CREATE UNIQUE INDEX readings_identity ON <schema>.readings USING btree (at, id, region)', replica_identity: true },
      { name: 'readings_note', def: 'CREATE INDEX readings_note ON <schema>.readings USING btree (note)', replica_identity: false },
      { name: 'readings_pkey', def: 'CREATE UNIQUE INDEX readings_pkey ON <schema>.readings USING btree (id, at, region)', replica_identity: false },
    ]);

    // Rows go by the parent's column names: the attached partition keeps its own column order.
    const parentColumns = tables()
      .find((t) => t.name === 'readings')!
      .detail.columns.map((c) => c.name);
    for (const leaf of tables().filter((t) => t.detail.hasData)) await copy({ schema: 'src', name: leaf.name }, { schema: 'merged', name: 'readings' }, parentColumns);
    const merged = await rows('merged', 'readings');
    expect(merged).toHaveLength(9);
    expect(merged).toEqual(await rows('src', 'readings'));
  });

  it('DEPARTITION: each leaf partition becomes an ordinary table with all its columns, keys, indexes and CHECKs, and its rows', async () => {
    const leaves = tables()
      .filter((t) => t.detail.partitionOf !== undefined && t.detail.partitionKey === undefined)
      .map((t) => t.name);
    expect(leaves).toEqual(['readings_2023', 'readings_2024', 'readings_2025_eu', 'readings_2025_other']);
    const statements = await createUnpartitioned(leaves, 'departed');
    expect(statements.join('\n')).not.toMatch(/PARTITION|ON ONLY/);
    expect(await querySql(db.name, `SELECT relname, relkind FROM pg_class WHERE relnamespace = 'departed'::regnamespace AND relkind IN ('r', 'p') ORDER BY 1`)).toEqual(
      leaves.map((relname) => ({ relname, relkind: 'r' })),
    );
    for (const leaf of leaves) {
      expect(await relation('departed', leaf), leaf).toMatchObject({ relkind: 'r', relispartition: false });
      // Column order, types, collations, NOT NULLs and defaults as the source partition has them (readings_2024's own 'us').
      expect(await columns('departed', leaf), leaf).toEqual(await columns('src', leaf));
      // Its key, and the parent's CHECK beside its own.
      expect(await constraints('departed', leaf), leaf).toEqual(await constraints('src', leaf));
      expect(await indexes('departed', leaf), leaf).toEqual(await indexes('src', leaf));
      await copy({ schema: 'src', name: leaf }, { schema: 'departed', name: leaf });
      expect(await rows('departed', leaf), leaf).toEqual(await rows('src', leaf));
    }
    expect(await columns('departed', 'readings_2024')).toContainEqual(expect.objectContaining({ column_name: 'region', column_default: "'us'::text" }));
    expect(await constraints('departed', 'readings_2024')).toContainEqual({ conname: 'readings_qty_check', def: 'CHECK ((qty >= 0))' });
  });
});
