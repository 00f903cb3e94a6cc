import { describe, expect, it } from 'vitest';
import { CliError } from '../cli-error.js';
import { maskUrl, parseDatabaseUrl } from './connection-url.js';

describe('database URLs', () => {
  it('choose the engine by scheme and keep the password apart', () => {
    expect(parseDatabaseUrl('SOURCE', 'postgresql://app:p%40ss@db:5433/sales')).toEqual({
      role: 'SOURCE',
      engine: 'postgres',
      url: 'postgres://app@db:5433/sales',
      password: 'p@ss',
      writtenPassword: 'p%40ss',
      display: 'postgresql://app:********@db:5433/sales',
    });
    expect(parseDatabaseUrl('TARGET', 'mariadb://root@127.0.0.1:3306/test')).toMatchObject({ engine: 'mysql', url: 'mysql://root@127.0.0.1:3306/test' });
    expect(parseDatabaseUrl('TARGET', 'mysql://root@h/db').password).toBeUndefined();
  });

  it('mask passwords in the userinfo and in the query string, even when the URL does not parse', () => {
    expect(maskUrl('postgres://u:secret@h/db?sslpassword=x&application_name=a')).toBe('postgres://u:********@h/db?sslpassword=********&application_name=a');
    expect(maskUrl('postgres://u:sec ret@h:badport/db')).toBe('postgres://u:********@h:badport/db');
  });

  it('explain a scheme sluice does not know, or text that is not a URL', () => {
    const bad = (text: string): string => {
      try {
        parseDatabaseUrl('SOURCE', text);
      } catch (error) {
        if (error instanceof CliError) return error.message;
      }
      throw new Error('expected a CliError');
    };
    expect(bad('oracle://scott:tiger@h/orcl')).toBe('SOURCE=oracle://scott:********@h/orcl: the scheme oracle:// is not one sluice knows. Use postgres://, postgresql://, mysql:// or mariadb://.');
    expect(bad('db.example.com')).toContain('is not a URL. Write it as postgres://user@host:5432/database');
  });

  it('decode every character of a percent-encoded password, and show the URL with exactly the password masked', () => {
    for (const password of ['p@ss', '100%', 'a:b', 'a/b', 'a?b', 'a#b', 'a&b', 'a=b', 'a+b', 'a b', "a'b", 'a"b', 'a\\b', 'pässwörd✓', '密码']) {
      const text = `postgres://app:${encodeURIComponent(password)}@db:5433/sales?application_name=x`;
      const db = parseDatabaseUrl('SOURCE', text);
      expect(db.password).toBe(password);
      expect(db.display).toBe('postgres://app:********@db:5433/sales?application_name=x');
      expect(db.url).toBe('postgres://app@db:5433/sales?application_name=x');
    }
    // The URL standard reads an @ written as is as part of the password, up to the last @.
    expect(parseDatabaseUrl('TARGET', 'mysql://root:p@ss@127.0.0.1/db')).toMatchObject({ password: 'p@ss', display: 'mysql://root:********@127.0.0.1/db' });
  });

  it('refuse a password that is not valid percent-encoding, naming the parameter and the fix, never the password', () => {
    const bad = (text: string): string => {
      try {
        parseDatabaseUrl('SOURCE', text);
      } catch (error) {
        if (error instanceof CliError) return error.message;
      }
      throw new Error('expected a CliError');
    };
    const percent = bad('postgres://app:50%off@db/sales');
    expect(percent).toBe(
      'SOURCE=postgres://app:********@db/sales: the password is not valid percent-encoding (a % must start %XX). In a URL, percent-encode reserved characters of the user name and password (%40 for @, %3A for :, %2F for /, %3F for ?, %23 for #, %25 for %, %20 for a space), or leave the password out and give it in SLUICE_SOURCE_PASSWORD.',
    );
    expect(bad('postgres://app:%FF%FE@db/sales')).toContain('SOURCE=postgres://app:********@db/sales: the password is not valid percent-encoding');
    for (const text of ['postgres://app:12#45@db/sales', 'postgres://app:12/45@db/sales', 'postgres://app:12?45@db/sales', 'postgres://app:ab#cd@db/sales']) {
      const message = bad(text);
      expect(message).toMatch(/^SOURCE=postgres:\/\/app:\*{8}@db\/sales: an @ follows the host/);
      expect(message).toContain('%23 for #');
      expect(message).not.toMatch(/45|cd/);
    }
    expect(bad('postgres://app:ab cd@db:port/sales')).toMatch(/^SOURCE=postgres:\/\/app:\*{8}@db:port\/sales is not a URL\..*%40 for @/);
  });
});
