import { CliError } from '../cli-error.js';
import type { ParameterValues } from '../params/parameter-values.js';
import { parseDatabaseUrl, type DatabaseUrl } from './connection-url.js';

/** Where a job's master table lives, and (with CONTROL) the database the job reads or loads. */
export interface JobDatabases {
  /** The database holding the master table: CONTROL when given, else the source or target. */
  readonly home: DatabaseUrl;
  /** With CONTROL: the --source or --target given beside it, which the job moves data from or into. */
  readonly data?: DatabaseUrl;
}

/**
 * The databases of `jobs` and `attach`: --control URL (the master table is there, and --source or
 * --target names the database the job works on), or else exactly one of --source (export jobs) or
 * --target (import jobs), which then holds the master table.
 */
export function jobDatabases(params: ParameterValues, command: 'jobs' | 'attach'): JobDatabases {
  const source = params.text('SOURCE');
  const target = params.text('TARGET');
  const control = params.text('CONTROL');
  if (source !== undefined && target !== undefined) {
    throw new CliError('CONFLICTING_PARAMETERS', `sluice ${command} takes one database: --source (where export jobs keep their master table) or --target (import jobs), not both.`);
  }
  const data = source !== undefined ? parseDatabaseUrl('SOURCE', source) : target !== undefined ? parseDatabaseUrl('TARGET', target) : undefined;
  if (control !== undefined) {
    const home = parseDatabaseUrl('CONTROL', control);
    return data === undefined ? { home } : { home, data };
  }
  if (data === undefined) {
    throw new CliError(
      'MISSING_PARAMETER',
      `sluice ${command} needs the database holding the job's master table: --source URL for an export job, --target URL for an import job, or --control URL for a job started with CONTROL=.`,
    );
  }
  return { home: data };
}

/** The database holding the master tables `sluice jobs` lists. */
export function homeDatabase(params: ParameterValues, command: 'jobs' | 'attach'): DatabaseUrl {
  return jobDatabases(params, command).home;
}
