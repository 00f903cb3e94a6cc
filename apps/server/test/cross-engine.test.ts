import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, ensureServeBuilt, startServe, type ServeProcess } from './support/serve.js';
import { mysql, postgres } from '../../../test-support/sql-clients.js';
import { scratchName } from '../../../test-support/scratch.js';
import { adminLogin, bareUrl, sourceTarget } from './support/databases.js';

// A dump file set MariaDB wrote, imported over HTTP into PostgreSQL: the service brings the other
// engine's adapter to read it, as the sluice command does.
beforeAll(() => ensureServeBuilt());

const atRest = (j: Record<string, unknown>): boolean => ['STOPPED', 'NOT RUNNING', 'COMPLETED', 'UNDEFINED'].includes(String(j['state']));

describe('a cross-engine dump import over HTTP', () => {
  const st = sourceTarget(mysql, 100);
  const pgTarget = scratchName();
  const running: ServeProcess[] = [];
  beforeAll(() => postgres.createDatabase(pgTarget));
  afterAll(async () => {
    for (const s of running) await s.stop();
    postgres.dropDatabase(pgTarget);
  });

  it('imports a MariaDB dump file set into PostgreSQL with every row', async () => {
    const s = await startServe({ databases: { src: bareUrl(mysql, st.home), dst: bareUrl(postgres, pgTarget) }, directories: { DATA: st.dir } });
    running.push(s);
    const my = adminLogin(mysql);
    const pg = adminLogin(postgres);
    const src = new ApiClient(s.url, 'src', my.user, my.password);
    const dst = new ApiClient(s.url, 'dst', pg.user, pg.password);

    const exp = await src.request('POST', '/export', { datapump_dir: 'DATA', filter: st.schema, job_name: 'CROSS_EXP', file_name: 'cross.dmp' });
    const exported = (await exp.json()) as Record<string, unknown>;
    expect(exp.status, JSON.stringify(exported)).toBe(201);
    expect(await src.waitForJob(String(exported['owner_name']), 'CROSS_EXP', atRest)).toMatchObject({ state: 'COMPLETED', errors: 0 });

    const imp = await dst.request('POST', '/import', { datapump_dir: 'DATA', file_name: 'cross.dmp', job_name: 'CROSS_IMP', remap_schemas: [{ source: st.schema, target: 'copy' }] });
    const imported = (await imp.json()) as Record<string, unknown>;
    expect(imp.status, JSON.stringify(imported)).toBe(201);
    expect(await dst.waitForJob(String(imported['owner_name']), 'CROSS_IMP', atRest)).toMatchObject({ state: 'COMPLETED', errors: 0 });

    const mine = mysql.query(st.source, "SELECT COUNT(*), MD5(GROUP_CONCAT(CONCAT(id, '|', v) ORDER BY id SEPARATOR ',')) FROM a")[0];
    const theirs = postgres.query(pgTarget, "SELECT count(*), md5(string_agg(id || '|' || v, ',' ORDER BY id)) FROM copy.a")[0];
    expect(theirs).toEqual(mine);
  });
});
