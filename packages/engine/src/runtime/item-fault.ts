import type { JobDefinition } from '../job/job-definition.js';
import { quotedTable, withoutFullStop } from '../log/index.js';
import { jobLabel } from './run-context.js';
import { TRANSIENT_RETRIES, errorText, type ItemFault } from './worker-pool.js';

/** A code found on an error or any of its causes (`ENOSPC`, `NO_MORE_FILES`, `PRIVILEGE_ERROR`, a SQLSTATE). */
function hasCode(error: unknown, test: (code: string) => boolean): boolean {
  for (let e: unknown = error, depth = 0; e !== null && typeof e === 'object' && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, sqlState } = e as { code?: unknown; sqlState?: unknown };
    if (typeof code === 'string' && test(code)) return true;
    if (typeof sqlState === 'string' && test(sqlState)) return true;
  }
  return false;
}

/** What the user should fix, for the failures we can name. */
function remedy(fault: ItemFault, operation: JobDefinition['operation']): string {
  const { error } = fault;
  const text = errorText(error);
  if (hasCode(error, (c) => c === 'ENOSPC' || c === '53100') || /ENOSPC|no space left/i.test(text)) {
    return operation === 'EXPORT' ? 'Free space where the dump files are written' : 'Free disk space on the server named in the error';
  }
  if (hasCode(error, (c) => c === 'NO_MORE_FILES')) return 'Add dump files (ADD_FILE=name at the Export> prompt, or a DUMPFILE template with %U)';
  if (hasCode(error, (c) => c === 'EACCES' || c === 'EPERM' || c === 'EROFS' || c === 'PRIVILEGE_ERROR' || c === '42501')) return 'Grant the permission the error names';
  if (fault.exhausted) return `It was retried ${TRANSIENT_RETRIES} times without success: check that the database server is running and reachable`;
  return 'Fix the cause the error names';
}

/** How the log names the item. */
function itemLabel(fault: ItemFault): string {
  const { item } = fault;
  if (item.itemKind === 'DATA') return `table data ${quotedTable(item.objectSchema ?? '', item.objectName ?? '', item.partitionName)}`;
  return `${item.objectPath ?? 'object'} ${quotedTable(item.objectSchema ?? '', item.objectName ?? '')}`;
}

/**
 * The log line and the error message of a job stopped by an item failure: what went wrong, what to
 * fix, and how to resume, in the command line's words.
 */
export function faultMessage(def: JobDefinition, fault: ItemFault, label: string = itemLabel(fault)): { logLine: string; message: string } {
  const verb = def.operation === 'EXPORT' ? 'exported' : def.operation === 'IMPORT' ? 'imported' : 'written';
  const role = def.operation === 'EXPORT' ? 'source' : 'target';
  const more = fault.alike > 0 ? ` (${fault.alike} more item(s) failed with the same error)` : '';
  const what = withoutFullStop(`${label} could not be ${verb}: ${errorText(fault.error)}${more}`);
  const fix = withoutFullStop(remedy(fault, def.operation));
  const logLine =
    `Job ${jobLabel(def)} stopped because ${what}. ${fix}, then resume the job: sluice attach ${def.jobName} --${role} URL --start ` +
    `(or START_JOB at the prompt of sluice attach ${def.jobName}). The master table is kept: work already done stays done and the failed items are done again.`;
  const message = `job ${def.jobName} stopped because ${what}. ${fix}. The master table is kept: fix the cause, then attach and startJob to restart it.`;
  return { logLine, message };
}
