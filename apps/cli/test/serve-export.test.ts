import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type TestS3Server } from '../../../test-support/s3-server.js';
import { bigDigest, bigSource } from './support/big-table.js';
import { CliProcess, ensureBuilt, runCli } from './support/cli.js';
import { mysql, postgres } from '../../../test-support/sql-clients.js';
import { Gate } from './support/gate.js';

// Several processes on one export (`sluice attach JOB --serve`), the set in a bucket of a real
// S3-protocol server: each process writes files of its own, numbered through the master table, and
// the process that started the job closes the set. A serving process killed with -9, or stopped with
// SIGTERM (it leaves; the job goes on), loses no row. With CONSISTENT=Y (the default) every serving
// process joins the snapshot of the process that started the job: rows changed in the source after it
// was taken never reach the set. MariaDB's snapshot cannot be joined, so such an export is refused up front.

const BUCKET = 'sluice-serve';
const ROWS = 60_000;
let s3: TestS3Server;

beforeAll(async () => {
  ensureBuilt();
  s3 = await startS3Server([BUCKET]);
});
afterAll(async () => {
  await s3?.close();
});

describe('an export served by three processes (postgres)', () => {
  const big = bigSource(postgres, 'serve', ROWS);
  const { source, sourceUrl, target, schema } = big;
  // Small chunks, so the table is shared out; a missing AWS profile of the developer's.
  const env = (): Record<string, string | undefined> => ({ ...s3.env(), AWS_PROFILE: undefined, SLUICE_CHUNK_TARGET_BYTES: String(64 * 1024) });

  /**
   * The QUERY: the first half of the rows at once; past it every row waits at the gate, and every
   * fourth takes a millisecond, so each chunk of the second half (about 1,600 rows) lasts long enough
   * for all three processes to share them.
   */
  const slowQuery = `QUERY=${schema}.big:"WHERE id <= ${ROWS / 2} OR (pg_advisory_lock_shared(4242)::text = '' AND (id % 4 <> 0 OR pg_sleep(0.001)::text = ''))"`;

  /** The data chunks of a job (KEEP_MASTER=Y) that are done, with the file each finished in. */
  function doneFiles(job: string): Set<string> {
    return new Set(postgres.query(source, `SELECT DISTINCT dump_file FROM public."${job}" WHERE row_type = 'ITEM' AND item_kind = 'DATA' AND state = 'DONE' LIMIT 1000`).map((r) => r[0] ?? ''));
  }

  /**
   * Starts the export and two serving processes, all three held at the gate with a chunk each. The
   * source changes after the primary's snapshot is taken (it waits at the gate) and before the
   * serving processes start: rows of the second half updated and deleted, new rows added.
   */
  async function startThree(job: string, files: readonly string[]): Promise<{ primary: CliProcess; servers: CliProcess[]; gate: Gate }> {
    const gate = new Gate(postgres, source, ROWS);
    await gate.closed();
    // The chunk the primary holds at the gate does not keep the rest of its batch: those go back for the serving processes.
    const primary = new CliProcess(['export', '--source', sourceUrl, `SCHEMAS=${schema}`, ...files, 'KEEP_MASTER=Y', `JOB_NAME=${job}`, slowQuery], { env: env() });
    await gate.waiting(1, [primary]);
    postgres.exec(
      source,
      `UPDATE ${schema}.big SET v = 'changed after the snapshot' WHERE id > ${ROWS / 2};
       DELETE FROM ${schema}.big WHERE id > ${ROWS / 2} AND id % 97 = 0;
       INSERT INTO ${schema}.big SELECT g, 'added after the snapshot' FROM generate_series(${ROWS + 1}, ${ROWS + 500}) g;`,
    );
    expect(bigDigest(postgres, source, schema)).not.toBe(big.expected);
    const servers = [0, 1].map(() => new CliProcess(['attach', job, '--source', sourceUrl, '--serve'], { env: env() }));
    await gate.waiting(3, [primary, ...servers]);
    return { primary, servers, gate };
  }

  /** The source as it was when the test began (startThree changed it). */
  function restoreSource(): void {
    postgres.exec(
      source,
      `DELETE FROM ${schema}.big WHERE id > ${ROWS};
       INSERT INTO ${schema}.big SELECT g, md5(g::text) FROM generate_series(1, ${ROWS}) g ON CONFLICT (id) DO UPDATE SET v = EXCLUDED.v;`,
    );
    expect(bigDigest(postgres, source, schema)).toBe(big.expected);
  }

  /** The names a serving process says it wrote ("This process wrote exp02.dmp, exp04.dmp of the dump file set"). */
  function wroteBy(p: CliProcess): string[] {
    const m = /This process wrote (.+) of the dump file set/.exec(p.stdout);
    return m?.[1]?.split(', ') ?? [];
  }

  it.each([
    { where: 'a bucket', job: 'SERVE_THREE', files: () => [`DUMPFILE=s3://${BUCKET}/three/exp%U.dmp`], copy: 'three_copy' },
    { where: 'a shared folder', job: 'SERVE_FOLDER', files: () => [`DIRECTORY=${big.dir}`, 'DUMPFILE=exp%U.dmp'], copy: 'folder_copy' },
  ])(
    'in $where: each process writes files of its own; the set imports with every row once',
    async ({ job, files, copy }) => {
      const { primary, servers, gate } = await startThree(job, files());
      await gate.open();
      const [a, b] = await Promise.all(servers.map((s) => s.done(240_000)));
      const p = await primary.done(240_000);
      expect(p.stderr).toBe('');
      expect(p.code).toBe(0);
      expect(p.stdout).toMatch(new RegExp(`Job "[^"]+"\\."${job}" successfully completed`));
      for (const r of [a!, b!]) {
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        // It read as of the job's snapshot, the one the primary exported (its id in the primary's log).
        const id = /Snapshot (\S+) exported at WAL position/.exec(p.stdout)?.[1];
        expect(id).toBeDefined();
        expect(r.stdout).toContain(`This process joined the job's snapshot of the source (snapshot ${id!}`);
      }
      // Each serving process finished chunks into files of its own, and no two processes share a file.
      const done = doneFiles(job);
      const mine = servers.map(wroteBy);
      for (const names of mine) {
        expect(names.length).toBeGreaterThan(0);
        expect(names.some((n) => done.has(n))).toBe(true);
      }
      expect(new Set([...mine[0]!, ...mine[1]!]).size).toBe(mine[0]!.length + mine[1]!.length);
      // The primary's own files hold chunks too.
      expect([...done].some((n) => !mine.flat().includes(n))).toBe(true);
      // Every file of the set is closed with its master piece: the import reads the set whole, and it
      // holds the source as of the job's snapshot, none of the rows changed after it.
      const imp = await runCli(['import', '--target', postgres.url(target), ...files(), `REMAP_SCHEMA=${schema}:${copy}`], { env: env(), timeoutMs: 180_000 });
      expect(imp.code, imp.stderr).toBe(0);
      expect(bigDigest(postgres, target, copy)).toBe(big.expected);
      restoreSource();
      const verify = await runCli(['verify', ...files()], { env: env() });
      expect(verify.code, verify.stdout + verify.stderr).toBe(0);
      postgres.exec(source, `DROP TABLE public."${job}"`);
    },
    360_000,
  );

  it('an import served by a second process: its workers load chunks of the set too, every row once', async () => {
    // The target table exists (APPEND) with a trigger that holds rows past the first half at a gate.
    postgres.exec(
      target,
      `CREATE SCHEMA serve_imp; CREATE TABLE serve_imp.big (id integer PRIMARY KEY, v text);
       CREATE FUNCTION serve_imp.gate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.id > ${ROWS / 2} THEN PERFORM pg_advisory_lock_shared(4242); PERFORM pg_advisory_unlock_shared(4242); END IF; RETURN NEW; END $$;
       CREATE TRIGGER gate BEFORE INSERT ON serve_imp.big FOR EACH ROW EXECUTE FUNCTION serve_imp.gate();`,
    );
    const gate = new Gate(postgres, target, ROWS);
    await gate.closed();
    // The primary's items are held 400 ms each, so it claims them one at a time (a batch holds about
    // 300 ms of recent work) and chunks past the gate stay PENDING for the serving processes (an import
    // into the master table's database loads in the batch's transaction: its batch goes back only after the item).
    const primary = new CliProcess(
      ['import', '--target', postgres.url(target), `DUMPFILE=s3://${BUCKET}/three/exp%U.dmp`, `REMAP_SCHEMA=${schema}:serve_imp`, 'TABLE_EXISTS_ACTION=APPEND', 'JOB_NAME=SERVE_IMP', 'KEEP_MASTER=Y'],
      { env: { ...env(), SLUICE_TEST_ITEM_DELAY_MS: '400' } },
    );
    await gate.waiting(1, [primary]);
    const server = new CliProcess(['attach', 'SERVE_IMP', '--target', postgres.url(target), '--serve'], { env: env() });
    // The import runs one worker: a second session at the gate is the serving process's.
    await gate.waiting(2, [primary, server]);
    await gate.open();
    const s = await server.done(240_000);
    const p = await primary.done(240_000);
    // The job's one error is the schema the test created (TABLE_EXISTS_ACTION covers tables only): both
    // processes exit with the job's status, 5 (completed with errors).
    expect(p.stdout).toContain('Object type SCHEMA:"serve_imp" already exists');
    expect(p.stdout).toMatch(/Job "[^"]+"\."SERVE_IMP" completed with 1 error\(s\)/);
    expect(p.code, p.stderr).toBe(5);
    expect(s.code, s.stdout + s.stderr).toBe(5);
    expect(s.stdout).toContain('Job SERVE_IMP has completed with errors');
    expect(bigDigest(postgres, target, 'serve_imp')).toBe(big.expected);
    // Serving the job once it has completed (its master table kept): nothing to serve, and the job's exit code.
    const late = await runCli(['attach', 'SERVE_IMP', '--target', postgres.url(target), '--serve'], { env: env() });
    expect(late.stderr).toBe('');
    expect(late.stdout).toContain('Job SERVE_IMP has completed with 1 error(s); there was nothing left for this process to serve.');
    expect(late.code).toBe(5);
    postgres.exec(target, 'DROP TABLE public."SERVE_IMP"');
  }, 300_000);

  it("a serving process whose job's snapshot is gone stops serving with the fix, exporting nothing from another snapshot", async () => {
    const gate = new Gate(postgres, source, ROWS);
    await gate.closed();
    const primary = new CliProcess(['export', '--source', sourceUrl, `SCHEMAS=${schema}`, `DUMPFILE=s3://${BUCKET}/gone/exp%U.dmp`, 'JOB_NAME=SERVE_GONE', slowQuery], { env: env() });
    await gate.waiting(1, [primary]);
    // The primary's snapshot transaction ends (its worker, inside the snapshot already, goes on).
    const leaders = `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE '%snapshot leader%' AND pid <> pg_backend_pid()`;
    expect(postgres.query(source, leaders)[0]?.[0]).toBe('1');
    for (let i = 0; postgres.query(source, leaders.replace('count(pg_terminate_backend(pid))', 'count(*)'))[0]?.[0] !== '0'; i++) {
      if (i === 600) throw new Error('the snapshot leader session did not end');
      await new Promise((r) => setTimeout(r, 50));
    }
    const served = await runCli(['attach', 'SERVE_GONE', '--source', sourceUrl, '--serve'], { env: env(), timeoutMs: 120_000 });
    expect(served.code, served.stdout + served.stderr).not.toBe(0);
    expect(served.stdout + served.stderr).toMatch(/The snapshot \S+ of job SERVE_GONE is gone: the process that started the export stopped or lost its snapshot transaction/);
    expect(served.stdout + served.stderr).toContain('sluice attach SERVE_GONE --source URL --start');
    expect(served.stdout).not.toContain('This process wrote');
    await gate.open();
    const p = await primary.done(240_000);
    expect(p.code, p.stdout + p.stderr).toBe(0);
  }, 300_000);

  it('serving processes killed with -9 or stopped with SIGTERM after finishing chunks: the job redoes them and completes with every row once', async () => {
    const { primary, servers, gate } = await startThree('SERVE_KILL', [`DUMPFILE=s3://${BUCKET}/kill/exp%U.dmp`]);
    const [victim, other] = servers as [CliProcess, CliProcess];
    await gate.open();
    // Wait until a serving process has finished a chunk into its file (not yet stored: its upload is open).
    const claimsOf = (pid: number): string[] =>
      postgres
        .query(
          source,
          `SELECT c->>'name' FROM public."SERVE_KILL" j, jsonb_array_elements(j.payload::jsonb->'run'->'fileClaims') c, jsonb_array_elements(j.payload::jsonb->'processes') p WHERE j.row_type = 'JOB' AND p->>'holder' = c->>'holder' AND (p->>'pid')::int = ${pid} LIMIT 100`,
        )
        .map((r) => r[0] ?? '');
    const finishedChunk = async (server: CliProcess): Promise<void> => {
      for (let i = 0; ; i++) {
        const files = claimsOf(server.child.pid!);
        const done = doneFiles('SERVE_KILL');
        if (files.some((f) => done.has(f))) return;
        if (i === 2400 || server.child.exitCode !== null) throw new Error(`the serving process never finished a chunk\n${server.stdout}\n${server.stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await finishedChunk(victim);
    victim.child.kill('SIGKILL');
    expect((await victim.done()).code).toBeNull();
    // SIGTERM stops only that process's workers: the chunks they hold go back to the job, which goes on.
    await finishedChunk(other);
    other.child.kill('SIGTERM');
    const o = await other.done(120_000);
    expect(o.code, o.stdout + o.stderr).toBe(0);
    expect(o.stdout).toContain("Stopping this process's workers on SERVE_KILL (SIGTERM): the work items they hold go back to the job, which goes on in its other processes.");
    expect(o.stderr).toContain('This process no longer serves job SERVE_KILL; the job goes on in its other processes');
    expect(o.stdout).not.toContain('This process wrote');
    const p = await primary.done(240_000);
    expect(p.stderr).toBe('');
    expect(p.code).toBe(0);
    // Both leave before storing their files, seen at once or one after the other.
    expect(p.stdout).toMatch(
      /(A process|2 processes) serving the job stopped before (it|they) stored exp\d+\.dmp(, exp\d+\.dmp)*: \d+ table data chunk\(s\) finished into (it|them) will be exported again/,
    );
    expect(p.stdout).toMatch(/Job "[^"]+"\."SERVE_KILL" successfully completed/);
    const imp = await runCli(['import', '--target', postgres.url(target), `DUMPFILE=s3://${BUCKET}/kill/exp%U.dmp`, `REMAP_SCHEMA=${schema}:kill_copy`], { env: env(), timeoutMs: 180_000 });
    expect(imp.code, imp.stderr).toBe(0);
    expect(bigDigest(postgres, target, 'kill_copy')).toBe(big.expected);
    restoreSource();
    postgres.exec(source, 'DROP TABLE public."SERVE_KILL"');
  }, 360_000);
});

describe('an export of MariaDB served by another process', () => {
  const big = bigSource(mysql, 'serve', 2_000);
  const { source, sourceUrl, schema, dir } = big;

  it('with CONSISTENT=Y (the default) --serve is refused up front, naming CONSISTENT and what to do', async () => {
    const gate = new Gate(mysql, source, 2_000);
    await gate.closed();
    const primary = new CliProcess(['export', '--source', sourceUrl, `SCHEMAS=${schema}`, `DIRECTORY=${dir}`, 'DUMPFILE=one%U.dmp', 'JOB_NAME=SERVE_MARIA', gate.query(`${schema}.big`)]);
    await primary.waitFor(/Total estimation using/);
    const served = await runCli(['attach', 'SERVE_MARIA', '--source', sourceUrl, '--serve']);
    expect(served.code, `${served.stdout}\n${served.stderr}`).toBe(1);
    expect(served.stderr).toContain('Job SERVE_MARIA exports with CONSISTENT=Y (the default), and the snapshot of its mysql source cannot be joined by another process');
    expect(served.stderr).toContain('or serve an import from another process instead');
    // The job itself goes on, served by its own process alone.
    await gate.open();
    const p = await primary.done(120_000);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout).toMatch(/Job "[^"]+"\."SERVE_MARIA" successfully completed/);
  }, 180_000);

  it('with CONSISTENT=N a second process serves it: it writes files of its own, and the set imports with every row once', async () => {
    const gate = new Gate(mysql, source, 2_000);
    await gate.closed();
    // Chunks of about 16 KB, so the table is shared out.
    const env = { SLUICE_CHUNK_TARGET_BYTES: String(16 * 1024) };
    // The chunk the primary holds at the gate does not keep the rest of its batch: those go back for the serving processes.
    const primary = new CliProcess(
      ['export', '--source', sourceUrl, `SCHEMAS=${schema}`, `DIRECTORY=${dir}`, 'DUMPFILE=many%U.dmp', 'CONSISTENT=N', 'JOB_NAME=SERVE_MARIA_N', gate.query(`${schema}.big`)],
      { env },
    );
    await gate.waiting(1, [primary]);
    const server = new CliProcess(['attach', 'SERVE_MARIA_N', '--source', sourceUrl, '--serve'], { env });
    await gate.waiting(2, [primary, server]);
    await gate.open();
    const s = await server.done(120_000);
    const p = await primary.done(120_000);
    expect(s.code, s.stdout + s.stderr).toBe(0);
    expect(s.stdout).toContain('CONSISTENT=N: this process reads the latest committed rows of the source, as every worker of the job does.');
    expect(s.stdout).toMatch(/This process wrote many\d+\.dmp/);
    expect(p.code, p.stdout + p.stderr).toBe(0);
    expect(p.stdout).toMatch(/Job "[^"]+"\."SERVE_MARIA_N" successfully completed/);
    const imp = await runCli(['import', '--target', mysql.url(big.target), `DIRECTORY=${dir}`, 'DUMPFILE=many%U.dmp', `REMAP_SCHEMA=${schema}:${big.copy}`], { timeoutMs: 120_000 });
    expect(imp.code, imp.stdout + imp.stderr).toBe(0);
    expect(bigDigest(mysql, big.target, big.copy)).toBe(big.expected);
  }, 180_000);
});
