import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Adapter, AdapterConnection } from '@sluice/adapter-kit';
import { JobError } from '../errors.js';
import type { JobProcess } from './job-record.js';

/** "process 4711 on host db1 (since ...)" for each process, for messages. */
export function describeProcesses(processes: readonly JobProcess[]): string {
  return processes.map((p) => `process ${p.pid} on host ${p.host} (${p.role === 'primary' ? 'started it' : 'serving it'} at ${p.since})`).join(', ');
}

/**
 * This process's hold on a job while it runs it: a session-level lock in the job's home database
 * (where its master table is), on a connection kept for the life of the run. The server releases it
 * the moment the process or that connection dies, so a job whose row says EXECUTING but whose locks
 * nobody holds is NOT RUNNING at once: no timer decides that a process is dead.
 */
export class JobLock {
  private constructor(
    private readonly home: Adapter,
    private readonly jobName: string,
    private readonly conn: AdapterConnection,
    /** This process as the job row records it. */
    readonly process: JobProcess,
  ) {}

  /** Open the lock's own connection and take the lock. */
  static async take(home: Adapter, jobName: string, role: JobProcess['role']): Promise<JobLock> {
    const conn = await home.connector.connect(`sluice ${jobName} lock`);
    const me: JobProcess = { holder: randomBytes(8).toString('hex'), role, pid: process.pid, host: hostname(), since: new Date().toISOString() };
    try {
      if (!(await home.masterTable.lockJob(conn, jobName, me.holder))) {
        throw new JobError('INTERNAL_ERROR', `job ${jobName}: the job lock of this process (${me.holder}) is held by another session; report this`, { jobName });
      }
    } catch (error) {
      await conn.close().catch(() => undefined);
      throw error;
    }
    return new JobLock(home, jobName, conn, me);
  }

  /** Whether the lock is still held (its connection alive); the look also keeps an idle connection in use. */
  async held(): Promise<boolean> {
    if (this.conn.closed) return false;
    try {
      return (await this.home.masterTable.heldJobLocks(this.conn, this.jobName, [this.process.holder])).length === 1;
    } catch {
      return false;
    }
  }

  /** Let go of the job: release the lock and close its connection. */
  async release(): Promise<void> {
    if (this.conn.closed) return;
    await this.home.masterTable.unlockJob(this.conn, this.jobName, this.process.holder).catch(() => undefined);
    await this.conn.close().catch(() => undefined);
  }
}
