import { describe, expect, it } from 'vitest';
import { historyRefusedMessage } from './mysql-load-history.js';

describe('historyRefusedMessage', () => {
  it('names the setting that refuses history rows and the fix', () => {
    const m = historyRefusedMessage('"shop"."prices"', 'secure_timestamp', 'secure_timestamp=YES; MySQL error 1290');
    expect(m).toContain('"shop"."prices"');
    expect(m).toContain('secure_timestamp=YES');
    expect(m).toContain('--secure-timestamp=NO');
    expect(m).toContain('history');
  });

  it('names the server version a target needs', () => {
    const m = historyRefusedMessage('"shop"."prices"', 'version');
    expect(m).toContain('system_versioning_insert_history');
    expect(m).toContain('MariaDB 10.11');
  });
});
