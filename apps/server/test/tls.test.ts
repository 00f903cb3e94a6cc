import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureServeBuilt, startServe, type ServeProcess } from './support/serve.js';
import { postgres } from '../../../test-support/sql-clients.js';
import { bareUrl } from './support/databases.js';

// TLS when the configuration gives a certificate and key: the service answers HTTPS only.
beforeAll(() => ensureServeBuilt());

function get(url: string, ca: Buffer): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('sluice serve with tls', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-rest-tls-'));
  let serve: ServeProcess;
  beforeAll(async () => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    serve = await startServe({ databases: { pg: bareUrl(postgres, 'postgres') }, directories: { DATA: dir }, tls: { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') } });
  });
  afterAll(async () => {
    await serve?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('listens on https, serves the OpenAPI document, and asks for a login', async () => {
    expect(serve.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = readFileSync(join(dir, 'cert.pem'));
    const doc = await get(`${serve.url}/db/pg/datapump/openapi.json`, ca);
    expect(doc.status).toBe(200);
    expect(JSON.parse(doc.body)).toMatchObject({ openapi: '3.0.3', info: { title: 'Sluice Data Pump API' } });
    const jobs = await get(`${serve.url}/db/pg/datapump/jobs/`, ca);
    expect(jobs.status).toBe(401);
    expect(jobs.type).toMatch(/^application\/problem\+json/);
    // Plain HTTP on the same port is no way in.
    await expect(fetch(`${serve.url.replace('https:', 'http:')}/db/pg/datapump/openapi.json`)).rejects.toThrow();
  });
});
