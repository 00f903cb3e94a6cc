import { createHash } from 'node:crypto';
import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdapterConnection, Catalog, ChunkDescriptor } from '@sluice/adapter-kit';
import { createMysqlAdapter, type MysqlAdapter } from '../src/index.js';
import { unloadedRows, wholeChunk } from './support/chunk-rows.js';
import { NUMBERS, rawConnection, runAll, scratchName, tableHash, urlFor } from './support/mysql-scratch.js';

const db = scratchName('chunks');
const PAD = "REPEAT('x', 200)";

let raw: Connection;
let adapter: MysqlAdapter;
let conn: AdapterConnection;
let catalog: Catalog;

const decoded = (chunk: ChunkDescriptor): Promise<string[]> => unloadedRows(adapter, conn, chunk);
const whole = (name: string): ChunkDescriptor => wholeChunk({ schema: db, name });

beforeAll(async () => {
  raw = await rawConnection();
  await raw.query(`CREATE DATABASE \`${db}\``);
  await raw.query(`USE \`${db}\``);
  await runAll(raw, [
    // Integer key with gaps and negative values.
    'CREATE TABLE int_pk (id BIGINT NOT NULL PRIMARY KEY, v VARCHAR(300))',
    `INSERT INTO int_pk SELECT IF(n % 10 = 0, n * 1000, n - 3000), ${PAD} FROM ${NUMBERS} x WHERE n <= 6000`,
    // Composite key led by a string.
    'CREATE TABLE comp_pk (region VARCHAR(10) NOT NULL, seq INT NOT NULL, v VARCHAR(300), PRIMARY KEY (region, seq))',
    `INSERT INTO comp_pk SELECT ELT(n % 4 + 1, 'north', 'South', 'east', 'wést'), n, ${PAD} FROM ${NUMBERS} x WHERE n <= 6000`,
    // Case- and accent-insensitive string key, with quotes and backslashes in it.
    'CREATE TABLE str_pk (k VARCHAR(60) COLLATE utf8mb4_unicode_ci NOT NULL PRIMARY KEY, v VARCHAR(300))',
    `INSERT INTO str_pk SELECT CONCAT(ELT(n % 5 + 1, 'a', 'Ä', 'o''q', 'z\\\\', 'ß'), LPAD(n, 6, '0')), ${PAD} FROM ${NUMBERS} x WHERE n <= 6000`,
    // Binary key: bounds travel as hex.
    'CREATE TABLE bin_pk (k VARBINARY(16) NOT NULL PRIMARY KEY, v VARCHAR(300))',
    `INSERT INTO bin_pk SELECT UNHEX(MD5(n)), ${PAD} FROM ${NUMBERS} x WHERE n <= 6000`,
    // No primary key but a unique NOT NULL key.
    'CREATE TABLE uk_only (a INT NULL, code CHAR(8) NOT NULL, v VARCHAR(300), UNIQUE KEY uk (code))',
    `INSERT INTO uk_only SELECT IF(n % 3 = 0, NULL, n), LPAD(HEX(n * 7919), 8, '0'), ${PAD} FROM ${NUMBERS} x WHERE n <= 6000`,
    // No usable key at all, duplicate rows.
    'CREATE TABLE no_key (a INT, v VARCHAR(300))',
    `INSERT INTO no_key SELECT n % 100, ${PAD} FROM ${NUMBERS} x WHERE n <= 6000`,
    'ANALYZE TABLE int_pk, comp_pk, str_pk, bin_pk, uk_only, no_key',
  ]);
  adapter = createMysqlAdapter({ url: urlFor(db) });
  conn = await adapter.connector.connect('chunks');
  catalog = await adapter.introspector.introspect(conn, { mode: 'SCHEMA', schemas: [db] });
});

afterAll(async () => {
  await adapter?.close();
  await raw.query(`DROP DATABASE IF EXISTS \`${db}\``);
  await raw.end();
});

describe('chunked unload', () => {
  for (const [name, key] of [
    ['int_pk', ['id']],
    ['comp_pk', ['region', 'seq']],
    ['str_pk', ['k']],
    ['bin_pk', ['k']],
    ['uk_only', ['code']],
    ['no_key', []],
  ] as const) {
    it(`${name}: the chunks together give exactly the rows of the whole table`, async () => {
      const table = catalog.objects.find((o) => o.kind === 'TABLE' && o.name === name)!;
      expect((table.detail as { keyColumns: string[] }).keyColumns).toEqual(key);
      const size = await adapter.data.estimate(conn, { schema: db, name }, 'BLOCKS');
      const chunks = await adapter.data.planChunks(conn, table, { targetBytes: Math.ceil(size.bytes / 7), maxChunks: 50 });
      if (key.length === 0) {
        expect(chunks.map((c) => c.range)).toEqual([{ kind: 'whole' }]);
      } else {
        expect(chunks.length).toBeGreaterThanOrEqual(4);
        expect(chunks.every((c) => c.range.kind === 'key')).toBe(true);
      }
      const all = await decoded(whole(name));
      expect(all.length).toBe(6000);
      const pieces: string[] = [];
      for (const c of chunks) pieces.push(...(await decoded(c)));
      expect(pieces.length).toBe(all.length);
      expect(pieces.sort()).toEqual(all);
    });
  }

  it('loads chunk by chunk into a copy and clears one chunk exactly', async () => {
    const table = catalog.objects.find((o) => o.kind === 'TABLE' && o.name === 'str_pk')!;
    await raw.query('CREATE TABLE str_copy LIKE str_pk');
    const chunks = await adapter.data.planChunks(conn, table, { targetBytes: 100_000, maxChunks: 10 });
    let loaded = 0;
    for (const c of chunks) loaded += (await adapter.data.load(conn, { schema: db, name: 'str_copy' }, adapter.data.unload(conn, c))).rows;
    expect(loaded).toBe(6000);
    expect(await tableHash(raw, db, 'str_copy')).toEqual(await tableHash(raw, db, 'str_pk'));
    const second = chunks[1]!;
    const inChunk = (await decoded(second)).length;
    expect(await adapter.data.deleteChunk(conn, { schema: db, name: 'str_copy' }, second)).toBe(inChunk);
    await adapter.data.load(conn, { schema: db, name: 'str_copy' }, adapter.data.unload(conn, second));
    expect(await tableHash(raw, db, 'str_copy')).toEqual(await tableHash(raw, db, 'str_pk'));
  });

  it('tells which tables keep loaded rows through a rollback (storage engines without transactions)', async () => {
    await runAll(raw, ['CREATE TABLE tx_myisam (id INT) ENGINE=MyISAM', 'CREATE TABLE tx_aria (id INT) ENGINE=Aria TRANSACTIONAL=1']);
    const transactional = async (name: string): Promise<boolean> => adapter.data.isTransactionalTable(conn, { schema: db, name });
    expect(await transactional('str_pk')).toBe(true);
    expect(await transactional('tx_myisam')).toBe(false);
    // Aria's TRANSACTIONAL=1 is crash safety, not rollback.
    expect(await transactional('tx_aria')).toBe(false);
    expect(await transactional('no_such_table')).toBe(false);
  });

  it('keeps the session usable when a stream or a row read is abandoned half way', async () => {
    const stream = adapter.data.unload(conn, whole('int_pk'));
    await new Promise((resolve) => stream.once('data', resolve));
    stream.destroy();
    for await (const batch of adapter.data.readRows(conn, whole('comp_pk'))) {
      expect(batch.length).toBeGreaterThan(0);
      break;
    }
    expect((await decoded(whole('str_pk'))).length).toBe(6000);
  });

  it('moves rows of 16 MiB and more (sent as several packets) and the rows around them byte for byte', async () => {
    // Row 2 is longer than one protocol packet holds (2^24 - 1 bytes); row 4 just fits in one. With
    // the default max_allowed_packet of 16 MiB the server still sends both.
    await runAll(raw, [
      'CREATE TABLE big_rows (id INT NOT NULL PRIMARY KEY, b LONGBLOB)',
      "INSERT INTO big_rows VALUES (1, 'a\\tb'), (2, REPEAT('x', 16777210)), (3, 'c'), (4, REPEAT('y', 16777100)), (5, NULL), (6, 'd')",
    ]);
    const [facts] = await raw.query('SELECT id, LENGTH(b) AS n, MD5(b) AS md5 FROM big_rows ORDER BY id');
    const expected = (facts as { id: number; n: number | null; md5: string | null }[]).map((r) => [r.id, r.n, r.md5]);
    expect(expected.map((r) => r[1])).toEqual([3, 16777210, 1, 16777100, null, 1]);
    const got: unknown[][] = [];
    const stream = adapter.data.unload(conn, whole('big_rows'));
    for await (const batch of adapter.data.decodeRows(stream)) {
      for (const [id, b] of batch as [string, Uint8Array | null][]) {
        got.push([Number(id), b === null ? null : b.length, b === null ? null : createHash('md5').update(b).digest('hex')]);
      }
    }
    expect(got).toEqual(expected);
    expect(stream.rowCount).toBe(6);
    // The session reads the next result as usual.
    expect((await decoded(whole('int_pk'))).length).toBe(6000);
  });

  it('applies QUERY and SAMPLE to the byte stream', async () => {
    const rows = await decoded({ ...whole('int_pk') });
    const some = [];
    for await (const b of adapter.data.decodeRows(adapter.data.unload(conn, whole('int_pk'), { query: 'id BETWEEN 1 AND 100' }))) some.push(...b);
    expect(some.length).toBe(90);
    let sampled = 0;
    for await (const b of adapter.data.decodeRows(adapter.data.unload(conn, whole('int_pk'), { sample: 20 }))) sampled += b.length;
    expect(sampled).toBeGreaterThan(rows.length * 0.1);
    expect(sampled).toBeLessThan(rows.length * 0.3);
  });
});
