import type { Adapter } from '@sluice/adapter-kit';
import type { JobFilters } from '../filters/index.js';
import type { JobConnections, JobDefinition, JobSecrets } from '../job/job-definition.js';
import type { ResolvedTuning } from '../job/job-tuning.js';
import type { RuntimeEvent } from '../job/job-runtime.js';
import type { JobLog } from '../log/index.js';
import type { MasterTableStore } from '../master-table/index.js';
import type { ResolvedParameters } from '../parameters/index.js';
import type { PathTracker } from './path-tracker.js';

/** Everything an operation needs while it runs, shared by the coordinator and the workers of one process. */
export interface RunContext {
  readonly def: JobDefinition;
  readonly params: ResolvedParameters;
  readonly secrets: JobSecrets;
  readonly connections: JobConnections;
  readonly home: Adapter;
  readonly store: MasterTableStore;
  readonly log: JobLog;
  /** "Processing object type" lines, once per path. */
  readonly paths: PathTracker;
  readonly filters: JobFilters;
  /** This process's item delay and chunk target (tests and tuning). */
  readonly tuning: ResolvedTuning;
  /** The object path prefix of this job's mode, e.g. `SCHEMA_EXPORT`. */
  readonly prefix: string;
  /** Aborted on an immediate stop (planning passes it on; workers have their own). */
  readonly signal: AbortSignal;
  /** Whether this process only serves items (it did not plan the job and will not finish it). */
  readonly serveOnly: boolean;
  /** This process's job-lock holder: what the master table records as the process that claimed a dump file. */
  readonly holder: string;
  /** Send a runtime event to listeners. */
  emit(event: RuntimeEvent): void;
  /** Throw if a stop was requested (planning checks between steps). */
  checkStop(): void;
  /** An error the job continued past that is not an item failure: logged and counted. */
  countError(line: string): Promise<void>;
}

/** Thrown inside a run when a stop request interrupts planning. */
export class StopRequested extends Error {
  override readonly name = 'StopRequested';
  constructor() {
    super('The job was stopped.');
  }
}

/** `"OWNER"."JOB"` as the log names the job. */
export function jobLabel(def: JobDefinition): string {
  return `"${def.owner}"."${def.jobName}"`;
}
