// @sluice/dump-format: the dump file set on disk. Everything about bytes, nothing about databases.

export { DumpSetWriter } from './dump-set-writer.js';
export type { MasterSource } from './master-source.js';
export { DumpSetReader } from './dump-set-reader.js';
export { getDumpfileInfo, dumpfileInfoItems, type DumpfileInfoItem } from './dump-file-info.js';
export { verifyDumpSet } from './verify.js';
export {
  transferDumpSet,
  type TransferOptions,
  type TransferAction,
  type TransferEvent,
  type TransferPlanEntry,
  type TransferReport,
  type TransferFileReport,
} from './transfer.js';
export type { ReadAheadTuning } from './read-ahead.js';
export type { DumpLocation, LocationReader, LocationWriter } from './location.js';
export { LocalFolder } from './local-folder.js';
export { registerLocationScheme, resolveLocation, isLocationUrl, type LocationOpener } from './location-schemes.js';
export { DumpFormatError, isDumpFormatError, DUMP_FORMAT_ERROR_CODES, type DumpFormatErrorCode } from './errors.js';
export { expandExportSpec, matchImportSpec, isTemplate, assertFileName, parseFileSize, FileNameGenerator, MAX_U, MAX_L } from './file-spec.js';
export { FrameParser, type ParsedFrame, type FrameParserOptions } from './frame-parser.js';
export { aesGcmSeal, aesGcmOpen, type CipherBackend, type EncryptionAlgorithm } from './cipher.js';
export { FORMAT_VERSION, WRITABLE_VERSIONS, MIN_FILE_SIZE, DEFAULT_BLOCK_SIZE, HEADER_SIZE, FRAME_HEADER_SIZE } from './constants.js';
export { CONTENT_SCOPES } from './types.js';
export type {
  ContentScope,
  FrameKind,
  JobIdentity,
  DumpSetWriterOptions,
  FileNeeded,
  FrameLocation,
  DumpSetSummary,
  DumpFileSummary,
  DumpSetReaderOptions,
  Frame,
  SkippedRegion,
  DumpfileInfo,
  DumpfileHeaderInfo,
  NotADumpfileInfo,
  VerifyReport,
  VerifyFileReport,
  VerifyProblem,
  SetKeyDerivation,
} from './types.js';
