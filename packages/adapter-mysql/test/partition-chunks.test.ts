import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdapterConnection, Catalog, CatalogObject, ChunkDescriptor, TableDetail } from '@sluice/adapter-kit';
import { createMysqlAdapter, type MysqlAdapter } from '../src/index.js';
import { unloadedRows, wholeChunk } from './support/chunk-rows.js';
import { NUMBERS, rawConnection, runAll, scratchName, urlFor } from './support/mysql-scratch.js';

const db = scratchName('pchunks');
const PAD = "REPEAT('x', 200)";

let raw: Connection;
let adapter: MysqlAdapter;
let conn: AdapterConnection;
let catalog: Catalog;

const tableObject = (name: string): CatalogObject => catalog.objects.find((o) => o.kind === 'TABLE' && o.name === name)!;
const partitionsOf = (name: string): readonly string[] => (tableObject(name).detail as unknown as TableDetail).partitions ?? [];
const rowsOf = (chunk: ChunkDescriptor): Promise<string[]> => unloadedRows(adapter, conn, chunk);
/** The first column (the key) of decoded rows, as text. */
const keysOf = (rows: readonly string[]): string[] => rows.map((r) => String((JSON.parse(r) as unknown[])[0])).sort();

/** The server's own answer for which keys a partition holds. */
async function keysInPartition(table: string, key: string, partition: string): Promise<string[]> {
  const [rows] = await raw.query(`SELECT CAST(\`${key}\` AS CHAR) AS k FROM \`${table}\` PARTITION (\`${partition}\`)`);
  return (rows as { k: string }[]).map((r) => r.k).sort();
}

/** DATA_LENGTH of each top-level partition. */
async function partitionBytes(table: string): Promise<Map<string, number>> {
  const [rows] = await raw.query('SELECT PARTITION_NAME AS p, SUM(DATA_LENGTH) AS b FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? GROUP BY PARTITION_NAME', [db, table]);
  return new Map((rows as { p: string; b: string }[]).map((r) => [r.p, Number(r.b)]));
}

/**
 * Plan a table's chunks and check what a user relies on: each names one of the table's partitions and
 * they are numbered across the table; together they unload exactly the table's rows; the chunks of a
 * partition unload exactly the rows the server keeps in it; and a split partition's chunks share its
 * rows fairly (bounds from the whole table instead of the partition would pile them into one chunk).
 */
async function planAndCheck(table: string, key: string, targetBytes: number, maxChunks?: number): Promise<ChunkDescriptor[]> {
  const chunks = await adapter.data.planChunks(conn, tableObject(table), { targetBytes, ...(maxChunks === undefined ? {} : { maxChunks }) });
  const partitions = partitionsOf(table);
  expect(chunks.map((c) => c.index)).toEqual(chunks.map((_, i) => i));
  expect(chunks.every((c) => c.count === chunks.length)).toBe(true);
  expect(new Set(chunks.map((c) => c.partition))).toEqual(new Set(partitions));

  const everything: string[] = [];
  for (const p of partitions) {
    const own = chunks.filter((c) => c.partition === p);
    const pieces = await Promise.all(own.map(rowsOf));
    const rows = pieces.flat();
    everything.push(...rows);
    expect(keysOf(rows), `rows of partition ${p}`).toEqual(await keysInPartition(table, key, p));
    if (own.length > 1) {
      const fair = rows.length / own.length;
      for (const piece of pieces) {
        expect(piece.length, `a chunk of ${p}`).toBeGreaterThan(0);
        expect(piece.length, `a chunk of ${p}`).toBeLessThanOrEqual(2 * fair);
      }
    }
  }
  expect(everything.sort()).toEqual(await rowsOf(wholeChunk({ schema: db, name: table })));
  return chunks;
}

beforeAll(async () => {
  raw = await rawConnection();
  await raw.query(`CREATE DATABASE \`${db}\``);
  await raw.query(`USE \`${db}\``);
  await runAll(raw, [
    // One big partition between small ones, an empty one, and a few far-off keys: splitting p_big by the
    // MIN/MAX of the whole table would put all its rows into one chunk.
    `CREATE TABLE ranged (id INT NOT NULL PRIMARY KEY, v VARCHAR(300)) PARTITION BY RANGE (id) (
       PARTITION p_low VALUES LESS THAN (51), PARTITION p_big VALUES LESS THAN (5001), PARTITION p_mid VALUES LESS THAN (5051),
       PARTITION p_empty VALUES LESS THAN (100000), PARTITION p_far VALUES LESS THAN MAXVALUE)`,
    `INSERT INTO ranged SELECT n, ${PAD} FROM ${NUMBERS} x WHERE n <= 5050`,
    `INSERT INTO ranged SELECT 1000000 + n, ${PAD} FROM ${NUMBERS} x WHERE n <= 10`,
    // A string key hashed over partitions: each partition's keys are spread over the whole key range.
    'CREATE TABLE keyed (k VARCHAR(20) NOT NULL PRIMARY KEY, v VARCHAR(300)) PARTITION BY KEY (k) PARTITIONS 3',
    `INSERT INTO keyed SELECT CONCAT('k', LPAD(n, 6, '0')), ${PAD} FROM ${NUMBERS} x WHERE n <= 6000`,
    // Subpartitions: chunks name the top-level partition, whose PARTITION (q) reads both subpartitions.
    `CREATE TABLE sub (id INT NOT NULL PRIMARY KEY, v VARCHAR(300)) PARTITION BY RANGE (id) SUBPARTITION BY HASH (id) SUBPARTITIONS 2 (
       PARTITION q0 VALUES LESS THAN (3001), PARTITION q1 VALUES LESS THAN MAXVALUE)`,
    `INSERT INTO sub SELECT n, ${PAD} FROM ${NUMBERS} x WHERE n <= 6000`,
    'CREATE TABLE empty_parts (id INT NOT NULL PRIMARY KEY) PARTITION BY HASH (id) PARTITIONS 2',
    'ANALYZE TABLE ranged, keyed, sub, empty_parts',
  ]);
  adapter = createMysqlAdapter({ url: urlFor(db) });
  conn = await adapter.connector.connect('partition-chunks');
  catalog = await adapter.introspector.introspect(conn, { mode: 'SCHEMA', schemas: [db] });
});

afterAll(async () => {
  await adapter?.close();
  await raw.query(`DROP DATABASE IF EXISTS \`${db}\``);
  await raw.end();
});

describe('chunks of partitioned tables', () => {
  it('RANGE: small partitions are one whole chunk each, the big one is split by key within itself', async () => {
    const big = (await partitionBytes('ranged')).get('p_big') ?? 0;
    const chunks = await planAndCheck('ranged', 'id', Math.ceil(big / 5));
    for (const p of ['p_low', 'p_mid', 'p_empty', 'p_far']) {
      expect(
        chunks.filter((c) => c.partition === p).map((c) => c.range),
        p,
      ).toEqual([{ kind: 'whole' }]);
    }
    const split = chunks.filter((c) => c.partition === 'p_big');
    expect(split.length).toBeGreaterThanOrEqual(4);
    expect(split.every((c) => c.range.kind === 'key')).toBe(true);
    expect(await rowsOf(chunks.find((c) => c.partition === 'p_empty')!)).toEqual([]);
  });

  it('KEY on a string: every partition is split by ordered walks over its own rows', async () => {
    const smallest = Math.min(...(await partitionBytes('keyed')).values());
    const chunks = await planAndCheck('keyed', 'k', Math.ceil(smallest / 3));
    for (const p of partitionsOf('keyed')) expect(chunks.filter((c) => c.partition === p).length, p).toBeGreaterThanOrEqual(2);
  });

  it('never lets a chunk span two partitions, even when maxChunks is below the partition count', async () => {
    const chunks = await planAndCheck('keyed', 'k', 1, 2);
    expect(chunks.map((c) => [c.partition, c.range.kind])).toEqual([
      ['p0', 'whole'],
      ['p1', 'whole'],
      ['p2', 'whole'],
    ]);
  });

  it('subpartitioned RANGE: chunks name top-level partitions and cover their subpartitions', async () => {
    expect(partitionsOf('sub')).toEqual(['q0', 'q1']);
    const smallest = Math.min(...(await partitionBytes('sub')).values());
    const chunks = await planAndCheck('sub', 'id', Math.ceil(smallest / 2));
    expect(chunks.length).toBeGreaterThan(2);
  });

  it('an empty partitioned table gives one empty whole chunk per partition', async () => {
    const chunks = await planAndCheck('empty_parts', 'id', 1);
    expect(chunks.map((c) => [c.partition, c.range.kind, c.index, c.count])).toEqual([
      ['p0', 'whole', 0, 2],
      ['p1', 'whole', 1, 2],
    ]);
  });

  it('deleteChunk on a copy deletes exactly one chunk: a key range inside a partition, then a whole partition', async () => {
    await raw.query('CREATE TABLE ranged_copy LIKE ranged');
    await raw.query('INSERT INTO ranged_copy SELECT * FROM ranged');
    const big = (await partitionBytes('ranged')).get('p_big') ?? 0;
    const chunks = await adapter.data.planChunks(conn, tableObject('ranged'), { targetBytes: Math.ceil(big / 5) });
    const split = chunks.filter((c) => c.partition === 'p_big');
    const inner = split.find((c) => c.range.kind === 'key' && c.range.lower !== undefined && c.range.upper !== undefined)!;
    let expected = keysOf(await rowsOf(wholeChunk({ schema: db, name: 'ranged' })));
    for (const chunk of [inner, chunks.find((c) => c.partition === 'p_low')!]) {
      const gone = keysOf(await rowsOf(chunk));
      expect(gone.length).toBeGreaterThan(0);
      expect(await adapter.data.deleteChunk(conn, { schema: db, name: 'ranged_copy' }, chunk)).toBe(gone.length);
      const deleted = new Set(gone);
      expected = expected.filter((k) => !deleted.has(k));
      expect(keysOf(await rowsOf(wholeChunk({ schema: db, name: 'ranged_copy' })))).toEqual(expected);
    }
  });
});
