import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdapterError, type Adapter, type AdapterConnection, type ChunkDescriptor } from '@sluice/adapter-kit';
import { createPostgresAdapter } from '@sluice/adapter-postgres';
import { createScratchDatabase, querySql, runSql, type ScratchDatabase } from './support/scratch-database.js';

/** What the engine relies on beyond the conformance suite: unload row counts, REPLACE under foreign keys, OBJECT_EXISTS, FK dependencies. */
describe('PostgreSQL adapter: what the engine relies on', () => {
  let db: ScratchDatabase;
  let adapter: Adapter;
  let conn: AdapterConnection;

  beforeAll(async () => {
    db = await createScratchDatabase();
    await runSql(db.name, [
      'CREATE SCHEMA k',
      'CREATE TABLE k.parent (id int PRIMARY KEY, v text)',
      "INSERT INTO k.parent SELECT g, CASE WHEN g % 3 = 0 THEN E'line\\nbreak' ELSE 'v' || g END FROM generate_series(1, 2500) g",
      'CREATE TABLE k.child (id int PRIMARY KEY, parent_id int CONSTRAINT child_parent_fk REFERENCES k.parent (id))',
      'INSERT INTO k.child VALUES (1, 1), (2, 2)',
      'CREATE TABLE k.empty (id int)',
    ]);
    adapter = createPostgresAdapter({ url: db.url });
    conn = await adapter.connector.connect('engine contract');
  });

  afterAll(async () => {
    await conn?.close();
    await adapter?.close();
    await db?.drop();
  });

  const chunk = (name: string, range: ChunkDescriptor['range'] = { kind: 'whole' }): ChunkDescriptor => ({ table: { schema: 'k', name }, index: 0, count: 1, range, estimatedBytes: 0 });

  async function unloaded(c: ChunkDescriptor): Promise<{ rowCount: number; bytes: number }> {
    const stream = adapter.data.unload(conn, c);
    let bytes = 0;
    for await (const part of stream) bytes += (part as Buffer).length;
    return { rowCount: stream.rowCount, bytes };
  }

  it('reports the rows an unload carried in rowCount once it has ended, newlines inside values not counted', async () => {
    expect(await unloaded(chunk('parent'))).toMatchObject({ rowCount: 2500 });
    expect((await unloaded(chunk('parent', { kind: 'key', columns: ['id'], lower: ['101'], upper: ['201'] } as ChunkDescriptor['range']))).rowCount).toBe(100);
    expect(await unloaded(chunk('empty'))).toEqual({ rowCount: 0, bytes: 0 });
  });

  it("drops a table referenced by another table's foreign key for REPLACE, taking only that constraint with it", async () => {
    await runSql(db.name, [
      'CREATE TABLE k.doomed (id int PRIMARY KEY)',
      'INSERT INTO k.doomed VALUES (1)',
      'CREATE TABLE k.ref (id int PRIMARY KEY, d int CONSTRAINT ref_doomed_fk REFERENCES k.doomed (id))',
      'INSERT INTO k.ref VALUES (7, 1)',
    ]);
    await adapter.ddl.dropTable(conn, { schema: 'k', name: 'doomed' });
    expect(await adapter.introspector.tableExists(conn, { schema: 'k', name: 'doomed' })).toBe(false);
    // The referencing table and its rows stay; only the foreign key went.
    expect(await querySql(db.name, 'SELECT id, d FROM k.ref')).toEqual([{ id: 7, d: 1 }]);
    expect(await querySql(db.name, "SELECT conname FROM pg_constraint WHERE conname = 'ref_doomed_fk'")).toEqual([]);
  });

  it('reports an object that already exists as OBJECT_EXISTS from execute, anything else as DDL_FAILED', async () => {
    const cases: [string, string][] = [
      ['CREATE TABLE k.parent (id int)', '42P07'],
      ['ALTER TABLE k.child ADD CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) REFERENCES k.parent (id)', '42710'],
      ['CREATE SCHEMA k', '42P06'],
      ['CREATE FUNCTION k.f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$', '42723'],
    ];
    await adapter.ddl.execute(conn, ['CREATE FUNCTION k.f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$']);
    for (const [sql, state] of cases) {
      const err = await adapter.ddl.execute(conn, [sql], 'object').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, sql).toBeInstanceOf(AdapterError);
      expect(err, sql).toMatchObject({ code: 'OBJECT_EXISTS', sqlState: state, object: 'object' });
    }
    const other = await adapter.ddl.execute(conn, ['CREATE TABLE k.bad (id nosuchtype)'], 'TABLE "k"."bad"').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(other).toMatchObject({ code: 'DDL_FAILED', sqlState: '42704' });
  });

  it('makes a foreign key depend on the table it references', async () => {
    const catalog = await adapter.introspector.introspect(conn, { mode: 'SCHEMA', schemas: ['k'] });
    const fk = catalog.objects.find((o) => o.kind === 'REF_CONSTRAINT' && o.name.endsWith('child_parent_fk'));
    expect(fk?.dependsOn).toContainEqual({ kind: 'TABLE', schema: 'k', name: 'parent' });
    expect(fk?.dependsOn).toContainEqual({ kind: 'TABLE', schema: 'k', name: 'child' });
    const names = catalog.objects.map((o) => `${o.kind} ${o.name}`);
    expect(names.indexOf('TABLE parent')).toBeLessThan(names.indexOf(`REF_CONSTRAINT ${fk?.name}`));
  });
});
