import { CliError } from '../cli-error.js';
import type { ParameterValues } from '../params/parameter-values.js';
import { parseDatabaseUrl, type DatabaseUrl } from './connection-url.js';

/**
 * The database a job's master table lives in, for `jobs` and `attach`: exactly one of --source
 * (export jobs) or --target (import jobs).
 */
export function homeDatabase(params: ParameterValues, command: 'jobs' | 'attach'): DatabaseUrl {
  const source = params.text('SOURCE');
  const target = params.text('TARGET');
  if (source !== undefined && target !== undefined) {
    throw new CliError('CONFLICTING_PARAMETERS', `sluice ${command} takes one database: --source (where export jobs keep their master table) or --target (import jobs), not both.`);
  }
  if (source === undefined && target === undefined) {
    throw new CliError('MISSING_PARAMETER', `sluice ${command} needs the database holding the job's master table: --source URL for an export job, --target URL for an import job.`);
  }
  return source !== undefined ? parseDatabaseUrl('SOURCE', source) : parseDatabaseUrl('TARGET', target!);
}
