import { describe, expect, it } from 'vitest';
import { sessionName } from './session-name.js';

describe('sessionName', () => {
  it('prefixes the purpose with the application name once', () => {
    expect(sessionName(undefined, 'snapshot leader')).toBe('sluice snapshot leader');
    expect(sessionName(undefined, 'sluice SYS_EXPORT_SCHEMA_01 W-1')).toBe('sluice SYS_EXPORT_SCHEMA_01 W-1');
    expect(sessionName('sluice', 'sluice open')).toBe('sluice open');
    expect(sessionName('etl', 'sluice open')).toBe('etl sluice open');
    expect(sessionName(undefined, undefined)).toBe('sluice');
    expect(sessionName('etl', undefined)).toBe('etl');
  });
});
