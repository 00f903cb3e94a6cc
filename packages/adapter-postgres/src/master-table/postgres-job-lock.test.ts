import { describe, expect, it } from 'vitest';
import { jobLockKeys } from './postgres-job-lock.js';

describe('PostgreSQL job lock keys', () => {
  it('are the documented derivation, so processes of every Sluice version agree on them', () => {
    // First 4 bytes of SHA-256 of "sluice job public.SYS_EXPORT_SCHEMA_01" / "sluice holder 0123456789abcdef", as signed int4.
    expect(jobLockKeys('public', 'SYS_EXPORT_SCHEMA_01', '0123456789abcdef')).toEqual({ job: -1616995503, holder: 788300800 });
  });

  it('differ by schema, by job and by holder, and stay int4', () => {
    const base = jobLockKeys('public', 'JOB', 'a');
    expect(jobLockKeys('other', 'JOB', 'a').job).not.toBe(base.job);
    expect(jobLockKeys('public', 'JOB2', 'a').job).not.toBe(base.job);
    expect(jobLockKeys('public', 'JOB', 'b').holder).not.toBe(base.holder);
    expect(jobLockKeys('public', 'JOB', 'b').job).toBe(base.job);
    for (const k of [base.job, base.holder]) expect(Number.isInteger(k) && k >= -(2 ** 31) && k < 2 ** 31).toBe(true);
  });
});
