import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCountingProxy, type CountingProxy } from './support/counting-proxy.js';
import { ApiClient, ensureServeBuilt, startServe, type ServeProcess } from './support/serve.js';
import { mysql, postgres, type TestServer } from '../../../test-support/sql-clients.js';
import { adminLogin, bareUrl } from './support/databases.js';

// A parallel burst of password guesses before any failure is recorded: the service tries one against
// the database, the others wait behind it and are answered 429 with Retry-After when it fails. The
// database's connections are counted by a TCP proxy between the service and the server.
beforeAll(() => ensureServeBuilt());

const BURST = 8;

/** A GET with Basic credentials; resolves once the request is written, and again with the answer. */
function get(url: string, user: string, password: string): { written: Promise<void>; answer: Promise<{ status: number; retryAfter: string | undefined; body: string }> } {
  let written = (): void => undefined;
  const writtenPromise = new Promise<void>((resolve) => (written = resolve));
  const answer = new Promise<{ status: number; retryAfter: string | undefined; body: string }>((resolve, reject) => {
    const req = request(url, { headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` }, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body }));
    });
    req.on('error', reject);
    req.on('finish', () => written());
    req.end();
  });
  return { written: writtenPromise, answer };
}

describe.each([postgres, mysql])('a parallel burst of failed logins on $engine', (server: TestServer) => {
  let proxy: CountingProxy;
  let serve: ServeProcess;

  beforeAll(async () => {
    const real = new URL(server.url('postgres'));
    proxy = await startCountingProxy({ host: real.hostname, port: Number(real.port || (server.engine === 'postgres' ? 5432 : 3306)) });
    const url = new URL(bareUrl(server, server.engine === 'postgres' ? 'postgres' : 'test'));
    url.hostname = proxy.host;
    url.port = String(proxy.port);
    // A failure holds the user back 2 s: the burst is answered long before that.
    serve = await startServe({ databases: { db: url.toString() }, directories: { DATA: '/tmp' }, failed_login_delay_ms: 2000 });
  });
  afterAll(async () => {
    await serve?.stop();
    await proxy?.close();
  });

  it(`reaches the database once for ${BURST} parallel guesses (the others 429 with Retry-After), and lets a right login's parallel requests through`, async () => {
    const user = `sluice_rs_nobody_${randomBytes(3).toString('hex')}`;
    const before = proxy.connections();
    // The first guess's connection waits at the proxy until every guess has been sent.
    proxy.hold();
    const guesses = Array.from({ length: BURST }, (_, i) => get(`${serve.url}/db/db/datapump/jobs/`, user, `guess-${i}`));
    await Promise.all(guesses.map((g) => g.written));
    proxy.release();
    const answers = await Promise.all(guesses.map((g) => g.answer));
    expect(proxy.connections() - before).toBe(1);
    expect(answers.map((a) => a.status).sort()).toEqual([401, ...Array.from({ length: BURST - 1 }, () => 429)]);
    for (const a of answers.filter((x) => x.status === 429)) {
      expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(JSON.parse(a.body)).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS', detail: expect.stringContaining(`Too many failed logins for ${user}`) });
    }
    // A right login's parallel requests wait behind one another and all succeed.
    const admin = adminLogin(server);
    const api = new ApiClient(serve.url, 'db', admin.user, admin.password);
    const lists = await Promise.all(Array.from({ length: 4 }, () => api.request('GET', '/jobs/?limit=1')));
    expect(lists.map((r) => r.status)).toEqual([200, 200, 200, 200]);
  });
});
