import type { Adapter } from '@sluice/adapter-kit';
import { isJobError, isLiveState, KU$_STATUS_JOB_DESC } from '@sluice/engine';
import { CliError } from '../cli-error.js';
import { parseDatabaseUrl } from '../connection/connection-url.js';
import { jobDatabases } from '../connection/home-database.js';
import { codecFor, openDatabase } from '../connection/open-database.js';
import { resolveDirectory } from '../files/directory.js';
import { attachJob } from '../job/engine-session.js';
import { runningElsewhereMessage } from '../job/running-elsewhere.js';
import { exitCodeOf, finalMessage } from '../job/exit-code.js';
import { superviseJob, type SupervisedResult } from '../job/job-supervisor.js';
import { superviseToExit } from '../job/supervise-to-exit.js';
import { statusReport } from '../job/progress-view.js';
import type { Terminal } from '../output/terminal.js';
import type { ParsedCommandLine } from '../params/parse-command-line.js';
import { PASSWORD_HELP, resolveEncryptionPassword } from '../secrets/encryption-password.js';

/**
 * `sluice attach JOB --source|--target URL [--start] [--parallel n]`: reconnect to a job, show its
 * status, and either enter interactive mode or (with --start) restart it and stay until it ends.
 */
export async function runAttach(parsed: ParsedCommandLine, terminal: Terminal): Promise<number> {
  const { params, positionals } = parsed;
  if (positionals.length !== 1) {
    throw new CliError(
      'MISSING_PARAMETER',
      `sluice attach needs the job's name: sluice attach JOB --source URL (\`sluice jobs --source URL\` lists them).${positionals.length > 1 ? ` Got ${positionals.length} names.` : ''}`,
    );
  }
  const jobName = positionals[0]!;
  const { home: db, data } = jobDatabases(params, 'attach');
  const start = params.bool('START');
  const serve = params.bool('SERVE');
  const parallel = params.int('PARALLEL');
  if (start && serve) throw new CliError('CONFLICTING_PARAMETERS', '--start restarts a stopped job and --serve joins a running one: give one of them.');
  if (parallel !== undefined && !start && !serve) throw new CliError('CONFLICTING_PARAMETERS', '--parallel applies with --start or --serve (or type PARALLEL=n at the Export> prompt).');
  const link = params.text('NETWORK_LINK');
  const remote = link === undefined ? undefined : parseDatabaseUrl('NETWORK_LINK', link);
  const directory = params.has('DIRECTORY') ? resolveDirectory(params.text('DIRECTORY')) : undefined;
  const password = await resolveEncryptionPassword(params, { required: false, confirm: false, reason: '' });
  const keyFile = params.text('ENCRYPTION_KEY_FILE');

  const adapters: Adapter[] = [];
  try {
    const home = await openDatabase(db);
    adapters.push(home);
    // With --control, the database the job reads (--source) or loads (--target) is another one.
    const dataAdapter = data === undefined ? undefined : await openDatabase(data);
    if (dataAdapter !== undefined) adapters.push(dataAdapter);
    const networkSource = remote === undefined ? undefined : await openDatabase(remote);
    if (networkSource !== undefined) adapters.push(networkSource);
    const session = await attachJob({
      jobName,
      home,
      ...(dataAdapter === undefined || data === undefined ? {} : data.role === 'SOURCE' ? { source: dataAdapter } : { target: dataAdapter }),
      ...(networkSource === undefined ? {} : { networkSource }),
      // An import restarted here may read a dump file set the other engine wrote.
      ...(start ? { codecs: [await codecFor((data ?? db).engine)] } : {}),
      ...(directory === undefined ? {} : { directory }),
      ...(password === undefined ? {} : { encryptionPassword: password }),
      ...(keyFile === undefined ? {} : { keyFile }),
    });
    const prompt = session.operation === 'EXPORT' ? 'Export' : 'Import';
    const needed = session.operation === 'EXPORT' ? 'SOURCE' : 'TARGET';
    if (db.role === 'CONTROL' && data?.role !== needed && (start || data !== undefined)) {
      await session.detach().catch(() => undefined);
      const option = `--${needed.toLowerCase()}`;
      throw new CliError(
        'MISSING_PARAMETER',
        `Job ${session.jobName} is an ${session.operation === 'EXPORT' ? 'export' : 'import'} whose master table is in the control database: give ${option} URL too, the database it ${session.operation === 'EXPORT' ? 'exports' : 'imports into'} (sluice attach ${session.jobName} --control URL ${option} URL).`,
      );
    }
    const where = db.role === 'CONTROL' ? `--control ${db.display}${data === undefined ? '' : ` --${data.role.toLowerCase()} ${data.display}`}` : `--${db.role.toLowerCase()} ${db.display}`;
    const resumeCommand = `sluice attach ${session.jobName} ${where}${remote === undefined ? '' : ` --network-link ${remote.display}`} --start`;

    if (!serve && (await session.handle.currentState()) === 'COMPLETED') {
      // Only a job kept with KEEP_MASTER=Y is still there once it has completed.
      terminal.out(
        `Job ${session.jobName} has completed; its master table was kept (KEEP_MASTER=Y) for inspection, and there is nothing to resume. Drop the table ${session.jobName} in ${db.display} to remove it.`,
      );
      await session.detach().catch(() => undefined);
      return 0;
    }
    const followCommand = resumeCommand.replace(/ --start$/, '');
    if (start && isLiveState(await session.handle.currentState())) {
      // Processes that hold the job's lock run it: starting it again here would run it twice.
      const processes = await session.handle.runningProcesses();
      await session.detach().catch(() => undefined);
      throw new CliError('JOB_RUNNING', runningElsewhereMessage(session.jobName, processes, followCommand));
    }
    // A job whose work is done has nothing to restart or serve (and GET_STATUS is not valid once it
    // completed, which it may do at any moment: a refusal then leaves the end to serveJob).
    const needsLink = (start || serve) && remote === undefined && !FINISHING_STATES.has(await session.handle.currentState());
    const described = needsLink ? (await session.handle.getStatus(KU$_STATUS_JOB_DESC, 0).catch(() => undefined))?.jobDescription : undefined;
    if (described?.remoteLink === true) {
      // The source's address is not kept with the job (nor its password): the restart needs it again.
      await session.detach().catch(() => undefined);
      throw new CliError(
        'MISSING_PARAMETER',
        `Job ${session.jobName} reads its source over a network link, whose address is not kept with the job: give it again with --network-link (sluice attach ${session.jobName} ${where} --network-link URL ${start ? '--start' : '--serve'}).`,
      );
    }
    if (serve && session.operation === 'EXPORT' && password === undefined && keyFile === undefined && (await encryptsDumpFiles(session))) {
      // Secrets are never stored: the files this process writes are sealed with the job's key, derived from its password.
      await session.detach().catch(() => undefined);
      throw new CliError(
        'MISSING_PARAMETER',
        `Job ${session.jobName} encrypts its dump files: a process serving it needs the job's encryption password to write files of the set. ${PASSWORD_HELP.missing}`,
      );
    }
    if (serve) return await serveJob(session, { terminal, parallel, statusInterval: params.int('STATUS') ?? 0, resumeCommand, followCommand });
    const status = await session.status();
    for (const line of statusReport(session.jobName, session.operation, session.mode, status)) terminal.out(line);

    if (start) {
      // Secrets are never stored: a restart of an encrypted job needs them again.
      if (password === undefined && keyFile === undefined && (await encryptsDumpFiles(session))) {
        const secret = await resolveEncryptionPassword(params, { required: true, confirm: false, reason: `Job ${session.jobName} encrypts its dump files` });
        if (secret !== undefined) await session.handle.setParameter('ENCRYPTION_PASSWORD', secret);
      }
      if (parallel !== undefined) await session.setParallel(parallel);
    }
    try {
      return await superviseToExit(session, {
        terminal,
        prompt,
        statusInterval: params.int('STATUS') ?? 0,
        ...(start ? { start: { skipCurrent: false } } : { interactiveFirst: true }),
        resumeCommand,
      });
    } catch (error) {
      // Another process started the job since we looked: say so in commands, not in the engine's API words.
      const processes = start && isJobError(error, 'INVALID_STATE') ? await session.handle.runningProcesses().catch(() => []) : [];
      if (processes.length > 0) throw new CliError('JOB_RUNNING', runningElsewhereMessage(session.jobName, processes, followCommand), { cause: error });
      throw error;
    }
  } finally {
    await Promise.all(adapters.map((a) => a.close().catch(() => undefined)));
  }
}

/**
 * `attach JOB --serve`: this process's workers join the job another process runs (export: they write
 * files of their own into the set's location; import: they load); it exits once they find no work
 * left and the job has ended, with the job's exit code. A job found completing or completed (even
 * while this process was joining it) is reported as such: there is nothing to serve, and nothing to resume.
 */
async function serveJob(
  session: Awaited<ReturnType<typeof attachJob>>,
  options: { terminal: Terminal; parallel: number | undefined; statusInterval: number; resumeCommand: string; followCommand: string },
): Promise<number> {
  const state = await session.handle.currentState();
  if (FINISHING_STATES.has(state)) return await finishedJob(session, state, options.terminal);
  if (state !== 'EXECUTING') {
    await session.detach().catch(() => undefined);
    throw new CliError(
      'JOB_NOT_RUNNING',
      `Job ${session.jobName} is ${state}, not running: --serve adds workers to a job that is running in another process. Restart it with ${options.resumeCommand}, then serve it.`,
    );
  }
  options.terminal.out(
    `Serving job ${session.jobName} with ${options.parallel === undefined ? "the job's PARALLEL in" : `${options.parallel}`} worker(s) of this process (follow it with ${options.followCommand}).`,
  );
  const supervise = {
    terminal: options.terminal,
    prompt: session.operation === 'EXPORT' ? 'Export' : 'Import',
    statusInterval: options.statusInterval,
    start: { skipCurrent: false, serveOnly: true, ...(options.parallel === undefined ? {} : { parallel: options.parallel }) },
    resumeCommand: options.resumeCommand,
  } as const;
  let result: SupervisedResult;
  try {
    result = await superviseJob(session, supervise);
  } catch (error) {
    if (!isJobError(error, 'INVALID_STATE')) throw error;
    // The job went on to complete while this process asked to join it (it was sealed, or its master table dropped).
    const now = await session.handle.currentState().catch(() => undefined);
    if (now !== undefined && FINISHING_STATES.has(now)) return await finishedJob(session, now, options.terminal);
    await session.detach().catch(() => undefined);
    throw new CliError('JOB_NOT_RUNNING', `Job ${session.jobName} is not running in another process any more, so there is nothing to serve: ${(error as Error).message}`, { cause: error });
  }
  if (result.exit !== 'DETACHED') await session.detach().catch(() => undefined);
  const code = exitCodeOf(result);
  if (result.exit === 'ENDED' && (code === 0 || code === 5) && result.outcome?.tookOver === true) {
    options.terminal.out(
      `Job ${session.jobName} has completed${code === 5 ? ' with errors (its log lists them)' : ''}; this process took it over when the process that started it died, and completed it.`,
    );
  } else if (result.exit === 'ENDED' && (code === 0 || code === 5)) {
    options.terminal.out(`Job ${session.jobName} has completed${code === 5 ? ' with errors (the log of the process that started it lists them)' : ''}; this process served it to its end.`);
  }
  const message = finalMessage(session.jobName, result, options.resumeCommand);
  if (message !== undefined) options.terminal.err(message);
  return code;
}

/** Whether the job writes encrypted dump files (its ENCRYPTION parameter); false once its status cannot be read (it has ended). */
async function encryptsDumpFiles(session: Awaited<ReturnType<typeof attachJob>>): Promise<boolean> {
  const desc = (await session.handle.getStatus(KU$_STATUS_JOB_DESC, 0).catch(() => undefined))?.jobDescription;
  return desc?.params.some((p) => p.name === 'ENCRYPTION' && p.value !== 'NONE') === true;
}

/** States of a job whose work is all done: a process that comes to serve it only waits for its end. */
const FINISHING_STATES = new Set(['COMPLETING', 'COMPLETED']);

/** A job found completing or completed by `--serve`: wait for its end, say so, and exit with its code (0, or 5 with errors). */
async function finishedJob(session: Awaited<ReturnType<typeof attachJob>>, state: string, terminal: Terminal): Promise<number> {
  try {
    // While it completes its master table still counts its errors; once completed only a kept one (KEEP_MASTER=Y) does.
    const before = state === 'COMPLETING' ? await session.status().catch(() => undefined) : undefined;
    const result = await session.handle.waitForJob();
    if (result.state !== 'COMPLETED') {
      throw new CliError('JOB_NOT_RUNNING', `Job ${session.jobName} is ${result.state}, not running: --serve adds workers to a job that is running in another process.`);
    }
    const errors = Math.max(before?.errorCount ?? 0, result.errors);
    terminal.out(`Job ${session.jobName} has completed${errors > 0 ? ` with ${errors} error(s)` : ''}; there was nothing left for this process to serve.`);
    return errors > 0 ? 5 : 0;
  } finally {
    await session.detach().catch(() => undefined);
  }
}
