import { describe, expect, it } from 'vitest';
import type { SessionStatus } from './job-session.js';
import { progressLines, RateMeter, statusReport } from './progress-view.js';

const status: SessionStatus = {
  state: 'EXECUTING',
  degree: 2,
  totalBytes: 100 * 1024 * 1024,
  completedBytes: 40 * 1024 * 1024,
  completedRows: 123_456,
  percentDone: 40,
  errorCount: 0,
  workers: [
    { number: 1, state: 'EXECUTING', object: 'TABLE_DATA "hr"."emp"', rows: 1000, bytes: 2048, percentDone: 10 },
    { number: 2, state: 'WORK WAITING', rows: 0, bytes: 0, percentDone: 0 },
  ],
  files: ['/d/exp01.dmp'],
};

describe('progress display', () => {
  it('shows bytes, rows, rate, ETA and a line per worker', () => {
    const meter = new RateMeter();
    meter.sample(0, 0);
    meter.sample(2000, 20 * 1024 * 1024);
    expect(meter.rate()).toBe(10 * 1024 * 1024);
    const lines = progressLines('Export SYS_EXPORT_SCHEMA_01', status, meter.rate());
    expect(lines[0]).toBe('Export SYS_EXPORT_SCHEMA_01  EXECUTING  40%  40.0 MB of 100 MB  123,456 rows  10.0 MB/s  ETA 6s');
    expect(lines[1]).toBe('  W-1  EXECUTING     TABLE_DATA "hr"."emp"  1,000 rows  2.0 KB');
    expect(lines[2]).toBe('  W-2  WORK WAITING');
  });

  it('STATUS answers in the expdp shape', () => {
    const report = statusReport('SYS_EXPORT_SCHEMA_01', 'EXPORT', 'SCHEMA', status);
    expect(report).toContain('  Percent Done: 40');
    expect(report).toContain('  Current Parallelism: 2');
    expect(report).toContain('Worker 1 Status:');
    expect(report).toContain('  Dump File: /d/exp01.dmp');
  });
});
