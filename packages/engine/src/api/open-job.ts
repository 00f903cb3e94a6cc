import type { Adapter } from '@sluice/adapter-kit';
import { WRITABLE_VERSIONS } from '@sluice/dump-format';
import { JobError, isJobError } from '../errors.js';
import type { JobDefinition, JobMode, JobOperation } from '../job/job-definition.js';
import { resolveTuning, type JobTuning } from '../job/job-tuning.js';
import { checkCall } from '../job-state/index.js';
import { MasterTableStore } from '../master-table/index.js';
import { describe } from '../parameters/index.js';
import { DataPump } from './data-pump.js';
import { channelFor, resetChannel, resolveTiming, type JobTiming } from './job-channel.js';
import { nextDefaultJobName, validateJobName } from './job-name.js';

/** DBMS_DATAPUMP.OPEN's arguments, with the databases the job works on. */
export interface OpenOptions {
  readonly operation: JobOperation;
  readonly mode: JobMode;
  /** Where the master table lives: the source for an export, the target for an import, or a control database. */
  readonly home: Adapter;
  /** EXPORT: the database to read (default: home). */
  readonly source?: Adapter;
  /** IMPORT: the database to create objects in and load (default: home). */
  readonly target?: Adapter;
  /** IMPORT or SQL_FILE straight from this database, with no dump files. */
  readonly networkLink?: Adapter;
  /** IMPORT or SQL_FILE of a dump set written by another engine: an unconnected adapter of that engine, which describes the set's objects in neutral terms and decodes its rows. */
  readonly codecs?: readonly Adapter[];
  /** Default `SYS_<OPERATION>_<MODE>_NN`, the first NN free among the home database's jobs. */
  readonly jobName?: string;
  /** The dump format version: LATEST (default), COMPATIBLE, or `major.minor`. */
  readonly version?: string;
  /** Request and polling intervals (tests shorten them). */
  readonly timing?: JobTiming;
  /** Item delay and chunk size of the runs this handle starts (tests and tuning). */
  readonly tuning?: JobTuning;
}

/** ATTACH's arguments. Secrets are never stored, so a job that needs them gets them again here or with setParameter. */
export interface AttachOptions {
  readonly home: Adapter;
  /** The job's owner; when given, a job of that name owned by someone else is NO_SUCH_JOB. */
  readonly owner?: string;
  readonly source?: Adapter;
  readonly target?: Adapter;
  /** Required to restart or serve a network-link job. */
  readonly networkLink?: Adapter;
  /** As OpenOptions.codecs, for a job importing a dump set of another engine. */
  readonly codecs?: readonly Adapter[];
  /** For serving or restarting an encrypted job (startJob({ serveOnly }) cannot take setParameter). */
  readonly encryptionPassword?: string;
  readonly encryptionKeyFile?: string;
  readonly timing?: JobTiming;
  /** As OpenOptions.tuning: a restarted or served job runs with the tuning of the process that runs it. */
  readonly tuning?: JobTuning;
}

const OPERATIONS: readonly JobOperation[] = ['EXPORT', 'IMPORT', 'SQL_FILE'];
const MODES: readonly JobMode[] = ['FULL', 'SCHEMA', 'TABLE', 'TABLESPACE'];
const VERSION = /^(LATEST|COMPATIBLE|\d+(\.\d+)?)$/;

/**
 * DBMS_DATAPUMP.OPEN: declare a new job. Creates its master table in the home database (JobError
 * JOB_EXISTS if the name is taken) and returns a handle in the DEFINING state.
 */
export async function open(options: OpenOptions): Promise<DataPump> {
  checkCall('OPEN', 'UNDEFINED');
  const fail = (code: 'INVALID_ARGVAL' | 'INVALID_OPERATION' | 'INCONSISTENT_ARGS', message: string): never => {
    throw new JobError(code, `open: ${message}`);
  };
  if (typeof options !== 'object' || options === null) return fail('INVALID_ARGVAL', `needs { operation, mode, home }, got ${describe(options)}`);
  const operation = upper(options.operation) as JobOperation;
  const mode = upper(options.mode) as JobMode;
  if (!OPERATIONS.includes(operation)) fail('INVALID_ARGVAL', `operation ${describe(options.operation)} is not one of ${OPERATIONS.join(', ')}`);
  if (!MODES.includes(mode)) fail('INVALID_ARGVAL', `mode ${describe(options.mode)} is not one of ${MODES.join(', ')}`);
  if (!isAdapter(options.home)) return fail('INVALID_ARGVAL', `home must be an adapter (the database that holds the master table), got ${describe(options.home)}`);
  if (options.networkLink !== undefined) {
    if (!isAdapter(options.networkLink)) fail('INVALID_ARGVAL', `networkLink must be an adapter (the source database), got ${describe(options.networkLink)}`);
    if (operation === 'EXPORT') fail('INVALID_OPERATION', 'an export always reads a database: give it as source, not networkLink');
  }
  if (options.source !== undefined && operation !== 'EXPORT') {
    fail('INCONSISTENT_ARGS', `an ${operation} reads a dump file set; to read straight from a database, give it as networkLink`);
  }
  if (options.target !== undefined && operation !== 'IMPORT') fail('INCONSISTENT_ARGS', `an ${operation} creates nothing on a target; target applies to IMPORT`);
  const version = options.version === undefined ? 'LATEST' : upper(options.version);
  if (!VERSION.test(version)) fail('INVALID_ARGVAL', `version ${describe(options.version)} is not LATEST, COMPATIBLE or a format version such as 1.0`);
  if (operation === 'EXPORT' && /^\d/.test(version) && !(WRITABLE_VERSIONS as readonly string[]).includes(version.includes('.') ? version : `${version}.0`)) {
    fail('INVALID_ARGVAL', `dump format version ${version} cannot be written; this Sluice writes ${WRITABLE_VERSIONS.join(', ')} (LATEST is ${WRITABLE_VERSIONS[WRITABLE_VERSIONS.length - 1]})`);
  }
  const tuning = resolveTuning('open', options.tuning);
  const home = options.home;
  const explicitName = options.jobName === undefined ? undefined : validateJobName(options.jobName);

  // One connection for the owner and the default name's look at the jobs there.
  const conn = await home.connector.connect('sluice open');
  let owner: string;
  try {
    owner = (await home.connector.serverInfo(conn)).user;
  } catch (error) {
    await conn.close().catch(() => undefined);
    throw error;
  }

  const tried = new Set<string>();
  for (;;) {
    let jobName: string;
    try {
      // A retry (the name was taken meanwhile) looks on a connection of its own.
      jobName = explicitName ?? (await nextDefaultJobName(home, operation, mode, tried, conn.closed ? undefined : conn));
    } finally {
      await conn.close().catch(() => undefined);
    }
    const definition: JobDefinition = {
      jobName,
      owner,
      operation,
      mode,
      networkLink: options.networkLink !== undefined,
      version,
      files: [],
      metadataFilters: [],
      dataFilters: [],
      metadataRemaps: [],
      dataRemaps: [],
      transforms: [],
      parameters: {},
      parallel: 1,
    };
    const store = MasterTableStore.for(home, jobName);
    try {
      await store.create(definition);
    } catch (error) {
      // Another session took the default name between our look and our create: take the next one.
      if (explicitName === undefined && isJobError(error, 'JOB_EXISTS') && tried.size < 20) {
        tried.add(jobName);
        continue;
      }
      throw error;
    } finally {
      await store.close().catch(() => undefined);
    }
    resetChannel(home, jobName);
    return new DataPump({
      home,
      jobName,
      operation,
      mode,
      owner,
      state: 'DEFINING',
      ...(options.source === undefined ? {} : { source: options.source }),
      ...(options.target === undefined ? {} : { target: options.target }),
      ...(options.networkLink === undefined ? {} : { networkLink: options.networkLink }),
      ...(options.codecs === undefined ? {} : { codecs: options.codecs }),
      timing: resolveTiming(options.timing),
      tuning,
    });
  }
}

/**
 * DBMS_DATAPUMP.ATTACH: a handle on an existing job, to follow it, steer it, or restart it. A job
 * that is stopped (or whose process died) becomes IDLING: startJob restarts it.
 */
export async function attach(jobName: string, options: AttachOptions): Promise<DataPump> {
  if (typeof jobName !== 'string' || jobName === '') throw new JobError('INVALID_ARGVAL', `attach: the job name must be a non-empty string, got ${describe(jobName)}`);
  if (typeof options !== 'object' || options === null || !isAdapter(options.home)) {
    throw new JobError('INVALID_ARGVAL', `attach: needs { home } with the adapter of the database that holds job ${jobName}'s master table`);
  }
  const home = options.home;
  const timing = resolveTiming(options.timing);
  const tuning = resolveTuning('attach', options.tuning);
  const store = MasterTableStore.for(home, jobName);
  try {
    const record = await store.readJob();
    const def = record.definition;
    if (options.owner !== undefined && options.owner !== def.owner) {
      throw new JobError('NO_SUCH_JOB', `attach: there is no job ${jobName} owned by ${options.owner} (job ${jobName} belongs to ${def.owner}); attach without owner or as its owner`, { jobName });
    }
    const channel = channelFor(home, jobName);
    const localRun = channel.run !== undefined && !channel.run.ended ? channel.run : undefined;
    // The row's word that the job runs holds only while a process holds its job lock; attaching never changes that.
    let state = localRun?.state ?? (await store.liveState(record));
    checkCall('ATTACH', state, { jobName });
    if (state === 'NOT RUNNING' || state === 'STOPPED') state = 'IDLING';
    await store.adjustSessions(1, () => (state === 'IDLING' ? 'IDLING' : undefined));
    if (options.encryptionPassword !== undefined) channel.secrets = { ...channel.secrets, encryptionPassword: options.encryptionPassword };
    if (options.encryptionKeyFile !== undefined) channel.secrets = { ...channel.secrets, keyFile: options.encryptionKeyFile };
    return new DataPump({
      home,
      jobName,
      operation: def.operation,
      mode: def.mode,
      owner: def.owner,
      state,
      ...(options.source === undefined ? {} : { source: options.source }),
      ...(options.target === undefined ? {} : { target: options.target }),
      ...(options.networkLink === undefined ? {} : { networkLink: options.networkLink }),
      ...(options.codecs === undefined ? {} : { codecs: options.codecs }),
      timing,
      tuning,
    });
  } finally {
    await store.close().catch(() => undefined);
  }
}

function upper(value: unknown): string {
  return typeof value === 'string' ? value.trim().toUpperCase() : '';
}

function isAdapter(value: unknown): value is Adapter {
  return typeof value === 'object' && value !== null && typeof (value as Adapter).connector === 'object' && typeof (value as Adapter).masterTable === 'object';
}
