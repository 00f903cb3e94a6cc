import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchTablespace, type ScratchTablespace } from '../../../test-support/pg-tablespace.js';
import { ApiClient, ensureServeBuilt, startServe, type ServeProcess } from './support/serve.js';
import { mysql, postgres, type TestServer } from '../../../test-support/sql-clients.js';
import { adminLogin, bareUrl, sourceTarget, tableDigest } from './support/databases.js';

// ORDS's job_mode TABLESPACE over real HTTP: an export of the tables stored in a tablespace (filter
// names tablespaces), imported remapped with identical rows. PostgreSQL: a tablespace of the test's
// own; MariaDB: a table's own file-per-table tablespace, `schema/table`.
beforeAll(() => ensureServeBuilt());

describe.each([postgres, mysql])('tablespace mode over HTTP on $engine', (server: TestServer) => {
  const pg = server.engine === 'postgres';
  const st = sourceTarget(server, 200);
  let space: ScratchTablespace | undefined;
  let serve: ServeProcess;
  const login = adminLogin(server);
  /** The table the tablespace holds; a, b and skipme are elsewhere. */
  const chosen = pg ? 'fast' : 'b';

  beforeAll(async () => {
    if (pg) {
      space = await createScratchTablespace(async (sql) => server.query('postgres', sql)[0]?.[0]);
      server.exec(st.source, `CREATE TABLE app.fast (id integer PRIMARY KEY, v text) TABLESPACE ${space.name}; INSERT INTO app.fast SELECT g, 'f' || g FROM generate_series(1, 120) g;`);
    }
    serve = await startServe({ databases: { src: bareUrl(server, st.home), dst: bareUrl(server, st.target) }, directories: { DATA: st.dir } });
  });
  afterAll(async () => {
    await serve?.stop();
    // The tables in the tablespace go first (the databases are dropped after this).
    if (pg) server.exec(st.source, 'DROP TABLE IF EXISTS app.fast');
    if (pg) server.exec(st.target, 'DROP SCHEMA IF EXISTS app_copy CASCADE');
    await space?.drop();
  });

  it('exports the tables of the named tablespace, with what lives on them, and imports them with identical rows', async () => {
    const src = new ApiClient(serve.url, 'src', login.user, login.password);
    const dst = new ApiClient(serve.url, 'dst', login.user, login.password);
    const exp = await src.request('POST', '/export', {
      datapump_dir: 'DATA',
      job_mode: 'TABLESPACE',
      filter: pg ? space?.name : `${st.schema}/b`,
      // Only this test's schema is read.
      schema_expressions: [{ expression: `= '${st.schema}'` }],
      job_name: 'TS_EXP',
      file_name: 'ts%U.dmp',
    });
    const created = (await exp.json()) as Record<string, unknown>;
    expect(exp.status, JSON.stringify(created)).toBe(201);
    expect(created).toMatchObject({ job_mode: 'TABLESPACE' });
    const owner = String(created['owner_name']);
    expect(await src.waitForJob(owner, 'TS_EXP', (j) => !['EXECUTING', 'DEFINING', 'COMPLETING'].includes(String(j['state'])))).toMatchObject({ state: 'COMPLETED', errors: 0 });
    const log = await (await src.request('GET', `${src.jobPath(owner, 'TS_EXP')}TS_EXP.LOG`)).text();
    expect([...log.matchAll(/\. \. exported "[^"]+"\."([^"]+)"/g)].map((m) => m[1])).toEqual([chosen]);
    expect(log).toMatch(/Processing object type TABLESPACE_EXPORT\/TABLE\n/);

    // A TABLESPACE export carries tables, not schemas: the target schema is made first (MariaDB: by the import's remap target).
    if (pg) server.exec(st.target, 'CREATE SCHEMA app_copy');
    else server.createDatabase(st.copy);
    const imp = await dst.request('POST', '/import', { datapump_dir: 'DATA', file_name: 'ts%U.dmp', job_name: 'TS_IMP', remap_schemas: [{ source: st.schema, target: st.copy }] });
    const body = (await imp.json()) as Record<string, unknown>;
    expect(imp.status, JSON.stringify(body)).toBe(201);
    expect(await dst.waitForJob(String(body['owner_name']), 'TS_IMP', (j) => !['EXECUTING', 'DEFINING', 'COMPLETING'].includes(String(j['state'])))).toMatchObject({ state: 'COMPLETED', errors: 0 });
    expect(tableDigest(server, st.target, st.copy, chosen)).toBe(tableDigest(server, st.source, st.schema, chosen));
    const tables = server.query(pg ? st.target : 'information_schema', `SELECT table_name FROM information_schema.tables WHERE table_schema = '${st.copy}' ORDER BY 1`);
    expect(tables.map((r) => r[0])).toEqual([chosen]);
  });
});
