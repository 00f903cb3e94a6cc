import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureBuilt, runCli } from './support/cli.js';
import { mysql } from '../../../test-support/sql-clients.js';
import { scratchName } from '../../../test-support/scratch.js';
import { createSample } from './support/sample-data.js';

// On MySQL a schema is a database, and an export job keeps its master table in the URL's database.
// When that is the schema being exported (the natural way to write it), neither the job's own master
// table nor one another job left there (KEEP_MASTER) is exported: Data Pump never exports a master table.
const db = scratchName();
const dir = mkdtempSync(join(tmpdir(), 'sluice-cli-master-'));

beforeAll(() => {
  ensureBuilt();
  mysql.createDatabase(db);
  createSample(mysql, db, db, 100);
});

afterAll(() => {
  mysql.dropDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

it('an export does not export its own master table, nor another job kept in the schema', async () => {
  const kept = await runCli(['export', '--source', mysql.url(db), `SCHEMAS=${db}`, `DIRECTORY=${dir}`, 'DUMPFILE=k.dmp', 'JOB_NAME=KEPT_EXPORT', 'KEEP_MASTER=Y']);
  expect(kept.code).toBe(0);
  const r = await runCli(['export', '--source', mysql.url(db), `SCHEMAS=${db}`, `DIRECTORY=${dir}`, 'DUMPFILE=m.dmp', 'JOB_NAME=SELF_EXPORT']);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(new RegExp(`exported "${db}"\\."emp"`));
  expect(r.stdout).not.toMatch(/exported "[^"]+"\."(SELF_EXPORT|KEPT_EXPORT)"/);
  for (const file of ['k.dmp', 'm.dmp']) {
    const contents = await runCli(['info', '--contents', join(dir, file)]);
    expect(contents.code).toBe(0);
    expect(contents.stdout).toMatch(new RegExp(`TABLE\\s+${db}\\s+emp\\b`));
    expect(contents.stdout).not.toMatch(/^\s+\S+\s+\S+\s+(SELF_EXPORT|KEPT_EXPORT)\b/m);
  }
});
