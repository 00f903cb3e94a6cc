import type { MasterRow } from '@sluice/adapter-kit';
import { JobError } from '../errors.js';
import { heapCheckpoint } from '../runtime/heap-governor.js';
import { MASTER_DOCUMENT_FORMAT } from './master-document.js';
import { BlockStore, PartScanner } from './master-document-parts.js';

/**
 * A master document read one row at a time: the bytes are scanned once for where each row is, and a
 * row is decoded only when asked for, so a set of many thousands of objects never has all its rows
 * decoded at once (`readMasterDocument` decodes everything).
 */
export interface MasterDocumentScan {
  readonly version: number;
  /** How many rows the document holds. */
  readonly count: number;
  /** Row `n` (0-based, document order), decoded. */
  row(n: number): MasterRow;
  /** Every row in document order, each decoded when reached. */
  rows(): Generator<MasterRow>;
}

/**
 * Scan a master document held whole. Anything that is not a Sluice master document is JobError
 * NO_DUMPFILE_INFO naming the format found, as `readMasterDocument` says it.
 */
export function scanMasterDocument(bytes: Uint8Array): MasterDocumentScan {
  const reading = new DocumentReading();
  reading.feed(bytes);
  return reading.done();
}

/**
 * Scan a master document from its parts (`DumpSetReader.masterParts()`) without ever holding it
 * whole: the parts are scanned as they come and kept in compressed blocks, so a set of tens of
 * thousands of objects costs a few MB here, not tens. Refused as `scanMasterDocument` refuses.
 */
export async function scanMasterDocumentParts(parts: AsyncIterable<Uint8Array>): Promise<MasterDocumentScan> {
  const reading = new DocumentReading();
  for await (const part of parts) {
    reading.feed(part);
    // Each part is a decoded frame, garbage once kept: tens of MB of it outside the heap otherwise.
    heapCheckpoint();
  }
  return reading.done();
}

/** A master row read back from JSON: timestamps as Dates again. */
export function reviveRow(row: MasterRow): MasterRow {
  const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));
  return { ...row, startedAt: date(row.startedAt), finishedAt: date(row.finishedAt) };
}

/** One document being read: its bytes go through the scanner (where the rows are) and into the store. */
class DocumentReading {
  private readonly scanner = new PartScanner();
  private readonly store = new BlockStore();

  feed(part: Uint8Array): void {
    const buf = Buffer.from(part.buffer, part.byteOffset, part.byteLength);
    if (this.scanner.foreign) {
      this.scanner.keep(buf);
      return;
    }
    this.scanner.feed(buf);
    this.store.append(buf);
  }

  done(): MasterDocumentScan {
    if (this.scanner.foreign) notMasterDocument(this.scanner.kept());
    const top = this.scanner.finish();
    if (top.format !== MASTER_DOCUMENT_FORMAT || top.spans === undefined) notOurs(top);
    this.store.end();
    const { store } = this;
    const { spans, count } = top;
    const row = (n: number): MasterRow => {
      if (!Number.isInteger(n) || n < 0 || n >= count) throw new RangeError(`master row ${n} is out of range (0..${count - 1})`);
      let raw: MasterRow;
      try {
        raw = JSON.parse(store.text(spans[2 * n] as number, spans[2 * n + 1] as number)) as MasterRow;
      } catch (cause) {
        throw new JobError('NO_DUMPFILE_INFO', `Row ${n + 1} of the master table in this dump file set is not JSON, so it is not one this Sluice reads; the file may be damaged.`, { cause });
      }
      return reviveRow(raw);
    };
    return {
      version: typeof top.version === 'number' ? top.version : 0,
      count,
      row,
      *rows() {
        for (let n = 0; n < count; n++) yield row(n);
      },
    };
  }
}

/** A document that is not a JSON object (small whatever it is): judged whole. */
function notMasterDocument(bytes: Buffer): never {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (cause) {
    throw new JobError('NO_DUMPFILE_INFO', 'The master table in this dump file set is not JSON, so it is not one this Sluice reads; the file may be damaged.', { cause });
  }
  const found = value as { format?: unknown; version?: unknown } | null;
  notOurs({ format: found?.format, version: found?.version });
}

function notOurs(top: { format: unknown; version: unknown }): never {
  throw new JobError('NO_DUMPFILE_INFO', `The master table in this dump file set is not one this Sluice reads (format ${JSON.stringify(top.format)} ${JSON.stringify(top.version)}).`);
}
