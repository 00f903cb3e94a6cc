import { existsSync } from 'node:fs';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, ensureServeBuilt, startServe, type ServeProcess } from './support/serve.js';
import { mysql, postgres, type TestServer } from '../../../test-support/sql-clients.js';
import { scratchName } from '../../../test-support/scratch.js';
import { adminLogin, bareUrl, sourceTarget } from './support/databases.js';

// Every endpoint over real HTTP against the real servers: success paths, 401, 403, 404, 400, the
// OpenAPI document, and that no secret reaches a response or the service's log.
beforeAll(() => ensureServeBuilt());

const SECRET = 'Enc-Pw-7f3a9c';
const USER_PASSWORD = 'Np-Pw-41b2e8';

async function problem(r: Response): Promise<Record<string, unknown>> {
  expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await r.json()) as Record<string, unknown>;
}

describe.each([postgres, mysql])('the REST endpoints on $engine', (server: TestServer) => {
  const st = sourceTarget(server, 500);
  const pg = server.engine === 'postgres';
  const login = adminLogin(server);
  // A bounded user without privileges, dropped at the end.
  const noPriv = scratchName();
  let serve: ServeProcess;
  let api: ApiClient;
  const bodies: string[] = [];

  beforeAll(async () => {
    if (pg) server.exec('postgres', `CREATE ROLE ${noPriv} LOGIN PASSWORD '${USER_PASSWORD}' CONNECTION LIMIT 5`);
    else server.exec('mysql', `CREATE USER '${noPriv}'@'%' IDENTIFIED BY '${USER_PASSWORD}' WITH MAX_USER_CONNECTIONS 5`);
    serve = await startServe({
      databases: { src: bareUrl(server, st.home), dst: bareUrl(server, st.target) },
      directories: { DATA: st.dir },
      body_limit: 4096,
    });
    api = new ApiClient(serve.url, 'src', login.user, login.password);
  });
  afterAll(async () => {
    await serve?.stop();
    if (pg) server.exec('postgres', `DROP ROLE IF EXISTS ${noPriv}`);
    else server.exec('mysql', `DROP USER IF EXISTS '${noPriv}'@'%'`);
  });

  /** A request whose answer body is kept, to check later that no secret is in any. */
  async function call(client: ApiClient, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response> {
    const r = await client.request(method, path, body, headers);
    const text = await r.clone().text();
    bodies.push(text);
    return r;
  }

  it('401: no login, an unknown user (answered slowly, parallel guesses 429), and on MariaDB a wrong password', async () => {
    const bare = await fetch(`${api.base}/jobs/`);
    expect(bare.status).toBe(401);
    expect(bare.headers.get('www-authenticate')).toBe('Basic realm="sluice", charset="UTF-8"');
    expect((await problem(bare))['status']).toBe(401);
    // The console's calls get no WWW-Authenticate (no browser dialog).
    const fromConsole = await fetch(`${api.base}/jobs/`, { headers: { 'x-requested-with': 'sluice-console' } });
    expect(fromConsole.status).toBe(401);
    expect(fromConsole.headers.get('www-authenticate')).toBeNull();

    const started = Date.now();
    const unknown = await call(new ApiClient(serve.url, 'src', 'sluice_rest_nobody', 'x'), 'GET', '/jobs/');
    expect(unknown.status).toBe(401);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect((await problem(unknown))['detail']).toBe('The database src refused the login of sluice_rest_nobody: wrong user name or password.');
    // Guessing in parallel after a failure: one attempt is tried, the others are refused at once (429, Retry-After).
    const guesses = await Promise.all([1, 2, 3, 4, 5].map((i) => call(new ApiClient(serve.url, 'src', 'sluice_rest_nobody', `guess-${i}`), 'GET', '/jobs/')));
    expect(guesses.map((g) => g.status).sort()).toEqual([401, 429, 429, 429, 429]);
    const held = guesses.find((g) => g.status === 429) as Response;
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await problem(held)).toMatchObject({
      status: 429,
      code: 'TOO_MANY_REQUESTS',
      detail: expect.stringMatching(/^Too many failed logins for sluice_rest_nobody \(or from this address\): try again in \d+ s\.$/),
    });
    if (!pg) {
      const wrong = await call(new ApiClient(serve.url, 'src', noPriv, 'not-the-password'), 'GET', '/jobs/');
      expect(wrong.status).toBe(401);
    }
  });

  it("403: a user without the privileges gets the database's own refusal", async () => {
    const r = await call(new ApiClient(serve.url, 'src', noPriv, USER_PASSWORD), 'POST', '/export', { datapump_dir: 'DATA', filter: st.schema, file_name: 'np.dmp' });
    expect(r.status).toBe(403);
    const p = await problem(r);
    expect(p['detail']).toMatch(pg ? /permission denied for schema/ : /Access denied for user/);
    expect(existsSync(join(st.dir, 'np.dmp'))).toBe(false);
    // An import too: the target refuses what the user may not do there.
    const imp = await call(new ApiClient(serve.url, 'dst', noPriv, USER_PASSWORD), 'POST', '/import', { network_link: 'src', filter: st.schema, job_name: 'NP_IMP' });
    expect(imp.status).toBe(403);
    expect((await problem(imp))['detail']).toMatch(pg ? /permission denied for (schema|database)/ : /Access denied for user/);
  });

  it('404: an unknown job, an unknown database, an unknown route', async () => {
    const job = await call(api, 'GET', api.jobPath(login.user, 'NO_SUCH_JOB'));
    expect(job.status).toBe(404);
    expect((await problem(job))['detail']).toMatch(/^There is no job NO_SUCH_JOB of /);
    const db = await fetch(`${serve.url}/db/nosuch/datapump/jobs/`, { headers: { authorization: api.authorization } });
    expect(db.status).toBe(404);
    expect((await problem(db))['detail']).toBe("There is no database nosuch in this server's configuration. Use one of: src, dst.");
    expect((await call(api, 'POST', `${api.jobPath(login.user, 'NO_SUCH_JOB')}parallel`, { threads: 2 })).status).toBe(404);
  });

  it('400: malformed JSON, an unknown field, a wrong type, a bad expression, a path, an unconfigured directory; 413 too large', async () => {
    const malformed = await call(api, 'POST', '/export', '{"datapump_dir": "DATA",');
    expect(malformed.status).toBe(400);
    await problem(malformed);
    const unknown = await problem(await call(api, 'POST', '/export', { datapump_dir: 'DATA', filter: st.schema, bogus: 1 }));
    expect(unknown).toMatchObject({ status: 400, field: 'bogus', detail: 'bogus: unknown field. Check its spelling against the OpenAPI document (openapi.json).' });
    const type = await problem(await call(api, 'POST', '/export', { datapump_dir: 'DATA', filter: st.schema, threads: 'many' }));
    expect(type).toMatchObject({ status: 400, field: 'threads' });
    const nested = await problem(await call(api, 'POST', '/import', { datapump_dir: 'DATA', remap_schemas: [{ source: 'a', to: 'b' }] }));
    expect(nested).toMatchObject({ status: 400, field: 'remap_schemas[0].target', detail: "remap_schemas[0].target: must have required property 'target'." });
    const expr = await problem(await call(api, 'POST', '/export', { datapump_dir: 'DATA', filter: st.schema, name_expressions: [{ expression: "IN ('a'," }] }));
    expect(expr).toMatchObject({ status: 400, field: 'name_expressions[0].expression' });
    expect(String(expr['detail'])).toMatch(/^name_expressions\[0\]\.expression "IN \('a'," is not valid at position 9: expected a quoted name after "," but the text ends; write it as IN \('A','B'\)/);
    const path = await problem(await call(api, 'POST', '/export', { datapump_dir: 'DATA', filter: st.schema, file_name: '../../etc/x.dmp' }));
    expect(path).toMatchObject({ status: 400, field: 'file_name' });
    const dir = await problem(await call(api, 'POST', '/export', { datapump_dir: 'ELSEWHERE', filter: st.schema }));
    expect(dir).toMatchObject({ status: 400, field: 'datapump_dir', detail: "datapump_dir: there is no directory ELSEWHERE in the server's configuration. Use one of: DATA." });
    const ts = await problem(await call(api, 'POST', '/export', { datapump_dir: 'DATA', job_mode: 'TABLESPACE', filter: 'fast', tablespace_expressions: [{ expression: 'LIKE' }] }));
    expect(ts).toMatchObject({ status: 400, field: 'tablespace_expressions[0].expression' });
    expect(String(ts['detail'])).toMatch(/^tablespace_expressions\[0\]\.expression "LIKE" is not valid at position 5/);
    const op = await problem(await call(api, 'POST', '/jobs/', { datapump_dir: 'DATA', filter: st.schema }));
    expect(op).toMatchObject({ status: 400, field: 'operation' });
    const big = await call(api, 'POST', '/export', { datapump_dir: 'DATA', filter: 'x'.repeat(5000) });
    expect(big.status).toBe(413);
    await problem(big);
  });

  it('POST jobs/ with an encryption password, the paged list, the files, and DELETE of a finished job', async () => {
    // Two views for the SQL_FILE test's name expressions on another object type.
    if (pg) server.exec(st.source, 'CREATE VIEW app.v_keep AS SELECT id FROM app.b; CREATE VIEW app.v_drop AS SELECT id FROM app.b;');
    else server.exec(st.source, 'CREATE VIEW v_keep AS SELECT id FROM b; CREATE VIEW v_drop AS SELECT id FROM b;');
    const first = await call(api, 'POST', '/jobs/', {
      operation: 'EXPORT',
      datapump_dir: 'DATA',
      filter: st.schema,
      job_name: 'ENC_ONE',
      file_name: 'enc1_%U.dmp',
      encryption_password: SECRET,
      threads: 2,
    });
    const created = (await first.json()) as Record<string, unknown>;
    expect(first.status, JSON.stringify(created)).toBe(201);
    const owner = String(created['owner_name']);
    const second = await call(api, 'POST', '/export', { datapump_dir: 'DATA', filter: st.schema, job_name: 'PLAIN_TWO', file_name: 'plain2.dmp', log_file: 'plain2.log', compression: 'ALL' });
    expect(second.status).toBe(201);
    for (const name of ['ENC_ONE', 'PLAIN_TWO']) await api.waitForJob(owner, name, (j) => j['state'] === 'COMPLETED');

    const page = (await (await call(api, 'GET', '/jobs/?limit=1&offset=0')).json()) as Record<string, unknown>;
    expect(page).toMatchObject({ hasMore: true, limit: 1, offset: 0, count: 1 });
    expect((page['items'] as { job_name: string }[])[0]?.job_name).toBe('ENC_ONE');
    expect(page['links']).toContainEqual({ rel: 'next', href: '/db/src/datapump/jobs/?limit=1&offset=1' });
    const next = (await (await call(api, 'GET', '/jobs/?limit=1&offset=1')).json()) as Record<string, unknown>;
    expect(next).toMatchObject({ hasMore: false, count: 1, items: [{ job_name: 'PLAIN_TWO', state: 'COMPLETED', percent_done: 100 }] });
    const badPage = await problem(await call(api, 'GET', '/jobs/?limit=0'));
    expect(badPage).toMatchObject({ status: 400, field: 'limit' });

    const job = await api.job(owner, 'ENC_ONE');
    expect(job['files']).toEqual(expect.arrayContaining(['enc1_01.dmp', 'ENC_ONE.LOG']));
    expect(existsSync(join(st.dir, 'enc1_01.dmp'))).toBe(true);
    const missing = await problem(await call(api, 'GET', `${api.jobPath(owner, 'ENC_ONE')}other.dmp`));
    expect(missing).toMatchObject({ status: 404, field: 'filename' });

    // The encrypted set imports with the password from the body, and refuses a wrong one before any job exists.
    const dst = new ApiClient(serve.url, 'dst', login.user, login.password);
    const wrong = await problem(
      await call(dst, 'POST', '/import', { datapump_dir: 'DATA', file_name: 'enc1_%U.dmp', encryption_password: 'wrong-one', remap_schemas: [{ source: st.schema, target: st.copy }] }),
    );
    expect(wrong).toMatchObject({ status: 400, field: 'encryption_password' });
    const needs = await problem(await call(dst, 'POST', '/import', { datapump_dir: 'DATA', file_name: 'enc1_%U.dmp', remap_schemas: [{ source: st.schema, target: st.copy }] }));
    expect(needs).toMatchObject({ status: 400 });
    expect(String(needs['detail'])).toMatch(/encrypted with a password/);

    expect(existsSync(join(st.dir, 'plain2.log'))).toBe(true);
    expect(await (await call(api, 'GET', `${api.jobPath(owner, 'PLAIN_TWO')}plain2.log`)).text()).toMatch(/successfully completed/);
    const logPath = await problem(await call(api, 'POST', '/export', { datapump_dir: 'DATA', filter: st.schema, log_file: '/tmp/x.log' }));
    expect(logPath).toMatchObject({ status: 400, field: 'log_file' });
    const del = await call(api, 'DELETE', api.jobPath(owner, 'PLAIN_TWO'));
    expect(del.status).toBe(204);
    expect(existsSync(join(st.dir, 'plain2.dmp'))).toBe(false);
    expect(existsSync(join(st.dir, 'plain2.log'))).toBe(false);
    expect((await call(api, 'GET', api.jobPath(owner, 'PLAIN_TWO'))).status).toBe(404);

    // No secret in any answer, nor in the service's log.
    for (const text of bodies) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(USER_PASSWORD);
    }
    expect(serve.output()).not.toContain(SECRET);
    expect(serve.output()).not.toContain(USER_PASSWORD);
    expect(serve.output()).not.toContain(Buffer.from(`${noPriv}:${USER_PASSWORD}`).toString('base64'));
  });

  it('SQL_FILE: operation SQL_FILE on jobs/ and sql_file on import write the DDL an import would run, and change nothing; name_expressions with and without object_type', async () => {
    const dst = new ApiClient(serve.url, 'dst', login.user, login.password);
    const remap = [{ source: st.schema, target: st.copy }];
    const r = await call(dst, 'POST', '/jobs/', { operation: 'SQL_FILE', datapump_dir: 'DATA', file_name: 'enc1_%U.dmp', encryption_password: SECRET, job_name: 'DDL_ONE', remap_schemas: remap });
    const created = (await r.json()) as Record<string, unknown>;
    expect(r.status, JSON.stringify(created)).toBe(201);
    expect(created).toMatchObject({ operation: 'SQL_FILE', job_name: 'DDL_ONE' });
    const owner = String(created['owner_name']);
    const done = await dst.waitForJob(owner, 'DDL_ONE', (j) => j['state'] === 'COMPLETED');
    expect(done['links']).toContainEqual({ rel: 'sql', href: `/db/dst/datapump${dst.jobPath(owner, 'DDL_ONE')}DDL_ONE.sql`, mediaType: 'text/plain' });
    const sql = await call(dst, 'GET', `${dst.jobPath(owner, 'DDL_ONE')}DDL_ONE.sql`);
    expect(sql.status).toBe(200);
    expect(sql.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await sql.text();
    for (const table of ['a', 'b', 'skipme']) expect(text).toMatch(new RegExp(`CREATE TABLE [\`"]?${st.copy}[\`"]?\\.[\`"]?${table}[\`"]?`));
    expect(text).toContain('v_keep');
    expect(text).toContain('v_drop');

    // impdp's SQLFILE=: sql_file on POST import makes the job a SQL_FILE job. A name expression without
    // object_type leaves a table out (the job's default object type), one with object_type VIEW a view.
    const names = [{ expression: "!= 'skipme'" }, { expression: "!= 'v_drop'", object_type: 'VIEW' }];
    const imp = await call(dst, 'POST', '/import', {
      datapump_dir: 'DATA',
      file_name: 'enc1_%U.dmp',
      encryption_password: SECRET,
      sql_file: 'ddl_two.sql',
      job_name: 'DDL_TWO',
      name_expressions: names,
    });
    expect(imp.status, await imp.clone().text()).toBe(201);
    expect(await dst.waitForJob(owner, 'DDL_TWO', (j) => j['state'] === 'COMPLETED')).toMatchObject({ operation: 'SQL_FILE' });
    const two = await (await call(dst, 'GET', `${dst.jobPath(owner, 'DDL_TWO')}ddl_two.sql`)).text();
    expect(two).toMatch(/CREATE TABLE [`"]?\w+[`"]?\.[`"]?a[`"]?/);
    expect(two).not.toMatch(/skipme/);
    expect(two).toContain('v_keep');
    expect(two).not.toContain('v_drop');
    const badType = await problem(
      await call(dst, 'POST', '/import', { datapump_dir: 'DATA', file_name: 'enc1_%U.dmp', sql_file: 'x.sql', name_expressions: [{ expression: "= 'a'", object_type: 'TABEL' }] }),
    );
    expect(badType).toMatchObject({ status: 400, field: 'name_expressions' });
    expect(String(badType['detail'])).toMatch(/^name_expressions\[0\]: the object type "TABEL" names no kind of object/);
    // Nothing was created in the target.
    const created2 = pg
      ? server.query(st.target, `SELECT count(*) FROM information_schema.schemata WHERE schema_name = '${st.copy}'`)
      : server.query('mysql', `SELECT count(*) FROM information_schema.schemata WHERE schema_name = '${st.copy}'`);
    expect(created2[0]?.[0]).toBe('0');

    const onExport = await problem(await call(api, 'POST', '/export', { datapump_dir: 'DATA', filter: st.schema, sql_file: 'x.sql' }));
    expect(onExport).toMatchObject({ status: 400, field: 'sql_file' });
    const pathName = await problem(await call(dst, 'POST', '/import', { datapump_dir: 'DATA', file_name: 'enc1_%U.dmp', sql_file: '../x.sql' }));
    expect(pathName).toMatchObject({ status: 400, field: 'sql_file' });
    for (const text of bodies) expect(text).not.toContain(SECRET);
  });

  it('the OpenAPI document validates and lists exactly the routes the service answers', async () => {
    const r = await fetch(`${api.base}/openapi.json`);
    expect(r.status).toBe(200);
    const doc = (await r.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    await SwaggerParser.validate(structuredClone(doc) as never);
    expect(doc.openapi).toBe('3.0.3');
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const job = '/db/{database}/datapump/jobs/{owner},{job}/';
    expect(routes.sort()).toEqual(
      [
        'POST /db/{database}/datapump/export',
        'POST /db/{database}/datapump/import',
        'POST /db/{database}/datapump/jobs/',
        'GET /db/{database}/datapump/jobs/',
        `GET ${job}`,
        `DELETE ${job}`,
        `POST ${job}stop`,
        `POST ${job}start`,
        `POST ${job}parallel`,
        `POST ${job}kill`,
        `GET ${job}status`,
        `GET ${job}{filename}`,
      ].sort(),
    );
    // Every documented route is one the service routes (an unknown job is a 404 naming the job, not "No route").
    for (const route of routes) {
      const [method, path] = route.split(' ') as [string, string];
      const url = path.replace('{database}', 'src').replace('{owner}', 'nobody').replace('{job}', 'NO_JOB').replace('{filename}', 'x.log');
      const res = await fetch(`${serve.url}${url}`, {
        method,
        headers: { authorization: api.authorization, 'content-type': 'application/json' },
        ...(method === 'POST' ? { body: url.endsWith('parallel') ? '{"threads":1}' : '{}' } : {}),
      });
      const body = await res.text();
      expect(body, route).not.toContain('No route');
    }
    const missingRoute = await fetch(`${serve.url}/db/src/datapump/nothing`);
    expect(missingRoute.status).toBe(404);
    expect(await missingRoute.text()).toContain('No route GET /db/src/datapump/nothing');
  });
});
