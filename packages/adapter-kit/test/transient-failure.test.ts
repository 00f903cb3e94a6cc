import { describe, expect, it } from 'vitest';
import { AdapterError, isTransientFailure } from '@sluice/adapter-kit';

/** A Node or driver error with a code (and an errno), as sockets and mysql2 raise them. */
function driverError(message: string, fields: { code?: string; errno?: number }): Error {
  return Object.assign(new Error(message), fields);
}

describe('isTransientFailure', () => {
  it('recognises lost sessions, server restarts, lost snapshots and rolled-back transactions of both engines', () => {
    const e = (code: ConstructorParameters<typeof AdapterError>[0], sqlState?: string): AdapterError => new AdapterError(code, 'x', sqlState === undefined ? {} : { sqlState });
    // PostgreSQL: pg_terminate_backend (57P01), crash shutdown, cannot connect now, connection exceptions.
    for (const s of ['57P01', '57P02', '57P03', '08006', '08003']) expect(isTransientFailure(e('UNLOAD_FAILED', s)), s).toBe(true);
    // MariaDB: KILL (1927), server shutdown (1053), gone away / lost (2006, 2013).
    for (const s of ['1927/70100', '1053/08S01', '2006/HY000', '2013/HY000']) expect(isTransientFailure(e('LOAD_FAILED', s)), s).toBe(true);
    for (const s of ['40P01', '1213/40001', '1205/HY000']) expect(isTransientFailure(e('LOAD_FAILED', s)), s).toBe(true);
    expect(isTransientFailure(e('CONNECTION_FAILED'))).toBe(true);
    expect(isTransientFailure(e('SNAPSHOT_FAILED'))).toBe(true);
    for (const code of ['ECONNRESET', 'EPIPE', 'PROTOCOL_CONNECTION_LOST', 'ER_CONNECTION_KILLED']) {
      expect(isTransientFailure(driverError('lost', { code })), code).toBe(true);
    }
    expect(isTransientFailure(driverError('Connection was killed', { errno: 1927 }))).toBe(true);
    expect(isTransientFailure(new Error('terminating connection due to administrator command'))).toBe(true);
    expect(isTransientFailure(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('looks through the causes an error wraps', () => {
    const lost = driverError('read ECONNRESET', { code: 'ECONNRESET' });
    expect(isTransientFailure(new AdapterError('UNLOAD_FAILED', 'Failed unloading "a"."b"', { cause: lost }))).toBe(true);
    expect(isTransientFailure(new Error('I/O error on dump file', { cause: lost }))).toBe(true);
  });

  it('does not take disk full, permissions, bad data or unknown errors for transient', () => {
    const e = (code: ConstructorParameters<typeof AdapterError>[0], sqlState?: string): AdapterError => new AdapterError(code, 'x', sqlState === undefined ? {} : { sqlState });
    for (const s of ['23505', '1062/23000', '22001', '1406/22001', '42501', '1142/42000', '53100']) expect(isTransientFailure(e('LOAD_FAILED', s)), s).toBe(false);
    expect(isTransientFailure(e('PRIVILEGE_ERROR'))).toBe(false);
    expect(isTransientFailure(driverError('ENOSPC: no space left on device, write', { code: 'ENOSPC' }))).toBe(false);
    expect(isTransientFailure(driverError('EACCES: permission denied', { code: 'EACCES' }))).toBe(false);
    expect(isTransientFailure(new Error('something else'))).toBe(false);
    expect(isTransientFailure(undefined)).toBe(false);
    expect(isTransientFailure('ECONNRESET')).toBe(false);
  });
});
