import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliProcess, ensureBuilt, runCli } from './support/cli.js';
import { TEST_SERVERS, type TestServer } from '../../../test-support/sql-clients.js';
import { scratchName } from '../../../test-support/scratch.js';

// What a user sees of a dump file set whose export did not finish every table (a job stopped and
// restarted with START_JOB=SKIP_CURRENT): verify and info --contents say INCOMPLETE naming the table,
// import refuses it (exit 1) unless DATA_OPTIONS=ACCEPT_INCOMPLETE_SET (then exit 5). And FILESIZE
// reached with one DUMPFILE: the export waits until another client adds a file.
beforeAll(() => ensureBuilt());

const ROWS = 30_000;
/** Small chunks and a pause before each, so the job is stopped with a chunk in progress. */
const SLOW = { SLUICE_TEST_ITEM_DELAY_MS: '250', SLUICE_CHUNK_TARGET_BYTES: '32768' };

function createTables(server: TestServer, database: string, schema: string): void {
  if (server.engine === 'postgres') {
    server.exec(
      database,
      `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.big (id integer PRIMARY KEY, v text); INSERT INTO ${schema}.big SELECT g, md5(g::text) FROM generate_series(1, ${ROWS}) g; ANALYZE ${schema}.big;
      CREATE TABLE ${schema}.small (id integer PRIMARY KEY, v text); INSERT INTO ${schema}.small SELECT g, 'row ' || g FROM generate_series(1, 50) g;`,
    );
  } else {
    server.exec(
      schema,
      `CREATE TABLE big (id int PRIMARY KEY, v varchar(40)); INSERT INTO big SELECT seq, md5(seq) FROM seq_1_to_${ROWS}; ANALYZE TABLE big;
      CREATE TABLE small (id int PRIMARY KEY, v varchar(40)); INSERT INTO small SELECT seq, concat('row ', seq) FROM seq_1_to_50;`,
    );
  }
}

/** Row count and an ordered hash of a table. */
function digest(server: TestServer, database: string, schema: string, table: string): string {
  const sql =
    server.engine === 'postgres'
      ? `SELECT count(*), md5(coalesce(string_agg(id || v, ',' ORDER BY id), '')) FROM ${schema}.${table}`
      : `SELECT count(*), md5(coalesce(group_concat(concat(id, v) ORDER BY id SEPARATOR ','), '')) FROM ${table}`;
  return server.query(server.engine === 'postgres' ? database : schema, sql)[0]!.join('|');
}

describe.each(TEST_SERVERS)('incomplete sets and FILESIZE on $engine', (server: TestServer) => {
  const pg = server.engine === 'postgres';
  const source = scratchName();
  // MySQL: export jobs keep their master table in the URL's database; keep it apart from the schema exported.
  const home = pg ? source : scratchName();
  const sourceUrl = server.url(home);
  const target = scratchName();
  const schema = pg ? 'app' : source;
  const dir = mkdtempSync(join(tmpdir(), `sluice-inc-${server.engine}-`));
  const made: string[] = [];
  const targetSchema = (name: string): string => {
    if (!pg) made.push(`${target}_${name}`);
    return pg ? name : `${target}_${name}`;
  };
  /** Tables a target schema holds (0 when it does not exist). */
  const tablesIn = (name: string): number => Number(server.query(pg ? target : 'information_schema', `SELECT count(*) FROM information_schema.tables WHERE table_schema = '${name}'`)[0]![0]);
  const q = pg ? '"' : '`';

  beforeAll(() => {
    server.createDatabase(source);
    if (!pg) server.createDatabase(home);
    server.createDatabase(target);
    createTables(server, source, schema);
  });

  afterAll(() => {
    for (const db of [source, target, ...(pg ? [] : [home, ...made])]) server.dropDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });

  /** DATA items of a job by state, read from its master table (none while it does not exist). */
  function chunkStates(jobName: string): { done: number; running: number } {
    try {
      const row = server.query(home, `SELECT sum(CASE WHEN state = 'DONE' THEN 1 ELSE 0 END), sum(CASE WHEN state = 'RUNNING' THEN 1 ELSE 0 END) FROM ${q}${jobName}${q} WHERE item_kind = 'DATA'`)[0];
      return { done: Number(row?.[0] || 0), running: Number(row?.[1] || 0) };
    } catch {
      return { done: 0, running: 0 };
    }
  }

  it('a job stopped mid-way and restarted with START_JOB=SKIP_CURRENT: verify and info say INCOMPLETE, import exits 1, or 5 with DATA_OPTIONS=ACCEPT_INCOMPLETE_SET', async () => {
    const job = new CliProcess(['export', '--source', sourceUrl, `SCHEMAS=${schema}`, `DIRECTORY=${dir}`, 'DUMPFILE=inc%U.dmp', 'JOB_NAME=INC_JOB'], { env: SLOW });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { done, running } = chunkStates('INC_JOB');
      if (done >= 2 && running > 0) break;
      if (Date.now() > deadline || job.child.exitCode !== null) throw new Error(`the export did not get two chunks done:\n${job.stdout}\n${job.stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    job.child.kill('SIGINT');
    await job.waitFor(/Export> $/);
    job.write('STOP_JOB=IMMEDIATE\n');
    await job.waitFor(/Are you sure you wish to stop this job \(\[yes\]\/no\): $/);
    job.write('yes\n');
    expect((await job.done()).code).toBe(1);

    const restarted = await runCli(['attach', 'INC_JOB', '--source', sourceUrl], { input: 'START_JOB=SKIP_CURRENT\n', timeoutMs: 120_000 });
    expect(restarted.stdout).toMatch(new RegExp(`^Skipped table data "${schema}"\\."big", which was in progress when the job stopped \\(skip_current\\)\\.$`, 'm'));
    expect(restarted.stdout).toContain('The dump file set is INCOMPLETE');
    expect(restarted.stdout).toMatch(/"INC_JOB" completed with 1 error\(s\)/);
    expect(restarted.code).toBe(5);
    const table = new RegExp(`"${schema}"\\."big" \\(1 of \\d+ chunks SKIPPED\\)`);

    const verify = await runCli(['verify', `DIRECTORY=${dir}`, 'DUMPFILE=inc%U.dmp']);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/^ {2}INCOMPLETE: the export did not finish 1 table; their rows are not all in the set:$/m);
    expect(verify.stdout).toMatch(table);
    expect(verify.stderr).toMatch(
      /^sluice: every checksum matches, but the dump file set is INCOMPLETE: its export did not finish "[^"]+"\."big" \(1 of \d+ chunks SKIPPED\)\. Import what it holds with DATA_OPTIONS=ACCEPT_INCOMPLETE_SET/,
    );

    const info = await runCli(['info', `DIRECTORY=${dir}`, 'DUMPFILE=inc%U.dmp', '--contents']);
    expect(info.code).toBe(0);
    expect(info.stdout).toMatch(/^Contents of the dump file set of job INC_JOB: \d+ objects \(INCOMPLETE\)$/m);
    expect(info.stdout).toMatch(table);

    const refusedInto = targetSchema('refused');
    const refused = await runCli(['import', '--target', server.url(target), `DIRECTORY=${dir}`, 'DUMPFILE=inc%U.dmp', `REMAP_SCHEMA=${schema}:${refusedInto}`, 'LOGFILE=refused.log']);
    expect(refused.code).toBe(1);
    expect(refused.stdout + refused.stderr).toMatch(table);
    expect(refused.stdout + refused.stderr).toContain('run the import again with DATA_OPTIONS=ACCEPT_INCOMPLETE_SET');
    expect(tablesIn(refusedInto)).toBe(0);
    expect(refused.stderr).toContain(`EXCLUDE=TABLE:"IN ('big')"`);

    // The advice works: an import that leaves the incomplete table out is not refused.
    const withoutInto = targetSchema('without');
    const without = await runCli([
      'import',
      '--target',
      server.url(target),
      `DIRECTORY=${dir}`,
      'DUMPFILE=inc%U.dmp',
      `REMAP_SCHEMA=${schema}:${withoutInto}`,
      `EXCLUDE=TABLE:"IN ('big')"`,
      'LOGFILE=without.log',
    ]);
    expect(without.code, without.stdout + without.stderr).toBe(0);
    expect(digest(server, target, withoutInto, 'small')).toBe(digest(server, source, schema, 'small'));

    const acceptedInto = targetSchema('accepted');
    const accepted = await runCli([
      'import',
      '--target',
      server.url(target),
      `DIRECTORY=${dir}`,
      'DUMPFILE=inc%U.dmp',
      `REMAP_SCHEMA=${schema}:${acceptedInto}`,
      'DATA_OPTIONS=ACCEPT_INCOMPLETE_SET',
      'LOGFILE=accepted.log',
    ]);
    expect(accepted.code, accepted.stdout + accepted.stderr).toBe(5);
    const log = readFileSync(join(dir, 'accepted.log'), 'utf8');
    expect(log).toMatch(new RegExp(`^Table data "${schema}"\\."big" \\(1 of \\d+ chunks SKIPPED\\) is not in the dump file set, whose export did not finish it`, 'm'));
    expect(digest(server, target, acceptedInto, 'small')).toBe(digest(server, source, schema, 'small'));
    const loaded = Number(digest(server, target, acceptedInto, 'big').split('|')[0]);
    expect(loaded).toBeGreaterThan(0);
    expect(loaded).toBeLessThan(ROWS);
  });

  it('FILESIZE reached with one DUMPFILE: the export waits, another client adds a file with ADD_FILE, and the set imports to exactly the source rows', async () => {
    const job = new CliProcess(['export', '--source', sourceUrl, `SCHEMAS=${schema}`, `DIRECTORY=${dir}`, 'DUMPFILE=single.dmp', 'FILESIZE=256K', 'JOB_NAME=FS_JOB']);
    await job.waitFor(/^The dump file set needs another file: FILESIZE=256 KB reached in single\.dmp, the last of DUMPFILE=single\.dmp; add one with ADD_FILE=name\. The job waits until then\.$/m);
    const added = await runCli(['attach', 'FS_JOB', '--source', sourceUrl, `DIRECTORY=${dir}`], { input: 'ADD_FILE=added%U.dmp\nEXIT_CLIENT\n' });
    expect(added.stdout).toContain('Added dump file added%U.dmp.');
    const done = await job.done(120_000);
    expect(done.code, done.stdout + done.stderr).toBe(0);
    expect(done.stdout).toMatch(/"FS_JOB" successfully completed/);

    const into = targetSchema('filesize');
    const imp = await runCli(['import', '--target', server.url(target), `DIRECTORY=${dir}`, 'DUMPFILE=single.dmp,added%U.dmp', `REMAP_SCHEMA=${schema}:${into}`, 'LOGFILE=filesize.log']);
    expect(imp.code, imp.stdout + imp.stderr).toBe(0);
    for (const t of ['big', 'small']) expect(digest(server, target, into, t)).toBe(digest(server, source, schema, t));
  });
});
