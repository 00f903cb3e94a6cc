import { copyFileSync, existsSync, openSync, readdirSync, readFileSync, readSync, writeSync, closeSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Adapter } from '@sluice/adapter-kit';
import { attach, open, registerRemapFunction } from '@sluice/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MasterTableStore } from '../../src/master-table/index.js';
import { until } from './support/child.js';
import { ENGINES, createScratch, type Scratch } from './support/engines.js';
import { createFixture, fixtureRows } from './support/fixture.js';
import { exportSchemas, importDump, TIMING, tempDir } from './support/jobs.js';
import { sql, tableRows } from './support/sql.js';

const PASSWORD = 'Tr0ub4dor&3-secret';

registerRemapFunction('e2e.upper', (v) => (typeof v === 'string' ? v.toUpperCase() : v));

for (const engine of ENGINES) {
  describe(`job options (${engine})`, () => {
    let s: Scratch;
    let a: Adapter;
    let hr: string;
    let source: Record<string, unknown[]>;
    const files = tempDir(`opt-${engine}`);

    beforeAll(async () => {
      s = await createScratch(engine);
      a = s.adapter();
      hr = await createFixture(s, a, 'hr', 2000);
      source = await fixtureRows(s, a, hr);
      const plain = await exportSchemas(a, [hr], files.dir, 'plain%U.dmp', async () => {}, 'plain.log');
      expect(plain.errors).toBe(0);
    });
    afterAll(async () => {
      await s?.drop();
      if (!process.env['SLUICE_KEEP_FILES']) files.cleanup();
    });

    it('encrypts with a password that never reaches the log or the master table; QUERY, LOGTIME and REMAP_DATA apply', async () => {
      const exp = await exportSchemas(
        a,
        [hr],
        files.dir,
        'enc%U.dmp',
        async (job) => {
          await job.setParameter('ENCRYPTION_PASSWORD', PASSWORD);
          await job.setParameter('KEEP_MASTER', 1);
          await job.setParameter('LOGTIME', 'LOGFILE');
          await job.setParameter('CLIENT_COMMAND', `sluice export ENCRYPTION_PASSWORD=${PASSWORD} schemas=${hr}`);
          await job.dataFilter({ name: 'QUERY', value: 'WHERE id <= 500', table: { schema: hr, name: 'emp' } });
        },
        'enc.log',
      );
      expect(exp.state).toBe('COMPLETED');
      expect(exp.log).not.toContain(PASSWORD);
      expect(exp.log).toContain('ENCRYPTION_PASSWORD=********');
      expect(
        exp.log
          .split('\n')
          .filter((l) => l !== '')
          .every((l) => /^\d\d-[A-Z]{3}-\d\d \d\d:\d\d:\d\d\.\d{3}: /.test(l)),
      ).toBe(true);
      const store = MasterTableStore.for(a, exp.jobName);
      expect(JSON.stringify(await store.allRows())).not.toContain(PASSWORD);
      await store.drop();
      await store.close();
      for (const f of readdirSync(files.dir).filter((n) => n.startsWith('enc'))) expect(readFileSync(join(files.dir, f)).includes(Buffer.from(PASSWORD))).toBe(false);

      const noKey = await importDump(a, files.dir, 'enc%U.dmp', (job) => job.metadataRemap({ name: 'REMAP_SCHEMA', from: hr, to: s.schema('enc_x') }), 'enc-nokey.log').catch((e: unknown) => e);
      expect(noKey).toMatchObject({ code: 'JOB_FAILED' });
      expect(String((noKey as Error).message)).toMatch(/password/i);

      const target = s.schema('enc_ok');
      registerRemapFunction('e2e.upper', (v) => (typeof v === 'string' ? v.toUpperCase() : v));
      const imp = await importDump(
        a,
        files.dir,
        'enc%U.dmp',
        async (job) => {
          await job.setParameter('ENCRYPTION_PASSWORD', PASSWORD);
          await job.metadataRemap({ name: 'REMAP_SCHEMA', from: hr, to: target });
          await job.dataRemap({ table: { schema: hr, name: 'emp' }, column: 'name', functionName: 'e2e.upper' });
        },
        'enc-import.log',
      );
      expect(imp.errors).toBe(0);
      expect(imp.log).not.toContain(PASSWORD);
      const expected = (source['emp'] ?? [])
        .filter((r) => Number((r as { id: number }).id) <= 500)
        .map((r) => {
          const row = r as Record<string, unknown>;
          return { ...row, name: typeof row['name'] === 'string' ? row['name'].toUpperCase() : row['name'] };
        });
      expect(await tableRows(a, `${s.q(target)}.emp`)).toEqual(expected);
      expect(await tableRows(a, `${s.q(target)}.dept`)).toEqual(source['dept']);
    });

    it('DATA_OPTIONS=SKIP_CONSTRAINT_ERRORS loads the rest and writes rejected rows beside the log', async () => {
      const target = s.schema('rej');
      await importDump(
        a,
        files.dir,
        'plain%U.dmp',
        async (job) => {
          await job.metadataRemap({ name: 'REMAP_SCHEMA', from: hr, to: target });
          await job.dataFilter({ name: 'INCLUDE_ROWS', value: 0 });
        },
        'rej0.log',
      );
      const q = s.q(target);
      await sql(a, `INSERT INTO ${q}.dept (id, name) VALUES (1, 'Sales'), (2, 'R&D'), (3, 'Ops'), (4, 'Legal'), (5, 'Finance')`);
      await sql(a, `INSERT INTO ${q}.emp (id, name, amount, created, dept_id) VALUES (10, 'already here', 1, '2024-01-01', 1), (11, 'me too', 1, '2024-01-01', 1)`);
      const imp = await importDump(
        a,
        files.dir,
        'plain%U.dmp',
        async (job) => {
          await job.metadataRemap({ name: 'REMAP_SCHEMA', from: hr, to: target });
          await job.metadataFilter({ name: 'NAME_LIST', value: "'emp'", objectPath: 'TABLE' });
          await job.metadataFilter({ name: 'INCLUDE_PATH_EXPR', value: "IN ('TABLE')" });
          await job.setParameter('TABLE_EXISTS_ACTION', 'APPEND');
          await job.setParameter('DATA_OPTIONS', 'SKIP_CONSTRAINT_ERRORS');
        },
        'rejects.log',
      );
      expect(imp.state).toBe('COMPLETED');
      expect(imp.errors).toBe(0);
      expect(imp.log).toMatch(new RegExp(`^\\. \\. imported "${target}"\\."emp"  [\\d.]+ KB  1998 out of 2000 rows$`, 'm'));
      // One line per distinct reason (MySQL names the duplicate key value in each).
      const rejectedLines = [...imp.log.matchAll(new RegExp(`^(\\d+) row\\(s\\) of "${target}"\\."emp" were rejected with the following error: .*(duplicate|unique)`, 'gim'))];
      expect(rejectedLines.reduce((n, m) => n + Number(m[1]), 0)).toBe(2);
      const bad = readFileSync(join(files.dir, 'rejects.bad'), 'utf8');
      expect(bad.trim().split('\n').length).toBeGreaterThanOrEqual(2);
      const rows = (await tableRows(a, `${q}.emp`)) as { id: number; name: string }[];
      expect(rows.length).toBe(2000);
      expect(rows.find((r) => Number(r.id) === 10)?.name).toBe('already here');
    });

    it('DATA_OPTIONS=CONTINUE_LOAD_ON_FORMAT_ERROR skips a damaged frame and reports it', async () => {
      // Damage one byte in the middle of the data of a copy of the set.
      const dump = readdirSync(files.dir).find((f) => f.startsWith('plain') && f.endsWith('.dmp')) as string;
      const damaged = join(files.dir, 'damaged01.dmp');
      copyFileSync(join(files.dir, dump), damaged);
      const size = statSync(damaged).size;
      const fd = openSync(damaged, 'r+');
      const at = Math.floor(size / 2);
      const b = Buffer.alloc(1);
      readSync(fd, b, 0, 1, at);
      b[0] = (b[0] as number) ^ 0xff;
      writeSync(fd, b, 0, 1, at);
      closeSync(fd);

      const target = s.schema('damaged');
      const imp = await importDump(
        a,
        files.dir,
        'damaged%U.dmp',
        async (job) => {
          await job.metadataRemap({ name: 'REMAP_SCHEMA', from: hr, to: target });
          await job.setParameter('DATA_OPTIONS', 'CONTINUE_LOAD_ON_FORMAT_ERROR');
        },
        'damaged.log',
      );
      expect(imp.state).toBe('COMPLETED');
      expect(imp.errors).toBeGreaterThanOrEqual(1);
      expect(imp.log).toMatch(/^Skipped damaged bytes in dump file damaged01\.dmp at offset \d+/m);
      expect(await tableRows(a, `${s.q(target)}.dept`)).toEqual(source['dept']);
    });

    it('START_JOB skip_current skips the chunk that was in progress', async () => {
      const target = s.schema('skipcur');
      const jobName = 'SKIP_CURRENT';
      const exp = await exportSchemas(a, [hr], files.dir, 'small%U.dmp', (job) => job.setParallel(2), 'small.log', { chunkTargetBytes: 16384 });
      expect(exp.errors).toBe(0);
      // Each item is held this long after its claim, so a stop right after a claim is seen lands while it runs.
      const holdMs = 1500;
      const job = await open({ operation: 'IMPORT', mode: 'FULL', home: a, jobName, timing: TIMING, tuning: { itemDelayMs: holdMs } });
      await job.addFile({ kind: 'DUMP', name: 'small%U.dmp', directory: files.dir });
      await job.addFile({ kind: 'LOG', name: 'skip.log', directory: files.dir });
      await job.metadataRemap({ name: 'REMAP_SCHEMA', from: hr, to: target });
      try {
        await job.startJob();
        const store = MasterTableStore.for(a, jobName);
        // Stop once a chunk is seen claimed that was not claimed at the previous look: it was claimed
        // after that look, so it is still held, not yet loading, for most of holdMs.
        let before = new Set<number>();
        let lookedAt = Date.now();
        await until(async () => {
          const started = Date.now();
          const running = new Set((await store.items({ itemKind: 'DATA', states: ['RUNNING'] })).map((r) => r.id));
          const fresh = [...running].some((id) => !before.has(id)) && Date.now() - lookedAt < holdMs / 3;
          const done = (await store.items({ itemKind: 'DATA', states: ['DONE'] })).length;
          before = running;
          lookedAt = started;
          return fresh && done >= 1;
        }, 'a chunk loaded and the next just claimed');
        await store.close();
        await job.stopJob({ immediate: true, keepMaster: true });
        expect((await job.waitForJob()).state).toBe('STOPPED');
      } finally {
        await job.detach().catch(() => undefined);
      }
      const left = MasterTableStore.for(a, jobName);
      expect((await left.items({ itemKind: 'DATA', states: ['RUNNING'] })).length).toBeGreaterThan(0);
      await left.close();
      const again = await attach(jobName, { home: a, timing: TIMING });
      await again.startJob({ skipCurrent: true });
      const result = await again.waitForJob();
      await again.detach().catch(() => undefined);
      expect(result.state).toBe('COMPLETED');
      const log = readFileSync(join(files.dir, 'skip.log'), 'utf8');
      expect(log).toMatch(new RegExp(`^Skipped table data "${hr}"\\."emp", which was in progress when the job stopped \\(skip_current\\)\\.$`, 'm'));
      const rows = (await tableRows(a, `${s.q(target)}.emp`)) as unknown[];
      const all = source['emp'] ?? [];
      expect(rows.length).toBeLessThan(all.length);
      const keys = new Set(all.map((r) => JSON.stringify(r)));
      expect(rows.every((r) => keys.has(JSON.stringify(r)))).toBe(true);
      expect(existsSync(join(files.dir, 'skip.log'))).toBe(true);
    });
  });
}
