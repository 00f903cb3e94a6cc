import type { MasterRow } from '@sluice/adapter-kit';

/** A master row for the master-document tests: a finished METADATA item unless `patch` says otherwise. */
export const masterRow = (id: number, patch: Partial<MasterRow>): MasterRow => ({
  id,
  rowType: 'ITEM',
  itemKind: 'METADATA',
  objectPath: null,
  objectSchema: null,
  objectName: null,
  partitionName: null,
  priority: 0,
  state: 'DONE',
  worker: null,
  attempts: 0,
  startedAt: null,
  finishedAt: new Date('2024-05-01T10:00:00Z'),
  rowsDone: 0,
  bytesDone: 0,
  estimatedBytes: 0,
  dumpFile: null,
  stream: null,
  error: null,
  payload: '{}',
  ...patch,
});

/** A job row and two items whose strings hold brackets, quotes, backslashes and non-ASCII: a scan must not be confused by them. */
export const awkwardRows: readonly MasterRow[] = [
  masterRow(0, { rowType: 'JOB', itemKind: 'EXPORT', objectName: 'SYS_EXPORT_SCHEMA_01', payload: '{"run":{"phase":"FINISHED"}}' }),
  masterRow(1, {
    objectSchema: 'h}r',
    objectName: 'e"m[p\\',
    payload: JSON.stringify({ kind: 'METADATA', object: { ddl: 'CREATE TABLE "a{b" (x text DEFAULT \'}]\')', name: 'é✓' } }),
  }),
  masterRow(2, { itemKind: 'DATA', objectSchema: 'hr', objectName: 'emp', rowsDone: 700, bytesDone: 7000, state: 'SKIPPED', startedAt: new Date('2024-05-01T09:00:00Z') }),
];
