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
});
