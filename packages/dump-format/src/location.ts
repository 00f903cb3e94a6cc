/**
 * Where a dump file set lives: a local folder, or a prefix in object storage. The writer and the
 * readers of this package only reach files through this interface, so every command works the same on
 * both. A file is written front to back (frames are appended in order) and made final by `commit`,
 * which also replaces its first bytes (the header, final only at the end).
 */
export interface DumpLocation {
  /** How the user named it (a folder path, or `s3://bucket/prefix`); never holds a secret. */
  readonly display: string;
  /** Whether it names object storage (some messages and defaults differ). */
  readonly remote: boolean;
  /** Checks that the location exists and can be reached; throws a DumpFormatError saying what to fix. */
  check(): Promise<void>;
  /** Names of the files directly in it. */
  list(): Promise<string[]>;
  /** The size of a file, or null when it does not exist. */
  stat(name: string): Promise<{ size: number } | null>;
  /** Opens a file for reads at any offset. */
  openRead(name: string): Promise<LocationReader>;
  /** Creates a file to write front to back; an existing one is FILE_EXISTS unless `overwrite`. */
  create(name: string, options: { overwrite: boolean; sync: boolean }): Promise<LocationWriter>;
  /** Reopens a file a stopped or killed writer left, keeping its first `keep` bytes with `head` replacing its first bytes, to append to it. */
  reopen(name: string, keep: number, head: Buffer, options: { sync: boolean }): Promise<LocationWriter>;
  /**
   * Drops what writers that stopped or were killed left unfinished for the files `which` picks, so
   * nothing half-written stays stored (object storage: their in-progress multipart uploads, which are
   * billed until aborted). Returns the names it dropped something for. A folder has nothing of the kind.
   */
  dropUnfinished?(which: (name: string) => boolean): Promise<string[]>;
  /** Removes a file (no error when it does not exist). */
  delete(name: string): Promise<void>;
  /** The full name of a file, for messages (`/dir/name` or `s3://bucket/prefix/name`). */
  describe(name: string): string;
}

/** A file opened for reading. */
export interface LocationReader {
  readonly size: number;
  /** Reads up to `length` bytes at `position` into `buffer` at `offset`; 0 bytes read means end of file. */
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  close(): Promise<void>;
}

/** A file being written. Writes come at growing, contiguous positions (the writer appends frames in order). */
export interface LocationWriter {
  /** Writes `parts` back to back at `position`. Resolves once the bytes are handed on (not necessarily durable). */
  write(parts: readonly Buffer[], position: number): Promise<void>;
  /** Makes what was written so far durable where that is possible on its own (fdatasync); object storage: nothing. */
  flush(): Promise<void>;
  /** Releases what the file holds while it waits for its final frames (a folder closes its descriptor). */
  suspend(): Promise<void>;
  /** Finishes the file: `head` replaces its first bytes, then it becomes final (an object appears only now). */
  commit(head: Buffer): Promise<void>;
  /** Stops writing: a folder keeps the file as it is (an export can resume it); object storage drops the upload. */
  abort(): Promise<void>;
}
