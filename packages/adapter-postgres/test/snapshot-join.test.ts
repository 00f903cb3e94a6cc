import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter, ChunkDescriptor, Snapshot, UnloadStream } from '@sluice/adapter-kit';
import { createPostgresAdapter } from '@sluice/adapter-postgres';
import { createScratchDatabase, runSql, type ScratchDatabase } from './support/scratch-database.js';

// A snapshot exported by one adapter (one process) joined by another through its position: the
// joiner sees the rows as of the export, and once the exporting transaction ends nothing can join.

const whole: ChunkDescriptor = { table: { schema: 'j', name: 't' }, index: 0, count: 1, range: { kind: 'whole' }, estimatedBytes: 0 };

/** The rows a whole-table unload in `snapshot` carries. */
async function rowsIn(adapter: Adapter, snapshot: Snapshot): Promise<number> {
  const conn = await snapshot.acquire();
  try {
    const data: UnloadStream = adapter.data.unload(conn, whole);
    for await (const _ of data) {
      // drain
    }
    return data.rowCount;
  } finally {
    await snapshot.release(conn);
  }
}

describe('joining a PostgreSQL snapshot exported by another adapter', () => {
  let db: ScratchDatabase;
  let exporter: Adapter;
  let joiner: Adapter;

  beforeAll(async () => {
    db = await createScratchDatabase();
    await runSql(db.name, ['CREATE SCHEMA j', 'CREATE TABLE j.t AS SELECT g AS id FROM generate_series(1, 100) g']);
    exporter = createPostgresAdapter({ url: db.url });
    joiner = createPostgresAdapter({ url: db.url });
  });

  afterAll(async () => {
    await exporter?.close();
    await joiner?.close();
    await db?.drop();
  });

  it('sees the rows as of the export, not rows added later; a snapshot that is gone cannot be joined', async () => {
    const first = await exporter.connector.openSnapshot({ maxWorkers: 1, consistent: true });
    await runSql(db.name, ['INSERT INTO j.t SELECT g FROM generate_series(101, 150) g']);
    const joined = await joiner.connector.openSnapshot({ maxWorkers: 1, consistent: true, join: first.position });
    expect(joined.consistent).toBe(true);
    expect(joined.position.snapshotId).toBe(first.position.snapshotId);
    expect(joined.notes[0]).toContain(`Joined snapshot ${first.position.snapshotId!}`);
    expect(await rowsIn(joiner, joined)).toBe(100);
    await first.close();
    // The joined session keeps its view; no new session can join the ended snapshot.
    expect(await rowsIn(joiner, joined)).toBe(100);
    await expect(joiner.connector.openSnapshot({ maxWorkers: 1, consistent: true, join: first.position })).rejects.toMatchObject({ code: 'SNAPSHOT_FAILED' });
    await joined.close();
  });
});
