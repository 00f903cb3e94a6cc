import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { formatLogTime } from './log-format.js';
import { redact } from './redact.js';

/** LOGTIME: where lines get timestamps. */
export type LogTime = 'NONE' | 'STATUS' | 'LOGFILE' | 'ALL';

/** A line as delivered to listeners (the status stream). */
export interface LogLine {
  /** The line as the status stream shows it (with a timestamp when LOGTIME is STATUS or ALL). */
  readonly line: string;
  readonly error: boolean;
}

/** Options of a job log. */
export interface JobLogOptions {
  /** The log file, or undefined for NOLOGFILE. */
  readonly path?: string;
  /** Append to an existing log (a restart, another process serving the job) instead of starting it afresh. */
  readonly append: boolean;
  readonly logtime: LogTime;
  /** Secrets to mask wherever they would appear. */
  readonly secrets: readonly (string | undefined)[];
  /** METRICS=YES: worker numbers on per-object lines. */
  readonly metrics: boolean;
}

/**
 * The job's log: lines go to the log file (each written whole with one append, so several processes
 * can share the file) and to listeners, each with the LOGTIME timestamps asked for, secrets masked.
 */
export class JobLog {
  private readonly options: JobLogOptions;
  private fd: number | undefined;
  private readonly listeners = new Set<(line: LogLine) => void>();
  private errorLines = 0;

  constructor(options: JobLogOptions) {
    this.options = options;
    if (options.path !== undefined) {
      mkdirSync(dirname(options.path), { recursive: true });
      this.fd = openSync(options.path, options.append ? 'a' : 'w');
    }
  }

  /** The log file's path, if there is one. */
  get path(): string | undefined {
    return this.options.path;
  }

  /** Lines logged as errors by this process. */
  get errors(): number {
    return this.errorLines;
  }

  /** Whether METRICS lines are wanted. */
  get metrics(): boolean {
    return this.options.metrics;
  }

  /** Listen to lines; returns the unsubscribe function. */
  subscribe(listener: (line: LogLine) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Log an informational line. */
  info(text: string): void {
    this.write(text, false);
  }

  /** Log an error line (the job continues past it unless the caller stops it). */
  error(text: string): void {
    this.errorLines += 1;
    this.write(text, true);
  }

  /** A line from worker `n`: METRICS=YES prefixes `W-n `. */
  worker(n: number, text: string, isError = false): void {
    const line = this.options.metrics ? `W-${n} ${text}` : text;
    if (isError) this.error(line);
    else this.info(line);
  }

  private write(text: string, error: boolean): void {
    const clean = redact(text, this.options.secrets);
    const now = new Date();
    const stamp = formatLogTime(now);
    const { logtime } = this.options;
    if (this.fd !== undefined) {
      const fileLine = (logtime === 'LOGFILE' || logtime === 'ALL' ? stamp : '') + clean;
      try {
        writeSync(this.fd, `${fileLine}\n`);
      } catch {
        // A full disk must not kill the job; the status stream still has the line.
      }
    }
    const statusLine = (logtime === 'STATUS' || logtime === 'ALL' ? stamp : '') + clean;
    for (const l of this.listeners) {
      try {
        l({ line: statusLine, error });
      } catch {
        // A listener's failure is its own.
      }
    }
  }

  /** Close the file. */
  close(): void {
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }
}
