import type { MasterRow } from '@sluice/adapter-kit';
import { JobError } from '../errors.js';
import { MASTER_DOCUMENT_FORMAT } from './master-document.js';

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

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

const isSpace = (b: number | undefined): boolean => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** Thrown inside the scanner; turned into NO_DUMPFILE_INFO at the boundary. */
class NotJson extends Error {}

/**
 * Scan a master document (`DumpSetReader.master()`). Anything that is not a Sluice master document
 * is JobError NO_DUMPFILE_INFO naming the format found, as `readMasterDocument` says it.
 */
export function scanMasterDocument(bytes: Uint8Array): MasterDocumentScan {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let top: { format: unknown; version: unknown; rows: Float64Array | undefined; count: number };
  try {
    top = scanTop(buf);
  } catch (cause) {
    if (!(cause instanceof NotJson)) throw cause;
    throw new JobError('NO_DUMPFILE_INFO', 'The master table in this dump file set is not JSON, so it is not one this Sluice reads; the file may be damaged.', { cause });
  }
  const spans = top.rows;
  if (top.format !== MASTER_DOCUMENT_FORMAT || spans === undefined) {
    throw new JobError('NO_DUMPFILE_INFO', `The master table in this dump file set is not one this Sluice reads (format ${JSON.stringify(top.format)} ${JSON.stringify(top.version)}).`);
  }
  const count = top.count;
  const row = (n: number): MasterRow => {
    if (!Number.isInteger(n) || n < 0 || n >= count) throw new RangeError(`master row ${n} is out of range (0..${count - 1})`);
    let raw: MasterRow;
    try {
      raw = JSON.parse(buf.toString('utf8', spans[2 * n], spans[2 * n + 1])) as MasterRow;
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

/** A master row read back from JSON: timestamps as Dates again. */
export function reviveRow(row: MasterRow): MasterRow {
  const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));
  return { ...row, startedAt: date(row.startedAt), finishedAt: date(row.finishedAt) };
}

/** The top-level object: `format` and `version` decoded, the start and end of each element of `rows`. */
function scanTop(buf: Buffer): { format: unknown; version: unknown; rows: Float64Array | undefined; count: number } {
  let format: unknown;
  let version: unknown;
  let rows: Float64Array | undefined;
  let count = 0;
  let i = skipSpace(buf, 0);
  if (buf[i] !== OPEN_BRACE) {
    // Not an object: whatever JSON it is decodes small, or fails as not JSON.
    const value = parseSlice(buf, 0, buf.length) as { format?: unknown; version?: unknown } | null;
    return { format: value?.format, version: value?.version, rows: undefined, count: 0 };
  }
  i = skipSpace(buf, i + 1);
  if (buf[i] === CLOSE_BRACE) return { format, version, rows, count };
  for (;;) {
    if (buf[i] !== QUOTE) throw new NotJson('expected a key');
    const keyEnd = skipString(buf, i);
    const key = parseSlice(buf, i, keyEnd) as string;
    i = skipSpace(buf, keyEnd);
    if (buf[i] !== COLON) throw new NotJson('expected a colon');
    i = skipSpace(buf, i + 1);
    const start = i;
    if (key === 'rows' && buf[i] === OPEN_BRACKET) {
      let spans = new Float64Array(1024);
      count = 0;
      i = skipSpace(buf, i + 1);
      if (buf[i] !== CLOSE_BRACKET) {
        for (;;) {
          const end = skipValue(buf, i);
          if (2 * count + 2 > spans.length) {
            const grown = new Float64Array(spans.length * 2);
            grown.set(spans);
            spans = grown;
          }
          spans[2 * count] = i;
          spans[2 * count + 1] = end;
          count += 1;
          i = skipSpace(buf, end);
          if (buf[i] === COMMA) {
            i = skipSpace(buf, i + 1);
            continue;
          }
          if (buf[i] === CLOSE_BRACKET) break;
          throw new NotJson('expected a comma or a closing bracket');
        }
      }
      i += 1;
      rows = spans;
    } else {
      i = skipValue(buf, i);
      if (key === 'format') format = parseSlice(buf, start, i);
      else if (key === 'version') version = parseSlice(buf, start, i);
      else if (key === 'rows') rows = undefined;
    }
    i = skipSpace(buf, i);
    if (buf[i] === COMMA) {
      i = skipSpace(buf, i + 1);
      continue;
    }
    if (buf[i] === CLOSE_BRACE) break;
    throw new NotJson('expected a comma or a closing brace');
  }
  if (skipSpace(buf, i + 1) !== buf.length) throw new NotJson('bytes after the document');
  return { format, version, rows, count };
}

function parseSlice(buf: Buffer, start: number, end: number): unknown {
  try {
    return JSON.parse(buf.toString('utf8', start, end));
  } catch (e) {
    throw new NotJson((e as Error).message);
  }
}

function skipSpace(buf: Buffer, i: number): number {
  while (isSpace(buf[i])) i += 1;
  return i;
}

/** The index just past the string starting at `i` (a quote). */
function skipString(buf: Buffer, i: number): number {
  const n = buf.length;
  for (let j = i + 1; j < n; j++) {
    const b = buf[j];
    if (b === BACKSLASH) j += 1;
    else if (b === QUOTE) return j + 1;
  }
  throw new NotJson('unterminated string');
}

/** The index just past the value starting at `i`; strings, objects and arrays by their brackets, scalars by their end. */
function skipValue(buf: Buffer, i: number): number {
  const first = buf[i];
  if (first === QUOTE) return skipString(buf, i);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    const n = buf.length;
    for (let j = i; j < n; j++) {
      const b = buf[j];
      if (b === QUOTE) j = skipString(buf, j) - 1;
      else if (b === OPEN_BRACE || b === OPEN_BRACKET) depth += 1;
      else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
        depth -= 1;
        if (depth === 0) return j + 1;
      }
    }
    throw new NotJson('unterminated object or array');
  }
  let j = i;
  while (j < buf.length && buf[j] !== COMMA && buf[j] !== CLOSE_BRACE && buf[j] !== CLOSE_BRACKET && !isSpace(buf[j])) j += 1;
  if (j === i) throw new NotJson('expected a value');
  return j;
}
