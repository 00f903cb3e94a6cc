import type { Adapter } from '@sluice/adapter-kit';
import {
  attach,
  isJobError,
  JobError,
  KU$_STATUS_JOB_DESC,
  KU$_STATUS_JOB_ERROR,
  KU$_STATUS_JOB_STATUS,
  KU$_STATUS_WIP,
  listJobs,
  type DataPump,
  type JobStatus,
  type JobSummary,
  type JobTuning,
} from '@sluice/engine';
import type { ResolvedConfig } from '../config/server-config.js';
import { adapterAs, type DatabaseLogin } from '../databases/database-login.js';
import type { JobBody, JobRequestBody, JobSummaryBody } from '../http/schemas.js';
import { ServerError } from '../server-error.js';
import { defineRequestedJob, logFileName, sqlFileName } from './define-job.js';
import { codecFor } from './job-codecs.js';
import { deleteJobFiles } from './job-files.js';
import { directoryOf, encryptionPassword, originOf, planJobRequest, type JobOrigin } from './job-request.js';
import { jobBody, summaryBody } from './job-view.js';
import { TrackedJob, type JobEvent } from './tracked-job.js';

/** What the service knows of one job: its status, its files and where they are. */
export interface JobFacts {
  readonly status: JobStatus;
  readonly logFile: string | undefined;
  /** A SQL_FILE job's SQL file. */
  readonly sqlFile?: string | undefined;
  readonly origin: JobOrigin | undefined;
  readonly failure?: string;
}

/** The base path of a database's Data Pump API. */
export function basePath(database: string): string {
  return `/db/${encodeURIComponent(database)}/datapump`;
}

/**
 * The jobs of the service: it creates them (as the logged-in user, so the database decides), runs
 * them in this process, steers them, and finds the others through their master tables.
 */
export class JobService {
  readonly #config: ResolvedConfig;
  readonly #tracked = new Map<string, TrackedJob>();
  /** The engine's tuning for the jobs this service starts and restarts. */
  readonly #tuning: JobTuning;

  constructor(config: ResolvedConfig, tuning: JobTuning = {}) {
    this.#config = config;
    this.#tuning = tuning;
  }

  #key(database: string, jobName: string): string {
    return `${database}\u0000${jobName}`;
  }

  /** Adapters of the user's own, for a job that outlives the request: the home database and the network link. */
  async #jobAdapters(login: DatabaseLogin, networkLink: string | undefined): Promise<{ home: Adapter; link?: Adapter }> {
    const home = await adapterAs(this.#config.databases[login.database] as string, login.user, login.password);
    if (networkLink === undefined) return { home };
    const url = this.#config.databases[networkLink];
    if (url === undefined) {
      await home.close().catch(() => undefined);
      throw new ServerError('CONFLICT', `The job reads over network_link ${networkLink}, which is no longer in the server's configuration. Add it back to restart the job.`);
    }
    return { home, link: await adapterAs(url, login.user, login.password) };
  }

  #track(login: DatabaseLogin, handle: DataPump, adapters: Adapter[], origin: JobOrigin, logFile: string | undefined, sqlFile?: string): TrackedJob {
    const job = new TrackedJob({ database: login.database, handle, adapters, origin, logFile, sqlFile });
    this.#tracked.set(this.#key(login.database, job.jobName), job);
    return job;
  }

  /** POST export / import / jobs/: define the job, start it, and follow it. */
  async create(login: DatabaseLogin, route: 'EXPORT' | 'IMPORT' | undefined, body: JobRequestBody): Promise<JobBody> {
    const request = planJobRequest(this.#config, login.database, route, body);
    const { home, link } = await this.#jobAdapters(login, request.origin.networkLink);
    const adapters = link === undefined ? [home] : [home, link];
    let handle: DataPump;
    try {
      handle = await defineRequestedJob({ database: login.database, request, home, tuning: this.#tuning, ...(link === undefined ? {} : { networkLink: link }) });
    } catch (error) {
      await Promise.all(adapters.map((a) => a.close().catch(() => undefined)));
      throw error;
    }
    try {
      await handle.startJob();
    } catch (error) {
      await handle.stopJob({ keepMaster: false }).catch(() => undefined);
      await handle.detach().catch(() => undefined);
      await Promise.all(adapters.map((a) => a.close().catch(() => undefined)));
      throw error;
    }
    const logFile = request.directory === undefined ? undefined : logFileName(request, handle.jobName);
    const sqlFile = sqlFileName(request, handle.jobName);
    const job = this.#track(login, handle, adapters, request.origin, logFile, sqlFile);
    const status = await this.#firstStatus(job, handle);
    return jobBody(basePath(login.database), job.owner, status, logFile, sqlFile);
  }

  async #firstStatus(job: TrackedJob, handle: DataPump): Promise<JobStatus> {
    if (job.status !== undefined) return job.status;
    // The pump reads the streams; a JOB_STATUS-only read takes nothing from it.
    const report = await handle.getStatus(KU$_STATUS_JOB_STATUS, 0).catch(() => undefined);
    if (report?.jobStatus !== undefined) return report.jobStatus;
    await job.done;
    if (job.status === undefined) throw new JobError('INTERNAL_ERROR', `job ${job.jobName} gave no status`);
    return job.status;
  }

  /** The tracked job, when the user may see it (its owner). */
  #trackedFor(login: DatabaseLogin, owner: string, jobName: string): TrackedJob | undefined {
    const job = this.#tracked.get(this.#key(login.database, jobName));
    if (job === undefined || job.owner !== owner) return undefined;
    if (job.owner !== login.owner) {
      throw new ServerError('FORBIDDEN', `Job ${owner}.${jobName} belongs to ${owner}; log in as ${owner} to see or steer it.`);
    }
    return job;
  }

  /** Attach to a job through its master table (404 when there is none the user can see), run `use`, detach. */
  async #withAttached<T>(
    login: DatabaseLogin,
    owner: string,
    jobName: string,
    use: (handle: DataPump) => Promise<T>,
    options: { encryptionPassword?: string; networkLink?: Adapter } = {},
  ): Promise<T> {
    let handle: DataPump;
    try {
      handle = await attach(jobName, {
        home: login.adapter,
        owner,
        ...(options.encryptionPassword === undefined ? {} : { encryptionPassword: options.encryptionPassword }),
        ...(options.networkLink === undefined ? {} : { networkLink: options.networkLink }),
      });
    } catch (error) {
      if (isJobError(error, 'NO_SUCH_JOB')) throw notFound(login, owner, jobName);
      throw error;
    }
    try {
      return await use(handle);
    } finally {
      await handle.detach().catch(() => undefined);
    }
  }

  /** What is known of a job: from this process, or from its master table. */
  async facts(login: DatabaseLogin, owner: string, jobName: string): Promise<JobFacts> {
    const job = this.#trackedFor(login, owner, jobName);
    if (job !== undefined) {
      const status = job.status ?? (job.handle === undefined ? undefined : await this.#firstStatus(job, job.handle));
      if (status === undefined) throw notFound(login, owner, jobName);
      return { status, logFile: job.logFile, sqlFile: job.sqlFile, origin: job.origin, ...(job.failure === undefined ? {} : { failure: job.failure }) };
    }
    const summary = (await listJobs(login.adapter)).find((j) => j.jobName === jobName && j.owner === owner);
    if (summary === undefined) throw notFound(login, owner, jobName);
    return this.#withAttached(login, owner, jobName, async (handle) => {
      const report = await handle.getStatus(KU$_STATUS_JOB_DESC | KU$_STATUS_JOB_STATUS, 0);
      if (report.jobStatus === undefined) throw notFound(login, owner, jobName);
      const command = report.jobDescription?.params.find((p) => p.name === 'CLIENT_COMMAND')?.value;
      // Attaching makes a job at rest IDLING for the attached session; the list's state is the job's own.
      return { status: { ...report.jobStatus, state: summary.state }, logFile: report.jobDescription?.logFile, sqlFile: report.jobDescription?.sqlFile, origin: originOf(command) };
    });
  }

  /** GET jobs/{owner},{job}/. */
  async get(login: DatabaseLogin, owner: string, jobName: string): Promise<JobBody & { error?: string }> {
    const facts = await this.facts(login, owner, jobName);
    return { ...jobBody(basePath(login.database), owner, facts.status, facts.logFile, facts.sqlFile), ...(facts.failure === undefined ? {} : { error: facts.failure }) };
  }

  /** GET jobs/: the jobs in master tables the user can read, and the jobs this service ran for the user. */
  async list(login: DatabaseLogin): Promise<JobSummaryBody[]> {
    const base = basePath(login.database);
    const stored = await listJobs(login.adapter);
    const byName = new Map<string, JobSummaryBody>(stored.map((s: JobSummary) => [`${s.owner}\u0000${s.jobName}`, summaryBody(base, s)]));
    for (const job of this.#tracked.values()) {
      if (job.database !== login.database || job.owner !== login.owner || job.status === undefined) continue;
      const s = job.status;
      byName.set(
        `${job.owner}\u0000${job.jobName}`,
        summaryBody(base, {
          jobName: job.jobName,
          owner: job.owner,
          operation: s.operation,
          mode: s.jobMode,
          state: s.state,
          degree: s.degree,
          attachedSessions: s.attachedSessions,
          percentDone: s.state === 'COMPLETED' ? 100 : s.percentDone,
        }),
      );
    }
    return [...byName.values()].sort((a, b) => a.job_name.localeCompare(b.job_name) || a.owner_name.localeCompare(b.owner_name));
  }

  /** POST .../stop: orderly or immediate; keep_master false removes the job (as kill does). */
  async stop(login: DatabaseLogin, owner: string, jobName: string, options: { immediate: boolean; keepMaster: boolean }): Promise<JobBody> {
    const job = this.#trackedFor(login, owner, jobName);
    const handle = job?.handle;
    if (handle !== undefined) {
      // delay 0: the request is made; the job object shows STOP PENDING / STOPPING until it has stopped.
      await handle.stopJob({ immediate: options.immediate, keepMaster: options.keepMaster, delay: 0 });
      if (!options.keepMaster) await job?.done;
    } else {
      await this.#withAttached(login, owner, jobName, (h) => h.stopJob({ immediate: options.immediate, keepMaster: options.keepMaster, delay: 0 }));
    }
    return this.#afterChange(login, owner, jobName);
  }

  async #afterChange(login: DatabaseLogin, owner: string, jobName: string): Promise<JobBody> {
    try {
      return await this.get(login, owner, jobName);
    } catch (error) {
      if (error instanceof ServerError && error.code === 'NOT_FOUND') {
        // The job is gone (killed): the last thing known of it.
        const job = this.#tracked.get(this.#key(login.database, jobName));
        if (job?.status !== undefined) return jobBody(basePath(login.database), owner, { ...job.status, state: 'UNDEFINED' }, job.logFile, job.sqlFile);
      }
      throw error;
    }
  }

  /** POST .../kill: stop at once and remove the master table (the job cannot be restarted). */
  async kill(login: DatabaseLogin, owner: string, jobName: string): Promise<void> {
    const job = this.#trackedFor(login, owner, jobName);
    const handle = job?.handle;
    if (handle !== undefined) {
      await handle.stopJob({ immediate: true, keepMaster: false, delay: 0 });
      await job?.done;
    } else {
      await this.#withAttached(login, owner, jobName, (h) => h.stopJob({ immediate: true, keepMaster: false, delay: 0 }));
    }
    // A killed job is gone: its master table was dropped, and this service forgets it too.
    this.#tracked.delete(this.#key(login.database, jobName));
  }

  /** POST .../start: restart a stopped job, or one whose process died (NOT RUNNING), in this process. */
  async start(login: DatabaseLogin, owner: string, jobName: string, options: { skipCurrent: boolean; encryption_password?: string; encryption_secret?: string }): Promise<JobBody> {
    const tracked = this.#trackedFor(login, owner, jobName);
    if (tracked?.handle !== undefined) {
      throw new ServerError('CONFLICT', `Job ${owner}.${jobName} is running in this service (state ${tracked.status?.state ?? 'EXECUTING'}). Stop it first, or change its parallelism with parallel.`);
    }
    const facts = await this.facts(login, owner, jobName);
    const origin = facts.origin ?? {};
    const password = encryptionPassword(this.#config, options);
    const { home, link } = await this.#jobAdapters(login, origin.networkLink);
    const adapters = link === undefined ? [home] : [home, link];
    let handle: DataPump;
    try {
      // An import restarted here may read a dump file set the other engine wrote.
      handle = await attach(jobName, {
        home,
        owner,
        tuning: this.#tuning,
        codecs: [await codecFor(home)],
        ...(password === undefined ? {} : { encryptionPassword: password }),
        ...(link === undefined ? {} : { networkLink: link }),
      });
    } catch (error) {
      await Promise.all(adapters.map((a) => a.close().catch(() => undefined)));
      if (isJobError(error, 'NO_SUCH_JOB')) throw notFound(login, owner, jobName);
      throw error;
    }
    try {
      await handle.startJob(options.skipCurrent ? { skipCurrent: true } : {});
    } catch (error) {
      await handle.detach().catch(() => undefined);
      await Promise.all(adapters.map((a) => a.close().catch(() => undefined)));
      throw error;
    }
    const job = this.#track(login, handle, adapters, origin, facts.logFile, facts.sqlFile);
    return jobBody(basePath(login.database), owner, await this.#firstStatus(job, handle), facts.logFile, facts.sqlFile);
  }

  /** POST .../parallel: the number of active workers, now and on restart. */
  async parallel(login: DatabaseLogin, owner: string, jobName: string, threads: number): Promise<JobBody> {
    const job = this.#trackedFor(login, owner, jobName);
    const handle = job?.handle;
    if (handle !== undefined && job !== undefined) {
      await handle.setParallel(threads);
      // The job row has the new degree; the followed status shows it at its next read.
      if (job.status !== undefined) job.status = { ...job.status, degree: threads };
    } else await this.#withAttached(login, owner, jobName, (h) => h.setParallel(threads));
    return this.#afterChange(login, owner, jobName);
  }

  /** DELETE jobs/{owner},{job}/: a finished job's files, and its master table when one was kept. */
  async remove(login: DatabaseLogin, owner: string, jobName: string): Promise<void> {
    const tracked = this.#trackedFor(login, owner, jobName);
    if (tracked?.handle !== undefined) throw new ServerError('CONFLICT', `Job ${owner}.${jobName} is running; stop or kill it before deleting its files.`);
    const facts = await this.facts(login, owner, jobName);
    if (['EXECUTING', 'DEFINING', 'STOP PENDING', 'STOPPING', 'COMPLETING'].includes(facts.status.state)) {
      throw new ServerError('CONFLICT', `Job ${owner}.${jobName} is ${facts.status.state}; stop or kill it before deleting its files.`);
    }
    const stored = (await listJobs(login.adapter)).some((j) => j.jobName === jobName && j.owner === owner);
    if (stored) await this.#withAttached(login, owner, jobName, (h) => h.stopJob({ keepMaster: false, delay: 0 }));
    const directory = directoryOf(this.#config, facts.origin);
    if (directory !== undefined) await deleteJobFiles(directory, facts.status.files);
    this.#tracked.delete(this.#key(login.database, jobName));
  }

  /** The directory and names of a job's files, for GET jobs/{owner},{job}/{filename}. */
  async file(login: DatabaseLogin, owner: string, jobName: string, filename: string): Promise<{ directory: string; isText: boolean }> {
    const facts = await this.facts(login, owner, jobName);
    if (!facts.status.files.includes(filename)) {
      throw new ServerError('NOT_FOUND', `Job ${owner}.${jobName} has no file ${filename}. Its files: ${facts.status.files.join(', ') || '(none)'}.`, { field: 'filename' });
    }
    const directory = directoryOf(this.#config, facts.origin);
    if (directory === undefined) {
      throw new ServerError(
        'NOT_FOUND',
        `Job ${owner}.${jobName} was not started by this service (or its datapump_dir or credential_name is no longer configured), so its file ${filename} cannot be served here.`,
      );
    }
    return { directory, isText: filename === facts.logFile || filename === facts.sqlFile };
  }

  /**
   * Follow a job's status and log: events until it is at rest. A job of this service is followed from
   * its own loop; another (a CLI's, or one at rest) through an attached handle.
   */
  async follow(login: DatabaseLogin, owner: string, jobName: string, send: (event: JobEvent) => void, closed: Promise<void>): Promise<void> {
    const job = this.#trackedFor(login, owner, jobName);
    if (job !== undefined) {
      if (job.status !== undefined) send({ kind: 'status', status: job.status });
      if (job.handle === undefined) {
        send({ kind: 'end', status: job.status });
        return;
      }
      let stop: () => void = () => undefined;
      const ended = new Promise<void>((resolve) => {
        stop = job.follow((event) => {
          send(event);
          if (event.kind === 'end') resolve();
        });
      });
      await Promise.race([ended, closed]);
      stop();
      return;
    }
    const facts = await this.facts(login, owner, jobName);
    send({ kind: 'status', status: facts.status });
    if (!['EXECUTING', 'STOP PENDING', 'STOPPING', 'COMPLETING'].includes(facts.status.state)) {
      send({ kind: 'end', status: facts.status });
      return;
    }
    let open = true;
    void closed.then(() => (open = false));
    await this.#withAttached(login, owner, jobName, async (handle) => {
      let last = facts.status;
      while (open) {
        const report = await handle.getStatus(KU$_STATUS_WIP | KU$_STATUS_JOB_ERROR | KU$_STATUS_JOB_STATUS, 1);
        for (const e of [...(report.wip ?? []), ...(report.error ?? [])]) send({ kind: 'log', line: e.logText, error: e.errorNumber !== 0 });
        if (report.jobStatus !== undefined) {
          last = { ...report.jobStatus, state: report.state };
          send({ kind: 'status', status: last });
        }
        if (['COMPLETED', 'STOPPED', 'NOT RUNNING', 'UNDEFINED', 'IDLING'].includes(report.state)) break;
      }
      send({ kind: 'end', status: last });
    });
  }

  /** Stop following the jobs: the service is shutting down (jobs it runs stop with it, NOT RUNNING, restartable). */
  async close(): Promise<void> {
    const running = [...this.#tracked.values()].filter((j) => j.running);
    await Promise.all(running.map(async (j) => j.handle?.stopJob({ immediate: true, keepMaster: true, delay: 30 }).catch(() => undefined)));
    await Promise.all(running.map((j) => j.done));
  }
}

function notFound(login: DatabaseLogin, owner: string, jobName: string): ServerError {
  return new ServerError('NOT_FOUND', `There is no job ${jobName} of ${owner} in database ${login.database} that ${login.owner} can see. GET jobs/ lists the jobs.`);
}
