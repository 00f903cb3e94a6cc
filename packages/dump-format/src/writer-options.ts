import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { availableParallelism, hostname, platform, arch } from 'node:os';
import { assertObject, assertString } from './assert.js';
import { DEFAULT_BLOCK_SIZE, FORMAT_VERSION, HeaderFlag, MAX_BLOCK_SIZE, MIN_BLOCK_SIZE, WRITABLE_VERSIONS } from './constants.js';
import { inScope } from './scope.js';
import type { DumpLocation } from './location.js';
import { resolveLocation } from './location-schemes.js';
import { assertDirectory } from './set-files.js';
import { DumpFormatError } from './errors.js';
import { FileNameGenerator, parseFileSize } from './file-spec.js';
import { normalizeKdf } from './kdf.js';
import type { DumpfileHeader, KdfParams } from './header.js';
import { CONTENT_SCOPES, type ContentScope, type DumpSetWriterOptions } from './types.js';

/** Writer options after defaults and validation. */
export interface WriterConfig {
  readonly location: DumpLocation;
  readonly specs: readonly string[];
  readonly fileSize: number;
  readonly reuse: boolean;
  readonly guid: Buffer;
  readonly job: { name: string; sourceEngine: string; sourceVersion: string; charset: string; platform: string; host: string; language: string; createdAt: Date };
  readonly compression: ContentScope;
  readonly compressionAlgorithm: 'lz4' | 'none';
  readonly compressionLevel: number;
  readonly encryption: ContentScope;
  readonly encryptionMode: 'NONE' | 'PASSWORD' | 'KEY_FILE';
  readonly encryptionAlgorithm: 'AES128' | 'AES192' | 'AES256';
  readonly kdf: { log2N: number; r: number; p: number };
  readonly checksum: boolean;
  readonly version: { major: number; minor: number };
  readonly blockSize: number;
  readonly sync: boolean;
  readonly workers: number;
  readonly random: (n: number) => Buffer;
}

/** The header FLAGS bits a configuration implies. */
export function configFlags(c: WriterConfig): number {
  const lz4 = c.compressionAlgorithm === 'lz4';
  let f = 0;
  if (lz4 && inScope(c.compression, 'metadata')) f |= HeaderFlag.METADATA_COMPRESSED;
  if (lz4 && inScope(c.compression, 'data')) f |= HeaderFlag.DATA_COMPRESSED;
  if (c.encryptionMode !== 'NONE' && inScope(c.encryption, 'metadata')) f |= HeaderFlag.METADATA_ENCRYPTED;
  if (c.encryptionMode !== 'NONE' && inScope(c.encryption, 'data')) f |= HeaderFlag.DATA_ENCRYPTED;
  if (c.checksum) f |= HeaderFlag.FILE_CHECKSUM;
  return f;
}

/** Parses a GUID given as 32 hex digits (dashes and braces allowed). */
export function parseGuid(guid: string): Buffer {
  const hex = guid.replace(/[-{}]/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new DumpFormatError('BAD_ARGUMENT', `job GUID ${JSON.stringify(guid)} is not 32 hex digits`);
  return Buffer.from(hex, 'hex');
}

/** Formats a GUID the way Oracle shows one: 32 upper-case hex digits. */
export function formatGuid(guid: Uint8Array): string {
  return Buffer.from(guid).toString('hex').toUpperCase();
}

/** Validates writer options and fills in defaults. */
export async function normalizeWriterOptions(opts: DumpSetWriterOptions): Promise<WriterConfig> {
  assertObject(opts, 'options');
  assertDirectory(opts.directory, 'options.directory');
  if (!Array.isArray(opts.fileSpecs) || opts.fileSpecs.length === 0) throw new TypeError('options.fileSpecs must be a non-empty array of file names or templates');
  for (const s of opts.fileSpecs) assertString(s, 'options.fileSpecs[]');
  assertObject(opts.job, 'options.job');
  const location = await resolveLocation(opts.directory);
  await location.check();
  const job = opts.job;
  for (const k of ['name', 'sourceEngine', 'sourceVersion', 'charset'] as const) assertString(job[k], `options.job.${k}`);
  const createdAt = job.createdAt ?? new Date();
  if (!(createdAt instanceof Date) || Number.isNaN(createdAt.getTime())) throw new TypeError('options.job.createdAt must be a valid Date');
  new FileNameGenerator(opts.fileSpecs, createdAt); // validates every spec up front (BAD_FILE_NAME)

  const scope = (v: unknown, what: string, dflt: ContentScope): ContentScope => {
    if (v === undefined) return dflt;
    if (typeof v !== 'string' || !(CONTENT_SCOPES as readonly string[]).includes(v)) {
      throw new DumpFormatError('BAD_ARGUMENT', `${what}=${String(v)} is not one of ${CONTENT_SCOPES.join(', ')}`);
    }
    return v as ContentScope;
  };
  const compression = scope(opts.compression, 'COMPRESSION', 'METADATA_ONLY');
  const compressionAlgorithm = opts.compressionAlgorithm ?? 'lz4';
  if (compressionAlgorithm !== 'lz4' && compressionAlgorithm !== 'none') throw new DumpFormatError('BAD_ARGUMENT', `COMPRESSION_ALGORITHM=${String(compressionAlgorithm)} is not lz4 or none`);
  const compressionLevel = opts.compressionLevel ?? 1;
  if (!Number.isInteger(compressionLevel) || compressionLevel < 1 || compressionLevel > 12) {
    throw new DumpFormatError('BAD_ARGUMENT', `compression level ${String(compressionLevel)} must be an integer from 1 (fast) to 12 (LZ4-HC)`);
  }

  const hasPassword = opts.encryptionPassword !== undefined;
  const hasKeyFile = opts.keyFile !== undefined;
  if (hasPassword) assertString(opts.encryptionPassword, 'options.encryptionPassword');
  if (hasKeyFile) assertString(opts.keyFile, 'options.keyFile');
  const encryptionMode = opts.encryptionMode ?? (hasPassword ? 'PASSWORD' : hasKeyFile ? 'KEY_FILE' : 'NONE');
  if (!['NONE', 'PASSWORD', 'KEY_FILE'].includes(encryptionMode)) throw new DumpFormatError('BAD_ARGUMENT', `ENCRYPTION_MODE=${String(encryptionMode)} is not NONE, PASSWORD or KEY_FILE`);
  const encryption = scope(opts.encryption, 'ENCRYPTION', encryptionMode === 'NONE' ? 'NONE' : 'ALL');
  if ((encryption === 'NONE') !== (encryptionMode === 'NONE')) {
    throw new DumpFormatError('BAD_ARGUMENT', `ENCRYPTION=${encryption} does not go with ENCRYPTION_MODE=${encryptionMode}; give both, or neither`);
  }
  if (encryptionMode === 'PASSWORD' && (!hasPassword || opts.encryptionPassword === '')) {
    throw new DumpFormatError('PASSWORD_REQUIRED', 'ENCRYPTION_MODE=PASSWORD needs a non-empty ENCRYPTION_PASSWORD');
  }
  if (encryptionMode === 'KEY_FILE' && !hasKeyFile) throw new DumpFormatError('PASSWORD_REQUIRED', 'ENCRYPTION_MODE=KEY_FILE needs the path of a key file');
  const encryptionAlgorithm = opts.encryptionAlgorithm ?? 'AES128';
  if (!['AES128', 'AES192', 'AES256'].includes(encryptionAlgorithm)) throw new DumpFormatError('BAD_ARGUMENT', `ENCRYPTION_ALGORITHM=${String(encryptionAlgorithm)} is not AES128, AES192 or AES256`);

  const blockSize = opts.blockSize ?? DEFAULT_BLOCK_SIZE;
  if (!Number.isInteger(blockSize) || blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE) {
    throw new DumpFormatError('BAD_ARGUMENT', `blockSize ${String(blockSize)} must be an integer from ${MIN_BLOCK_SIZE} to ${MAX_BLOCK_SIZE}`);
  }
  const random = opts.randomBytes ? (n: number): Buffer => Buffer.from(opts.randomBytes!(n)) : (n: number): Buffer => nodeRandomBytes(n);
  // One worker per spare core (at most 2) when data frames are compressed; the main thread seals and writes.
  const dataCompressed = compressionAlgorithm === 'lz4' && (compression === 'ALL' || compression === 'DATA_ONLY');
  const workers = opts.workers ?? (dataCompressed ? Math.min(2, Math.max(0, availableParallelism() - 1)) : 0);
  if (!Number.isInteger(workers) || workers < 0 || workers > 16) throw new DumpFormatError('BAD_ARGUMENT', `workers ${String(workers)} must be an integer from 0 to 16`);
  const guid = job.guid !== undefined ? parseGuid(job.guid) : random(16);
  return {
    location,
    specs: opts.fileSpecs,
    fileSize: opts.fileSize === undefined ? Infinity : parseFileSize(opts.fileSize),
    reuse: opts.reuseDumpfiles ?? false,
    guid,
    job: {
      name: job.name,
      sourceEngine: job.sourceEngine,
      sourceVersion: job.sourceVersion,
      charset: job.charset,
      platform: job.platform ?? `${platform()}/${arch()}`,
      host: job.host ?? hostname(),
      language: job.language ?? Intl.DateTimeFormat().resolvedOptions().locale,
      createdAt,
    },
    compression: compressionAlgorithm === 'none' ? 'NONE' : compression,
    compressionAlgorithm: compression === 'NONE' ? 'none' : compressionAlgorithm,
    compressionLevel,
    encryption,
    encryptionMode,
    encryptionAlgorithm,
    kdf: normalizeKdf(opts.kdf),
    checksum: opts.checksum ?? false,
    version: parseVersion(opts.version),
    blockSize,
    sync: opts.sync ?? true,
    workers,
    random,
  };
}

/** VERSION: '1.0', '1', 'LATEST' or 'COMPATIBLE'; any other version is UNSUPPORTED_VERSION. */
export function parseVersion(v: string | undefined): { major: number; minor: number } {
  if (v === undefined || v === 'LATEST' || v === 'COMPATIBLE') return { ...FORMAT_VERSION };
  const m = /^(\d+)(?:\.(\d+))?$/.exec(String(v));
  const canonical = m ? `${m[1]}.${m[2] ?? '0'}` : '';
  if (!(WRITABLE_VERSIONS as readonly string[]).includes(canonical)) {
    throw new DumpFormatError('UNSUPPORTED_VERSION', `VERSION=${String(v)} cannot be written; this Sluice writes dump format ${WRITABLE_VERSIONS.join(', ')}`);
  }
  return { major: Number(m![1]), minor: Number(m![2] ?? '0') };
}

/** The header of file `fileNumber` of a set being written; `closed` marks the final rewrite at close(). */
export function headerFor(c: WriterConfig, kdf: KdfParams | null, keyCheck: Buffer | null, fileNumber: number, pieceNumber: number, pieceCount: number, closed: boolean): DumpfileHeader {
  return {
    major: c.version.major,
    minor: c.version.minor,
    guid: c.guid,
    fileNumber,
    jobName: c.job.name,
    createdAt: c.job.createdAt.getTime(),
    sourceEngine: c.job.sourceEngine,
    sourceVersion: c.job.sourceVersion,
    platform: c.job.platform,
    host: c.job.host,
    language: c.job.language,
    charset: c.job.charset,
    blockSize: c.blockSize,
    flags: configFlags(c) | (closed ? HeaderFlag.CLOSED | HeaderFlag.MASTER_PRESENT : 0),
    compressionAlgorithm: c.compressionAlgorithm,
    compressionLevel: c.compressionLevel,
    encryptionMode: c.encryptionMode,
    encryptionAlgorithm: c.encryptionMode === 'NONE' ? 'NONE' : c.encryptionAlgorithm,
    kdf,
    keyCheck: keyCheck ?? Buffer.alloc(16),
    fileChecksum: c.checksum ? 'SHA256' : 'NONE',
    masterPieceNumber: pieceNumber,
    masterPieceCount: pieceCount,
    writer: `@sluice/dump-format (format ${c.version.major}.${c.version.minor})`,
  };
}
