import { describe, expect, it } from 'vitest';
import { jobLockName } from './mysql-job-lock.js';

describe('MySQL job lock names', () => {
  it('name the database, the job and the holder while they fit in 64 characters', () => {
    expect(jobLockName('sales', 'SYS_EXPORT_SCHEMA_01', '0123456789abcdef')).toBe('sluice.sales.SYS_EXPORT_SCHEMA_01.0123456789abcdef');
  });

  it('are hashed, to exactly 64 characters, when longer (the documented derivation)', () => {
    const name = jobLockName('d'.repeat(30), 'J'.repeat(30), '0123456789abcdef');
    // "sluice." and the first 57 hex digits of SHA-256 of the 85-character name.
    expect(name).toBe('sluice.7872ceeff4a26895a51dc94019558a0f3ceda526bea727919db94d604');
    expect(name).toHaveLength(64);
    expect(jobLockName('d'.repeat(30), 'J'.repeat(30), '0123456789abcdee')).not.toBe(name);
  });
});
