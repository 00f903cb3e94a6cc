import pg from 'pg';
import { AdapterError } from '@sluice/adapter-kit';
import { describe, expect, it } from 'vitest';
import { postgresDisplayUrl, postgresTarget } from './postgres-connection.js';

const PASSWORDS = ['p@ss', '100%', 'a:b', 'a/b', 'a?b', 'a#b', 'a&b=c', 'a+b', 'a b', `q'u"o\\te`, 'pässwörd✓', '%41%zz'];

/** The password the pg driver will send, read from the client it builds (the server here trusts 127.0.0.1, so a login would not tell). */
function driverPassword(options: { url: string; password?: string }): unknown {
  return new pg.Client(postgresTarget(options).config).password;
}

describe('the password pg receives', () => {
  it('is exactly the one given apart from the URL, whatever it holds', () => {
    for (const password of PASSWORDS) {
      expect(driverPassword({ url: 'postgres://app@127.0.0.1:5432/sales', password })).toBe(password);
      expect(driverPassword({ url: 'postgres://app:other@127.0.0.1:5432/my%20db', password })).toBe(password);
    }
  });

  it('is the URL password decoded, when the URL holds one', () => {
    for (const password of PASSWORDS) expect(driverPassword({ url: `postgres://app:${encodeURIComponent(password)}@127.0.0.1/sales` })).toBe(password);
  });

  it('is none when none is given, so PGPASSWORD and .pgpass still apply', () => {
    expect(driverPassword({ url: 'postgres://app@127.0.0.1/sales' })).toBeNull();
  });

  it('never appears in the display URL or in the error for a malformed URL', () => {
    expect(postgresDisplayUrl('postgres://app:p@ss/w#rd@db/sales')).toBe('postgres://app@db/sales');
    for (const url of ['postgres://app:50%off@db/sales', 'postgres://app:ab/cd@db/sales', 'postgres://app@db/sa%zzles']) {
      let error: unknown;
      try {
        postgresTarget({ url });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AdapterError);
      expect((error as AdapterError).code).toBe('BAD_ARGUMENT');
      expect((error as AdapterError).message).toMatch(/%40 for @/);
      expect((error as AdapterError).message).not.toMatch(/off|ab\/cd/);
    }
  });
});
