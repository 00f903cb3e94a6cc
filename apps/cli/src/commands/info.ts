import { dumpfileInfoItems, getDumpfileInfo, type DumpfileInfo } from '@sluice/dump-format';
import { CliError } from '../cli-error.js';
import { dumpFileSelections } from '../files/dump-file-args.js';
import { inDirectory } from '../files/directory.js';
import { alignPairs } from '../output/format.js';
import type { Terminal } from '../output/terminal.js';
import type { ParsedCommandLine } from '../params/parse-command-line.js';
import { listSetContents } from '../job/set-contents.js';
import { resolveEncryptionPassword } from '../secrets/encryption-password.js';

function display(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? 'YES' : 'NO';
  return String(value);
}

/** The lines `sluice info` prints for one file: every GET_DUMPFILE_INFO item, aligned. */
export function infoLines(info: DumpfileInfo): string[] {
  if (info.fileType === 0)
    return [
      `${info.fileName}`,
      ...alignPairs([
        ['FILE_TYPE', '0 (not a Sluice dump file)'],
        ['REASON', info.reason],
      ]),
    ];
  const pairs = dumpfileInfoItems(info).map((item): [string, string] => {
    if (item.name === 'FILE_TYPE') return [item.name, '1 (Sluice dump file)'];
    if (item.name === 'FLAGS' && typeof item.value === 'number') return [item.name, `0x${item.value.toString(16).padStart(8, '0')}`];
    return [item.name, display(item.value)];
  });
  return [info.fileName, ...alignPairs(pairs)];
}

/** `sluice info FILE... [--contents]`. Exit 1 when a file is not a readable dump file. */
export async function runInfo(parsed: ParsedCommandLine, terminal: Terminal): Promise<number> {
  let code = 0;
  const selections = await dumpFileSelections(parsed);
  let first = true;
  for (const { directory, names } of selections) {
    for (const name of names) {
      const path = inDirectory(directory, name);
      let info: DumpfileInfo;
      try {
        info = await getDumpfileInfo(path);
      } catch (error) {
        if ((error as { code?: unknown }).code === 'MISSING_FILE') throw new CliError('FILE_NOT_FOUND', `${path} does not exist. Check the file name.`, { cause: error });
        throw error;
      }
      if (!first) terminal.out('');
      first = false;
      for (const line of infoLines(info)) terminal.out(line);
      if (info.fileType === 0) code = 1;
    }
  }
  if (parsed.params.bool('CONTENTS')) {
    if (selections.length !== 1) throw new CliError('BAD_PARAMETER', '--contents reads one dump file set: give files of one folder.');
    const { directory, names } = selections[0]!;
    const first = await getDumpfileInfo(inDirectory(directory, names[0] ?? ''));
    const encrypted = first.fileType === 1 && first.encryptionMode === 'PASSWORD' && !parsed.params.has('ENCRYPTION_KEY_FILE');
    const password = await resolveEncryptionPassword(parsed.params, { required: encrypted, confirm: false, reason: `--contents reads the master table, and ${names[0]} is encrypted with a password` });
    terminal.out('');
    for (const line of await listSetContents(directory, names, password, parsed.params.text('ENCRYPTION_KEY_FILE'))) terminal.out(line);
  }
  return code;
}
