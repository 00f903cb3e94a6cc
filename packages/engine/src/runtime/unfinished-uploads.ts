import { isLocationUrl, matchImportSpec, resolveLocation } from '@sluice/dump-format';
import { dumpFiles } from './dump-set.js';
import type { RunContext } from './run-context.js';
import { errorText } from './worker-pool.js';

/**
 * A writer killed with -9 (or a run that died with the store unreachable) never aborts its multipart
 * uploads: object storage keeps their parts, billed, and shows them nowhere but in its list of
 * uploads in progress. A run that takes over the job's files drops them first.
 */

/** Whether `name` is one of the job's dump files: one its DUMPFILE specs can name, or one claimed through the master table. */
export function jobFileNamer(ctx: RunContext, claimed: readonly string[] = []): (name: string) => boolean {
  const { specs } = dumpFiles(ctx.def);
  const names = new Set(claimed);
  return (name) => names.has(name) || specs.some((spec) => matchImportSpec(spec, [name], true).length > 0);
}

/**
 * Aborts the uploads in progress of the job's files `which` picks in an object-storage directory,
 * naming them in the log. Only a cleanup: a store that cannot list them gets a warning, not a failed job.
 */
export async function dropUnfinishedUploads(ctx: RunContext, which: (name: string) => boolean): Promise<void> {
  const { directory } = dumpFiles(ctx.def);
  if (!isLocationUrl(directory)) return;
  try {
    const location = await resolveLocation(directory);
    const dropped = (await location.dropUnfinished?.(which)) ?? [];
    if (dropped.length > 0) {
      ctx.log.info(`Aborted the unfinished upload(s) of ${dropped.join(', ')} in ${directory} that a stopped or killed process left: the object store no longer keeps (or bills) their parts.`);
    }
  } catch (error) {
    ctx.log.info(
      `Warning: the unfinished uploads a stopped or killed process may have left in ${directory} could not be listed or aborted (${errorText(error)}); list them with the store's tools (aws s3api list-multipart-uploads) and abort them, or give the bucket a lifecycle rule that aborts incomplete multipart uploads.`,
    );
  }
}

/**
 * An export begun again from the beginning (under a new GUID) after an attempt that stored files of
 * its own (a process serving it parks its files whole): those files are deleted, so none is left
 * beside the new set, where an import by template would find a file of another set. Only a cleanup:
 * a file that cannot be deleted gets a warning naming it.
 */
export async function dropEarlierAttempt(ctx: RunContext, names: readonly string[]): Promise<void> {
  const { directory } = dumpFiles(ctx.def);
  if (names.length === 0) return;
  const location = await resolveLocation(directory);
  const deleted: string[] = [];
  for (const name of [...new Set(names)].sort()) {
    try {
      if ((await location.stat(name)) === null) continue;
      await location.delete(name);
      deleted.push(name);
    } catch (error) {
      ctx.log.info(`Warning: ${location.describe(name)}, written by an earlier attempt of this job, could not be deleted (${errorText(error)}); delete it before importing the set by its template.`);
    }
  }
  if (deleted.length > 0) ctx.log.info(`Deleted ${deleted.join(', ')} in ${directory}, written by the earlier attempt of the job: the export starts again under a new dump set GUID.`);
}
