import type { Adapter } from '@sluice/adapter-kit';
import type { JobSecrets } from '../job/job-definition.js';
import type { LogEntry } from './status-types.js';
import type { LocalRun } from './local-run.js';

/**
 * How often sessions exchange requests through the job row. Whether a job's process is alive is
 * never a matter of time: each running process holds a job lock the server releases when it dies.
 */
export interface JobTiming {
  /** A running process reads the job row this often (ms) for requests from other sessions (stop, SET_PARALLEL, ADD_FILE, LOG_ENTRY) and checks its job lock. Default 1000. */
  readonly heartbeatMs?: number;
  /** How often a session following a job that runs elsewhere reads its row (ms). Default 250. */
  readonly pollMs?: number;
}

/** JobTiming with every default applied. */
export type ResolvedTiming = Required<JobTiming>;

/** The timing defaults, with `timing` laid over them. */
export function resolveTiming(timing: JobTiming = {}): ResolvedTiming {
  return { heartbeatMs: timing.heartbeatMs ?? 1000, pollMs: timing.pollMs ?? 250 };
}

/** Keep at most this many status lines in memory per job; a handle that falls further behind skips the oldest. */
const MAX_LINES = 10_000;

/**
 * What this process knows about one job: the status lines its handles read (work in progress and
 * errors), the secrets given to it, log entries waiting for a runtime, and the run it drives.
 * Every handle to the job in this process (same home adapter) shares it.
 */
export class JobChannel {
  private lines: LogEntry[] = [];
  private lineCount = 0;
  private waiters = new Set<() => void>();
  /** The run this process drives (started here), while it runs and after it ended. */
  run: LocalRun | undefined;
  /** ENCRYPTION_PASSWORD / ENCRYPTION_KEY_FILE given in this process; never stored. */
  secrets: { encryptionPassword?: string; keyFile?: string } = {};
  /** LOG_ENTRY lines given before a runtime existed; handed to it when the job starts. */
  pendingLogEntries: string[] = [];
  handles = 0;

  /** Add a line to the status streams and wake waiting getStatus calls. */
  post(text: string, error: boolean): void {
    this.lineCount++;
    this.lines.push({ logLineNumber: this.lineCount, errorNumber: error ? 1 : 0, logText: text, timestamp: new Date() });
    if (this.lines.length > MAX_LINES) this.lines = this.lines.slice(-MAX_LINES);
    this.notify();
  }

  /** Lines numbered after `after`, of one stream. */
  linesAfter(after: number, error: boolean): LogEntry[] {
    return this.lines.filter((l) => l.logLineNumber > after && (l.errorNumber !== 0) === error);
  }

  /** The number of the last line posted. */
  get lastLine(): number {
    return this.lineCount;
  }

  /** Wake everything waiting in `changed`. */
  notify(): void {
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiting) wake();
  }

  /** Resolves at the next `notify` or after `ms` milliseconds, whichever is first. */
  changed(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, Math.max(0, ms));
      this.waiters.add(wake);
    });
  }

  /** The secrets as the runtime takes them. */
  jobSecrets(): JobSecrets {
    return {
      ...(this.secrets.encryptionPassword === undefined ? {} : { encryptionPassword: this.secrets.encryptionPassword }),
      ...(this.secrets.keyFile === undefined ? {} : { keyFile: this.secrets.keyFile }),
    };
  }
}

const channels = new WeakMap<Adapter, Map<string, JobChannel>>();

/** The channel of job `jobName` in `home` for this process, created on first use. */
export function channelFor(home: Adapter, jobName: string): JobChannel {
  let byName = channels.get(home);
  if (byName === undefined) {
    byName = new Map();
    channels.set(home, byName);
  }
  let channel = byName.get(jobName);
  if (channel === undefined) {
    channel = new JobChannel();
    byName.set(jobName, channel);
  }
  return channel;
}

/** Forget a channel no handle and no running job uses any more, so a later job of the same name starts clean. */
export function releaseChannel(home: Adapter, jobName: string, channel: JobChannel): void {
  if (channel.handles > 0 || (channel.run !== undefined && !channel.run.ended)) return;
  const byName = channels.get(home);
  if (byName?.get(jobName) === channel) byName.delete(jobName);
}

/** Start a new job's channel afresh (open just created the job): nothing of an older job of that name carries over, secrets least of all. */
export function resetChannel(home: Adapter, jobName: string): void {
  const channel = channels.get(home)?.get(jobName);
  if (channel !== undefined && (channel.run === undefined || channel.run.ended)) channels.get(home)?.delete(jobName);
}
