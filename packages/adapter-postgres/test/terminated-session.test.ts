import type { Readable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTransientFailure, type Adapter, type ChunkDescriptor } from '@sluice/adapter-kit';
import { createPostgresAdapter } from '@sluice/adapter-postgres';
import { createScratchDatabase, databaseUrl, querySql, runSql, type ScratchDatabase } from './support/scratch-database.js';

const whole: ChunkDescriptor = { table: { schema: 'k', name: 't' }, index: 0, count: 1, range: { kind: 'whole' }, estimatedBytes: 0 };

/** How reading `stream` to its end turns out: the error it fails with, or 'ended'. */
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

/** Resolves once `check` holds, looking every few milliseconds. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let n = 0; !check(); n++) {
    if (n > 2_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('PostgreSQL sessions terminated by an administrator (pg_terminate_backend)', () => {
  let db: ScratchDatabase;
  let adapter: Adapter;

  beforeAll(async () => {
    db = await createScratchDatabase();
    // Several MB of rows: more than the unload buffers before it stops reading the server.
    await runSql(db.name, [
      'CREATE SCHEMA k',
      "CREATE TABLE k.t AS SELECT g AS id, repeat('x', 200) AS v FROM generate_series(1, 40000) g",
      'CREATE TABLE k.u AS SELECT g AS id FROM generate_series(1, 10) g',
    ]);
    adapter = createPostgresAdapter({ url: db.url });
  });

  afterAll(async () => {
    await adapter?.close();
    await db?.drop();
  });

  it('fails a COPY in progress with a transient error, and the session counts as closed', async () => {
    const conn = await adapter.connector.connect('victim');
    const data = adapter.data.unload(conn, whole);
    data.once('readable', () => undefined);
    await until(() => data.readableLength > 0, 'the COPY to start');
    await querySql(db.name, 'SELECT pg_terminate_backend($1::int)', [Number(conn.id)]);
    const outcome = await readToEnd(data);
    expect(outcome).toBeInstanceOf(Error);
    expect(isTransientFailure(outcome)).toBe(true);
    await until(() => conn.closed, 'the session to count as closed');
    await conn.close();
  });

  it('keeps a failure that comes before anyone reads for the reader that starts after it', async () => {
    // The COPY waits for a lock another session holds: the server sends nothing, so the session's
    // FATAL message is read at once, while nobody reads the stream yet.
    const locker = new pg.Client({ connectionString: databaseUrl(db.name) });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE k.u IN ACCESS EXCLUSIVE MODE');
      const conn = await adapter.connector.connect('victim');
      const data = adapter.data.unload(conn, { ...whole, table: { schema: 'k', name: 'u' } });
      // Asked for data (as a pipeline's first read does), then nobody reads until after the failure.
      data.once('readable', () => undefined);
      const waiting = async (): Promise<boolean> => (await querySql(db.name, "SELECT 1 FROM pg_stat_activity WHERE pid = $1::int AND wait_event_type = 'Lock'", [Number(conn.id)])).length === 1;
      for (let n = 0; !(await waiting()); n++) {
        if (n > 400) throw new Error('timed out waiting for the COPY to wait for the lock');
        await new Promise((r) => setTimeout(r, 25));
      }
      await querySql(db.name, 'SELECT pg_terminate_backend($1::int)', [Number(conn.id)]);
      await until(() => conn.closed, 'the session to count as closed');
      const outcome = await readToEnd(data);
      expect(outcome).toBeInstanceOf(Error);
      expect(isTransientFailure(outcome)).toBe(true);
      await conn.close();
    } finally {
      await locker.end();
    }
  });

  it('a snapshot replaces a terminated worker session inside the same snapshot; without its exporting session it is SNAPSHOT_FAILED', async () => {
    const snapshot = await adapter.connector.openSnapshot({ maxWorkers: 2, consistent: true });
    try {
      const worker = await snapshot.acquire();
      await querySql(db.name, 'SELECT pg_terminate_backend($1::int)', [Number(worker.id)]);
      await until(() => worker.closed, 'the terminated session to count as closed');
      await snapshot.release(worker);
      const next = await snapshot.acquire();
      expect(next.id).not.toBe(worker.id);
      await snapshot.release(next);
      // The session that exported the snapshot: the one left that is not a worker.
      const leader = await querySql(db.name, "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'sluice snapshot leader'", [db.name]);
      expect(leader).toHaveLength(1);
      await querySql(db.name, 'SELECT pg_terminate_backend($1::int)', [Number((leader[0] as { pid: number }).pid)]);
      await querySql(db.name, 'SELECT pg_terminate_backend($1::int)', [Number(next.id)]);
      await until(() => next.closed, 'the second session to count as closed');
      const error = await snapshot.acquire().catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'SNAPSHOT_FAILED' });
      expect(isTransientFailure(error)).toBe(true);
    } finally {
      await snapshot.close();
    }
  });
});
