import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureBuilt, runCli } from './support/cli.js';
import { postgres } from '../../../test-support/sql-clients.js';
import { scratchName } from '../../../test-support/scratch.js';

// Issue 10: an object Sluice cannot export is named in the log and the export exits 5, never 0.
// Every kind is carried for a superuser; a user without superuser may not read a subscription's
// connection string, so a FULL export run by one (the master table in a control database, written
// by the superuser) names the subscription as not exported and exports the rest.
const db = scratchName();
const control = scratchName();
const exporter = scratchName('exporter');
const dir = mkdtempSync(join(tmpdir(), 'sluice-cli-pg-not-exported-'));

beforeAll(() => {
  ensureBuilt();
  postgres.createDatabase(db);
  postgres.createDatabase(control);
  postgres.exec(
    db,
    `CREATE SCHEMA s;
     CREATE TABLE s.t (id int PRIMARY KEY, v text);
     INSERT INTO s.t VALUES (1, 'a'), (2, 'b');
     CREATE PUBLICATION pgi_cli_pub FOR TABLE s.t;
     CREATE SUBSCRIPTION pgi_cli_sub CONNECTION 'host=nowhere.invalid dbname=nothing' PUBLICATION pgi_cli_pub
       WITH (connect = false, enabled = false, create_slot = false, slot_name = NONE);
     CREATE ROLE ${exporter} LOGIN;
     GRANT USAGE ON SCHEMA s TO ${exporter};
     GRANT SELECT ON s.t TO ${exporter};`,
  );
});

afterAll(() => {
  // A subscription keeps its database; with no slot, dropping it never connects.
  postgres.exec(db, 'DROP SUBSCRIPTION IF EXISTS pgi_cli_sub');
  postgres.dropDatabase(db);
  postgres.dropDatabase(control);
  postgres.exec('postgres', `DROP ROLE IF EXISTS ${exporter}`);
  rmSync(dir, { recursive: true, force: true });
});

it('exits 5, naming the subscription a user without superuser cannot read, while the rest is exported', async () => {
  const source = new URL(postgres.url(db));
  source.username = exporter;
  source.password = '';
  const r = await runCli(['export', '--source', source.toString(), '--control', postgres.url(control), 'FULL=Y', `DIRECTORY=${dir}`, 'DUMPFILE=full.dmp', 'LOGFILE=full.log']);
  expect(r.code, r.stdout + r.stderr).toBe(5);
  const log = readFileSync(join(dir, 'full.log'), 'utf8');
  expect(log).toContain('Object type SUBSCRIPTION "pgi_cli_sub" was not exported: reading a subscription\'s connection takes a superuser');
  expect(log).toMatch(/exported "s"\."t" +[\d.]+ KB +2 rows/);
  expect(log).toMatch(/completed with 1 error\(s\)/);
});
