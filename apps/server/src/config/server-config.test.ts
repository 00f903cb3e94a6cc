import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, readSecret, resolveConfig } from './server-config.js';

const base = { listen: '127.0.0.1:8470', databases: { hr: 'postgres://db:5432/hr' }, directories: { DATA: '/backups' } };

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('the configuration of sluice serve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-rest-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("takes the issue's shape, splits listen, resolves relative folders against the file, keeps s3:// prefixes", () => {
    const c = resolveConfig({ ...base, directories: { DATA: 'dumps', CLOUD: 's3://bucket/prefix/' } }, '/etc/sluice');
    expect(c).toMatchObject({ host: '127.0.0.1', port: 8470, bodyLimit: 65536, failedLoginDelayMs: 1000 });
    expect(c.directories).toEqual({ DATA: '/etc/sluice/dumps', CLOUD: 's3://bucket/prefix' });
  });

  it('refuses a URL with credentials, an unknown key, a bad scheme, naming the key', () => {
    expect(message(() => resolveConfig({ ...base, databases: { hr: 'postgres://app:secret@db/hr' } }, '/'))).toBe(
      'the server configuration: databases.hr carries credentials; give the URL without user and password (each request logs in with HTTP Basic as a database user)',
    );
    expect(message(() => resolveConfig({ ...base, databases: { hr: 'postgres://db/hr?password=x' } }, '/'))).toContain('databases.hr carries credentials');
    expect(message(() => resolveConfig({ ...base, extra: 1 }, '/'))).toMatch(/^the server configuration: extra: /);
    expect(message(() => resolveConfig({ ...base, databases: { hr: 'oracle://db/hr' } }, '/'))).toContain('databases.hr: the scheme oracle: is not postgres://');
    expect(message(() => resolveConfig({ ...base, directories: { X: 'ftp://host/x' } }, '/'))).toContain('directories.X: ftp://host/x is neither a folder nor an s3://bucket/prefix location');
    expect(message(() => resolveConfig({ databases: {}, directories: {} }, '/'))).toMatch(/listen/);
  });

  it('reads a file, and never holds a secret: secrets are read from the environment or a file when used', () => {
    const file = join(dir, 'config.json');
    writeFileSync(join(dir, 'key.txt'), 'from-file\n');
    writeFileSync(file, JSON.stringify({ ...base, secrets: { K: { file: 'key.txt' }, E: { env: 'SLUICE_REST_TEST_SECRET' } } }));
    const c = loadConfig(file);
    expect(readSecret(c, 'K')).toBe('from-file');
    process.env['SLUICE_REST_TEST_SECRET'] = 'from-env';
    expect(readSecret(c, 'E')).toBe('from-env');
    delete process.env['SLUICE_REST_TEST_SECRET'];
    expect(readSecret(c, 'NOPE')).toBeUndefined();
    writeFileSync(file, '{ not json');
    expect(message(() => loadConfig(file))).toMatch(/^--config .*config\.json is not JSON: /);
  });

  it('takes named object-storage credentials (a profile, or keys read from the environment or files), and refuses half of a key pair', () => {
    const c = resolveConfig(
      { ...base, credentials: { OBJ_STORE_CRED: { access_key_id: { env: 'K' }, secret_access_key: { file: 'secret.txt' }, endpoint: 'http://127.0.0.1:9000/' }, ARCHIVE: { profile: 'archive' } } },
      '/etc/sluice',
    );
    expect(c.credentials).toEqual({
      OBJ_STORE_CRED: { accessKeyId: { env: 'K' }, secretAccessKey: { file: '/etc/sluice/secret.txt' }, endpoint: 'http://127.0.0.1:9000' },
      ARCHIVE: { profile: 'archive' },
    });
    expect(message(() => resolveConfig({ ...base, credentials: { C: { access_key_id: { env: 'K' } } } }, '/'))).toBe(
      'the server configuration: credentials.C: give access_key_id and secret_access_key together (or a profile)',
    );
    expect(message(() => resolveConfig({ ...base, credentials: { C: {} } }, '/'))).toContain('credentials.C: give a profile (of the AWS shared files) or access_key_id and secret_access_key');
    expect(message(() => resolveConfig({ ...base, credentials: { A_B: { profile: 'x' }, 'a-b': { profile: 'y' } } }, '/'))).toContain('credentials.a-b and credentials.A_B differ only in case');
    expect(message(() => resolveConfig({ ...base, credentials: { C: { profile: 'x', endpoint: 'http://key:secret@host' } } }, '/'))).toMatch(/^the server configuration: credentials\.C\.endpoint: /);
  });
});
