import { checkDumpSet, checkScope, inspectDumpSet, isJobError } from '@sluice/engine';
import { CliError } from '../cli-error.js';
import { parseDatabaseUrl, type DatabaseUrl } from '../connection/connection-url.js';
import { codecFor, openDatabase, openDatabaseConnected } from '../connection/open-database.js';
import { resolveDirectory } from '../files/directory.js';
import { defineJob } from '../job/engine-session.js';
import { buildJobPlan } from '../job/job-plan.js';
import { superviseToExit } from '../job/supervise-to-exit.js';
import type { Adapter } from '@sluice/adapter-kit';
import type { Terminal } from '../output/terminal.js';
import type { ParsedCommandLine } from '../params/parse-command-line.js';
import { PASSWORD_HELP, resolveEncryptionPassword } from '../secrets/encryption-password.js';

/** `sluice export` and `sluice import` (and `sluice sqlfile`): define the job, run it, report. */
export async function runJobCommand(command: 'export' | 'import', parsed: ParsedCommandLine, terminal: Terminal, options: { sqlfileAlias: boolean }): Promise<number> {
  const { params } = parsed;
  if (parsed.positionals.length > 0) {
    throw new CliError('BAD_PARAMETER', `Unexpected argument ${parsed.positionals[0]}: parameters are written NAME=value or --name value (\`sluice help ${command}\`).`);
  }
  const plan = buildJobPlan(command, params, { sqlfileAlias: options.sqlfileAlias });

  // Which databases, checked for shape before anything connects.
  const role = command === 'export' ? 'SOURCE' : 'TARGET';
  const url = params.text(role);
  if (url === undefined) {
    throw new CliError(
      'MISSING_PARAMETER',
      `sluice ${command} needs --${role.toLowerCase()} URL: the ${command === 'export' ? 'database to export from' : 'database to import into'}, e.g. --${role.toLowerCase()} postgres://user@host:5432/database.`,
    );
  }
  const data = parseDatabaseUrl(role, url);
  // CONTROL: the master table lives there instead of in the source or target.
  const controlText = params.text('CONTROL');
  const control = controlText === undefined ? undefined : parseDatabaseUrl('CONTROL', controlText);
  const link = params.text('NETWORK_LINK');
  const remote: DatabaseUrl | undefined = link === undefined ? undefined : parseDatabaseUrl('NETWORK_LINK', link);
  const directory = resolveDirectory(plan.directory);

  // An import reads the set's first header first: a missing or damaged file, or a password it needs, is found now.
  const set =
    command === 'import' && !plan.networkLink
      ? await inspectDumpSet(
          directory,
          plan.dumpFiles.map((f) => f.name),
        )
      : undefined;
  const password = await resolveEncryptionPassword(params, {
    required: plan.needsPassword || set?.encryption === 'PASSWORD',
    confirm: command === 'export',
    reason: command === 'export' ? 'The dump file set is to be encrypted with a password' : `The dump file set ${set?.firstFile ?? ''} is encrypted with a password`,
  });

  // The set must open whole with this password (and, with VERIFY_CHECKSUM=Y, every checksum match)
  // before the job is created: its master table would otherwise already be in the target.
  const verify = plan.parameters['VERIFY_CHECKSUM'] === 1;
  const verified =
    set === undefined
      ? undefined
      : await checkDumpSet(
          directory,
          plan.dumpFiles.map((f) => f.name),
          {
            verify,
            passwordHelp: PASSWORD_HELP,
            ...(password === undefined ? {} : { encryptionPassword: password }),
            ...(plan.keyFile === undefined ? {} : { keyFile: plan.keyFile }),
          },
        );

  const adapters: Adapter[] = [];
  try {
    // The connection that checked the login also checks the scope (one connection less at start-up).
    const opened = await openDatabaseConnected(data);
    const dataAdapter = opened.adapter;
    adapters.push(dataAdapter);
    let controlAdapter: Adapter | undefined;
    let remoteAdapter: Adapter | undefined;
    try {
      controlAdapter = control === undefined ? undefined : await openDatabase(control);
      if (controlAdapter !== undefined) adapters.push(controlAdapter);
      remoteAdapter = remote === undefined ? undefined : await openDatabase(remote);
      if (remoteAdapter !== undefined) adapters.push(remoteAdapter);
      if (command === 'export') await checkScope(dataAdapter, data.display, plan, undefined, opened.conn);
      else if (remoteAdapter !== undefined && remote !== undefined) await checkScope(remoteAdapter, remote.display, plan);
    } finally {
      await opened.conn.close().catch(() => undefined);
    }

    // The CLI has verified the set itself (before the target was touched), so the job need not read it twice.
    const { VERIFY_CHECKSUM: _verified, ...parameters } = plan.parameters;
    const session = await defineJob({
      plan: verified === undefined ? plan : { ...plan, parameters },
      logLines: [...parsed.warnings.map((w) => `Warning: ${w}`), ...(verified === undefined ? [] : [verified])],
      directory,
      home: controlAdapter ?? dataAdapter,
      ...(controlAdapter === undefined ? {} : command === 'export' ? { source: dataAdapter } : { target: dataAdapter }),
      ...(remoteAdapter === undefined ? {} : { networkSource: remoteAdapter }),
      // A set written by the other engine is read through that engine's adapter (never connected).
      ...(set !== undefined && set.sourceEngine !== data.engine ? { codecs: [await codecFor(data.engine)] } : {}),
      clientCommand: parsed.display,
      ...(password === undefined ? {} : { encryptionPassword: password }),
      ...(plan.keyFile === undefined ? {} : { keyFile: plan.keyFile }),
    }).catch((error: unknown) => {
      throw control === undefined ? withControlHint(error, data) : error;
    });
    const resumeCommand = `sluice attach ${session.jobName}${control === undefined ? '' : ` --control ${control.display}`} --${role.toLowerCase()} ${data.display} --start`;
    return await superviseToExit(session, {
      terminal,
      prompt: command === 'export' ? 'Export' : 'Import',
      statusInterval: plan.statusInterval,
      start: { skipCurrent: false },
      resumeCommand,
    });
  } finally {
    await Promise.all(adapters.map((a) => a.close().catch(() => undefined)));
  }
}

/** A master table the user may not create in the source or target: CONTROL= is the way out. */
function withControlHint(error: unknown, data: DatabaseUrl): unknown {
  if (!isJobError(error, 'PRIVILEGE_ERROR')) return error;
  const noun = data.role === 'SOURCE' ? 'source' : 'target';
  const reason = error.cause instanceof Error ? error.cause.message : error.message;
  return new CliError(
    'PRIVILEGE_ERROR',
    `The job's master table cannot be created in the ${noun} database ${data.display}: ${reason}. Give CONTROL=URL (or --control URL): a database where this user may create tables, PostgreSQL or MySQL/MariaDB, on this server or another, to hold the master table; the ${noun} is then only ${data.role === 'SOURCE' ? 'read' : 'loaded'}.`,
    { cause: error },
  );
}
