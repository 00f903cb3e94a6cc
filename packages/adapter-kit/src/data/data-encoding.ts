/**
 * The byte format of a data stream an adapter unloads and loads. Same-engine moves pass these bytes
 * through untouched; an adapter can load a stream only in an encoding it declares.
 */
export interface DataEncoding {
  /** e.g. `pg-copy-text`, `mysql-tsv`. */
  readonly name: string;
  readonly version: number;
}

/**
 * One value in row-level access: the engine's text form of the value, raw bytes for binary
 * columns, or null. Text forms are those the engine prints (COPY text, MySQL's own text protocol),
 * so a value survives a round trip exactly.
 */
export type RowValue = string | Uint8Array | null;

/** One row: values in the order of the columns it was read or is written with. */
export type Row = readonly RowValue[];

/** What a load reports. */
export interface LoadResult {
  readonly rows: number;
  readonly bytes: number;
  /** Rows rejected under DATA_OPTIONS=SKIP_CONSTRAINT_ERRORS, with the reason, for the reject file. */
  readonly rejected?: readonly { readonly row: string; readonly reason: string }[];
}

/** Options for loading a data stream into a table. */
export interface LoadOptions {
  /** Columns of the stream in order (default: the table's non-generated columns in order). */
  readonly columns?: readonly string[];
  /** Skip rows that break a constraint instead of failing the load (DATA_OPTIONS=SKIP_CONSTRAINT_ERRORS). */
  readonly skipConstraintErrors?: boolean;
  /** Do not write the load to the binary log / WAL where the engine allows (e.g. MySQL sql_log_bin=0). */
  readonly skipBinlog?: boolean;
}
