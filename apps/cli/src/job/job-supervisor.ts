import { checkSimpleName } from '../files/directory.js';
import { redact } from '../secrets/redact.js';
import type { Terminal } from '../output/terminal.js';
import { interactiveHelp } from '../commands/interactive-help.js';
import { parseInteractiveCommand } from './interactive-command.js';
import type { JobSession, SessionOutcome } from './job-session.js';
import { LineReader } from './line-reader.js';
import { LiveDisplay, PlainDisplay, type LogDisplay } from './log-display.js';
import { progressLines, RateMeter, statusReport } from './progress-view.js';

/** How the client left the job. */
export type ClientExit = 'ENDED' | 'STOPPED' | 'KILLED' | 'EXITED' | 'DETACHED' | 'LEFT';

/** What `superviseJob` saw: the job's outcome (when it ran to an end or a stop) and how the client left. */
export interface SupervisedResult {
  readonly exit: ClientExit;
  readonly outcome?: SessionOutcome;
}

/** How to drive a job from the command line. */
export interface SuperviseOptions {
  readonly terminal: Terminal;
  /** `Export` or `Import`: the interactive prompt is `Export> `. */
  readonly prompt: 'Export' | 'Import';
  /** STATUS=n: a status report every n seconds (0: none). */
  readonly statusInterval: number;
  /** START_JOB first (export/import, or attach --start). */
  readonly start?: { readonly skipCurrent: boolean; readonly serveOnly?: boolean; readonly parallel?: number };
  /** Enter interactive mode at once (attach without --start). */
  readonly interactiveFirst?: boolean;
  /** The command that resumes the job, for messages: `sluice attach NAME --source URL --start`. */
  readonly resumeCommand: string;
}

const RUNNING = new Set(['EXECUTING', 'COMPLETING', 'STOP PENDING', 'STOPPING']);

/**
 * Run the client side of a job: print its log lines, keep the progress display (or STATUS reports)
 * up to date, and on Ctrl-C enter interactive mode. Resolves when the job ends or the client leaves.
 */
export async function superviseJob(session: JobSession, options: SuperviseOptions): Promise<SupervisedResult> {
  const { terminal } = options;
  const write = (text: string): void => void process.stdout.write(text);
  const display: LogDisplay = terminal.interactive ? new LiveDisplay(write) : new PlainDisplay(write);
  const unsubscribe = session.onLog((line, isError) => display.line(line, isError));
  const reader = new LineReader();
  const meter = new RateMeter();
  const title = `${options.prompt} ${session.jobName}`;

  let end: Promise<SessionOutcome> | undefined;
  let interrupted: (() => void) | undefined;
  let interruptPending = false;
  const interrupt = (): void => {
    interruptPending = true;
    interrupted?.();
  };
  let terminating = false;
  // A serving process asked to go (SIGTERM, EXIT_CLIENT) stops its own workers only; the job goes on.
  const serving = options.start?.serveOnly === true;
  let leaving = false;
  // Ctrl-C at the prompt (a pipe, or a terminal between reads) reminds how to leave instead.
  let atPrompt = false;
  const hint = (): void => void process.stdout.write(`\n(type CONTINUE_CLIENT to go back to the log, EXIT_CLIENT to leave, HELP for more)\n${options.prompt}> `);
  const onSigint = (): void => (atPrompt ? hint() : interrupt());
  const onSigterm = (): void => {
    if (terminating) return;
    terminating = true;
    if (serving) {
      leaving = true;
      display.line(`Stopping this process's workers on ${session.jobName} (SIGTERM): the work items they hold go back to the job, which goes on in its other processes.`);
      void session.stopServing({ immediate: true }).catch(() => undefined);
      return;
    }
    display.line(`Stopping ${session.jobName} (SIGTERM): the master table is kept; resume with ${options.resumeCommand}`);
    void session.stop({ immediate: true, keepMaster: true }).catch(() => undefined);
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  reader.onInterrupt = hint;

  let statusInterval = options.statusInterval;
  let lastStatusAt = Date.now();
  let ticking = false;
  const tick = async (): Promise<void> => {
    if (ticking) return;
    ticking = true;
    try {
      const status = await session.status();
      meter.sample(Date.now(), status.completedBytes);
      if (terminal.interactive) display.update(progressLines(title, status, meter.rate(), process.stdout.columns ?? 120));
      if (statusInterval > 0 && Date.now() - lastStatusAt >= statusInterval * 1000) {
        lastStatusAt = Date.now();
        for (const line of statusReport(session.jobName, session.operation, session.mode, status)) display.line(line);
      }
    } catch {
      // A status call can fail while the job is finishing; the next tick tries again.
    } finally {
      ticking = false;
    }
  };
  const timer = setInterval(() => void tick(), terminal.interactive ? 500 : 1000);

  // Whether this process started the job, so its workers run here and leaving must stop it.
  let startedHere = false;
  const startJob = async (skipCurrent: boolean): Promise<void> => {
    await session.start({ skipCurrent });
    startedHere = true;
    end = session.waitForEnd();
  };

  try {
    if (options.start?.serveOnly === true) {
      // Serving: this process's workers join the job; it ends when they find no work left.
      await session.start(options.start);
      end = session.waitForEnd();
    } else if (options.start !== undefined) await startJob(options.start.skipCurrent);
    else if (RUNNING.has((await session.status()).state)) end = session.waitForEnd();

    let interactive = options.interactiveFirst === true || end === undefined;
    for (;;) {
      if (!interactive) {
        display.resume();
        const woke = await new Promise<'end' | 'interrupt'>((resolve) => {
          if (interruptPending) return resolve('interrupt');
          interrupted = () => resolve('interrupt');
          void end!.then(
            () => resolve('end'),
            () => resolve('end'),
          );
        });
        interrupted = undefined;
        interruptPending = false;
        if (woke === 'end') return { exit: leaving ? 'LEFT' : 'ENDED', outcome: await end! };
        interactive = true;
      }
      display.pause();
      atPrompt = true;
      const action = await interactiveMode(
        session,
        reader,
        options,
        () => end,
        () => startedHere,
        startJob,
        (n) => (statusInterval = n),
      );
      reader.pause();
      atPrompt = false;
      interruptPending = false;
      switch (action.kind) {
        case 'continue':
          interactive = end === undefined;
          if (interactive) process.stdout.write('The job is not running: START_JOB starts it, EXIT_CLIENT leaves.\n');
          continue;
        case 'ended':
          return { exit: 'ENDED', outcome: action.outcome };
        case 'left':
          return action.outcome === undefined ? { exit: action.exit } : { exit: action.exit, outcome: action.outcome };
      }
    }
  } finally {
    clearInterval(timer);
    display.close();
    unsubscribe();
    reader.close();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
  }
}

type InteractiveAction =
  | { readonly kind: 'continue' }
  | { readonly kind: 'ended'; readonly outcome: SessionOutcome }
  | { readonly kind: 'left'; readonly exit: ClientExit; readonly outcome?: SessionOutcome };

async function confirm(reader: LineReader, question: string): Promise<boolean> {
  const answer = ((await reader.read(`${question} ([yes]/no): `)) ?? '').trim().toLowerCase();
  return answer === '' || answer === 'y' || answer === 'yes';
}

/** The `Export> ` prompt loop; returns what the user decided, or that the job ended meanwhile. */
async function interactiveMode(
  session: JobSession,
  reader: LineReader,
  options: SuperviseOptions,
  currentEnd: () => Promise<SessionOutcome> | undefined,
  startedHere: () => boolean,
  startJob: (skipCurrent: boolean) => Promise<void>,
  setStatusInterval: (n: number) => void,
): Promise<InteractiveAction> {
  const say = (line: string): void => void process.stdout.write(`${redact(line)}\n`);
  for (;;) {
    const end = currentEnd();
    const ended = end === undefined ? new Promise<never>(() => undefined) : end.then((outcome) => ({ ended: outcome }));
    const next = await Promise.race([reader.read(`${options.prompt}> `).then((line) => ({ line })), ended]);
    if ('ended' in next) {
      reader.cancel();
      say('');
      return { kind: 'ended', outcome: next.ended };
    }
    if (next.line === undefined) {
      // End of input: nobody can answer the prompt. A running job runs on; an idle one is left as it is.
      say('');
      if (end !== undefined) return { kind: 'continue' };
      await session.detach();
      say(`Left job ${session.jobName}; it is not running. Resume it with: ${options.resumeCommand}`);
      return { kind: 'left', exit: 'DETACHED' };
    }
    const command = parseInteractiveCommand(next.line);
    try {
      switch (command.kind) {
        case 'NONE':
          break;
        case 'ERROR':
          say(command.message);
          break;
        case 'HELP':
          say(interactiveHelp(options.prompt));
          break;
        case 'STATUS':
          if (command.interval !== undefined) setStatusInterval(command.interval);
          for (const line of statusReport(session.jobName, session.operation, session.mode, await session.status())) say(line);
          break;
        case 'PARALLEL':
          await session.setParallel(command.degree);
          say(`Parallelism set to ${command.degree}.`);
          break;
        case 'ADD_FILE':
          for (const file of command.files) {
            await session.addFile(checkSimpleName('ADD_FILE', file));
            say(`Added dump file ${file}.`);
          }
          break;
        case 'START_JOB':
          if (end !== undefined) say('The job is already running.');
          else {
            await startJob(command.skipCurrent);
            say(`Job ${session.jobName} restarted.`);
          }
          break;
        case 'CONTINUE_CLIENT':
          if (end === undefined) await startJob(false);
          return { kind: 'continue' };
        case 'STOP_JOB': {
          if (!(await confirm(reader, 'Are you sure you wish to stop this job'))) break;
          await session.stop({ immediate: command.immediate, keepMaster: true });
          const outcome = end === undefined ? undefined : await end;
          say(`Job ${session.jobName} stopped; its master table is kept. Resume it with: ${options.resumeCommand}`);
          return outcome === undefined ? { kind: 'left', exit: 'STOPPED' } : { kind: 'left', exit: 'STOPPED', outcome };
        }
        case 'KILL_JOB': {
          if (!(await confirm(reader, 'Are you sure you wish to stop this job and drop its master table'))) break;
          await session.stop({ immediate: true, keepMaster: false });
          const outcome = end === undefined ? undefined : await end;
          say(`Job ${session.jobName} killed; its master table is dropped and it cannot be resumed.`);
          return outcome === undefined ? { kind: 'left', exit: 'KILLED' } : { kind: 'left', exit: 'KILLED', outcome };
        }
        case 'EXIT_CLIENT': {
          if (end !== undefined && options.start?.serveOnly === true) {
            // This process serves the job: its workers finish their current items and go; the job goes on.
            say(`This process's workers on ${session.jobName} finish their current work items and stop; the job goes on in its other processes.`);
            await session.stopServing({ immediate: false });
            return { kind: 'left', exit: 'LEFT', outcome: await end };
          }
          if (end === undefined || !startedHere()) {
            await session.detach();
            say(end === undefined ? `Left job ${session.jobName}; it is not running. Resume it with: ${options.resumeCommand}` : `Detached from job ${session.jobName}, which keeps running.`);
            return { kind: 'left', exit: 'DETACHED' };
          }
          // The workers run in this process: leaving would end them, so stop the job in an orderly way.
          say(`The job's workers run in this process, so ${session.jobName} is stopped in an orderly way (current work items finish); its master table is kept.`);
          await session.stop({ immediate: false, keepMaster: true });
          const outcome = await end;
          say(`Job ${session.jobName} stopped. Resume it with: ${options.resumeCommand}`);
          return { kind: 'left', exit: 'EXITED', outcome };
        }
      }
    } catch (error) {
      say(error instanceof Error ? error.message : String(error));
    }
  }
}
