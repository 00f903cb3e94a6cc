import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, ensureServeBuilt, repoRoot, startServe, type ServeProcess } from './support/serve.js';
import { mysql, postgres, type TestServer } from '../../../test-support/sql-clients.js';
import { adminLogin, bareUrl, sourceTarget, tableDigest } from './support/databases.js';

// Beyond ORDS: stop, restart and change the parallelism of a running job over HTTP, and kill -9 of
// the service mid-job, then a new service finds the job NOT RUNNING through its master table and
// resumes it. Jobs are slowed by the engine's test option (a delay per work item, small chunks), so
// they are still running when the test acts, whatever the machine's load; every wait is on a state.
beforeAll(() => ensureServeBuilt());

const SLOW = { SLUICE_TEST_ITEM_DELAY_MS: '150', SLUICE_CHUNK_TARGET_BYTES: '32768' };
const ROWS = 20_000;
const busy = (j: Record<string, unknown>): boolean => j['state'] === 'EXECUTING' && Number(j['rows']) > 0;
const atRest = (j: Record<string, unknown>): boolean => ['STOPPED', 'NOT RUNNING', 'COMPLETED', 'UNDEFINED'].includes(String(j['state']));

describe.each([postgres, mysql])('steering a running job on $engine', (server: TestServer) => {
  const st = sourceTarget(server, ROWS);
  const login = adminLogin(server);
  const config = () => ({ databases: { src: bareUrl(server, st.home), dst: bareUrl(server, st.target) }, directories: { DATA: st.dir } });
  const running: ServeProcess[] = [];
  afterAll(async () => {
    for (const s of running) await s.stop();
    if (server.engine === 'mysql') for (const db of [`${st.target}_steer`, `${st.target}_surv`]) server.dropDatabase(db);
  });

  async function serve(env: Record<string, string> = SLOW): Promise<{ s: ServeProcess; src: ApiClient; dst: ApiClient }> {
    const s = await startServe(config(), env);
    running.push(s);
    return { s, src: new ApiClient(s.url, 'src', login.user, login.password), dst: new ApiClient(s.url, 'dst', login.user, login.password) };
  }

  /** Import the set into the target remapped, and compare table a with the source. */
  async function importAndCompare(dst: ApiClient, fileName: string, jobName: string, copy: string): Promise<void> {
    const imp = await dst.request('POST', '/import', {
      datapump_dir: 'DATA',
      file_name: fileName,
      job_name: jobName,
      remap_schemas: [{ source: st.schema, target: copy }],
      name_expressions: [{ expression: "= 'a'" }],
    });
    const body = (await imp.json()) as Record<string, unknown>;
    expect(imp.status, JSON.stringify(body)).toBe(201);
    expect(await dst.waitForJob(String(body['owner_name']), jobName, atRest)).toMatchObject({ state: 'COMPLETED', errors: 0 });
    expect(tableDigest(server, st.target, copy, 'a')).toBe(tableDigest(server, st.source, st.schema, 'a'));
  }

  it('parallel, an immediate stop keeping the master table, and start: the job completes with every row', async () => {
    const { src, dst } = await serve();
    const r = await src.request('POST', '/export', { datapump_dir: 'DATA', filter: st.schema, job_name: 'STEER', file_name: 'steer%U.dmp', threads: 1 });
    const created = (await r.json()) as Record<string, unknown>;
    expect(r.status, JSON.stringify(created)).toBe(201);
    const owner = String(created['owner_name']);
    await src.waitForJob(owner, 'STEER', busy);

    const par = await src.request('POST', `${src.jobPath(owner, 'STEER')}parallel`, { threads: 3 });
    expect(par.status).toBe(200);
    expect(((await par.json()) as Record<string, unknown>)['degree']).toBe(3);
    await src.waitForJob(owner, 'STEER', (j) => j['degree'] === 3);

    const stop = await src.request('POST', `${src.jobPath(owner, 'STEER')}stop`, { immediate: true });
    expect(stop.status).toBe(200);
    const stopped = await src.waitForJob(owner, 'STEER', atRest);
    expect(stopped['state']).toBe('STOPPED');
    expect(Number(stopped['percent_done'])).toBeLessThan(100);
    // Its master table is kept: the list shows it, and the database says nobody runs it.
    const list = (await (await src.request('GET', '/jobs/')).json()) as { items: Record<string, unknown>[] };
    expect(list.items.find((j) => j['job_name'] === 'STEER')).toMatchObject({ state: 'STOPPED' });

    const start = await src.request('POST', `${src.jobPath(owner, 'STEER')}start`, {});
    const started = (await start.json()) as Record<string, unknown>;
    expect(start.status, JSON.stringify(started)).toBe(200);
    expect(started['state']).toBe('EXECUTING');
    const again = await src.request('POST', `${src.jobPath(owner, 'STEER')}start`, {});
    expect(again.status).toBe(409);
    const done = await src.waitForJob(owner, 'STEER', atRest);
    expect(done).toMatchObject({ state: 'COMPLETED', errors: 0, restart_count: 1 });
    await importAndCompare(dst, 'steer%U.dmp', 'STEER_IMP', server.engine === 'postgres' ? 'steer_copy' : `${st.target}_steer`);
  });

  it('a job the CLI runs is listed by the service and followed live over SSE to COMPLETED', async () => {
    const { src } = await serve();
    const cli = spawn(
      process.execPath,
      [join(repoRoot, 'apps/cli/dist/bin.js'), 'export', '--source', server.url(st.home), `SCHEMAS=${st.schema}`, `DIRECTORY=${st.dir}`, 'DUMPFILE=fromcli%U.dmp', 'JOB_NAME=FROM_CLI'],
      {
        cwd: repoRoot,
        env: { ...process.env, ...SLOW },
      },
    );
    let output = '';
    cli.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    cli.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    const exited = new Promise<number | null>((resolve) => cli.on('close', resolve));
    const deadline = Date.now() + 120_000;
    let owner = '';
    for (;;) {
      const list = (await (await src.request('GET', '/jobs/')).json()) as { items: Record<string, unknown>[] };
      const mine = list.items.find((j) => j['job_name'] === 'FROM_CLI' && j['state'] === 'EXECUTING');
      if (mine !== undefined) {
        owner = String(mine['owner_name']);
        break;
      }
      if (Date.now() > deadline) throw new Error(`the CLI's job never showed as EXECUTING:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const events = await src.follow(owner, 'FROM_CLI');
    expect(events[0]).toMatchObject({ event: 'status', data: { job_name: 'FROM_CLI', state: 'EXECUTING' } });
    expect(events.at(-1)).toMatchObject({ event: 'end', data: { state: 'COMPLETED' } });
    expect(await exited, output).toBe(0);
  });

  it('kill: the running job stops at once, its master table is dropped, and it is gone', async () => {
    const { src } = await serve();
    const r = await src.request('POST', '/export', { datapump_dir: 'DATA', filter: st.schema, job_name: 'DOOMED', file_name: 'doomed%U.dmp' });
    const created = (await r.json()) as Record<string, unknown>;
    expect(r.status, JSON.stringify(created)).toBe(201);
    const owner = String(created['owner_name']);
    await src.waitForJob(owner, 'DOOMED', busy);
    const kill = await src.request('POST', `${src.jobPath(owner, 'DOOMED')}kill`);
    expect(kill.status).toBe(204);
    expect((await src.request('GET', src.jobPath(owner, 'DOOMED'))).status).toBe(404);
    const list = (await (await src.request('GET', '/jobs/')).json()) as { items: Record<string, unknown>[] };
    expect(list.items.map((j) => j['job_name'])).not.toContain('DOOMED');
    const masters =
      server.engine === 'postgres'
        ? server.query(st.home, "SELECT count(*) FROM pg_tables WHERE tablename = 'DOOMED'")
        : server.query(st.home, `SELECT count(*) FROM information_schema.tables WHERE table_schema = '${st.home}' AND table_name = 'DOOMED'`);
    expect(masters[0]?.[0]).toBe('0');
  });

  it('kill -9 of the service mid-job; a new service lists it NOT RUNNING and start resumes it to COMPLETED', async () => {
    const first = await serve();
    const r = await first.src.request('POST', '/export', { datapump_dir: 'DATA', filter: st.schema, job_name: 'SURVIVOR', file_name: 'survivor%U.dmp', threads: 2 });
    const created = (await r.json()) as Record<string, unknown>;
    expect(r.status, JSON.stringify(created)).toBe(201);
    const owner = String(created['owner_name']);
    await first.src.waitForJob(owner, 'SURVIVOR', busy);
    await first.s.kill();

    const second = await serve({ SLUICE_CHUNK_TARGET_BYTES: '32768' });
    const list = (await (await second.src.request('GET', '/jobs/')).json()) as { items: Record<string, unknown>[] };
    expect(list.items.find((j) => j['job_name'] === 'SURVIVOR')).toMatchObject({ state: 'NOT RUNNING', owner_name: owner });
    expect(await second.src.job(owner, 'SURVIVOR')).toMatchObject({ state: 'NOT RUNNING' });

    const start = await second.src.request('POST', `${second.src.jobPath(owner, 'SURVIVOR')}start`, {});
    expect(start.status, await start.clone().text()).toBe(200);
    const events = await second.src.follow(owner, 'SURVIVOR');
    expect(events.at(-1)).toMatchObject({ event: 'end', data: { state: 'COMPLETED' } });
    const log = await (await second.src.request('GET', `${second.src.jobPath(owner, 'SURVIVOR')}SURVIVOR.LOG`)).text();
    expect(log).toMatch(/successfully completed/);
    await importAndCompare(second.dst, 'survivor%U.dmp', 'SURVIVOR_IMP', server.engine === 'postgres' ? 'survivor_copy' : `${st.target}_surv`);
  });
});
