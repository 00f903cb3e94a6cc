import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type TestS3Server } from '../../../test-support/s3-server.js';
import { ApiClient, ensureServeBuilt, startServe, type ServeProcess } from './support/serve.js';
import { mysql, postgres, type TestServer } from '../../../test-support/sql-clients.js';
import { adminLogin, bareUrl, sourceTarget, tableDigest, type SourceTarget } from './support/databases.js';

// The ORDS demonstration with the dump file set in object storage: datapump_dir names an s3://
// prefix of the configuration (a real S3-protocol server), the log is read back over HTTP.
beforeAll(() => ensureServeBuilt());

const atRest = (j: Record<string, unknown>): boolean => ['COMPLETED', 'STOPPED', 'NOT RUNNING', 'UNDEFINED'].includes(String(j['state']));

/** ORDS's demonstration through an s3:// directory: export there, import from there remapped, identical rows. */
async function bucketDemo(server: TestServer, st: SourceTarget, serve: ServeProcess, s3: TestS3Server): Promise<void> {
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
}

describe('the ORDS demonstration with an s3:// directory', () => {
  const server = postgres;
  const st = sourceTarget(server, 1000);
  let s3: TestS3Server;
  let serve: ServeProcess;
  // A second service with no AWS keys in its environment: only its named credential reaches the store.
  let credServe: ServeProcess;
  beforeAll(async () => {
    s3 = await startS3Server(['dumps']);
    const databases = { src: bareUrl(server, st.home), dst: bareUrl(server, st.target) };
    [serve, credServe] = await Promise.all([
      startServe({ databases, directories: { CLOUD: 's3://dumps/ords' }, object_storage: { endpoint: s3.endpoint } }, s3.env()),
      startServe(
        {
          databases,
          directories: { DATA: st.dir },
          credentials: { OBJ_STORE_CRED: { access_key_id: { env: 'REST_TEST_KEY_ID' }, secret_access_key: { env: 'REST_TEST_SECRET' }, endpoint: s3.endpoint } },
        },
        { REST_TEST_KEY_ID: s3.accessKeyId, REST_TEST_SECRET: s3.secretAccessKey, AWS_REGION: 'us-east-1' },
      ),
    ]);
  });
  afterAll(async () => {
    await Promise.all([serve?.stop(), credServe?.stop()]);
    await s3?.close();
  });

  it('exports to the bucket, imports from it remapped, and the rows are identical', async () => {
    await bucketDemo(server, st, serve, s3);
  });

  it('file_name as an s3:// URL with credential_name: export there, import from there, the keys never shown', async () => {
    const login = adminLogin(server);
    const src = new ApiClient(credServe.url, 'src', login.user, login.password);
    const dst = new ApiClient(credServe.url, 'dst', login.user, login.password);
    const url = 's3://dumps/cred/ce%U.dmp';
    const bodies: string[] = [];
    const call = async (client: ApiClient, method: string, path: string, body?: unknown): Promise<Response> => {
      const r = await client.request(method, path, body);
      bodies.push(await r.clone().text());
      return r;
    };
    const noCred = await call(src, 'POST', '/export', { filter: st.schema, file_name: url });
    expect(noCred.status).toBe(400);
    expect(await noCred.json()).toMatchObject({
      field: 'credential_name',
      detail: `file_name ${url} is an object-storage URL: name the credential of the server's configuration that reaches it in credential_name (OBJ_STORE_CRED).`,
    });
    const unknown = await call(src, 'POST', '/export', { filter: st.schema, file_name: url, credential_name: 'OTHER' });
    expect(await unknown.json()).toMatchObject({ status: 400, field: 'credential_name' });
    const notUrl = await call(src, 'POST', '/export', { filter: st.schema, file_name: 'x.dmp', credential_name: 'OBJ_STORE_CRED' });
    expect(await notUrl.json()).toMatchObject({ status: 400, field: 'file_name' });

    const exp = await call(src, 'POST', '/export', { filter: st.schema, job_name: 'CRED_EXP', file_name: url, credential_name: 'OBJ_STORE_CRED', name_expressions: [{ expression: "!= 'skipme'" }] });
    const created = (await exp.json()) as Record<string, unknown>;
    expect(exp.status, JSON.stringify(created)).toBe(201);
    const owner = String(created['owner_name']);
    expect(await src.waitForJob(owner, 'CRED_EXP', atRest)).toMatchObject({ state: 'COMPLETED' });
    expect(s3.keys('dumps', 'cred/')).toEqual(['cred/CRED_EXP.LOG', 'cred/ce01.dmp']);
    const log = await call(src, 'GET', `${src.jobPath(owner, 'CRED_EXP')}CRED_EXP.LOG`);
    expect(log.status, await log.clone().text()).toBe(200);
    expect(await log.text()).toMatch(/successfully completed/);

    const imp = await call(dst, 'POST', '/import', { file_name: url, credential_name: 'OBJ_STORE_CRED', job_name: 'CRED_IMP', remap_schemas: [{ source: st.schema, target: 'app_cred' }] });
    expect(imp.status, await imp.clone().text()).toBe(201);
    expect(await dst.waitForJob(owner, 'CRED_IMP', atRest)).toMatchObject({ state: 'COMPLETED', errors: 0 });
    for (const table of ['a', 'b']) expect(tableDigest(server, st.target, 'app_cred', table)).toBe(tableDigest(server, st.source, st.schema, table));
    expect(server.query(st.target, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'app_cred' AND table_name = 'skipme'")[0]?.[0]).toBe('0');
    for (const text of [...bodies, credServe.output()]) expect(text).not.toContain(s3.secretAccessKey);
  });
});

describe('the ORDS demonstration with an s3:// directory on MariaDB', () => {
  const st = sourceTarget(mysql, 300);
  let s3: TestS3Server;
  let serve: ServeProcess;
  beforeAll(async () => {
    s3 = await startS3Server(['dumps']);
    serve = await startServe(
      { databases: { src: bareUrl(mysql, st.home), dst: bareUrl(mysql, st.target) }, directories: { CLOUD: 's3://dumps/ords' }, object_storage: { endpoint: s3.endpoint } },
      s3.env(),
    );
  });
  afterAll(async () => {
    await serve?.stop();
    await s3?.close();
  });

  it('exports to the bucket, imports from it remapped, and the rows are identical', async () => {
    await bucketDemo(mysql, st, serve, s3);
  });
});
