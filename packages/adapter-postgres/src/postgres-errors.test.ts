import { describe, expect, it } from 'vitest';
import { AdapterError } from '@sluice/adapter-kit';
import { errorCodeFor, redact, wrapPgError } from './postgres-errors.js';

describe('PostgreSQL error mapping', () => {
  it('maps SQLSTATEs and socket errors to adapter codes', () => {
    const cases: [string | undefined, string][] = [
      ['28P01', 'AUTH_FAILED'],
      ['28000', 'AUTH_FAILED'],
      ['3D000', 'NO_SUCH_DATABASE'],
      ['3F000', 'NO_SUCH_SCHEMA'],
      ['42P01', 'NO_SUCH_TABLE'],
      ['42P07', 'OBJECT_EXISTS'],
      ['42710', 'OBJECT_EXISTS'],
      ['42501', 'PRIVILEGE_ERROR'],
      ['23505', 'CONSTRAINT_VIOLATION'],
      ['23503', 'CONSTRAINT_VIOLATION'],
      ['08006', 'CONNECTION_FAILED'],
      ['57P01', 'CONNECTION_FAILED'],
      ['ECONNREFUSED', 'CONNECTION_FAILED'],
      ['22P02', 'SERVER_ERROR'],
      [undefined, 'SERVER_ERROR'],
    ];
    for (const [state, code] of cases) expect(errorCodeFor(state), String(state)).toBe(code);
  });

  it('wraps a server error with the action, the object, the SQLSTATE and the server detail', () => {
    const err = wrapPgError(Object.assign(new Error('duplicate key value'), { code: '23505', detail: 'Key (id)=(1) already exists.' }), {
      action: 'load',
      object: '"s"."t"',
      fallback: 'LOAD_FAILED',
    });
    expect(err).toBeInstanceOf(AdapterError);
    expect(err).toMatchObject({ code: 'CONSTRAINT_VIOLATION', sqlState: '23505', object: '"s"."t"' });
    expect(err.message).toBe('load "s"."t" failed: duplicate key value (SQLSTATE 23505) Detail: Key (id)=(1) already exists.');
  });

  it('uses the fallback for everything but lost connections and existing objects when forced (DDL_FAILED)', () => {
    for (const state of ['42P07', '42710', '42P06', '42723']) {
      expect(wrapPgError(Object.assign(new Error('exists'), { code: state }), { action: 'x', fallback: 'DDL_FAILED', forceFallback: true }).code, state).toBe('OBJECT_EXISTS');
    }
    expect(wrapPgError(Object.assign(new Error('syntax'), { code: '42601' }), { action: 'x', fallback: 'DDL_FAILED', forceFallback: true }).code).toBe('DDL_FAILED');
    expect(wrapPgError(new Error('Connection terminated unexpectedly'), { action: 'x', fallback: 'DDL_FAILED', forceFallback: true }).code).toBe('CONNECTION_FAILED');
  });

  it('never lets a secret through', () => {
    expect(redact('password "pw123" for pw123', ['pw123', undefined, ''])).toBe('password "***" for ***');
    expect(wrapPgError(new Error('bad pw123'), { action: 'connect', secrets: ['pw123'] }).message).not.toContain('pw123');
  });
});
