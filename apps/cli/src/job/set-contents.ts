import { DumpSetReader } from '@sluice/dump-format';
import { isJobError, missingDataText, readMasterDocument, type MasterDocument } from '@sluice/engine';
import { CliError } from '../cli-error.js';
import { formatBytes, textTable } from '../output/format.js';

/** The master table the export wrote into a dump file set, decoded. */
export async function readSetMaster(directory: string, files: readonly string[], encryptionPassword: string | undefined, keyFile: string | undefined): Promise<MasterDocument> {
  const reader = await DumpSetReader.open({
    directory,
    files: [...files],
    ...(encryptionPassword === undefined ? {} : { encryptionPassword }),
    ...(keyFile === undefined ? {} : { keyFile }),
  });
  try {
    return readMasterDocument(await reader.master());
  } catch (error) {
    if (isJobError(error, 'NO_DUMPFILE_INFO')) throw new CliError('BAD_PARAMETER', error.message.replace('this dump file set', files[0] ?? 'the dump file set'), { cause: error });
    throw error;
  } finally {
    await reader.close().catch(() => undefined);
  }
}

/** What `info --contents` and `verify` say of a set whose export did not finish every table; nothing for a complete one. */
export function incompleteSetLines(doc: MasterDocument): string[] {
  if (doc.complete) return [];
  return [
    `INCOMPLETE: the export did not finish ${doc.missing.length} table${doc.missing.length === 1 ? '' : 's'}; their rows are not all in the set:`,
    ...doc.missing.map((m) => `  ${missingDataText(m)}`),
    'An import refuses this set unless DATA_OPTIONS=ACCEPT_INCOMPLETE_SET (it then loads what the set holds), or the import leaves those tables out.',
  ];
}

/**
 * `sluice info --contents`: the objects of a dump file set, read from the master table the export
 * wrote into it: one line per object, table data summed over its chunks, and whether the set is complete.
 */
export async function listSetContents(directory: string, files: readonly string[], encryptionPassword: string | undefined, keyFile: string | undefined): Promise<string[]> {
  const doc = await readSetMaster(directory, files, encryptionPassword, keyFile);
  const { objects } = doc;
  const lines = [`Contents of the dump file set${doc.jobName ? ` of job ${doc.jobName}` : ''}: ${objects.length} object${objects.length === 1 ? '' : 's'}${doc.complete ? '' : ' (INCOMPLETE)'}`];
  const rows = objects.map((o) => {
    const data = o.kind === 'DATA';
    return [o.path, o.schema, o.partition === null ? o.name : `${o.name}:${o.partition}`, data ? String(o.rows) : '', data ? formatBytes(o.bytes) : '', o.files.join(',')];
  });
  lines.push(...textTable(['OBJECT_PATH', 'SCHEMA', 'NAME', 'ROWS', 'SIZE', 'FILE'], rows).map((l) => `  ${l}`));
  lines.push(...incompleteSetLines(doc));
  return lines;
}
