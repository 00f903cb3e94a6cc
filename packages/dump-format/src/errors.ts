/** Every code a DumpFormatError can carry; the package README says what each one means and what to do. */
export const DUMP_FORMAT_ERROR_CODES = [
  'BAD_MAGIC',
  'BAD_HEADER',
  'BAD_FRAME',
  'UNSUPPORTED_VERSION',
  'CHECKSUM_MISMATCH',
  'AUTH_FAILED',
  'WRONG_PASSWORD',
  'PASSWORD_REQUIRED',
  'BAD_KEY',
  'TRUNCATED',
  'MISSING_PIECE',
  'MISSING_FILE',
  'FOREIGN_FILE',
  'FILE_EXISTS',
  'BAD_FILE_NAME',
  'BAD_ARGUMENT',
  'FILESIZE_TOO_SMALL',
  'NO_MORE_FILES',
  'WRITER_CLOSED',
  'IO_ERROR',
] as const;

/** A DumpFormatError code. */
export type DumpFormatErrorCode = (typeof DUMP_FORMAT_ERROR_CODES)[number];

/** Where an error happened, when it is about bytes in a file. */
export interface DumpFormatErrorDetails {
  file?: string;
  offset?: number;
  sequence?: number;
  cause?: unknown;
}

/** The one error class of @sluice/dump-format: a code, the file and offset when known, and a message saying what to do. */
export class DumpFormatError extends Error {
  override readonly name = 'DumpFormatError';
  readonly code: DumpFormatErrorCode;
  readonly file: string | undefined;
  readonly offset: number | undefined;
  readonly sequence: number | undefined;

  constructor(code: DumpFormatErrorCode, message: string, details: DumpFormatErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.file = details.file;
    this.offset = details.offset;
    this.sequence = details.sequence;
  }
}

/** True when `e` is a DumpFormatError, optionally with the given code. */
export function isDumpFormatError(e: unknown, code?: DumpFormatErrorCode): e is DumpFormatError {
  return e instanceof DumpFormatError && (code === undefined || e.code === code);
}

/** Wraps a Node file-system error (ENOENT, EACCES, ENOSPC...) into a DumpFormatError naming the file. */
export function ioError(e: unknown, file: string, doing: string): DumpFormatError {
  if (e instanceof DumpFormatError) return e;
  const errno = (e as NodeJS.ErrnoException | undefined)?.code;
  if (errno === 'ENOENT') {
    return new DumpFormatError('MISSING_FILE', `dump file ${file} does not exist (while ${doing}); check DIRECTORY and DUMPFILE`, { file, cause: e });
  }
  const reason = e instanceof Error ? e.message : String(e);
  return new DumpFormatError('IO_ERROR', `I/O error on dump file ${file} while ${doing}: ${reason}`, { file, cause: e });
}
