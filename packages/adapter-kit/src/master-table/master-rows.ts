/** States of a work item in the master table. */
export type ItemState = 'PENDING' | 'RUNNING' | 'DONE' | 'FAILED' | 'SKIPPED';

/**
 * One row of a master table: the job's own row (`rowType` JOB, id 0) or one work item. The generic
 * columns are what any database can index and query; `payload` holds the rest as JSON text. No
 * secret ever goes into a master row.
 */
export interface MasterRow {
  readonly id: number;
  readonly rowType: 'JOB' | 'ITEM';
  /** Work item kind, e.g. `DDL`, `DATA`, `INDEX`; the job row holds the operation. */
  readonly itemKind: string;
  readonly objectPath: string | null;
  readonly objectSchema: string | null;
  readonly objectName: string | null;
  readonly partitionName: string | null;
  /** Lower runs first; items of one priority may run in parallel. */
  readonly priority: number;
  readonly state: string;
  readonly worker: string | null;
  readonly attempts: number;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
  readonly rowsDone: number;
  readonly bytesDone: number;
  readonly estimatedBytes: number;
  readonly dumpFile: string | null;
  readonly stream: number | null;
  readonly error: string | null;
  /** JSON text: dependencies, chunk descriptor, catalog object, job parameters (secrets removed)... */
  readonly payload: string;
}

/** The columns of a master table, in order, with the neutral storage class of each. */
export const MASTER_COLUMNS = [
  ['id', 'bigint'],
  ['row_type', 'short'],
  ['item_kind', 'short'],
  ['object_path', 'short'],
  ['object_schema', 'short'],
  ['object_name', 'short'],
  ['partition_name', 'short'],
  ['priority', 'bigint'],
  ['state', 'short'],
  ['worker', 'short'],
  ['attempts', 'bigint'],
  ['started_at', 'timestamp'],
  ['finished_at', 'timestamp'],
  ['rows_done', 'bigint'],
  ['bytes_done', 'bigint'],
  ['estimated_bytes', 'bigint'],
  ['dump_file', 'short'],
  ['stream', 'bigint'],
  ['error', 'text'],
  ['payload', 'text'],
] as const;

/** The storage class of a master-table column, mapped to a native type by the dialect. */
export type MasterColumnClass = (typeof MASTER_COLUMNS)[number][1];
