import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, ensureServeBuilt, startServe, type ServeProcess } from './support/serve.js';
import { mysql, postgres, type TestServer } from '../../../test-support/sql-clients.js';
import { adminLogin, bareUrl, sourceTarget, tableDigest } from './support/databases.js';

// ORDS's demonstration over real HTTP: one request exports a schema's tables but one (by a name
// expression), one imports them into another database with remap_schemas; the status is followed
// (SSE) to COMPLETED, the log read, and the rows compared by ordered hashes.
beforeAll(() => ensureServeBuilt());

describe.each([postgres, mysql])('the ORDS demonstration on $engine', (server: TestServer) => {
  const st = sourceTarget(server, 2000);
  let serve: ServeProcess;
  let src: ApiClient;
  let dst: ApiClient;
  const login = adminLogin(server);

  beforeAll(async () => {
    serve = await startServe({
      databases: { src: bareUrl(server, st.home), dst: bareUrl(server, st.target) },
      directories: { DATA_PUMP_DIR: st.dir },
    });
    src = new ApiClient(serve.url, 'src', login.user, login.password);
    dst = new ApiClient(serve.url, 'dst', login.user, login.password);
  });
  afterAll(async () => {
    await serve?.stop();
  });

  it('exports all tables but one, imports them remapped, follows both to COMPLETED, and the rows are identical', async () => {
    const exp = await src.request('POST', '/export', {
      datapump_dir: 'DATA_PUMP_DIR',
      filter: st.schema,
      job_mode: 'SCHEMA',
      job_name: 'ORDS_EXP',
      file_name: 'ords%U.dmp',
      name_expressions: [{ expression: "NOT IN ('skipme')" }],
    });
    const created = (await exp.json()) as Record<string, unknown>;
    expect(exp.status, JSON.stringify(created)).toBe(201);
    const owner = String(created['owner_name']);
    expect(exp.headers.get('location')).toBe(`/db/src/datapump/jobs/${encodeURIComponent(owner)},ORDS_EXP/`);
    expect(exp.headers.get('content-location')).toBe(exp.headers.get('location'));
    expect(created).toMatchObject({ job_name: 'ORDS_EXP', operation: 'EXPORT', job_mode: 'SCHEMA' });

    // The live stream to its end: status events, log lines, and the end with COMPLETED.
    const events = await src.follow(owner, 'ORDS_EXP');
    const end = events.at(-1);
    expect(end?.event).toBe('end');
    expect(end?.data).toMatchObject({ state: 'COMPLETED', percent_done: 100 });
    expect(events.some((e) => e.event === 'log' && /exported "[^"]+"\."a"/.test(String((e.data as { line: string }).line)))).toBe(true);

    const job = await src.job(owner, 'ORDS_EXP');
    expect(job).toMatchObject({ state: 'COMPLETED', errors: 0 });
    expect(job['rows']).toBe(2050);
    const log = await src.request('GET', `${src.jobPath(owner, 'ORDS_EXP')}ORDS_EXP.LOG`);
    expect(log.status).toBe(200);
    expect(log.headers.get('content-type')).toMatch(/^text\/plain/);
    const logText = await log.text();
    expect(logText).toMatch(/successfully completed/);
    expect(logText).not.toMatch(/"skipme"/);
    const dumpName = readdirSync(st.dir).find((f) => f.endsWith('.dmp'))!;
    expect(dumpName).toBe('ords01.dmp');
    const dump = await src.request('GET', `${src.jobPath(owner, 'ORDS_EXP')}${dumpName}`);
    expect(dump.status).toBe(200);
    expect(dump.headers.get('content-disposition')).toBe(`attachment; filename="${dumpName}"`);
    expect((await dump.arrayBuffer()).byteLength).toBeGreaterThan(1000);

    const imp = await dst.request('POST', '/import', {
      datapump_dir: 'DATA_PUMP_DIR',
      file_name: 'ords%U.dmp',
      job_name: 'ORDS_IMP',
      remap_schemas: [{ source: st.schema, target: st.copy }],
    });
    const importJob = (await imp.json()) as Record<string, unknown>;
    expect(imp.status, JSON.stringify(importJob)).toBe(201);
    const done = await dst.waitForJob(String(importJob['owner_name']), 'ORDS_IMP', (j) => !['EXECUTING', 'DEFINING', 'COMPLETING'].includes(String(j['state'])));
    expect(done).toMatchObject({ state: 'COMPLETED', errors: 0 });
    const impLog = await (await dst.request('GET', `${dst.jobPath(String(importJob['owner_name']), 'ORDS_IMP')}ORDS_IMP.LOG`)).text();
    expect(impLog).toMatch(/successfully completed/);

    for (const table of ['a', 'b']) expect(tableDigest(server, st.target, st.copy, table)).toBe(tableDigest(server, st.source, st.schema, table));
    const skipped = server.query(
      server.engine === 'postgres' ? st.target : 'information_schema',
      `SELECT count(*) FROM information_schema.tables WHERE table_schema = '${st.copy}' AND table_name = 'skipme'`,
    );
    expect(skipped[0]?.[0]).toBe('0');
  });

  it('imports straight from another configured database (network_link) remapped, with the same rows', async () => {
    const linked = server.engine === 'postgres' ? 'app_link' : `${st.target}_link`;
    try {
      const imp = await dst.request('POST', '/import', {
        network_link: 'src',
        filter: st.schema,
        job_name: 'ORDS_NET',
        remap_schemas: [{ source: st.schema, target: linked }],
        name_expressions: [{ expression: "IN ('a','b')" }],
      });
      const body = (await imp.json()) as Record<string, unknown>;
      expect(imp.status, JSON.stringify(body)).toBe(201);
      expect(await dst.waitForJob(String(body['owner_name']), 'ORDS_NET', (j) => ['COMPLETED', 'STOPPED', 'NOT RUNNING'].includes(String(j['state'])))).toMatchObject({
        state: 'COMPLETED',
        errors: 0,
      });
      for (const table of ['a', 'b']) expect(tableDigest(server, st.target, linked, table)).toBe(tableDigest(server, st.source, st.schema, table));
      const other = await dst.request('POST', '/import', { network_link: 'elsewhere', filter: st.schema });
      expect(await other.json()).toMatchObject({ status: 400, field: 'network_link' });
    } finally {
      if (server.engine === 'mysql') server.dropDatabase(linked);
    }
  });
});
