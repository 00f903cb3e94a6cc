import type { Adapter, AdapterConnection } from '@sluice/adapter-kit';
import { JobError } from '../errors.js';
import type { JobMode, JobOperation } from '../job/job-definition.js';
import { listJobs } from '../master-table/index.js';

/** Job names are table names in the home database: keep them short and plain so every engine takes them unquoted-safe. */
const JOB_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,59}$/;

/** Check a caller's job name: letters, digits and `_`, starting with a letter or `_`, at most 60 characters. */
export function validateJobName(name: unknown): string {
  if (typeof name !== 'string' || !JOB_NAME.test(name)) {
    throw new JobError(
      'INVALID_ARGVAL',
      `job name ${typeof name === 'string' ? JSON.stringify(name) : String(name)} is not usable: the master table is named after the job, so use letters, digits and _ (starting with a letter or _), at most 60 characters, e.g. "NIGHTLY_HR_EXPORT"`,
    );
  }
  return name;
}

/** The default name's prefix, `SYS_<OPERATION>_<MODE>_`, as Data Pump names jobs. */
export function defaultJobNamePrefix(operation: JobOperation, mode: JobMode): string {
  return `SYS_${operation}_${mode}_`;
}

/** The first free `SYS_<OPERATION>_<MODE>_NN` (NN = 01..99) among the jobs of the home database, skipping `taken`. */
export async function nextDefaultJobName(home: Adapter, operation: JobOperation, mode: JobMode, taken: ReadonlySet<string> = new Set(), conn?: AdapterConnection): Promise<string> {
  const prefix = defaultJobNamePrefix(operation, mode);
  const used = new Set((await listJobs(home, conn)).map((j) => j.jobName));
  for (let n = 1; n <= 99; n++) {
    const name = `${prefix}${String(n).padStart(2, '0')}`;
    if (!used.has(name) && !taken.has(name)) return name;
  }
  throw new JobError('JOB_EXISTS', `every default job name ${prefix}01..${prefix}99 is in use in the home database; give a job name, or remove old jobs (attach and stopJob({ keepMaster: false }))`);
}
