/**
 * The job runtime: what happens between START_JOB and the job's last log line.
 *
 * - One runtime per process serving a job. The process that starts the job plans it into the master
 *   table (export: snapshot, introspection, filters, metadata frames, chunks by bytes; import: the
 *   dump's master rebuilt, filters and remaps, priorities by phase; SQL_FILE: the DDL written), runs
 *   workers, then finishes (export: the master table written as the set's master). A serve-only
 *   process (`run({ serveOnly: true })`) only runs workers on a job already planned; an export's
 *   serving process writes files of its own, claimed in the master table and stored when it leaves,
 *   which the process that finishes adopts into the set (dump-file-claims.ts).
 * - Workers claim items with FOR UPDATE SKIP LOCKED, lowest priority first (a priority gates every
 *   later one), and keep the item's row locked while they work; an item is done only when its row
 *   says DONE. A dead worker's items are found RUNNING-but-unlocked and redone (export: under a new
 *   dump stream; import into the home database: nothing to undo, rows and master row commit
 *   together; into another database: the chunk is deleted first).
 * - Log lines, state changes and progress go to listeners; the API (LocalRun) owns the job row's
 *   state and the master table's fate at the end.
 */
import type { JobRuntimeFactory } from '../job/job-runtime.js';
import { createJobRuntime as create } from './job-runtime-impl.js';

/** Builds the runtime of a job: plans, runs workers, writes or reads the dump file set. */
export const createJobRuntime: JobRuntimeFactory = create;
export { SluiceJobRuntime } from './job-runtime-impl.js';
export { assertServableExport } from './export-operation.js';
export { CHUNK_TARGET_BYTES } from '../job/job-tuning.js';
export { RowCounter } from './row-counter.js';
