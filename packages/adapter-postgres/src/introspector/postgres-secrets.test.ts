import { describe, expect, it } from 'vitest';
import type { CatalogObject } from '@sluice/adapter-kit';
import type { PgSubscriptionDetail, PgUserMappingDetail } from '../model/postgres-global-details.js';
import { maskConninfo, maskPostgresSecrets } from './postgres-secrets.js';

function object(kind: CatalogObject['kind'], name: string, detail: object): CatalogObject {
  return { kind, path: '', schema: null, name, phase: 'pre-data', dependsOn: [], ddl: 'the source DDL', detail: detail as Record<string, unknown> };
}

const subscription: PgSubscriptionDetail = {
  conninfo: '',
  publications: ['p'],
  slotName: 's',
  binary: false,
  streaming: 'f',
  twoPhase: false,
  disableOnError: false,
  synchronousCommit: 'off',
};

describe('PostgreSQL secrets masked for the master table', () => {
  it('masks the password of a connection string in keyword and URI form, quoted or not, and nothing else', () => {
    expect(maskConninfo('host=h password=s3cret user=u')).toBe('host=h password=******** user=u');
    expect(maskConninfo("host=h password = 'it\\'s a secret' dbname=d")).toBe('host=h password = ******** dbname=d');
    expect(maskConninfo('password=x\\ y host=h')).toBe('password=******** host=h');
    expect(maskConninfo('postgresql://rep:s%40cret@h:5432/d?sslmode=require')).toBe('postgresql://rep:********@h:5432/d?sslmode=require');
    expect(maskConninfo('postgres://rep@h/d?password=s3cret&sslmode=require')).toBe('postgres://rep@h/d?password=********&sslmode=require');
    expect(maskConninfo('host=h passfile=/p user=u')).toBe('host=h passfile=/p user=u');
  });

  it('masks a user mapping password option and writes its DDL again; password_required and no password leave it alone', () => {
    const mapping: PgUserMappingDetail = {
      user: 'bob',
      server: 's',
      options: [
        ['user', 'remote'],
        ['password', 'x y'],
        ['password_required', 'false'],
      ],
    };
    const masked = maskPostgresSecrets(object('USER_MAPPING', 'bob SERVER s', mapping));
    expect(masked?.detail).toEqual({
      ...mapping,
      options: [
        ['user', 'remote'],
        ['password', '********'],
        ['password_required', 'false'],
      ],
    });
    expect(masked?.ddl).toBe(`CREATE USER MAPPING FOR bob SERVER s OPTIONS ("user" 'remote', password '********', password_required 'false');`);
    expect(maskPostgresSecrets(object('USER_MAPPING', 'bob SERVER s', { ...mapping, options: [['user', 'remote']] }))).toBeUndefined();
  });

  it("masks a subscription's connection password; one without a password is left alone", () => {
    const masked = maskPostgresSecrets(object('SUBSCRIPTION', 'sub', { ...subscription, conninfo: 'host=h password=pw' }));
    expect(masked?.detail).toMatchObject({ conninfo: 'host=h password=********' });
    expect(masked?.ddl).toContain("CONNECTION 'host=h password=********'");
    expect(masked?.ddl).not.toContain('pw');
    expect(maskPostgresSecrets(object('SUBSCRIPTION', 'sub', { ...subscription, conninfo: 'host=h' }))).toBeUndefined();
    expect(maskPostgresSecrets(object('SCHEMA', 'app', {}))).toBeUndefined();
  });
});
