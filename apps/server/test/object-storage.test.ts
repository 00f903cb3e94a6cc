import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type TestS3Server } from '../../../test-support/s3-server.js';
import { ApiClient, ensureServeBuilt, startServe, type ServeProcess } from './support/serve.js';
import { adminLogin, bareUrl, postgres, sourceTarget, tableDigest } from './support/scratch.js';

// The ORDS demonstration with the dump file set in object storage: datapump_dir names an s3://
// prefix of the configuration (a real S3-protocol server), the log is read back over HTTP.
beforeAll(() => ensureServeBuilt());

const atRest = (j: Record<string, unknown>): boolean => ['COMPLETED', 'STOPPED', 'NOT RUNNING', 'UNDEFINED'].includes(String(j['state']));

describe('the ORDS demonstration with an s3:// directory', () => {
  const server = postgres;
  const st = sourceTarget(server, 1000);
  let s3: TestS3Server;
  let serve: ServeProcess;
  beforeAll(async () => {
    s3 = await startS3Server(['dumps']);
    serve = await startServe(
      { databases: { src: bareUrl(server, st.home), dst: bareUrl(server, st.target) }, directories: { CLOUD: 's3://dumps/ords' }, object_storage: { endpoint: s3.endpoint } },
      s3.env(),
    );
  });
  afterAll(async () => {
    await serve?.stop();
    await s3?.close();
  });

  it('exports to the bucket, imports from it remapped, and the rows are identical', async () => {
    const login = adminLogin(server);
    const src = new ApiClient(serve.url, 'src', login.user, login.password);
    const dst = new ApiClient(serve.url, 'dst', login.user, login.password);
    const exp = await src.request('POST', '/export', { datapump_dir: 'CLOUD', filter: st.schema, job_name: 'S3_EXP', file_name: 's3exp%U.dmp', name_expressions: [{ expression: "NOT IN ('skipme')" }] });
    const created = (await exp.json()) as Record<string, unknown>;
    expect(exp.status, JSON.stringify(created)).toBe(201);
    const owner = String(created['owner_name']);
    expect(await src.waitForJob(owner, 'S3_EXP', atRest)).toMatchObject({ state: 'COMPLETED' });
    expect(s3.keys('dumps', 'ords/')).toEqual(expect.arrayContaining(['ords/s3exp01.dmp', 'ords/S3_EXP.LOG']));
    const log = await src.request('GET', `${src.jobPath(owner, 'S3_EXP')}S3_EXP.LOG`);
    expect(log.status).toBe(200);
    expect(await log.text()).toMatch(/successfully completed/);

    const imp = await dst.request('POST', '/import', { datapump_dir: 'CLOUD', file_name: 's3exp%U.dmp', job_name: 'S3_IMP', remap_schemas: [{ source: st.schema, target: st.copy }] });
    expect(imp.status, await imp.clone().text()).toBe(201);
    expect(await dst.waitForJob(owner, 'S3_IMP', atRest)).toMatchObject({ state: 'COMPLETED', errors: 0 });
    for (const table of ['a', 'b']) expect(tableDigest(server, st.target, st.copy, table)).toBe(tableDigest(server, st.source, st.schema, table));
  });
});
