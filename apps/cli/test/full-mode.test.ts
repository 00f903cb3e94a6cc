import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from './support/cli.js';
import { postgres } from '../../../test-support/sql-clients.js';
import { scratchName } from '../../../test-support/scratch.js';

// FULL=Y into a fresh PostgreSQL database: `public` is already there, as in every new database, and
// finding it is not an error (pg_dump never creates it either), so the job ends with exit code 0.
beforeAll(() => ensureBuilt());

describe('FULL mode on postgres', () => {
  const source = scratchName();
  const target = scratchName();
  const dir = mkdtempSync(join(tmpdir(), 'sluice-cli-full-'));

  beforeAll(() => {
    postgres.createDatabase(source);
    postgres.createDatabase(target);
    postgres.exec(
      source,
      `CREATE TABLE public.t (id integer PRIMARY KEY, v text); INSERT INTO public.t SELECT g, 'v' || g FROM generate_series(1, 500) g;
      CREATE SCHEMA app; CREATE TABLE app.u (id integer PRIMARY KEY); INSERT INTO app.u SELECT generate_series(1, 20);`,
    );
  });
  afterAll(() => {
    postgres.dropDatabase(source);
    postgres.dropDatabase(target);
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports the whole database and imports it into a fresh one with no error, public included', async () => {
    const exp = await runCli(['export', '--source', postgres.url(source), 'FULL=Y', `DIRECTORY=${dir}`, 'DUMPFILE=full%U.dmp']);
    expect(exp.code).toBe(0);
    const imp = await runCli(['import', '--target', postgres.url(target), 'FULL=Y', `DIRECTORY=${dir}`, 'DUMPFILE=full%U.dmp']);
    expect(imp.stdout).not.toContain('already exists');
    expect(imp.stdout).toMatch(/successfully completed/);
    expect(imp.code).toBe(0);
    expect(postgres.query(target, 'SELECT count(*), sum(id) FROM public.t')).toEqual([['500', '125250']]);
    expect(postgres.query(target, 'SELECT count(*) FROM app.u')).toEqual([['20']]);
  });
});
