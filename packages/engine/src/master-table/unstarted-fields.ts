import type { MasterRow } from '@sluice/adapter-kit';

/** The fields of a master row nobody has worked on yet: no worker, no timings, every counter at zero. */
export const UNSTARTED_FIELDS = {
  partitionName: null,
  worker: null,
  attempts: 0,
  startedAt: null,
  finishedAt: null,
  rowsDone: 0,
  bytesDone: 0,
  estimatedBytes: 0,
  dumpFile: null,
  stream: null,
  error: null,
} as const satisfies Partial<MasterRow>;
