import type { Adapter } from '@sluice/adapter-kit';
import { open } from '@sluice/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createScratch, type Scratch } from './support/engines.js';
import { dataItems, endOf, jobItems, jobState, logText, masterExists, restartJob } from './support/faults.js';
import { createFixture, fixtureRows } from './support/fixture.js';
import { exportSchemas, TIMING, tempDir } from './support/jobs.js';
import { sql } from './support/sql.js';

/**
 * A chunk the target refuses for a reason that is not transient (a value too long for an existing
 * table's column): the import stops with its master table kept, instead of skipping the chunk and
 * completing with errors; once the cause is fixed, a restart loads exactly the source rows.
 */
for (const engine of ENGINES) {
  describe(`a chunk the target refuses (${engine})`, () => {
    let s: Scratch;
    let a: Adapter;
    let src: string;
    let source: Record<string, unknown[]>;
    const files = tempDir(`fdata-${engine}`);

    beforeAll(async () => {
      s = await createScratch(engine);
      a = s.adapter();
      src = await createFixture(s, a, 'src', 2000);
      source = await fixtureRows(s, a, src, ['emp']);
      const base = await exportSchemas(a, [src], files.dir, 'base%U.dmp');
      expect(base.state).toBe('COMPLETED');
    });
    afterAll(async () => {
      await s?.drop();
      if (!process.env['SLUICE_KEEP_FILES']) files.cleanup();
    });

    it('stops the import with its master table kept; fixed, a restart loads exactly the source rows', async () => {
      const jobName = 'NARROW';
      await s.createSchema('narrow');
      const target = s.schema('narrow');
      const emp = `${s.q(target)}.emp`;
      // Names of the fixture are longer than 8 characters.
      await sql(a, `CREATE TABLE ${emp} (id int PRIMARY KEY, name varchar(8), amount numeric(10,2), created date, dept_id int)`);

      const job = await open({ operation: 'IMPORT', mode: 'FULL', home: a, jobName, timing: TIMING });
      try {
        await job.addFile({ kind: 'DUMP', name: 'base%U.dmp', directory: files.dir });
        await job.addFile({ kind: 'LOG', name: `${jobName}.log`, directory: files.dir });
        await job.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: target });
        await job.metadataFilter({ name: 'NAME_LIST', value: "'emp'", objectPath: 'TABLE' });
        await job.setParameter('INCLUDE_METADATA', 0);
        await job.startJob();
        const stopped = await endOf(job);
        expect(stopped.state).toBe('STOPPED');
        expect(stopped.failure).toMatch(new RegExp(`^job ${jobName} stopped because table data "[^"]+"\\."emp" could not be imported: .*Fix the cause the error names\\.`));
      } finally {
        await job.detach().catch(() => undefined);
      }
      const log = logText(files.dir, `${jobName}.log`);
      expect(log.split('\n').filter((l) => l.includes('stopped because'))).toHaveLength(1);
      expect(log).toContain(`then resume the job: sluice attach ${jobName} --target URL --start`);
      expect(log).not.toMatch(/being skipped|successfully completed|completed with/);
      expect(await masterExists(a, jobName)).toBe(true);
      expect(await jobState(a, jobName)).toBe('NOT RUNNING');
      expect(dataItems(await jobItems(a, jobName)).some((r) => r.state === 'FAILED')).toBe(true);

      await sql(a, engine === 'postgres' ? `ALTER TABLE ${emp} ALTER COLUMN name TYPE varchar(60)` : `ALTER TABLE ${emp} MODIFY name varchar(60)`);
      const again = await restartJob(a, jobName);
      expect(again.state, logText(files.dir, `${jobName}.log`)).toBe('COMPLETED');
      expect(again.errors).toBe(0);
      expect(await fixtureRows(s, a, target, ['emp'])).toEqual(source);
    });
  });
}
