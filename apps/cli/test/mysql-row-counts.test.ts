import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureBuilt, runCli } from './support/cli.js';
import { mysql } from '../../../test-support/sql-clients.js';
import { scratchName } from '../../../test-support/scratch.js';
import { createSample } from './support/sample-data.js';

// The `. . exported ... N rows` lines of a MySQL job and the master table's row counts
// (`sluice info --contents`) say the rows the table has: mysql-tsv's header line is not a row.
const db = scratchName();
const home = scratchName();
const dir = mkdtempSync(join(tmpdir(), 'sluice-cli-counts-'));

beforeAll(() => {
  ensureBuilt();
  mysql.createDatabase(db);
  mysql.createDatabase(home);
  createSample(mysql, db, db, 5000);
});

afterAll(() => {
  mysql.dropDatabase(db);
  mysql.dropDatabase(home);
  rmSync(dir, { recursive: true, force: true });
});

it('the log and the master table count the rows a MySQL table has', async () => {
  const r = await runCli(['export', '--source', mysql.url(home), `SCHEMAS=${db}`, `DIRECTORY=${dir}`, 'DUMPFILE=c.dmp']);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(new RegExp(`\\. \\. exported "${db}"\\."emp"\\s+\\S+ \\S+\\s+5000 rows`));
  expect(r.stdout).toMatch(new RegExp(`\\. \\. exported "${db}"\\."dept"\\s+\\S+ \\S+\\s+5 rows`));
  const contents = await runCli(['info', '--contents', join(dir, 'c.dmp')]);
  expect(contents.stdout).toMatch(new RegExp(`TABLE_DATA\\s+${db}\\s+emp\\s+5000\\s`));
});
