import { createHash } from 'node:crypto';
import type { MasterRow } from '@sluice/adapter-kit';
import type { MasterSource } from '@sluice/dump-format';
import { JobError } from '../errors.js';
import { quotedTable } from '../log/log-format.js';
import { heapCheckpoint } from '../runtime/heap-governor.js';

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

/** A table (or partition) whose export did not finish: some of its chunks' rows are not in the set. */
export interface MissingData {
  readonly schema: string;
  readonly name: string;
  readonly partition: string | null;
  /** Chunks whose rows are not in the set, and the chunks the export planned for the table. */
  readonly chunks: number;
  readonly plannedChunks: number;
  /** Why: the states those chunks ended in (FAILED, SKIPPED, ...), each once. */
  readonly states: readonly string[];
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
  /** False when the export did not finish every item it planned: the set is INCOMPLETE. */
  readonly complete: boolean;
  /** The tables whose rows are (partly) missing, in master-table order. */
  readonly missing: readonly MissingData[];
}

/**
 * The bytes of the master document an export writes for `rows`. Besides the rows (each item with its
 * state), it says whether the set is complete and which tables' chunks are missing.
 */
export function writeMasterDocument(rows: readonly MasterRow[]): Buffer {
  const missing = missingData(rows);
  return Buffer.from(JSON.stringify({ format: MASTER_DOCUMENT_FORMAT, version: MASTER_DOCUMENT_VERSION, rows, complete: missing.length === 0, missing }), 'utf8');
}

/** All the bytes of a master source (tests, and callers that want the document whole). */
export async function masterDocumentBytes(source: MasterSource): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of source.parts()) parts.push(Buffer.from(part.buffer, part.byteOffset, part.byteLength));
  return Buffer.concat(parts);
}

/**
 * The master document for the rows `pages` gives (every row in id order, a page at a time), as a
 * MasterSource the dump set writer takes a part at a time: the same bytes as `writeMasterDocument` of
 * all the rows, without ever holding them all (tens of MB for thousands of objects). The rows are read
 * twice: once here for the length, the SHA-256 and what is missing, once more as the writer takes the
 * parts (work items no longer change when it is written; the job row, which does, is written as the
 * first reading saw it). Also returns the data rows (payloads left out), for reports of what is missing.
 */
export async function masterDocumentSource(pages: () => AsyncIterable<readonly MasterRow[]>): Promise<{ source: MasterSource; dataRows: MasterRow[] }> {
  const dataRows: MasterRow[] = [];
  // The job row keeps changing (status refreshes); the document holds it as the first reading saw it.
  const jobRows = new Map<number, string>();
  const texts = async function* (): AsyncGenerator<string> {
    let first = true;
    for await (const page of pages()) {
      const parts: string[] = [];
      for (const row of page) {
        parts.push(first ? '' : ',', jobRows.get(row.id) ?? JSON.stringify(row));
        first = false;
      }
      yield parts.join('');
    }
  };
  // The rows come before what is said of them (complete, missing), known only once every row was read.
  const head = Buffer.from(`${JSON.stringify({ format: MASTER_DOCUMENT_FORMAT, version: MASTER_DOCUMENT_VERSION }).slice(0, -1)},"rows":[`, 'utf8');
  const hash = createHash('sha256').update(head);
  let rowBytes = 0;
  let count = 0;
  for await (const page of pages()) {
    for (const row of page) {
      const text = JSON.stringify(row);
      if (row.rowType !== 'ITEM') jobRows.set(row.id, text);
      else if (row.itemKind === 'DATA') dataRows.push({ ...row, payload: '' });
      // Hashed and measured as text: a buffer per row would be tens of MB of garbage outside the heap.
      if (count > 0) hash.update(',');
      hash.update(text, 'utf8');
      rowBytes += Buffer.byteLength(text, 'utf8') + (count > 0 ? 1 : 0);
      count += 1;
    }
    heapCheckpoint();
  }
  const missing = missingData(dataRows);
  const tail = Buffer.from(`],${JSON.stringify({ complete: missing.length === 0, missing }).slice(1)}`, 'utf8');
  const sha256 = hash.update(tail).digest();
  const changed = (): JobError => new JobError('INTERNAL_ERROR', 'The master table changed while its document was written; report this as a bug.');
  const source: MasterSource = {
    length: head.length + rowBytes + tail.length,
    sha256,
    async *parts() {
      yield head;
      const again = createHash('sha256').update(head);
      let written = 0;
      for await (const text of texts()) {
        const bytes = Buffer.from(text, 'utf8');
        written += bytes.length;
        if (written > rowBytes) throw changed();
        again.update(bytes);
        yield bytes;
        heapCheckpoint();
      }
      if (written !== rowBytes || !again.update(tail).digest().equals(sha256)) throw changed();
      yield tail;
    },
  };
  return { source, dataRows };
}
/**
 * The tables whose data items did not end DONE (FAILED, SKIPPED by START_JOB skip_current, ...).
 * Tables left out on purpose (INCLUDE/EXCLUDE, CONTENT=METADATA_ONLY) have no items, so never appear.
 */
export function missingData(rows: readonly MasterRow[]): MissingData[] {
  const tables = new Map<string, { schema: string; name: string; partition: string | null; chunks: number; plannedChunks: number; states: Set<string> }>();
  for (const row of [...rows].sort((a, b) => a.id - b.id)) {
    if (row.rowType !== 'ITEM' || row.itemKind !== 'DATA') continue;
    const key = JSON.stringify([row.objectSchema, row.objectName, row.partitionName]);
    const entry = tables.get(key) ?? { schema: row.objectSchema ?? '', name: row.objectName ?? '', partition: row.partitionName, chunks: 0, plannedChunks: 0, states: new Set<string>() };
    entry.plannedChunks += 1;
    if (row.state !== 'DONE') {
      entry.chunks += 1;
      entry.states.add(row.state);
    }
    tables.set(key, entry);
  }
  return [...tables.values()].filter((t) => t.chunks > 0).map((t) => ({ ...t, states: [...t.states] }));
}

/** One missing table as logs and messages name it: `"S"."T" (2 of 9 chunks SKIPPED)`. */
export function missingDataText(m: MissingData): string {
  return `${quotedTable(m.schema, m.name, m.partition)} (${m.chunks} of ${m.plannedChunks} chunk${m.plannedChunks === 1 ? '' : 's'} ${m.states.join('/')})`;
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
  // The rows are the record; sets written before `complete` was stamped are judged by them too.
  const missing = missingData(rows);
  return {
    format: MASTER_DOCUMENT_FORMAT,
    version: typeof v.version === 'number' ? v.version : 0,
    jobName: rows.find((r) => r.rowType === 'JOB')?.objectName ?? undefined,
    rows,
    objects: objectsOf(rows),
    complete: missing.length === 0,
    missing,
  };
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
    objects.set(key, entry);
    // A chunk the export did not finish holds no rows of the set.
    if (kind === 'DATA' && row.state !== 'DONE') continue;
    entry.rows += row.rowsDone;
    entry.bytes += row.bytesDone;
    if (row.dumpFile !== null) entry.files.add(row.dumpFile);
  }
  return [...objects.values()].map((o) => ({ ...o, files: [...o.files] }));
}
