import { DumpSetReader } from '@sluice/dump-format';
import { isJobError, readMasterDocument, type MasterDocument } from '@sluice/engine';
import { CliError } from '../cli-error.js';
import { formatBytes, textTable } from '../output/format.js';

/**
 * `sluice info --contents`: the objects of a dump file set, read from the master table the export
 * wrote into it: one line per object, table data summed over its chunks.
 */
export async function listSetContents(directory: string, files: readonly string[], encryptionPassword: string | undefined, keyFile: string | undefined): Promise<string[]> {
  const reader = await DumpSetReader.open({
    directory,
    files: [...files],
    ...(encryptionPassword === undefined ? {} : { encryptionPassword }),
    ...(keyFile === undefined ? {} : { keyFile }),
  });
  let doc: MasterDocument;
  try {
    doc = readMasterDocument(await reader.master());
  } catch (error) {
    if (isJobError(error, 'NO_DUMPFILE_INFO')) throw new CliError('BAD_PARAMETER', error.message.replace('this dump file set', files[0] ?? 'the dump file set'), { cause: error });
    throw error;
  } finally {
    await reader.close().catch(() => undefined);
  }
  const { objects } = doc;
  const lines = [`Contents of the dump file set${doc.jobName ? ` of job ${doc.jobName}` : ''}: ${objects.length} object${objects.length === 1 ? '' : 's'}`];
  const rows = objects.map((o) => {
    const data = o.kind === 'DATA';
    return [o.path, o.schema, o.partition === null ? o.name : `${o.name}:${o.partition}`, data ? String(o.rows) : '', data ? formatBytes(o.bytes) : '', o.files.join(',')];
  });
  lines.push(...textTable(['OBJECT_PATH', 'SCHEMA', 'NAME', 'ROWS', 'SIZE', 'FILE'], rows).map((l) => `  ${l}`));
  return lines;
}
