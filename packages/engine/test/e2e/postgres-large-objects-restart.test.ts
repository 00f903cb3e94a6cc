import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Adapter, MasterRow } from '@sluice/adapter-kit';
import { attach } from '@sluice/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MasterTableStore } from '../../src/master-table/index.js';
import { startChild, stateAfterKill, until } from './support/child.js';
import { createScratch, type Scratch } from './support/engines.js';
import { runJob, TIMING, tempDir } from './support/jobs.js';
import { sql } from './support/sql.js';

/** Small chunks, so the large objects are many items and a kill lands between them. */
const CHUNK_BYTES = 100000;
/** Each item is held this long in the child, so the test can kill it half way. */
const ITEM_DELAY_MS = 60;

/** Large objects in oid order: size and digest of their bytes, owner. */
async function largeObjects(a: Adapter): Promise<unknown[]> {
  return sql(a, 'SELECT m.oid::text AS oid, length(lo_get(m.oid)) AS size, md5(lo_get(m.oid)) AS md5, pg_get_userbyid(m.lomowner) AS owner FROM pg_largeobject_metadata m ORDER BY m.oid');
}

/** The job's data items, from its master table. */
async function dataItems(a: Adapter, jobName: string): Promise<MasterRow[]> {
  const store = MasterTableStore.for(a, jobName);
  try {
    return (await store.items()).filter((r) => r.itemKind === 'DATA');
  } finally {
    await store.close();
  }
}

// Issue 10, item 8: large objects' data is chunked, checksummed and restartable like a table's rows.
describe('PostgreSQL large objects: kill -9 of an import, then restart', () => {
  const files = tempDir('pg-lo-restart');
  let source: Scratch;
  let src: Adapter;
  let expected: unknown[];

  beforeAll(async () => {
    source = await createScratch('postgres');
    src = source.adapter();
    // 16 large objects of about 96 KB of incompressible bytes, and an empty one.
    await sql(src, "SELECT lo_from_bytea(0, (SELECT string_agg(decode(md5(g::text || '/' || i::text), 'hex'), ''::bytea) FROM generate_series(1, 6000 + i) g)) FROM generate_series(1, 16) i");
    await sql(src, 'SELECT lo_create(0)');
    const exp = await runJob(
      { operation: 'EXPORT', mode: 'FULL', home: src, tuning: { chunkTargetBytes: CHUNK_BYTES } },
      async (job) => job.addFile({ kind: 'DUMP', name: 'lo%U.dmp', directory: files.dir }),
      { dir: files.dir, log: 'export.log' },
    );
    expect(exp.errors, exp.log).toBe(0);
    expected = await largeObjects(src);
    expect(expected).toHaveLength(17);
  });
  afterAll(async () => {
    await source?.drop();
    files.cleanup();
  });

  for (const separateTarget of [false, true]) {
    const where = separateTarget ? 'with the master table on other connections (chunks cleared, then reloaded)' : 'whose chunks commit with their master rows';
    it(`an import ${where} ends with every large object byte for byte`, async () => {
      // The source database itself is the target, its large objects gone (one database: creating and dropping them is slow).
      const home = src;
      await sql(home, 'SELECT count(lo_unlink(oid)) FROM pg_largeobject_metadata');
      const jobName = separateTarget ? 'KILL_LO_SEPARATE' : 'KILL_LO';
      const child = await startChild({
        engine: 'postgres',
        url: source.url,
        action: 'import',
        jobName,
        dir: files.dir,
        dumpfile: 'lo%U.dmp',
        parallel: 2,
        separateTarget,
        tuning: { itemDelayMs: ITEM_DELAY_MS },
      });
      await until(async () => {
        const rows = await dataItems(home, jobName);
        return rows.length > 0 && rows.filter((r) => r.state === 'DONE').length >= rows.length / 2;
      }, 'half the large-object chunks loaded');
      const before = await dataItems(home, jobName);
      expect(before.length).toBeGreaterThan(8);
      child.process.kill('SIGKILL');
      expect(await child.exited).toBe('SIGKILL');
      expect(before.filter((r) => r.state === 'DONE').length).toBeLessThan(before.length);

      expect(['NOT RUNNING', 'STOPPED']).toContain(await stateAfterKill(home, jobName));
      const job = await attach(jobName, { home, timing: TIMING, ...(separateTarget ? { target: source.adapter() } : {}) });
      await job.startJob();
      const result = await job.waitForJob();
      await job.detach().catch(() => undefined);
      const log = readFileSync(join(files.dir, `${jobName}.log`), 'utf8');
      expect(result.state).toBe('COMPLETED');
      expect(result.errors, log).toBe(0);
      expect(await largeObjects(home)).toEqual(expected);
    });
  }
});
