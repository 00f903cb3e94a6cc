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

  it('says when the server ignored the values, and when the target holds transaction ids', () => {
    expect(historyRefusedMessage('"s"."t"', 'ignored', "The value specified for generated column 'ts' has been ignored")).toContain('ignored the ROW START / ROW END values');
    const m = historyRefusedMessage('"s"."t"', 'transaction', 'ts, te');
    expect(m).toContain('transaction ids (ts, te)');
    expect(m).toContain('TABLE_EXISTS_ACTION=REPLACE');
  });

  it('names the server version a target needs', () => {
    const m = historyRefusedMessage('"shop"."prices"', 'version');
    expect(m).toContain('system_versioning_insert_history');
    expect(m).toContain('MariaDB 10.11');
  });
});
