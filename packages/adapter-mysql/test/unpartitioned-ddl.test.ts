import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdapterConnection, Catalog, CatalogObject, DdlOptions } from '@sluice/adapter-kit';
import { createMysqlAdapter, type MysqlAdapter } from '../src/index.js';
import { rawConnection, runAll, scratchName, urlFor } from './support/mysql-scratch.js';

const src = scratchName('usrc');
const dst = scratchName('udst');

let raw: Connection;
let adapter: MysqlAdapter;
let conn: AdapterConnection;
let catalog: Catalog;

/** The table and the objects that belong to it (keys, checks), in creation order. */
function tableObjects(table: string): CatalogObject[] {
  const t = catalog.objects.find((o) => o.kind === 'TABLE' && o.name === table)!;
  return [t, ...catalog.objects.filter((o) => o.kind !== 'TABLE' && o.table === table && o.phase === 'pre-data'), ...catalog.objects.filter((o) => o.table === table && o.phase === 'post-data')];
}

/**
 * Copies as PARTITION_OPTIONS=DEPARTITION makes them: the table renamed, its keys and checks re-pointed
 * by the object's `table` only (their details still name the source table); other objects are left out.
 */
function departitioned(objects: readonly CatalogObject[], name: string): CatalogObject[] {
  return objects.filter((o) => ['TABLE', 'INDEX', 'CONSTRAINT'].includes(o.kind)).map((o) => (o.kind === 'TABLE' ? { ...o, name } : { ...o, table: name }));
}

async function create(objects: readonly CatalogObject[], options: DdlOptions): Promise<void> {
  for (const o of objects) await adapter.ddl.execute(conn, adapter.ddl.generateDdl(o, options), o.name);
}

/** SHOW CREATE TABLE without the AUTO_INCREMENT counter, which follows the rows rather than the definition. */
async function showCreate(db: string, table: string): Promise<string> {
  const [rows] = await raw.query(`SHOW CREATE TABLE \`${db}\`.\`${table}\``);
  return ((rows as Record<string, string>[])[0]?.['Create Table'] ?? '').replace(/ AUTO_INCREMENT=\d+/, '');
}

/** The source's CREATE TABLE as it would read without partitioning, under another name. */
async function expectedCreate(name: string): Promise<string> {
  const source = await showCreate(src, 'parted');
  const cut = source.search(/\s*(\/\*!\d+ )?PARTITION BY/);
  expect(cut).toBeGreaterThan(0);
  return source.slice(0, cut).replace('CREATE TABLE `parted`', `CREATE TABLE \`${name}\``);
}

beforeAll(async () => {
  raw = await rawConnection();
  await raw.query(`CREATE DATABASE \`${src}\``);
  await raw.query(`CREATE DATABASE \`${dst}\``);
  await raw.query(`USE \`${src}\``);
  await runAll(raw, [
    `CREATE TABLE parted (
       id INT NOT NULL AUTO_INCREMENT,
       created DATE NOT NULL,
       region CHAR(2) NOT NULL DEFAULT 'eu',
       note VARCHAR(50) NULL COMMENT 'free text',
       PRIMARY KEY (id, created),
       UNIQUE KEY by_region_id (region, id, created),
       KEY by_note (note(10)),
       CONSTRAINT note_short CHECK (CHAR_LENGTH(note) < 40)
     ) ENGINE=InnoDB COMMENT='one row per order'
     PARTITION BY RANGE (YEAR(created)) SUBPARTITION BY HASH (id) SUBPARTITIONS 2 (
       PARTITION p0 VALUES LESS THAN (2020), PARTITION p1 VALUES LESS THAN MAXVALUE)`,
    "INSERT INTO parted (created, region, note) VALUES ('2019-05-01', 'us', 'old'), ('2024-01-02', 'eu', 'new')",
  ]);
  adapter = createMysqlAdapter({ url: urlFor(src) });
  conn = await adapter.connector.connect('unpartitioned');
  catalog = await adapter.introspector.introspect(conn, { mode: 'SCHEMA', schemas: [src] });
});

afterAll(async () => {
  await adapter?.close();
  await raw.query(`DROP DATABASE IF EXISTS \`${src}\``);
  await raw.query(`DROP DATABASE IF EXISTS \`${dst}\``);
  await raw.end();
});

describe('the unpartitioned transform', () => {
  const remapSchema = (): ReadonlyMap<string, string> => new Map([[src, dst]]);

  it('leaves PARTITION BY out only when asked', () => {
    const table = tableObjects('parted')[0]!;
    expect(adapter.ddl.generateDdl(table, {}).join('\n')).toMatch(/PARTITION BY RANGE[\s\S]*SUBPARTITION BY HASH/);
    expect(adapter.ddl.generateDdl(table, { transforms: { unpartitioned: true } }).join('\n')).not.toMatch(/PARTITION/i);
  });

  it('creates the partitioned table as an ordinary one with the same columns, keys and checks', async () => {
    await create(tableObjects('parted'), { remapSchema: remapSchema(), transforms: { unpartitioned: true } });
    const created = await showCreate(dst, 'parted');
    expect(created).not.toMatch(/PARTITION/i);
    expect(created).toBe(await expectedCreate('parted'));
  });

  it('creates a departitioned copy under the name the object carries, its keys included', async () => {
    await create(departitioned(tableObjects('parted'), 'parted_p0'), { remapSchema: remapSchema(), transforms: { unpartitioned: true } });
    expect(await showCreate(dst, 'parted_p0')).toBe(await expectedCreate('parted_p0'));
  });

  it('applies REMAP_TABLE to the copy name as to any table', async () => {
    const options: DdlOptions = { remapSchema: remapSchema(), remapTable: new Map([[`${src}.parted_p1`, 'moved_p1']]), transforms: { unpartitioned: true } };
    await create(departitioned(tableObjects('parted'), 'parted_p1'), options);
    expect(await showCreate(dst, 'moved_p1')).toBe(await expectedCreate('moved_p1'));
    const [tables] = await raw.query('SELECT TABLE_NAME AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME', [dst]);
    expect((tables as { n: string }[]).map((t) => t.n)).toEqual(['moved_p1', 'parted', 'parted_p0']);
  });
});
