import type { Adapter } from '@sluice/adapter-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratch, type Scratch } from './support/engines.js';
import { exportSchemas, importDump, tempDir } from './support/jobs.js';
import { sql, tableRows } from './support/sql.js';

// Issue 10, item 1: a table with no columns, unloaded by the same worker before a table with rows.
describe('PostgreSQL fidelity: awkward tables round-trip with every row', () => {
  let s: Scratch;
  let a: Adapter;
  const files = tempDir('pg-fidelity');

  beforeAll(async () => {
    s = await createScratch('postgres');
    a = s.adapter();
    await s.createSchema('zc');
    // "a" sorts before "b": at PARALLEL=1 one worker unloads the column-less table first.
    await sql(a, 'CREATE TABLE zc.a_nothing ()');
    for (let i = 0; i < 5; i++) await sql(a, 'INSERT INTO zc.a_nothing DEFAULT VALUES');
    await sql(a, 'CREATE TABLE zc.b_items (id int PRIMARY KEY, label text)');
    await sql(a, "INSERT INTO zc.b_items SELECT g, 'item ' || g FROM generate_series(1, 300) g");
  });
  afterAll(async () => {
    await s?.drop();
    files.cleanup();
  });

  it('a table with no columns keeps its row count, and the table after it loses nothing', async () => {
    const exp = await exportSchemas(a, ['zc'], files.dir, 'zc%U.dmp');
    expect(exp.state).toBe('COMPLETED');
    expect(exp.errors, exp.log).toBe(0);
    const imp = await importDump(a, files.dir, 'zc%U.dmp', (job) => job.metadataRemap({ name: 'REMAP_SCHEMA', from: 'zc', to: 'zc_copy' }));
    expect(imp.errors, imp.log).toBe(0);
    expect(await sql(a, 'SELECT count(*)::int AS n FROM zc_copy.a_nothing')).toEqual([{ n: 5 }]);
    expect(await tableRows(a, 'zc_copy.b_items')).toEqual(await tableRows(a, 'zc.b_items'));
  });

  it('DATA_OPTIONS=SKIP_CONSTRAINT_ERRORS loads a table with no columns too', async () => {
    const imp = await importDump(a, files.dir, 'zc%U.dmp', async (job) => {
      await job.metadataRemap({ name: 'REMAP_SCHEMA', from: 'zc', to: 'zc_skip' });
      await job.setParameter('DATA_OPTIONS', 'SKIP_CONSTRAINT_ERRORS');
    }, 'skip.log');
    expect(imp.errors, imp.log).toBe(0);
    expect(await sql(a, 'SELECT count(*)::int AS n FROM zc_skip.a_nothing')).toEqual([{ n: 5 }]);
  });
});
