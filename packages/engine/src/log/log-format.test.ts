import { describe, expect, it } from 'vitest';
import { formatCompletedAt, formatElapsed, formatLogTime, formatSize, quotedTable, tableDataLine, withoutFullStop } from './log-format.js';
import { redact } from './redact.js';

describe('log format', () => {
  it('prints sizes with four significant digits, as Data Pump does', () => {
    expect(formatSize(0)).toBe('0 KB');
    expect(formatSize(151347)).toBe('147.8 KB');
    expect(formatSize(6520)).toBe('6.367 KB');
    expect(formatSize(5 * 1024 * 1024)).toBe('5 MB');
    expect(formatSize(1.5 * 1024 ** 3)).toBe('1.5 GB');
  });

  it('prints the per-table line', () => {
    expect(tableDataLine({ verb: 'exported', table: quotedTable('S', 'T'), bytes: 151347, rows: 70000 })).toBe('. . exported "S"."T"  147.8 KB  70000 rows');
    expect(tableDataLine({ verb: 'imported', table: quotedTable('S', 'T', 'P1'), bytes: 1024, rows: 4, rejected: 1 })).toBe('. . imported "S"."T":"P1"  1 KB  4 out of 5 rows');
    expect(tableDataLine({ verb: 'estimated', table: quotedTable('S', 'T'), bytes: 65536 })).toBe('.  estimated "S"."T"  64 KB');
    expect(tableDataLine({ verb: 'exported', table: '"S"."T"', bytes: 0, rows: 0, seconds: 3 })).toBe('. . exported "S"."T"  0 KB  0 rows in 3 seconds');
  });

  it('prints the completion time, elapsed time and LOGTIME stamp', () => {
    const at = new Date(2026, 10, 21, 13, 37, 0, 45);
    expect(formatCompletedAt(at)).toBe('Sat Nov 21 13:37:00 2026');
    expect(formatElapsed(22_400)).toBe('0 00:00:22');
    expect(formatElapsed(((26 * 60 + 1) * 60 + 5) * 1000)).toBe('1 02:01:05');
    expect(formatLogTime(at)).toBe('21-NOV-26 13:37:00.045: ');
  });

  it('masks secrets wherever they appear', () => {
    expect(redact('ENCRYPTION_PASSWORD=hunter2 schemas=hr')).toBe('ENCRYPTION_PASSWORD=******** schemas=hr');
    expect(redact('url postgres://bob:s3cret@db/x')).toBe('url postgres://bob:********@db/x');
    expect(redact('wrong key s3cr3t given', ['s3cr3t'])).toBe('wrong key ******** given');
    expect(redact('--encryption-password=abc x')).toBe('--encryption-password=******** x');
  });

  it('joins a message that ends in a full stop to the next sentence with one stop, not two', () => {
    expect(`${withoutFullStop('Free space, then try again.')}. The master table is kept.`).toBe('Free space, then try again. The master table is kept.');
    expect(withoutFullStop('no stop')).toBe('no stop');
    expect(withoutFullStop('v1.2 failed')).toBe('v1.2 failed');
  });
});
