import { describe, expect, it } from 'vitest';
import { CliError } from '../cli-error.js';
import { parseParameters } from '../params/parse-command-line.js';
import { jobDatabases } from './home-database.js';

const databases = (command: 'jobs' | 'attach', ...argv: string[]) => jobDatabases(parseParameters(command, argv).params, command);

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof CliError) return error.message;
    throw error;
  }
  throw new Error('expected a CliError');
}

describe('the databases of jobs and attach', () => {
  it('the source or target holds the master table, unless --control names another database', () => {
    expect(databases('jobs', '--source', 'postgres://app@db/sales')).toMatchObject({ home: { role: 'SOURCE', display: 'postgres://app@db/sales' } });
    expect(databases('jobs', '--target', 'mysql://root@db/x').data).toBeUndefined();
    const both = databases('attach', '--control', 'mysql://ops@jobs/ctl', '--source', 'postgres://reader@db/sales');
    expect(both.home).toMatchObject({ role: 'CONTROL', engine: 'mysql', display: 'mysql://ops@jobs/ctl' });
    expect(both.data).toMatchObject({ role: 'SOURCE', engine: 'postgres' });
    expect(databases('jobs', 'CONTROL=postgres://ops@jobs/ctl').data).toBeUndefined();
  });

  it('says which database is missing, or that two were given', () => {
    expect(message(() => databases('jobs'))).toContain('--control URL for a job started with CONTROL=');
    expect(message(() => databases('attach', '--source', 'postgres://a@h/d', '--target', 'postgres://a@h/e'))).toContain('not both');
  });
});
