import { BufferReader } from './buffer-reader.js';
import { BufferWriter } from './buffer-writer.js';
import { ENCRYPTION_OVERHEAD, FRAME_HEADER_SIZE, HEADER_SIZE, INDEX_ENTRY_SIZE, INDEX_PAYLOAD_FIXED, MASTER_PIECE_FIXED, TRAILER_FRAME_SIZE } from './constants.js';
import { DumpFormatError } from './errors.js';

/** One piece of the master-table payload, as stored in a master frame (one per file of the set). */
export interface MasterPiece {
  /** 1-based; piece n lives in file n. */
  readonly number: number;
  readonly count: number;
  readonly masterLength: number;
  /** Where this piece's bytes start inside the whole master payload. */
  readonly pieceOffset: number;
  readonly masterSha256: Buffer;
  /** Names of every file of the set, by file number, so a missing piece can be named ([] when too long to repeat). */
  readonly names: readonly string[];
  readonly data: Buffer;
}

/** Longest file-name list repeated in every piece; longer lists are left out and errors name files by number. */
export const MAX_NAMES_BYTES = 2048;

/** Bytes the name list takes in a piece. */
export function namesSize(names: readonly string[]): number {
  let n = 0;
  for (const name of names) n += 2 + Buffer.byteLength(name, 'utf8');
  return n;
}

/** The names to store in pieces: all of them, or none when they would not fit the reserve. */
export function storableNames(names: readonly string[]): readonly string[] {
  return namesSize(names) <= MAX_NAMES_BYTES ? names : [];
}

/** Serialises a piece. */
export function encodeMasterPiece(p: MasterPiece): Buffer {
  const w = new BufferWriter(MASTER_PIECE_FIXED + namesSize(p.names) + p.data.length);
  w.u32(p.number).u32(p.count).u64(p.masterLength).u64(p.pieceOffset).bytes(p.masterSha256).u32(p.names.length);
  for (const name of p.names) {
    const b = Buffer.from(name, 'utf8');
    w.u16(b.length).bytes(b);
  }
  w.bytes(p.data);
  return w.view();
}

/** Decodes a piece; throws RangeError when malformed. */
export function decodeMasterPiece(payload: Buffer): MasterPiece {
  const r = new BufferReader(payload);
  const number = r.u32();
  const count = r.u32();
  const masterLength = r.u64();
  const pieceOffset = r.u64();
  const masterSha256 = Buffer.from(r.bytes(32));
  const nameCount = r.u32();
  if (number < 1 || number > count) throw new RangeError(`master piece number ${number} of ${count}`);
  if (nameCount !== 0 && nameCount !== count) throw new RangeError(`master piece lists ${nameCount} file names for ${count} pieces`);
  const names: string[] = [];
  for (let i = 0; i < nameCount; i++) names.push(r.utf8(r.u16()));
  const data = r.bytes(r.remaining);
  if (pieceOffset + data.length > masterLength) throw new RangeError(`master piece ${number} runs past the master length ${masterLength}`);
  return { number, count, masterLength, pieceOffset, masterSha256, names, data };
}

/**
 * Splits `total` bytes over files with the given capacities (Infinity when FILESIZE is not set):
 * evenly where room allows, the rest into files with room left. Null when the room is not enough.
 */
export function planPieces(total: number, capacities: readonly number[]): number[] | null {
  const n = capacities.length;
  if (n === 0) return null;
  const target = Math.ceil(total / n);
  const sizes = capacities.map((c) => Math.max(0, Math.min(target, c)));
  let left = total - sizes.reduce((a, b) => a + b, 0);
  // The even split overshoots by up to n-1 bytes: take the excess back from the end.
  for (let i = n - 1; i >= 0 && left < 0; i--) {
    const take = Math.min(sizes[i]!, -left);
    sizes[i]! -= take;
    left += take;
  }
  for (let i = 0; i < n && left > 0; i++) {
    const add = Math.min(left, Math.max(0, capacities[i]! - sizes[i]!));
    sizes[i]! += add;
    left -= add;
  }
  return left > 0 ? null : sizes;
}

/** What layoutMaster needs to know about the set. */
export interface MasterLayoutInput {
  /** The files so far: name, bytes written, index entries. */
  readonly files: ReadonlyArray<{ name: string; size: number; entries: number }>;
  /** FILESIZE, or Infinity. */
  readonly fileSize: number;
  readonly masterLength: number;
  /** Largest master bytes per frame. */
  readonly chunk: number;
  readonly encrypted: boolean;
  /** The next file name from the specs, skipping `taken`; null when they are used up. */
  readonly nextName: (taken: Set<string>) => string | null;
}

/**
 * Decides how many master bytes go into each file (one piece per file) within the room FILESIZE leaves
 * after each file's frames, index and trailer, and which extra files the master needs when that room
 * is not enough. Each master frame costs its header, GCM overhead, the piece header, the file-name list
 * and an index entry.
 */
export function layoutMaster(input: MasterLayoutInput): { sizes: number[]; extra: string[]; names: readonly string[] } {
  const extra: string[] = [];
  for (;;) {
    const all = [...input.files.map((f) => f.name), ...extra];
    const names = storableNames(all);
    const perFrame = FRAME_HEADER_SIZE + (input.encrypted ? ENCRYPTION_OVERHEAD : 0) + MASTER_PIECE_FIXED + namesSize(names) + INDEX_ENTRY_SIZE;
    const capacity = (used: number, entries: number): number => {
      if (!Number.isFinite(input.fileSize)) return Infinity;
      const room = input.fileSize - used - (FRAME_HEADER_SIZE + INDEX_PAYLOAD_FIXED + entries * INDEX_ENTRY_SIZE) - TRAILER_FRAME_SIZE;
      if (room < perFrame) return 0;
      const full = Math.floor(room / (input.chunk + perFrame));
      return full * input.chunk + Math.max(0, room - full * (input.chunk + perFrame) - perFrame);
    };
    const caps = [...input.files.map((f) => capacity(f.size, f.entries)), ...extra.map(() => capacity(HEADER_SIZE, 0))];
    const sizes = planPieces(input.masterLength, caps);
    if (sizes) return { sizes, extra, names };
    const name = input.nextName(new Set(all));
    if (name === null) {
      throw new DumpFormatError('NO_MORE_FILES', `the master table (${input.masterLength} bytes) needs another dump file but every DUMPFILE spec is used up; add a file (ADD_FILE) or raise FILESIZE`);
    }
    if (extra.length >= 10_000) throw new DumpFormatError('FILESIZE_TOO_SMALL', `FILESIZE=${input.fileSize} is too small to hold the master table; raise FILESIZE`);
    extra.push(name);
  }
}
