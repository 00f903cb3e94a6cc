import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliProcess, ensureBuilt, runCli } from './support/cli.js';
import { psqlLogin, TEST_SERVERS, type TestServer } from '../../../test-support/sql-clients.js';
import { scratchName } from '../../../test-support/scratch.js';
import { createSample, fingerprint, tablesOf } from './support/sample-data.js';

// Loads into existing tables (TABLE_EXISTS_ACTION=APPEND/TRUNCATE) with an upper-casing trigger on the
// target table: the log names the trigger, and DATA_OPTIONS=DISABLE_TRIGGERS loads the rows as exported.
beforeAll(() => ensureBuilt());

const UPPER_TRIGGER: Record<TestServer['engine'], (schema: string) => string> = {
  postgres: (schema) => `CREATE FUNCTION ${schema}.emp_upper() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.name := upper(NEW.name); RETURN NEW; END$$;
    CREATE TRIGGER emp_upper BEFORE INSERT ON ${schema}.emp FOR EACH ROW EXECUTE FUNCTION ${schema}.emp_upper();`,
  mysql: () => 'CREATE TRIGGER emp_upper BEFORE INSERT ON emp FOR EACH ROW SET NEW.name = upper(NEW.name);',
};

describe.each(TEST_SERVERS)('triggers on existing target tables on $engine', (server: TestServer) => {
  const pg = server.engine === 'postgres';
  const source = scratchName();
  const target = scratchName();
  const control = scratchName();
  const schema = pg ? 'hr' : source;
  /** Where the target's copy of the schema lives: `hr` in the target database, or (MySQL) the target database. */
  const into = pg ? 'hr' : `${target}_t`;
  const dir = mkdtempSync(join(tmpdir(), `sluice-triggers-${server.engine}-`));
  const load = (extra: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> =>
    runCli([
      'import',
      '--target',
      server.url(target),
      `DIRECTORY=${dir}`,
      'DUMPFILE=t.dmp',
      'CONTENT=DATA_ONLY',
      `TABLES=${schema}.emp`,
      'TABLE_EXISTS_ACTION=TRUNCATE',
      ...(pg ? [] : [`REMAP_SCHEMA=${source}:${into}`]),
      ...extra,
    ]);
  /** The trigger's state: PostgreSQL's tgenabled (O: enabled), or that MySQL still has it. */
  const triggerState = (): string[][] =>
    pg
      ? server.query(target, `SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'hr.emp'::regclass AND NOT tgisinternal`)
      : server.query(target, `SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA = '${into}'`);
  let expected = '';

  beforeAll(async () => {
    for (const db of [source, target, control]) server.createDatabase(db);
    createSample(server, source, schema, 2000);
    expected = fingerprint(server, source, schema);
    // Small chunks: emp is loaded by several chunks, in parallel where the test asks for PARALLEL=2.
    const exp = await runCli(['export', '--source', server.url(source), `SCHEMAS=${schema}`, `DIRECTORY=${dir}`, 'DUMPFILE=t.dmp'], { env: { SLUICE_CHUNK_TARGET_BYTES: '16384' } });
    expect(exp.code).toBe(0);
    // The target's tables exist (created by an import), with an upper-casing trigger on emp.
    const imp = await runCli(['import', '--target', server.url(target), `DIRECTORY=${dir}`, 'DUMPFILE=t.dmp', ...(pg ? [] : [`REMAP_SCHEMA=${source}:${into}`])]);
    expect(imp.stderr).toBe('');
    expect(imp.code).toBe(0);
    server.exec(pg ? target : into, UPPER_TRIGGER[server.engine](into));
  }, 120_000);

  afterAll(() => {
    for (const db of [source, target, control, ...(pg ? [] : [into])]) server.dropDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });

  it('without DISABLE_TRIGGERS the log names the trigger (which then changes the rows)', async () => {
    const r = await load([]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Table "${into}"."emp" has enabled triggers "emp_upper", which fire for every row loaded and may change it; DATA_OPTIONS=DISABLE_TRIGGERS loads without them`);
    expect(r.stdout).not.toMatch(/Table "[^"]+"\."dept" has enabled triggers/);
    const rows = fingerprint(server, target, into);
    expect(rows).not.toBe(expected);
    expect(server.query(pg ? target : into, `SELECT name FROM ${into}.emp WHERE id = 1`)).toEqual([['ÉMPLOYÉ 1']]);
  });

  if (pg) {
    it('with DISABLE_TRIGGERS the rows are exactly the source rows, and the trigger is enabled again', async () => {
      const r = await load(['DATA_OPTIONS=DISABLE_TRIGGERS', 'PARALLEL=2']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Table "hr"."emp" has enabled triggers "emp_upper": they are turned off while its rows load (DATA_OPTIONS=DISABLE_TRIGGERS) and on again after');
      expect(fingerprint(server, target, into)).toBe(expected);
      expect(triggerState()).toEqual([['emp_upper', 'O']]);
      // The trigger fires again for the next row.
      server.exec(target, `INSERT INTO hr.emp (id, name) VALUES (999999, 'after')`);
      expect(server.query(target, 'SELECT name FROM hr.emp WHERE id = 999999')).toEqual([['AFTER']]);
      server.exec(target, 'DELETE FROM hr.emp WHERE id = 999999');
    });

    it('a load that fails with the triggers off leaves them enabled', async () => {
      // APPEND onto the rows already there: every chunk breaks the primary key and is rolled back.
      const r = await runCli([
        'import',
        '--target',
        server.url(target),
        `DIRECTORY=${dir}`,
        'DUMPFILE=t.dmp',
        'CONTENT=DATA_ONLY',
        'TABLES=hr.emp',
        'TABLE_EXISTS_ACTION=APPEND',
        'DATA_OPTIONS=DISABLE_TRIGGERS',
        'PARALLEL=2',
      ]);
      expect(r.code).not.toBe(0);
      expect(r.stdout + r.stderr).toMatch(/duplicate key value violates unique constraint/);
      expect(fingerprint(server, target, into)).toBe(expected);
      expect(triggerState()).toEqual([['emp_upper', 'O']]);
    });

    it('kill -9 while a chunk loads with the triggers off: the triggers are on, and no row is left', async () => {
      server.exec(target, 'TRUNCATE hr.emp');
      // Another session holds a department row FOR UPDATE: the load's foreign-key checks wait for it,
      // inside the chunk's transaction, after the trigger was turned off.
      const login = psqlLogin();
      const holder = spawn('psql', [...login.args, '-d', target, '-At', '-v', 'ON_ERROR_STOP=1'], { env: { ...process.env, ...login.env } });
      let held = '';
      holder.stdout.setEncoding('utf8').on('data', (d: string) => (held += d));
      holder.stdin.write('BEGIN;\nSELECT id FROM hr.dept WHERE id = 1 FOR UPDATE;\n');
      const until = async (what: string, ok: () => boolean): Promise<void> => {
        const deadline = Date.now() + 60_000;
        while (!ok()) {
          if (Date.now() > deadline) throw new Error(`waited a minute for ${what}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      const waiting = `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'sluice%' AND wait_event_type = 'Lock'`;
      const loading = `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'sluice%'`;
      let job: CliProcess | undefined;
      try {
        await until('the row lock', () => /^1$/m.test(held));
        job = new CliProcess([
          'import',
          '--target',
          server.url(target),
          `DIRECTORY=${dir}`,
          'DUMPFILE=t.dmp',
          'CONTENT=DATA_ONLY',
          'TABLES=hr.emp',
          'TABLE_EXISTS_ACTION=APPEND',
          'DATA_OPTIONS=DISABLE_TRIGGERS',
          'JOB_NAME=TRG_KILL',
        ]);
        await until('the load to wait on the row lock', () => server.query(target, waiting)[0]![0] === '1');
        // The load holds the lock ALTER TABLE ... DISABLE TRIGGER takes: it turned the trigger off in its transaction.
        expect(server.query(target, `SELECT count(*) FROM pg_locks WHERE relation = 'hr.emp'::regclass AND mode = 'ShareRowExclusiveLock' AND granted`)).toEqual([['1']]);
      } finally {
        job?.child.kill('SIGKILL');
        await job?.done();
        holder.stdin.end('ROLLBACK;\n');
      }
      await until('the dead load to end', () => server.query(target, loading)[0]![0] === '0');
      expect(triggerState()).toEqual([['emp_upper', 'O']]);
      expect(server.query(target, 'SELECT count(*) FROM hr.emp')).toEqual([['0']]);
      server.exec(target, `INSERT INTO hr.emp (id, dept_id, name) VALUES (1, 1, 'after')`);
      expect(server.query(target, 'SELECT name FROM hr.emp WHERE id = 1')).toEqual([['AFTER']]);
      server.exec(target, 'TRUNCATE hr.emp');
    });

    it('a user who does not own the table gets a clear error, and nothing is loaded or left behind', async () => {
      const user = scratchName('ins');
      server.exec(target, `CREATE ROLE ${user} LOGIN; GRANT USAGE ON SCHEMA hr TO ${user}; GRANT INSERT ON hr.emp TO ${user};`);
      try {
        const before = fingerprint(server, target, into);
        const url = new URL(server.url(target));
        url.username = user;
        const r = await runCli([
          'import',
          '--target',
          url.toString(),
          '--control',
          server.url(control),
          `DIRECTORY=${dir}`,
          'DUMPFILE=t.dmp',
          'CONTENT=DATA_ONLY',
          'TABLES=hr.emp',
          'DATA_OPTIONS=DISABLE_TRIGGERS',
        ]);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(
          `DATA_OPTIONS=DISABLE_TRIGGERS: the user may not turn off the triggers ("emp_upper") of table "hr"."emp": that needs ownership of the table (ALTER TABLE ... DISABLE TRIGGER). Run the import as the table's owner, or load without DISABLE_TRIGGERS (the triggers then fire for every row). The job had not begun its work, so its master table was removed`,
        );
        expect(fingerprint(server, target, into)).toBe(before);
        expect(triggerState()).toEqual([['emp_upper', 'O']]);
        expect(tablesOf(server, control)).toEqual(['public.']);
      } finally {
        server.exec(target, `DROP OWNED BY ${user}; DROP ROLE ${user};`);
      }
    });
  } else {
    it('DISABLE_TRIGGERS is refused with a clear error, before anything is loaded', async () => {
      const before = fingerprint(server, target, into);
      const r = await load(['DATA_OPTIONS=DISABLE_TRIGGERS']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `DATA_OPTIONS=DISABLE_TRIGGERS: table "${into}"."emp" has triggers ("emp_upper"), and the target database (mysql) has no way to turn a trigger off for a load. Load without DISABLE_TRIGGERS (the triggers then fire for every row), or drop the triggers before the import and create them again after it.`,
      );
      expect(fingerprint(server, target, into)).toBe(before);
      expect(triggerState()).toEqual([['emp_upper']]);
      expect(tablesOf(server, target).filter((t) => /SYS_IMPORT/.test(t))).toEqual([]);
    });
  }
});
