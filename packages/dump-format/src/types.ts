import type { DumpLocation } from './location.js';
import type { FrameKind } from './constants.js';
import type { DumpFormatErrorCode } from './errors.js';
import type { SkippedRegion } from './frame-parser.js';

export type { FrameKind } from './constants.js';
export type { SkippedRegion } from './frame-parser.js';

/** Which frame kinds an option (COMPRESSION, ENCRYPTION) applies to; master pieces count as metadata. */
export type ContentScope = 'ALL' | 'DATA_ONLY' | 'METADATA_ONLY' | 'NONE';

/** Every ContentScope value. */
export const CONTENT_SCOPES = ['ALL', 'DATA_ONLY', 'METADATA_ONLY', 'NONE'] as const;

/** Who wrote the set: goes into every file header (GET_DUMPFILE_INFO items). */
export interface JobIdentity {
  /** 32 hex digits (dashes allowed); a random GUID when absent. */
  guid?: string;
  name: string;
  sourceEngine: string;
  sourceVersion: string;
  charset: string;
  platform?: string;
  host?: string;
  language?: string;
  createdAt?: Date;
}

/** Options of DumpSetWriter.create (the export side of DUMPFILE, FILESIZE, COMPRESSION, ENCRYPTION, CHECKSUM, VERSION). */
export interface DumpSetWriterOptions {
  /** Every file lives here (a folder, an `s3://bucket/prefix` URL whose scheme is registered, or a DumpLocation); file names are simple names, never paths. */
  directory: string | DumpLocation;
  /** File names or templates (%U %L %d %m %y %t %%); several specs are used round-robin. */
  fileSpecs: readonly string[];
  /** FILESIZE in bytes: a file is closed and the next opened before it would grow past this; at least 40960. */
  fileSize?: number;
  /** REUSE_DUMPFILES: overwrite existing files (default false: an existing file is FILE_EXISTS). */
  reuseDumpfiles?: boolean;
  job: JobIdentity;
  /** COMPRESSION (default METADATA_ONLY, as in Oracle). */
  compression?: ContentScope;
  /** Default lz4. */
  compressionAlgorithm?: 'lz4' | 'none';
  /** 1-2 fast LZ4, 3-12 LZ4-HC; default 1. */
  compressionLevel?: number;
  /** ENCRYPTION (default ALL when a password or key file is given, else NONE). */
  encryption?: ContentScope;
  /** ENCRYPTION_ALGORITHM (default AES128, as in Oracle). */
  encryptionAlgorithm?: 'AES128' | 'AES192' | 'AES256';
  /** ENCRYPTION_MODE (default PASSWORD with a password, KEY_FILE with a key file). */
  encryptionMode?: 'NONE' | 'PASSWORD' | 'KEY_FILE';
  encryptionPassword?: string;
  /** Path of a file holding the raw key bytes, or the key as hex. */
  keyFile?: string;
  /** scrypt cost for PASSWORD mode (default N=2^15, r=8, p=1). */
  kdf?: { N?: number; r?: number; p?: number };
  /** CHECKSUM=YES: a SHA-256 of each whole file in its trailer. */
  checksum?: boolean;
  /** VERSION: the format version to write ('1.0', 'LATEST', 'COMPATIBLE'). */
  version?: string;
  /** Target payload bytes per data frame (default 1 MiB). */
  blockSize?: number;
  /** fsync each file when it is finished (default true). */
  sync?: boolean;
  /** Worker threads for LZ4 compression (default: 1 when the machine has 2+ cores and compression is on, else 0). */
  workers?: number;
  /** Source of GUIDs, salts and nonces. Only for reproducible test vectors; never set it in production. */
  randomBytes?: (n: number) => Uint8Array;
  /**
   * When every DUMPFILE spec is used up and a file is full: with this, the writer calls it and waits
   * for addFile (frames queue, stream writers see backpressure) instead of failing with NO_MORE_FILES,
   * as expdp waits for ADD_FILE. Called again if the added spec gives no new name.
   */
  onNeedFile?: (need: FileNeeded) => void;
  /**
   * Several writers on one set (processes serving one export): each new file's name and number are
   * claimed here (e.g. through the job's master table), so no two writers take the same. `pick` gives
   * the next name from the specs that is not in `taken`; null means every spec is used up.
   */
  claimFile?: (pick: (taken: ReadonlySet<string>) => string | null) => Promise<{ name: string; number: number } | null>;
}

/** What a writer waiting for ADD_FILE reports. */
export interface FileNeeded {
  /** FILESIZE in bytes. */
  readonly fileSize: number;
  /** The file that is full. */
  readonly file: string;
  /** The DUMPFILE specs, all used up. */
  readonly specs: readonly string[];
}

/** Where a frame was written. */
export interface FrameLocation {
  readonly file: string;
  readonly fileNumber: number;
  readonly offset: number;
  readonly sequence: number;
  readonly storedLength: number;
  readonly plainLength: number;
}

/** One file of a finished set. */
export interface DumpFileSummary {
  readonly name: string;
  readonly fileNumber: number;
  readonly bytes: number;
  readonly frames: number;
  /** Hex SHA-256 from the trailer (CHECKSUM=YES), else null. */
  readonly sha256: string | null;
}

/** What close() wrote. */
export interface DumpSetSummary {
  readonly guid: string;
  readonly files: readonly DumpFileSummary[];
  readonly frames: number;
  readonly bytes: number;
  readonly masterBytes: number;
}

/** Options of DumpSetReader.open and verifyDumpSet (the import side of DUMPFILE). */
export interface DumpSetReaderOptions {
  /** A folder, a registered location URL (`s3://bucket/prefix`), or a DumpLocation. */
  directory: string | DumpLocation;
  /** File names or templates (%U, %L match the files that exist). */
  files: readonly string[];
  encryptionPassword?: string;
  keyFile?: string;
  /** DATA_OPTIONS=CONTINUE_LOAD_ON_FORMAT_ERROR: skip damaged frames (reported through onSkip) instead of failing. */
  continueOnFormatError?: boolean;
  onSkip?: (skipped: SkippedRegion) => void;
}

/** One frame read back. */
export interface Frame {
  readonly kind: FrameKind;
  readonly stream: number;
  readonly sequence: number;
  readonly file: string;
  readonly fileNumber: number;
  readonly offset: number;
  readonly compressed: boolean;
  readonly encrypted: boolean;
  readonly payload: Buffer;
}

/** GET_DUMPFILE_INFO of a Sluice dump file (fileType 1). */
export interface DumpfileHeaderInfo {
  readonly fileType: 1;
  readonly fileName: string;
  readonly formatVersion: string;
  readonly masterPresent: boolean;
  readonly guid: string;
  readonly fileNumber: number;
  readonly charset: string;
  readonly createdAt: Date;
  readonly flags: number;
  readonly jobName: string;
  readonly platform: string;
  readonly host: string;
  readonly language: string;
  readonly blockSize: number;
  readonly metadataCompressed: boolean;
  readonly dataCompressed: boolean;
  readonly sourceEngine: string;
  readonly sourceVersion: string;
  readonly masterPieceCount: number;
  readonly masterPieceNumber: number;
  readonly metadataEncrypted: boolean;
  readonly dataEncrypted: boolean;
  readonly encryptionMode: 'NONE' | 'PASSWORD' | 'KEY_FILE';
  readonly encryptionAlgorithm: 'NONE' | 'AES128' | 'AES192' | 'AES256';
  readonly compressionAlgorithm: 'none' | 'lz4';
  readonly compressionLevel: number;
  readonly frameChecksumAlgorithm: 'CRC32';
  readonly fileChecksumAlgorithm: 'NONE' | 'SHA256';
  /** The writer finished this file (master piece, index and trailer written). */
  readonly complete: boolean;
  readonly writer: string;
}

/** GET_DUMPFILE_INFO of anything else (fileType 0), with the reason. */
export interface NotADumpfileInfo {
  readonly fileType: 0;
  readonly fileName: string;
  readonly code: DumpFormatErrorCode;
  readonly reason: string;
  /** The version the file claims, when it is a dump file of a version this reader does not read. */
  readonly formatVersion?: string;
}

/** What getDumpfileInfo returns. */
export type DumpfileInfo = DumpfileHeaderInfo | NotADumpfileInfo;

/** One problem verifyDumpSet found. */
export interface VerifyProblem {
  readonly code: DumpFormatErrorCode;
  readonly file: string;
  readonly offset?: number;
  readonly sequence?: number;
  readonly message: string;
}

/** Per-file result of verifyDumpSet. */
export interface VerifyFileReport {
  readonly file: string;
  readonly fileNumber: number;
  readonly bytes: number;
  readonly frames: number;
  readonly badFrames: number;
  readonly complete: boolean;
  /** 'ok', 'mismatch', or 'absent' (CHECKSUM=NO or no trailer). */
  readonly sha256: 'ok' | 'mismatch' | 'absent';
}

/** What verifyDumpSet found: ok only when there is no problem at all. */
export interface VerifyReport {
  readonly ok: boolean;
  readonly guid: string | null;
  readonly files: readonly VerifyFileReport[];
  readonly problems: readonly VerifyProblem[];
  /** Whether AES-GCM tags were checked (false when the set is encrypted and no key was given). */
  readonly tagsChecked: boolean;
}

/**
 * The public half of an encrypted set's key derivation, for another writer of the set (a process
 * serving the export): the scrypt salt and cost (null in key-file mode) and the key-check value, as
 * hex. Every file's header carries the same; the key itself is never in it.
 */
export interface SetKeyDerivation {
  readonly kdf: { readonly log2N: number; readonly r: number; readonly p: number; readonly salt: string } | null;
  readonly keyCheck: string;
}
