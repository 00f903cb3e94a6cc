import type { Adapter } from '@sluice/adapter-kit';
import { checkDumpSet, checkScope, defineJob as defineEngineJob, inspectDumpSet, resolveEncryptionPassword, type DataPump, type JobTuning } from '@sluice/engine';
import { codecFor } from './job-codecs.js';
import { clientCommand, type JobRequestPlan } from './job-request.js';
import { REQUEST_WORDS } from './request-words.js';

/** What a job is opened with: its home database (this database), and the network link's source. */
export interface DefineJobInput {
  readonly database: string;
  readonly request: JobRequestPlan;
  readonly home: Adapter;
  readonly networkLink?: Adapter;
  /** The engine's item delay and chunk target (tests and tuning). */
  readonly tuning?: JobTuning;
}

const PASSWORD_HELP = {
  missing: 'Give it in encryption_password, or name a secret of the server in encryption_secret.',
  wrong: 'in encryption_password (or the secret named in encryption_secret).',
};

/** The job's log file: log_file, or one named after the job so two jobs in a directory never share a log. */
export function logFileName(request: JobRequestPlan, jobName: string): string {
  return request.logFile ?? `${jobName}.LOG`;
}

/** A SQL_FILE job's SQL file: sql_file, or one named after the job; undefined for other jobs. */
export function sqlFileName(request: JobRequestPlan, jobName: string): string | undefined {
  return request.plan.sqlFile ?? (request.sqlFileAfterJob ? `${jobName}.sql` : undefined);
}

/**
 * The CLI's path for a request: the dump set's pre-flight (every file there, the password right),
 * the scope check (schemas and tables exist), then OPEN and define the job with the engine and add
 * its log, named after the job. Nothing is created when a check fails.
 */
export async function defineRequestedJob(input: DefineJobInput): Promise<DataPump> {
  const { request, database } = input;
  const { plan } = request;
  const directory = request.directory ?? '';
  const place = request.origin.directoryName !== undefined ? `datapump_dir ${request.origin.directoryName}` : request.origin.location;
  const wording = { words: REQUEST_WORDS, ...(place === undefined ? {} : { place }), passwordHelp: PASSWORD_HELP };
  const specs = plan.dumpFiles.map((f) => f.name);
  const set = plan.operation !== 'EXPORT' && !plan.networkLink ? await inspectDumpSet(directory, specs, wording) : undefined;
  const password = await resolveEncryptionPassword(
    { ...(request.encryptionPassword === undefined ? {} : { password: request.encryptionPassword }) },
    {
      required: plan.needsPassword || set?.encryption === 'PASSWORD',
      reason: plan.operation === 'EXPORT' ? 'The dump file set is to be encrypted with a password' : 'The dump file set is encrypted with a password',
      help: PASSWORD_HELP.missing,
      words: REQUEST_WORDS,
    },
  );
  if (set !== undefined) await checkDumpSet(directory, specs, { ...wording, verify: false, ...(password === undefined ? {} : { encryptionPassword: password }) });
  if (plan.operation === 'EXPORT') await checkScope(input.home, database, plan, REQUEST_WORDS);
  else if (input.networkLink !== undefined && request.origin.networkLink !== undefined) await checkScope(input.networkLink, request.origin.networkLink, plan, REQUEST_WORDS);

  const handle = await defineEngineJob({
    plan,
    directory,
    home: input.home,
    ...(input.networkLink === undefined ? {} : { networkSource: input.networkLink }),
    // A set written by the other engine is read through that engine's adapter (never connected).
    ...(set !== undefined && set.sourceEngine !== input.home.name ? { codecs: [await codecFor(input.home)] } : {}),
    clientCommand: clientCommand(database, request),
    ...(password === undefined ? {} : { encryptionPassword: password }),
    words: REQUEST_WORDS,
    ...(input.tuning === undefined ? {} : { tuning: input.tuning }),
  });
  try {
    if (request.directory !== undefined) await handle.addFile({ kind: 'LOG', name: logFileName(request, handle.jobName), directory: request.directory });
    if (request.sqlFileAfterJob && request.directory !== undefined) await handle.addFile({ kind: 'SQL', name: `${handle.jobName}.sql`, directory: request.directory });
  } catch (error) {
    await handle.detach().catch(() => undefined);
    throw error;
  }
  return handle;
}
