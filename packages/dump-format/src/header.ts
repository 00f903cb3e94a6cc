import { BufferReader } from './buffer-reader.js';
import { BufferWriter } from './buffer-writer.js';
import { crc32 } from './checksum.js';
import { CompressionCode, EncryptionAlgorithmCode, EncryptionModeCode, FILE_MAGIC, FileChecksumCode, FORMAT_VERSION, FrameChecksumCode, HEADER_CRC_OFFSET, HEADER_SIZE, KdfCode } from './constants.js';
import { DumpFormatError } from './errors.js';

/** Header item codes (u16). Items are type-length-value so a newer minor can add items older readers skip. */
export const HeaderItem = {
  GUID: 1, // 16 bytes
  FILE_NUMBER: 2, // u32
  JOB_NAME: 3, // utf8
  CREATED_AT: 4, // u64 milliseconds since 1970-01-01 UTC
  SOURCE_ENGINE: 5, // utf8
  SOURCE_VERSION: 6, // utf8
  PLATFORM: 7, // utf8
  HOST: 8, // utf8 (Oracle: instance)
  LANGUAGE: 9, // utf8
  CHARSET: 10, // utf8
  BLOCK_SIZE: 11, // u32
  FLAGS: 12, // u32, HeaderFlag bits
  COMPRESSION: 13, // u8 algorithm, u8 level
  ENCRYPTION: 14, // u8 mode, u8 algorithm
  KDF: 15, // u8 algorithm, u8 log2(N), u16 r, u16 p, 16-byte salt
  KEY_CHECK: 16, // 16 bytes (all zero when not encrypted)
  CHECKSUMS: 17, // u8 frame checksum, u8 file checksum
  MASTER_PIECE: 18, // u32 piece number, u32 piece count (0, 0 until the set is closed)
  WRITER: 19, // utf8, e.g. "@sluice/dump-format 1.0"
} as const;

/** Longest UTF-8 string item, in bytes; keeps every header within its 4 KiB block. */
export const MAX_HEADER_STRING = 256;

/** Offset of the first item: magic 8, major 2, minor 2, header size 4, item count 2. */
const ITEMS_OFFSET = 18;

/** Everything a file header holds, decoded. */
export interface DumpfileHeader {
  readonly major: number;
  readonly minor: number;
  readonly guid: Buffer;
  readonly fileNumber: number;
  readonly jobName: string;
  readonly createdAt: number;
  readonly sourceEngine: string;
  readonly sourceVersion: string;
  readonly platform: string;
  readonly host: string;
  readonly language: string;
  readonly charset: string;
  readonly blockSize: number;
  readonly flags: number;
  readonly compressionAlgorithm: 'none' | 'lz4';
  readonly compressionLevel: number;
  readonly encryptionMode: 'NONE' | 'PASSWORD' | 'KEY_FILE';
  readonly encryptionAlgorithm: 'NONE' | 'AES128' | 'AES192' | 'AES256';
  readonly kdf: KdfParams | null;
  readonly keyCheck: Buffer;
  readonly fileChecksum: 'NONE' | 'SHA256';
  readonly masterPieceNumber: number;
  readonly masterPieceCount: number;
  readonly writer: string;
}

/** scrypt parameters as stored in the header. */
export interface KdfParams {
  readonly algorithm: 'scrypt';
  readonly log2N: number;
  readonly r: number;
  readonly p: number;
  readonly salt: Buffer;
}

const compressionNames = inverse(CompressionCode);
const modeNames = inverse(EncryptionModeCode);
const algorithmNames = inverse(EncryptionAlgorithmCode);
const fileChecksumNames = inverse(FileChecksumCode);

/** Serialises a header into its 4096-byte block, CRC-32 in the last 4 bytes. */
export function encodeHeader(h: DumpfileHeader): Buffer {
  const items: Array<[number, Buffer]> = [];
  const str = (code: number, s: string): void => {
    const b = Buffer.from(s, 'utf8');
    if (b.length > MAX_HEADER_STRING) {
      throw new DumpFormatError('BAD_ARGUMENT', `header item ${code} is ${b.length} bytes; at most ${MAX_HEADER_STRING} UTF-8 bytes fit (shorten the job name or identity strings)`);
    }
    items.push([code, b]);
  };
  const raw = (code: number, w: BufferWriter): void => {
    items.push([code, w.toBuffer()]);
  };
  items.push([HeaderItem.GUID, h.guid]);
  raw(HeaderItem.FILE_NUMBER, new BufferWriter(4).u32(h.fileNumber));
  str(HeaderItem.JOB_NAME, h.jobName);
  raw(HeaderItem.CREATED_AT, new BufferWriter(8).u64(h.createdAt));
  str(HeaderItem.SOURCE_ENGINE, h.sourceEngine);
  str(HeaderItem.SOURCE_VERSION, h.sourceVersion);
  str(HeaderItem.PLATFORM, h.platform);
  str(HeaderItem.HOST, h.host);
  str(HeaderItem.LANGUAGE, h.language);
  str(HeaderItem.CHARSET, h.charset);
  raw(HeaderItem.BLOCK_SIZE, new BufferWriter(4).u32(h.blockSize));
  raw(HeaderItem.FLAGS, new BufferWriter(4).u32(h.flags));
  raw(HeaderItem.COMPRESSION, new BufferWriter(2).u8(CompressionCode[h.compressionAlgorithm]).u8(h.compressionLevel));
  raw(HeaderItem.ENCRYPTION, new BufferWriter(2).u8(EncryptionModeCode[h.encryptionMode]).u8(EncryptionAlgorithmCode[h.encryptionAlgorithm]));
  const kdf = new BufferWriter(22);
  if (h.kdf) kdf.u8(KdfCode.scrypt).u8(h.kdf.log2N).u16(h.kdf.r).u16(h.kdf.p).bytes(h.kdf.salt);
  else kdf.u8(KdfCode.none).u8(0).u16(0).u16(0).bytes(Buffer.alloc(16));
  raw(HeaderItem.KDF, kdf);
  items.push([HeaderItem.KEY_CHECK, h.keyCheck.length === 16 ? h.keyCheck : Buffer.alloc(16)]);
  raw(HeaderItem.CHECKSUMS, new BufferWriter(2).u8(FrameChecksumCode.CRC32).u8(FileChecksumCode[h.fileChecksum]));
  raw(HeaderItem.MASTER_PIECE, new BufferWriter(8).u32(h.masterPieceNumber).u32(h.masterPieceCount));
  str(HeaderItem.WRITER, h.writer);

  const w = new BufferWriter(HEADER_SIZE);
  w.bytes(FILE_MAGIC).u16(h.major).u16(h.minor).u32(HEADER_SIZE).u16(items.length);
  for (const [code, value] of items) w.u16(code).u16(value.length).bytes(value);
  if (w.length > HEADER_CRC_OFFSET) throw new DumpFormatError('BAD_ARGUMENT', `header items need ${w.length} bytes; at most ${HEADER_CRC_OFFSET} fit`);
  const block = Buffer.alloc(HEADER_SIZE);
  w.view().copy(block);
  block.writeUInt32BE(crc32(block.subarray(0, HEADER_CRC_OFFSET)), HEADER_CRC_OFFSET);
  return block;
}

/** True when `buf` starts with the dump file magic. */
export function hasMagic(buf: Uint8Array): boolean {
  return buf.length >= FILE_MAGIC.length && Buffer.from(buf.buffer, buf.byteOffset, FILE_MAGIC.length).equals(FILE_MAGIC);
}

/**
 * Decodes and checks a header block. `block` is the first bytes of the file (up to HEADER_SIZE);
 * `file` names the file in errors. Order of checks: magic, CRC, version, items.
 */
export function decodeHeader(block: Uint8Array, file: string): DumpfileHeader {
  const buf = Buffer.from(block.buffer, block.byteOffset, block.byteLength);
  if (!hasMagic(buf)) {
    throw new DumpFormatError('BAD_MAGIC', `${file} is not a Sluice dump file (no dump file magic at offset 0); check the DUMPFILE name`, { file, offset: 0 });
  }
  if (buf.length < 16) throw truncatedHeader(file, buf.length);
  const major = buf.readUInt16BE(8);
  const minor = buf.readUInt16BE(10);
  const size = buf.readUInt32BE(12);
  // Bytes 0..15 keep this meaning in every version, and the CRC is always in the header's last 4 bytes,
  // so a newer major with a sound header is reported as a version problem, a damaged one as damage.
  // A size field that is itself damaged falls back to the 1.x header size.
  const crcAt = size >= ITEMS_OFFSET + 4 && size <= buf.length ? size - 4 : buf.length >= HEADER_SIZE ? HEADER_CRC_OFFSET : -1;
  if (crcAt >= 0) {
    const stored = buf.readUInt32BE(crcAt);
    const actual = crc32(buf.subarray(0, crcAt));
    if (stored !== actual) {
      throw new DumpFormatError(
        'CHECKSUM_MISMATCH',
        `${file}: header checksum mismatch at offset 0 (stored ${hex32(stored)}, computed ${hex32(actual)}); the file header is damaged, restore the file from a good copy`,
        { file, offset: 0 },
      );
    }
  }
  if (major !== FORMAT_VERSION.major) {
    throw new DumpFormatError(
      'UNSUPPORTED_VERSION',
      `${file} uses dump format ${major}.${minor}, but this @sluice/dump-format reads format ${FORMAT_VERSION.major}.x (newest ${FORMAT_VERSION.major}.${FORMAT_VERSION.minor}); ${major > FORMAT_VERSION.major ? 'upgrade Sluice to read it' : 'this file was not written by a released Sluice'}`,
      { file, offset: 8 },
    );
  }
  if (buf.length < HEADER_SIZE) throw truncatedHeader(file, buf.length);
  if (size !== HEADER_SIZE) {
    throw new DumpFormatError('BAD_HEADER', `${file}: header size field says ${size}, format 1.x headers are ${HEADER_SIZE} bytes; the file is damaged`, { file, offset: 12 });
  }
  try {
    return decodeItems(buf, major, minor, file);
  } catch (e) {
    if (e instanceof DumpFormatError) throw e;
    throw new DumpFormatError('BAD_HEADER', `${file}: header items are malformed (${(e as Error).message}); the file is damaged`, { file, offset: ITEMS_OFFSET, cause: e });
  }
}

function decodeItems(buf: Buffer, major: number, minor: number, file: string): DumpfileHeader {
  const r = new BufferReader(buf.subarray(0, HEADER_CRC_OFFSET), 16);
  const count = r.u16();
  const items = new Map<number, Buffer>();
  for (let i = 0; i < count; i++) {
    const code = r.u16();
    const len = r.u16();
    items.set(code, r.bytes(len)); // unknown codes (a newer minor) are kept and ignored
  }
  const need = (code: number, len?: number): Buffer => {
    const v = items.get(code);
    if (v === undefined || (len !== undefined && v.length !== len)) {
      throw new DumpFormatError('BAD_HEADER', `${file}: header item ${code} is ${v === undefined ? 'missing' : `${v.length} bytes, expected ${len}`}; the file is damaged or not a Sluice dump file`, {
        file,
        offset: 0,
      });
    }
    return v;
  };
  const text = (code: number): string => need(code).toString('utf8');
  const rd = (code: number, len: number): BufferReader => new BufferReader(need(code, len));
  const compression = rd(HeaderItem.COMPRESSION, 2);
  const compressionAlgorithm = name(compressionNames, compression.u8(), 'compression algorithm', file);
  const compressionLevel = compression.u8();
  const enc = rd(HeaderItem.ENCRYPTION, 2);
  const encryptionMode = name(modeNames, enc.u8(), 'encryption mode', file);
  const encryptionAlgorithm = name(algorithmNames, enc.u8(), 'encryption algorithm', file);
  const k = rd(HeaderItem.KDF, 22);
  const kdfAlg = k.u8();
  const kdf: KdfParams | null = kdfAlg === KdfCode.scrypt ? { algorithm: 'scrypt', log2N: k.u8(), r: k.u16(), p: k.u16(), salt: Buffer.from(k.bytes(16)) } : null;
  if (kdfAlg !== KdfCode.scrypt && kdfAlg !== KdfCode.none) throw badValue('KDF algorithm', kdfAlg, file);
  const sums = rd(HeaderItem.CHECKSUMS, 2);
  const frameSum = sums.u8();
  if (frameSum !== FrameChecksumCode.CRC32) throw badValue('frame checksum algorithm', frameSum, file);
  const fileChecksum = name(fileChecksumNames, sums.u8(), 'file checksum algorithm', file);
  const piece = rd(HeaderItem.MASTER_PIECE, 8);
  if ((encryptionMode === 'NONE') !== (encryptionAlgorithm === 'NONE')) {
    throw new DumpFormatError('BAD_HEADER', `${file}: encryption mode ${encryptionMode} with algorithm ${encryptionAlgorithm} is inconsistent; the file is damaged`, { file, offset: 0 });
  }
  return {
    major,
    minor,
    guid: Buffer.from(need(HeaderItem.GUID, 16)),
    fileNumber: rd(HeaderItem.FILE_NUMBER, 4).u32(),
    jobName: text(HeaderItem.JOB_NAME),
    createdAt: rd(HeaderItem.CREATED_AT, 8).u64(),
    sourceEngine: text(HeaderItem.SOURCE_ENGINE),
    sourceVersion: text(HeaderItem.SOURCE_VERSION),
    platform: text(HeaderItem.PLATFORM),
    host: text(HeaderItem.HOST),
    language: text(HeaderItem.LANGUAGE),
    charset: text(HeaderItem.CHARSET),
    blockSize: rd(HeaderItem.BLOCK_SIZE, 4).u32(),
    flags: rd(HeaderItem.FLAGS, 4).u32(),
    compressionAlgorithm,
    compressionLevel,
    encryptionMode,
    encryptionAlgorithm,
    kdf,
    keyCheck: Buffer.from(need(HeaderItem.KEY_CHECK, 16)),
    fileChecksum,
    masterPieceNumber: piece.u32(),
    masterPieceCount: piece.u32(),
    writer: text(HeaderItem.WRITER),
  };
}

function truncatedHeader(file: string, got: number): DumpFormatError {
  return new DumpFormatError('TRUNCATED', `${file} is truncated: it ends at offset ${got}, inside the ${HEADER_SIZE}-byte header; restore the whole file`, { file, offset: got });
}

function badValue(what: string, v: number, file: string): DumpFormatError {
  return new DumpFormatError('BAD_HEADER', `${file}: unknown ${what} ${v} in the header; the file is damaged or needs a newer Sluice`, { file, offset: 0 });
}

function name<T extends string>(names: Map<number, T>, v: number, what: string, file: string): T {
  const n = names.get(v);
  if (n === undefined) throw badValue(what, v, file);
  return n;
}

function inverse<T extends string>(o: Record<T, number>): Map<number, T> {
  return new Map(Object.entries(o).map(([k, v]) => [v as number, k as T]));
}

/** `0x` + 8 hex digits. */
export function hex32(v: number): string {
  return `0x${v.toString(16).padStart(8, '0')}`;
}
