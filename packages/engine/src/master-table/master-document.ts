import type { MasterRow } from '@sluice/adapter-kit';
import { JobError } from '../errors.js';

/** The `format` an export stamps on the master table it writes into its dump file set. */
export const MASTER_DOCUMENT_FORMAT = 'sluice-master';
/** The version of that document this Sluice writes. */
export const MASTER_DOCUMENT_VERSION = 1;

/** One object of a dump file set: a metadata object, or a table's (or partition's) data summed over its chunks. */
export interface DumpObject {
  readonly kind: 'METADATA' | 'DATA';
  /** Object path as the export logged it, e.g. `SCHEMA_EXPORT/TABLE/TABLE_DATA`. */
  readonly path: string;
  readonly schema: string;
  readonly name: string;
  readonly partition: string | null;
  /** Rows and bytes of table data (0 for metadata). */
  readonly rows: number;
  readonly bytes: number;
  /** The dump files holding it, in the order first met. */
  readonly files: readonly string[];
}

/** The master table of a dump file set, decoded: its rows (timestamps as Dates) and the objects they describe. */
export interface MasterDocument {
  readonly format: typeof MASTER_DOCUMENT_FORMAT;
  readonly version: number;
  /** The exporting job's name, from its job row. */
  readonly jobName: string | undefined;
  readonly rows: readonly MasterRow[];
  /** Metadata objects and table data in master-table order. */
  readonly objects: readonly DumpObject[];
}

/** The bytes of the master document an export writes for `rows`. */
export function writeMasterDocument(rows: readonly MasterRow[]): Buffer {
  return Buffer.from(JSON.stringify({ format: MASTER_DOCUMENT_FORMAT, version: MASTER_DOCUMENT_VERSION, rows }), 'utf8');
}

/**
 * Decode the master table a dump file set carries (`DumpSetReader.master()`). Anything that is not a
 * Sluice master document is JobError NO_DUMPFILE_INFO naming the format found.
 */
export function readMasterDocument(bytes: Uint8Array): MasterDocument {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch (cause) {
    throw new JobError('NO_DUMPFILE_INFO', 'The master table in this dump file set is not JSON, so it is not one this Sluice reads; the file may be damaged.', { cause });
  }
  const v = value as { format?: unknown; version?: unknown; rows?: unknown } | null;
  if (v === null || typeof v !== 'object' || v.format !== MASTER_DOCUMENT_FORMAT || !Array.isArray(v.rows)) {
    throw new JobError('NO_DUMPFILE_INFO', `The master table in this dump file set is not one this Sluice reads (format ${JSON.stringify(v?.format)} ${JSON.stringify(v?.version)}).`);
  }
  const rows = (v.rows as MasterRow[]).map(revive);
  return { format: MASTER_DOCUMENT_FORMAT, version: typeof v.version === 'number' ? v.version : 0, jobName: rows.find((r) => r.rowType === 'JOB')?.objectName ?? undefined, rows, objects: objectsOf(rows) };
}

/** A master row read back from JSON: timestamps as Dates again. */
function revive(row: MasterRow): MasterRow {
  const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));
  return { ...row, startedAt: date(row.startedAt), finishedAt: date(row.finishedAt) };
}

/** Metadata items are objects; data items are chunks, summed per table (other rows are the job's bookkeeping). */
function objectsOf(rows: readonly MasterRow[]): DumpObject[] {
  const objects = new Map<string, { kind: 'METADATA' | 'DATA'; path: string; schema: string; name: string; partition: string | null; rows: number; bytes: number; files: Set<string> }>();
  for (const row of [...rows].sort((a, b) => a.id - b.id)) {
    if (row.rowType !== 'ITEM' || (row.itemKind !== 'METADATA' && row.itemKind !== 'DATA')) continue;
    const kind = row.itemKind;
    const path = row.objectPath ?? (kind === 'DATA' ? 'TABLE_DATA' : kind);
    const key = JSON.stringify([path, row.objectSchema, row.objectName, row.partitionName]);
    const entry = objects.get(key) ?? { kind, path, schema: row.objectSchema ?? '', name: row.objectName ?? '', partition: row.partitionName, rows: 0, bytes: 0, files: new Set<string>() };
    entry.rows += row.rowsDone;
    entry.bytes += row.bytesDone;
    if (row.dumpFile !== null) entry.files.add(row.dumpFile);
    objects.set(key, entry);
  }
  return [...objects.values()].map((o) => ({ ...o, files: [...o.files] }));
}
