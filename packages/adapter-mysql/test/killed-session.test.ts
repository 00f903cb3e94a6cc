import type { Readable } from 'node:stream';
import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTransientFailure, type AdapterConnection, type ChunkDescriptor } from '@sluice/adapter-kit';
import { createMysqlAdapter, type MysqlAdapter } from '../src/index.js';
import { NUMBERS, rawConnection, scratchName, urlFor } from './support/mysql-scratch.js';

const db = scratchName('kill');
let raw: Connection;
let adapter: MysqlAdapter;

const whole: ChunkDescriptor = { table: { schema: db, name: 't' }, index: 0, count: 1, range: { kind: 'whole' }, estimatedBytes: 0 };

/** Resolves once `check` holds, looking every few milliseconds. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let n = 0; !check(); n++) {
    if (n > 2_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** How reading the rest of `stream` ends: the error it fails with, or 'ended'. */
async function readToEnd(stream: Readable): Promise<unknown> {
  try {
    for await (const _ of stream) {
      // drain
    }
    return 'ended';
  } catch (error) {
    return error;
  }
}

beforeAll(async () => {
  raw = await rawConnection();
  await raw.query(`CREATE DATABASE \`${db}\``);
  await raw.query(`CREATE TABLE \`${db}\`.t (id INT PRIMARY KEY, v VARCHAR(200))`);
  // 40,000 rows of about 200 bytes: several MB, far more than the unload buffers before it pauses the server.
  for (let k = 0; k < 4; k++) await raw.query(`INSERT INTO \`${db}\`.t SELECT n + ${k * 10_000}, REPEAT('x', 200) FROM ${NUMBERS} nums`);
  adapter = createMysqlAdapter({ url: urlFor(db) });
});

afterAll(async () => {
  await adapter?.close();
  await raw.query(`DROP DATABASE IF EXISTS \`${db}\``);
  await raw.end();
});

describe('a session killed while it works (KILL)', () => {
  it('fails a streamed unload paused by backpressure, instead of leaving it waiting forever', async () => {
    const conn: AdapterConnection = await adapter.connector.connect('kill test');
    const data = adapter.data.unload(conn, whole);
    // Start the unload, then stop reading: the unload pauses the server once its buffer is full.
    data.once('readable', () => undefined);
    await until(() => data.readableLength >= 512 * 1024, 'the unload to fill its buffer');
    await raw.query(`KILL ${Number(conn.id)}`);
    const outcome = await readToEnd(data);
    expect(outcome).toBeInstanceOf(Error);
    expect(isTransientFailure(outcome)).toBe(true);
    expect(conn.closed).toBe(true);
    await conn.close();
  });

  it('a consistent snapshot drops a killed session, serves on with the others, and says SNAPSHOT_FAILED once none is left', async () => {
    const snapshot = await adapter.connector.openSnapshot({ maxWorkers: 2, consistent: true });
    try {
      const first = await snapshot.acquire();
      const second = await snapshot.acquire();
      await raw.query(`KILL ${Number(first.id)}`);
      await until(() => first.closed, 'the killed session to be noticed');
      await snapshot.release(first);
      // A third worker waits for a session; the killed one is not handed out again.
      const waiting = snapshot.acquire();
      await snapshot.release(second);
      expect((await waiting).id).toBe(second.id);
      await raw.query(`KILL ${Number(second.id)}`);
      await until(() => second.closed, 'the second killed session to be noticed');
      const stuck = snapshot.acquire().catch((e: unknown) => e);
      await snapshot.release(second);
      const error = await stuck;
      expect(error).toMatchObject({ code: 'SNAPSHOT_FAILED' });
      expect(isTransientFailure(error)).toBe(true);
    } finally {
      await snapshot.close();
    }
  });
});
