import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdapterError, type Adapter, type AdapterConnection, type CatalogObject, type ChunkDescriptor, type Snapshot } from '@sluice/adapter-kit';
import { createPostgresAdapter } from '@sluice/adapter-postgres';
import { createScratchDatabase, querySql, runSql, type ScratchDatabase } from './support/scratch-database.js';

const WORKERS = 4;

/** The lines of a COPY text stream. */
async function lines(stream: Readable): Promise<string[]> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  const text = Buffer.concat(parts).toString('utf8');
  return text === '' ? [] : text.slice(0, -1).split('\n');
}

/** Count and hash of a multiset of lines. */
function digest(all: readonly string[]): { rows: number; sha256: string } {
  return {
    rows: all.length,
    sha256: createHash('sha256')
      .update([...all].sort().join('\n'))
      .digest('hex'),
  };
}

describe('chunked unload covers every row exactly once', () => {
  let db: ScratchDatabase;
  let adapter: Adapter;
  let snapshot: Snapshot;
  let leader: AdapterConnection;
  let tables: Map<string, CatalogObject>;

  beforeAll(async () => {
    db = await createScratchDatabase();
    await runSql(db.name, [
      'CREATE SCHEMA c',
      // Skewed keys with gaps: most rows packed at the low end, a sparse tail.
      `CREATE TABLE c.keyed (id bigint PRIMARY KEY, v text)`,
      `INSERT INTO c.keyed SELECT CASE WHEN g <= 250000 THEN g ELSE g * 1000 END, md5(g::text) FROM generate_series(1, 300000) g`,
      // A composite key of text (in the database collation) and integer.
      `CREATE TABLE c.composite (k text, n int, v text, PRIMARY KEY (k, n))`,
      `INSERT INTO c.composite SELECT CASE g % 4 WHEN 0 THEN 'Äpfel' WHEN 1 THEN 'apple' WHEN 2 THEN 'Zebra ' || (g % 50) ELSE '' END, g, repeat('x', g % 40) FROM generate_series(1, 60000) g`,
      // No key at all: duplicates, NULLs, and holes left by deletes.
      `CREATE TABLE c.heap (v text, n int)`,
      `INSERT INTO c.heap SELECT CASE WHEN g % 10 = 0 THEN NULL ELSE 'r' || (g % 1000) END, g % 7 FROM generate_series(1, 150000) g`,
      `DELETE FROM c.heap WHERE n = 3 AND v LIKE 'r1%'`,
      `CREATE TABLE c.empty (id int PRIMARY KEY)`,
      // Keyed, cut by pages on request; changed by other sessions after the snapshot.
      // Estimated in one statement: a partition tree, and an inheritance parent with a child.
      `CREATE TABLE c.parted (id int, v text) PARTITION BY RANGE (id)`,
      `CREATE TABLE c.parted_1 PARTITION OF c.parted FOR VALUES FROM (0) TO (1000)`,
      `CREATE TABLE c.parted_2 PARTITION OF c.parted FOR VALUES FROM (1000) TO (3000)`,
      `INSERT INTO c.parted SELECT g, repeat('p', g % 30) FROM generate_series(0, 2999) g`,
      `CREATE TABLE c.inh (id int, v text)`,
      `CREATE TABLE c.inh_child (extra int) INHERITS (c.inh)`,
      `INSERT INTO c.inh SELECT g, 'i' FROM generate_series(1, 500) g`,
      `INSERT INTO c.inh_child SELECT g, 'c', g FROM generate_series(1, 700) g`,
      `CREATE TABLE c.grow (id int PRIMARY KEY, v text)`,
      `INSERT INTO c.grow SELECT g, md5(g::text) FROM generate_series(1, 40000) g`,
      'ANALYZE',
    ]);
    adapter = createPostgresAdapter({ url: db.url });
    snapshot = await adapter.connector.openSnapshot({ maxWorkers: WORKERS, consistent: true });
    leader = await snapshot.acquire();
    const catalog = await adapter.introspector.introspect(leader, { mode: 'SCHEMA', schemas: ['c'] });
    tables = new Map(catalog.objects.filter((o) => o.kind === 'TABLE').map((o) => [o.name, o]));
  });

  afterAll(async () => {
    await snapshot?.close();
    await adapter?.close();
    await db?.drop();
  });

  /** Unload the chunks with WORKERS sessions of the snapshot, each taking the next chunk. */
  async function unloadInParallel(chunks: readonly ChunkDescriptor[]): Promise<string[]> {
    const queue = [...chunks];
    const out: string[] = [];
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        const conn = await snapshot.acquire();
        try {
          for (let c = queue.shift(); c !== undefined; c = queue.shift()) out.push(...(await lines(adapter.data.unload(conn, c))));
        } finally {
          await snapshot.release(conn);
        }
      }),
    );
    return out;
  }

  async function check(name: string, kind: 'key' | 'ctid'): Promise<ChunkDescriptor[]> {
    const table = tables.get(name)!;
    const whole = await lines(adapter.data.unload(leader, { table: { schema: 'c', name }, index: 0, count: 1, range: { kind: 'whole' }, estimatedBytes: 0 }));
    const chunks = await adapter.data.planChunks(leader, table, { targetBytes: 256 * 1024 });
    expect(chunks.length).toBeGreaterThan(WORKERS);
    expect(new Set(chunks.map((c) => c.range.kind))).toEqual(new Set([kind]));
    expect(digest(await unloadInParallel(chunks))).toEqual(digest(whole));
    return chunks;
  }

  it('cuts a skewed single-column key into sampled ranges', async () => {
    const chunks = await check('keyed', 'key');
    // Boundaries follow the data, not the key space: the sparse tail does not get most chunks.
    const bounds = chunks.flatMap((c) => (c.range.kind === 'key' && c.range.lower ? [Number(c.range.lower[0])] : []));
    expect(bounds.filter((b) => b <= 250000).length).toBeGreaterThan(bounds.length / 2);
  });

  it('cuts a large table into chunks of about equal rows from a page sample', async () => {
    const table = tables.get('keyed')!;
    const [size] = await querySql<{ bytes: string }>(db.name, `SELECT pg_table_size('c.keyed')::text AS bytes`);
    const bytes = Number(size!.bytes);
    const chunks = await adapter.data.planChunks(leader, table, { targetBytes: Math.ceil(bytes / 8) });
    expect(chunks.length).toBe(8);
    const counts = await Promise.all(chunks.map(async (c) => (await lines(adapter.data.unload(leader, c))).length));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(300000);
    // Within a third of the mean: a sample of a handful of pages gave chunks 100 times apart.
    for (const n of counts) expect(Math.abs(n - 300000 / 8), `rows per chunk ${counts.join(', ')}`).toBeLessThan(300000 / 8 / 3);
  });

  it('cuts a composite text and integer key into ranges', async () => {
    await check('composite', 'key');
  });

  it('cuts a table without a key into page (ctid) ranges', async () => {
    await check('heap', 'ctid');
  });

  it('cuts a keyed table into page ranges when asked (physical), and reads only what the snapshot sees', async () => {
    const table = tables.get('grow')!;
    const whole = await lines(adapter.data.unload(leader, { table: { schema: 'c', name: 'grow' }, index: 0, count: 1, range: { kind: 'whole' }, estimatedBytes: 0 }));
    expect(whole.length).toBe(40000);
    const chunks = await adapter.data.planChunks(leader, table, { targetBytes: 64 * 1024, physical: true });
    expect(chunks.length).toBeGreaterThan(WORKERS);
    expect(new Set(chunks.map((c) => c.range.kind))).toEqual(new Set(['ctid']));
    // After planning, other sessions add pages (inserts, new row versions) and delete rows.
    await runSql(db.name, [`INSERT INTO c.grow SELECT g, 'new' FROM generate_series(40001, 60000) g`, `UPDATE c.grow SET v = 'changed' WHERE id % 7 = 0`, `DELETE FROM c.grow WHERE id % 11 = 0`]);
    expect(digest(await unloadInParallel(chunks))).toEqual(digest(whole));
    // Without `physical` a keyed table is still cut by key.
    expect(new Set((await adapter.data.planChunks(leader, table, { targetBytes: 64 * 1024 })).map((c) => c.range.kind))).toEqual(new Set(['key']));
  });

  it('estimates many tables in one statement with the figures of one at a time', async () => {
    const names = ['keyed', 'parted', 'parted_2', 'heap', 'no_such_table', 'inh', 'inh_child', 'empty'];
    for (const method of ['STATISTICS', 'BLOCKS'] as const) {
      const refs = names.map((name) => ({ schema: 'c', name }));
      const many = await adapter.data.estimateMany!(leader, refs, method);
      const one = await Promise.all(refs.filter((r) => r.name !== 'no_such_table').map((r) => adapter.data.estimate(leader, r, method)));
      expect(many).toEqual(one);
      expect(many.find((e) => e.table.name === 'parted')!.rows).toBe(3000);
    }
  });

  it('gives one whole chunk for an empty or small table', async () => {
    expect(await adapter.data.planChunks(leader, tables.get('empty')!, { targetBytes: 1024 })).toEqual([
      { table: { schema: 'c', name: 'empty' }, index: 0, count: 1, range: { kind: 'whole' }, estimatedBytes: expect.any(Number) as number },
    ]);
  });

  it('honours maxChunks', async () => {
    expect((await adapter.data.planChunks(leader, tables.get('keyed')!, { targetBytes: 1, maxChunks: 7 })).length).toBeLessThanOrEqual(7);
  });

  it('clears exactly one key chunk from a target, and refuses a ctid chunk it cannot find again', async () => {
    const conn = await adapter.connector.connect('chunks test');
    try {
      await adapter.ddl.execute(conn, ['CREATE TABLE c.keyed_copy (LIKE c.keyed INCLUDING ALL)']);
      await adapter.data.load(
        conn,
        { schema: 'c', name: 'keyed_copy' },
        adapter.data.unload(leader, { table: { schema: 'c', name: 'keyed' }, index: 0, count: 1, range: { kind: 'whole' }, estimatedBytes: 0 }),
      );
      const chunks = await adapter.data.planChunks(leader, tables.get('keyed')!, { targetBytes: 256 * 1024 });
      const third = chunks[2]!;
      const inChunk = (await lines(adapter.data.unload(leader, third))).length;
      expect(await adapter.data.deleteChunk(conn, { schema: 'c', name: 'keyed_copy' }, third)).toBe(inChunk);
      expect(await adapter.data.deleteChunk(conn, { schema: 'c', name: 'keyed_copy' }, third)).toBe(0);
      const ctid: ChunkDescriptor = { table: { schema: 'c', name: 'heap' }, index: 0, count: 2, range: { kind: 'ctid', fromPage: 0, toPage: 10 }, estimatedBytes: 0 };
      const err = await adapter.data.deleteChunk(conn, { schema: 'c', name: 'heap' }, ctid).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AdapterError);
      expect((err as AdapterError).code).toBe('UNSUPPORTED');
    } finally {
      await conn.close();
    }
  });
});
