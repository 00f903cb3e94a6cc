import { JobError, isJobError } from '../errors.js';
import type { JobConnections, JobDefinition } from '../job/job-definition.js';
import { JobLock, MasterTableStore, type JobProcess } from '../master-table/index.js';
import { checkParameterConsistency, describe, resolvedParameters } from '../parameters/index.js';
import { assertServableExport, createJobRuntime } from '../runtime/index.js';
import { checkedState, currentState, secretsPresent, type JobHandle } from './job-handle.js';
import { LocalRun } from './local-run.js';

/** START_JOB's options: `skipCurrent` skips the items in progress on a restart; `serveOnly` joins a job executing elsewhere with `parallel` workers. */
export interface StartJobOptions {
  skipCurrent?: boolean;
  serveOnly?: boolean;
  parallel?: number;
}

/**
 * START_JOB: start a defined job, or restart an idling one (`skipCurrent` skips the items that were
 * in progress). `serveOnly` adds this process's workers to a job already executing elsewhere
 * (`parallel` of them; default the job's degree).
 */
export async function startJob(h: JobHandle, options: StartJobOptions = {}): Promise<void> {
  const serveOnly = options.serveOnly === true;
  if (options.parallel !== undefined && (!serveOnly || !Number.isInteger(options.parallel) || options.parallel < 1)) {
    throw new JobError(
      'INVALID_ARGVAL',
      `startJob: parallel ${describe(options.parallel)} is not valid; it is the number of this process's workers (an integer of at least 1) and goes with serveOnly (use setParallel otherwise)`,
      { jobName: h.jobName },
    );
  }
  if (!serveOnly && (await currentState(h)) === 'EXECUTING') {
    const live = await runningProcesses(h);
    if (live.length > 0) throw h.store.runningElsewhere('EXECUTING', live);
  }
  const state = await checkedState(h, 'START_JOB', { serveOnly });
  const record = await h.store.readJob().catch(async (error: unknown) => {
    // The master table went since the state was read: the job has ended (INVALID_STATE, like any start then).
    if (isJobError(error, 'NO_SUCH_JOB')) await checkedState(h, 'START_JOB', { serveOnly });
    throw error;
  });
  let def = record.definition;
  if (serveOnly) {
    // An export read as of one snapshot: refused before joining when its source's cannot be shared.
    if (def.operation === 'EXPORT' && resolvedParameters(def).flashback) assertServableExport(h.jobName, h.source ?? h.home);
    const lock = await JobLock.take(h.home, h.jobName, 'server');
    try {
      await h.store.joinRun(lock.process);
      launch(h, 'server', options.parallel === undefined ? def : { ...def, parallel: options.parallel }, { serveOnly: true }, lock);
    } catch (error) {
      await lock.release();
      if (isJobError(error, 'NO_SUCH_JOB')) await checkedState(h, 'START_JOB', { serveOnly });
      throw error;
    }
    return;
  }
  const secrets = secretsPresent(h);
  if (state === 'DEFINING') {
    def = await withStartDefaults(h, def);
  } else if (def.operation === 'EXPORT' && resolvedParameters(def).encryption !== 'NONE' && !secrets.password && !secrets.keyFile) {
    throw new JobError(
      'INCONSISTENT_ARGS',
      `job ${h.jobName} encrypts its dump files, and secrets are never stored: give ENCRYPTION_PASSWORD (or ENCRYPTION_KEY_FILE) again with setParameter before restarting it`,
      { jobName: h.jobName },
    );
  }
  checkParameterConsistency(def, secrets, true);
  connectionsFor(h, def);
  // The job lock first: the row says EXECUTING only while a live process holds one.
  const lock = await JobLock.take(h.home, h.jobName, 'primary');
  try {
    await h.store.claimRun(lock.process, {
      definition: def,
      state: 'EXECUTING',
      degree: def.parallel,
      // The runtime counts restarts (restartCount) as it reopens the job.
      error: undefined,
    });
  } catch (error) {
    await lock.release();
    throw error;
  }
  try {
    launch(h, 'primary', def, { ...(options.skipCurrent === undefined ? {} : { skipCurrent: options.skipCurrent }) }, lock);
  } catch (error) {
    // Nothing runs: leave the job as it was, so it can be fixed and started again.
    await h.store.updateJob({ state: state === 'IDLING' ? 'IDLING' : 'DEFINING' }).catch(() => undefined);
    await lock.release();
    throw error;
  }
}

/** The processes running or serving the job now: those whose job lock is held. */
export async function runningProcesses(h: JobHandle): Promise<JobProcess[]> {
  const record = await h.store.readJob().catch((error: unknown) => {
    if (isJobError(error, 'NO_SUCH_JOB')) return undefined;
    throw error;
  });
  return record === undefined ? [] : h.store.liveProcesses(record);
}

/** Defaults decided when a job first starts, written into the definition so a restart or another process sees them. */
async function withStartDefaults(h: JobHandle, def: JobDefinition): Promise<JobDefinition> {
  let next = def;
  const readsSource = def.operation === 'EXPORT' || def.networkLink;
  if ((def.mode === 'SCHEMA' || def.mode === 'TABLE') && readsSource && !def.metadataFilters.some((f) => f.name.startsWith('SCHEMA_'))) {
    // Oracle's default: the schema of the user running the job (MySQL: the connection's database).
    const source = def.operation === 'EXPORT' ? (h.source ?? h.home) : h.networkLink;
    if (source !== undefined) {
      const conn = await source.connector.connect('sluice start');
      try {
        const info = await source.connector.serverInfo(conn);
        const schema = source.introspector.supportsSchemas ? info.user : info.database;
        next = { ...next, metadataFilters: [...next.metadataFilters, { name: 'SCHEMA_LIST', value: `'${schema.replace(/'/g, "''")}'` }] };
      } finally {
        await conn.close().catch(() => undefined);
      }
    }
  }
  const secrets = secretsPresent(h);
  if (def.operation === 'EXPORT' && (secrets.password || secrets.keyFile)) {
    const p = { ...next.parameters };
    p['ENCRYPTION'] ??= 'ALL';
    p['ENCRYPTION_MODE'] ??= secrets.password ? 'PASSWORD' : 'TRANSPARENT';
    next = { ...next, parameters: p };
  }
  return next;
}

/** The connections the runtime gets; a network-link job attached without its link cannot start. */
function connectionsFor(h: JobHandle, def: JobDefinition): JobConnections {
  if (def.networkLink && h.networkLink === undefined) {
    throw new JobError('INCONSISTENT_ARGS', `job ${h.jobName} reads its source over a network link: pass networkLink (the source adapter) to attach before startJob`, { jobName: h.jobName });
  }
  switch (def.operation) {
    case 'EXPORT':
      return { home: h.home, source: h.source ?? h.home };
    case 'IMPORT':
      return { home: h.home, target: h.target ?? h.home, ...(h.networkLink === undefined ? {} : { source: h.networkLink }), codecs: h.codecs };
    case 'SQL_FILE':
      return { home: h.home, ...(h.networkLink === undefined ? {} : { source: h.networkLink }), codecs: h.codecs };
  }
}

function launch(h: JobHandle, role: 'primary' | 'server', def: JobDefinition, options: { skipCurrent?: boolean; serveOnly?: boolean }, lock: JobLock): void {
  const runtime = createJobRuntime(def, connectionsFor(h, def), h.channel.jobSecrets(), h.tuning);
  const run = new LocalRun(role, def, runtime, MasterTableStore.for(h.home, h.jobName), h.channel, h.timing, lock);
  if (role === 'primary') {
    h.channel.run = run;
    h.run = run;
    h.settled = undefined;
    h.endReported = false;
  } else h.serving = run;
  run.start(options);
}
