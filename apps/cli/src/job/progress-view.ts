import { formatBytes, formatEta } from '../output/format.js';
import type { SessionStatus } from './job-session.js';

/** Turns successive byte counts into a rate over the last few seconds, for the rate and the ETA. */
export class RateMeter {
  readonly #samples: { t: number; bytes: number }[] = [];
  readonly #windowMs: number;

  constructor(windowMs = 10_000) {
    this.#windowMs = windowMs;
  }

  /** Record the completed bytes at time `t` (ms). */
  sample(t: number, bytes: number): void {
    this.#samples.push({ t, bytes });
    while (this.#samples.length > 2 && t - this.#samples[0]!.t > this.#windowMs) this.#samples.shift();
  }

  /** Bytes per second over the window, or 0 before there are two samples. */
  rate(): number {
    const first = this.#samples[0];
    const last = this.#samples[this.#samples.length - 1];
    if (first === undefined || last === undefined || last.t <= first.t) return 0;
    return Math.max(0, ((last.bytes - first.bytes) * 1000) / (last.t - first.t));
  }
}

/** The lines of the live progress display: one for the job, one per worker. */
export function progressLines(title: string, status: SessionStatus, rate: number, width = 120): string[] {
  const remaining = Math.max(0, status.totalBytes - status.completedBytes);
  const eta = rate > 0 && status.totalBytes > 0 ? formatEta(remaining / rate) : '--';
  const total = status.totalBytes > 0 ? ` of ${formatBytes(status.totalBytes)}` : '';
  const head =
    `${title}  ${status.state}  ${status.percentDone}%  ${formatBytes(status.completedBytes)}${total}  ` +
    `${status.completedRows.toLocaleString('en-US')} rows  ${formatBytes(Math.round(rate))}/s  ETA ${eta}` +
    (status.errorCount > 0 ? `  ${status.errorCount} error${status.errorCount === 1 ? '' : 's'}` : '');
  const workers = status.workers.map(
    (w) =>
      `  W-${w.number}  ${w.state.padEnd(12)}${w.object === undefined ? '' : `  ${w.object}`}${w.rows > 0 || w.bytes > 0 ? `  ${w.rows.toLocaleString('en-US')} rows  ${formatBytes(w.bytes)}` : ''}`,
  );
  return [head, ...workers].map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l));
}

/** The STATUS command's answer, in the shape expdp prints it. */
export function statusReport(jobName: string, operation: string, mode: string, status: SessionStatus): string[] {
  const lines = [
    `Job: ${jobName}`,
    `  Operation: ${operation}`,
    `  Mode: ${mode}`,
    `  State: ${status.state}`,
    `  Bytes Processed: ${status.completedBytes.toLocaleString('en-US')}${status.totalBytes > 0 ? ` of ${status.totalBytes.toLocaleString('en-US')}` : ''}`,
    `  Percent Done: ${status.percentDone}`,
    `  Rows Processed: ${status.completedRows.toLocaleString('en-US')}`,
    `  Current Parallelism: ${status.degree}`,
    `  Job Error Count: ${status.errorCount}`,
    ...status.files.map((f) => `  Dump File: ${f}`),
  ];
  for (const w of status.workers) {
    lines.push('', `Worker ${w.number} Status:`, `  State: ${w.state}`);
    if (w.object !== undefined) lines.push(`  Object: ${w.object}`);
    if (w.rows > 0 || w.bytes > 0) lines.push(`  Completed Rows: ${w.rows.toLocaleString('en-US')}`, `  Completed Bytes: ${w.bytes.toLocaleString('en-US')}`, `  Percent Done: ${w.percentDone}`);
  }
  return lines;
}
