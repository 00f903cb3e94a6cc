import { getDumpfileInfo, verifyDumpSet } from '@sluice/dump-format';
import { inDirectory } from '../files/directory.js';
import { dumpFileSelections } from '../files/dump-file-args.js';
import { missingDataText } from '@sluice/engine';
import { CliError } from '../cli-error.js';
import { incompleteSetLines, readSetMaster } from '../job/set-contents.js';
import { formatBytes, textTable } from '../output/format.js';
import type { Terminal } from '../output/terminal.js';
import type { ParsedCommandLine } from '../params/parse-command-line.js';
import { resolveEncryptionPassword } from '../secrets/encryption-password.js';

/** `sluice verify FILE...`: check every frame and file checksum of one set; exit 1 when anything is damaged. */
export async function runVerify(parsed: ParsedCommandLine, terminal: Terminal): Promise<number> {
  const selections = await dumpFileSelections(parsed);
  if (selections.length !== 1) throw new CliError('BAD_PARAMETER', 'sluice verify checks one dump file set: give files of one folder.');
  const { directory, names } = selections[0]!;
  const password = await resolveEncryptionPassword(parsed.params, { required: false, confirm: false, reason: '' });
  const keyFile = parsed.params.text('ENCRYPTION_KEY_FILE');
  const report = await verifyDumpSet({
    directory,
    files: [...names],
    ...(password === undefined ? {} : { encryptionPassword: password }),
    ...(keyFile === undefined ? {} : { keyFile }),
  });
  terminal.out(`Dump file set ${report.guid ?? '(unknown GUID)'} in ${directory}`);
  const rows = report.files.map((f) => [f.file, String(f.fileNumber), formatBytes(f.bytes), String(f.frames), String(f.badFrames), f.sha256, f.complete ? 'yes' : 'NO']);
  for (const line of textTable(['file', 'number', 'size', 'frames', 'bad frames', 'sha256', 'complete'], rows)) terminal.out(`  ${line}`);
  for (const p of report.problems) {
    const where = [p.file, p.offset === undefined ? undefined : `offset ${p.offset}`, p.sequence === undefined ? undefined : `frame ${p.sequence}`].filter((x) => x !== undefined).join(', ');
    terminal.out(`  BAD ${p.code} at ${where}: ${p.message}`);
  }
  const first = names[0] === undefined ? undefined : await getDumpfileInfo(inDirectory(directory, names[0])).catch(() => undefined);
  const encrypted = first?.fileType === 1 && first.encryptionMode !== 'NONE';
  if (encrypted && !report.tagsChecked) terminal.out('  Note: the set is encrypted and no password or key was given, so the AES-GCM tags were not checked (frame checksums were).');
  if (report.ok) {
    // Sound frames are half the answer: the master says whether the export finished every table.
    const master = encrypted && password === undefined && keyFile === undefined ? undefined : await readSetMaster(directory, names, password, keyFile).catch(() => undefined);
    if (master !== undefined && !master.complete) {
      for (const line of incompleteSetLines(master)) terminal.out(`  ${line}`);
      terminal.err(
        `sluice: every checksum matches, but the dump file set is INCOMPLETE: its export did not finish ${master.missing.map(missingDataText).join(', ')}. Import what it holds with DATA_OPTIONS=ACCEPT_INCOMPLETE_SET, or export those tables again.`,
      );
      return 1;
    }
    terminal.out(
      master === undefined
        ? '  Note: the master table was not read (it is encrypted and no password or key was given, or it is not a Sluice master), so whether the export finished every table was not checked.'
        : '  Complete: the export finished every table it planned.',
    );
    terminal.out(`OK: ${report.files.length} file${report.files.length === 1 ? '' : 's'}, every checksum matches.`);
    return 0;
  }
  terminal.err(
    `sluice: the dump file set is damaged (${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} above). Restore the damaged files from a good copy; an import can skip damaged frames with DATA_OPTIONS=CONTINUE_LOAD_ON_FORMAT_ERROR.`,
  );
  return 1;
}
