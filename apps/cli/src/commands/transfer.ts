import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { resolveLocation, transferDumpSet, type TransferEvent } from '@sluice/dump-format';
import { CliError } from '../cli-error.js';
import { checkSimpleName, resolveDirectory } from '../files/directory.js';
import { dumpFileLocation } from '@sluice/engine';
import { isObjectStorage, openTransferDestination } from '../files/object-storage.js';
import { TransferLog } from '../files/transfer-log.js';
import { LiveDisplay, PlainDisplay, type LogDisplay } from '../job/log-display.js';
import { RateMeter } from '../job/progress-view.js';
import { describeError } from '../output/describe-error.js';
import { formatBytes, formatElapsed, formatEta, formatLogDate } from '../output/format.js';
import type { Terminal } from '../output/terminal.js';
import type { ParsedCommandLine } from '../params/parse-command-line.js';

const ACTION_TEXT = {
  copy: 'copying',
  check: 'checking the copy already there',
  'replace-unfinished': 'replacing an unfinished copy',
  replace: 'replacing the file there (REUSE_DUMPFILES=YES)',
} as const;

/** TO=: a folder that must exist, or an object-storage location (checked when it is opened). */
function resolveTo(given: string): string {
  if (isObjectStorage(given)) return given.replace(/\/+$/, '');
  const folder = resolve(given);
  let isDirectory = false;
  try {
    isDirectory = statSync(folder).isDirectory();
  } catch (error) {
    throw new CliError('FILE_NOT_FOUND', `TO=${given} does not exist. Create the folder (mkdir -p ${folder}) or name an existing one.`, { cause: error });
  }
  if (!isDirectory) throw new CliError('BAD_PARAMETER', `TO=${given} is a file, not a folder. Name the folder the set is copied to.`);
  return folder;
}

/**
 * `sluice transfer DIRECTORY=from DUMPFILE=names TO=to`: copies a dump file set between a folder and
 * object storage (either way, or between two of either) with @sluice/dump-format's transferDumpSet,
 * showing progress and writing the task log at the destination. Exit 0 when every file is there and
 * verified, 1 otherwise; running the same command again continues.
 */
export async function runTransfer(parsed: ParsedCommandLine, terminal: Terminal): Promise<number> {
  const { params } = parsed;
  if (parsed.positionals.length > 0) {
    throw new CliError('BAD_PARAMETER', `sluice transfer takes no file arguments (${parsed.positionals[0]}): name the set with DIRECTORY= and DUMPFILE=, and where it goes with TO=.`);
  }
  const toGiven = params.text('TO');
  if (!params.has('DUMPFILE') || toGiven === undefined) {
    throw new CliError(
      'MISSING_PARAMETER',
      'sluice transfer needs DUMPFILE= (the files of the set, e.g. DUMPFILE=hr%U.dmp) and TO= (a folder or s3://bucket/prefix): sluice transfer DIRECTORY=from DUMPFILE=hr%U.dmp TO=s3://bucket/prefix.',
    );
  }
  if (params.bool('NOLOGFILE') && params.has('LOGFILE')) throw new CliError('CONFLICTING_PARAMETERS', 'NOLOGFILE=Y and LOGFILE= contradict each other. Leave one of them out.');
  const { directory, specs } = dumpFileLocation(params.text('DIRECTORY'), params.list('DUMPFILE'));
  const from = resolveDirectory(directory);
  const logName = params.bool('NOLOGFILE') ? undefined : checkSimpleName('LOGFILE', params.text('LOGFILE') ?? 'transfer.log');
  const to = await resolveLocation(await openTransferDestination(resolveTo(toGiven), params));

  const write = (text: string): void => void process.stdout.write(text);
  const display: LogDisplay = terminal.interactive ? new LiveDisplay(write) : new PlainDisplay(write);
  const log = logName === undefined ? undefined : new TransferLog(to, logName);
  const say = (line: string): void => {
    display.line(line);
    log?.add(line);
  };
  const started = Date.now();
  const meter = new RateMeter();
  let last: Extract<TransferEvent, { kind: 'progress' }> | undefined;
  let current = '';
  let guid = '';
  const redraw = (): void => {
    if (!terminal.interactive || last === undefined) return;
    meter.sample(Date.now(), last.bytesDone);
    const rate = meter.rate();
    const pct = last.totalBytes > 0 ? Math.floor((100 * last.bytesDone) / last.totalBytes) : 100;
    const eta = rate > 0 ? formatEta((last.totalBytes - last.bytesDone) / rate) : '--';
    display.update([`Transfer  ${pct}%  ${formatBytes(last.bytesDone)} of ${formatBytes(last.totalBytes)}  ${formatBytes(Math.round(rate))}/s  ETA ${eta}`, `  ${current}`]);
  };
  const timer = setInterval(redraw, 500);

  // SIGINT / SIGTERM stop the transfer in order: the file being copied is dropped (its upload aborted,
  // its partial file removed), so a rerun finds only whole, verified copies. A second signal kills.
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    stop.abort(new CliError('JOB_FAILED', `The transfer was stopped (${signal}) before it finished; the files copied so far are at ${to.display}, and no partial file is left.`));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  log?.add(`;;; ${parsed.display}`);
  say(`Starting transfer from ${from} to ${to.display} at ${formatLogDate(new Date(started))}`);
  try {
    const report = await transferDumpSet({
      from,
      files: specs,
      to,
      reuseDumpfiles: params.bool('REUSE_DUMPFILES'),
      signal: stop.signal,
      onEvent: (e) => {
        switch (e.kind) {
          case 'plan':
            guid = e.guid;
            say(`Dump file set ${e.guid}: ${e.files.length} file${e.files.length === 1 ? '' : 's'}, ${formatBytes(e.totalBytes)}`);
            break;
          case 'file-start':
            current = `${e.file}  ${ACTION_TEXT[e.action]}`;
            say(`${e.action === 'check' ? 'Checking' : 'Copying'} ${e.file} (${formatBytes(e.bytes)})${e.action === 'copy' || e.action === 'check' ? '' : `: ${ACTION_TEXT[e.action]}`}`);
            break;
          case 'progress':
            last = e;
            current = `${e.file}  ${formatBytes(e.fileDone)}`;
            break;
          case 'file-verifying':
            current = `${e.file}  verifying ${e.destination}`;
            break;
          case 'verify-progress':
            current = `${e.file}  verifying the copy: ${formatBytes(e.verified)} of ${formatBytes(e.bytes)}`;
            break;
          case 'uploads-dropped':
            say(`Aborted the unfinished upload(s) of ${e.files.join(', ')} in ${e.to} that a killed transfer left.`);
            break;
          case 'file-done':
            say(
              e.outcome === 'copied'
                ? `. . copied "${e.file}"  ${formatBytes(e.bytes)}  verified at ${e.destination}  sha256 ${e.sha256}`
                : `. . skipped "${e.file}"  ${formatBytes(e.bytes)}  a verified copy is already at ${e.destination}`,
            );
            break;
        }
      },
    });
    const copied = report.files.filter((f) => f.outcome === 'copied').length;
    say(
      `Transfer of dump file set ${report.guid} successfully completed at ${formatLogDate(new Date())} elapsed ${formatElapsed(Date.now() - started)}: ` +
        `${copied} file${copied === 1 ? '' : 's'} copied (${formatBytes(report.bytesCopied)}), ${report.files.length - copied} already there`,
    );
    for (const f of report.files) say(`  ${to.describe(f.file)}`);
    await writeLog(log, terminal);
    return 0;
  } catch (error) {
    const { message, details } = describeError(error, params.bool('DEBUG'));
    const next = 'Run the same transfer again once that is fixed: files already copied and verified are skipped.';
    log?.add(`${message}`);
    log?.add(`Transfer${guid === '' ? '' : ` of dump file set ${guid}`} failed at ${formatLogDate(new Date())} elapsed ${formatElapsed(Date.now() - started)}. ${next}`);
    display.close();
    terminal.err(`sluice: ${message}`);
    for (const line of details) terminal.err(line);
    terminal.err(next);
    await writeLog(log, terminal);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    clearInterval(timer);
    display.close();
  }
}

/** Writes the task log; a log that cannot be written is a warning (the transfer's own outcome stands). */
async function writeLog(log: TransferLog | undefined, terminal: Terminal): Promise<void> {
  if (log === undefined) return;
  try {
    await log.write();
  } catch (error) {
    terminal.err(`Warning: the log file ${log.path} could not be written: ${describeError(error, false).message}`);
  }
}
