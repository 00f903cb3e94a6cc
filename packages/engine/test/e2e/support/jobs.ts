import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Adapter } from '@sluice/adapter-kit';
import { open, type DataPump, type JobTuning, type OpenOptions } from '@sluice/engine';

/** A temporary directory for dump, log and SQL files. */
export function tempDir(tag: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `sluice-e2e-${tag}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Fast heartbeats so stop/attach tests do not wait on defaults. */
export const TIMING = { heartbeatMs: 200, pollMs: 50 } as const;

/** What a job's definition steps do to a handle before it starts. */
export type Define = (job: DataPump) => Promise<void>;

/** Open, define, start and wait for a job; returns its final state, error count and log text. */
export async function runJob(options: Omit<OpenOptions, 'timing'>, define: Define, files: { dir: string; log?: string }): Promise<{ state: string; errors: number; log: string; jobName: string }> {
  const job = await open({ ...options, timing: TIMING });
  const jobName = job.jobName;
  try {
    if (files.log !== undefined) await job.addFile({ kind: 'LOG', name: files.log, directory: files.dir });
    await define(job);
    await job.startJob();
    const result = await job.waitForJob();
    const logPath = files.log === undefined ? undefined : join(files.dir, files.log);
    return { state: result.state, errors: result.errors, log: logPath !== undefined && existsSync(logPath) ? readFileSync(logPath, 'utf8') : '', jobName };
  } finally {
    await job.detach().catch(() => undefined);
  }
}

/** An export of `schemas` into `dumpfile` in `dir`. */
export async function exportSchemas(home: Adapter, schemas: string[], dir: string, dumpfile: string | undefined, extra: Define = async () => {}, log = 'export.log', tuning?: JobTuning) {
  return runJob(
    { operation: 'EXPORT', mode: 'SCHEMA', home, ...(tuning === undefined ? {} : { tuning }) },
    async (job) => {
      if (dumpfile !== undefined) await job.addFile({ kind: 'DUMP', name: dumpfile, directory: dir });
      await job.metadataFilter({ name: 'SCHEMA_LIST', value: schemas.map((s) => `'${s}'`).join(',') });
      await extra(job);
    },
    { dir, log },
  );
}

/** An import of `dumpfile` from `dir` into `home`. */
export async function importDump(home: Adapter, dir: string, dumpfile: string, extra: Define = async () => {}, log = 'import.log', mode: OpenOptions['mode'] = 'FULL') {
  return runJob(
    { operation: 'IMPORT', mode, home },
    async (job) => {
      await job.addFile({ kind: 'DUMP', name: dumpfile, directory: dir });
      await extra(job);
    },
    { dir, log },
  );
}
