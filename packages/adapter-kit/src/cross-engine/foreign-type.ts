import type { NeutralType } from '../catalog/neutral-type.js';

/**
 * How a target adapter stores a column that another engine introspected: the native type it creates,
 * the neutral type that native type is (values are converted into its forms), and the limits of what
 * it holds, which the value conversion checks before a row reaches the server.
 */
export interface ForeignType {
  /** The native type written in CREATE TABLE, e.g. `DATETIME(6)`, `numeric(20,0)`. */
  readonly native: string;
  /** The neutral type of `native` on this engine. */
  readonly type: NeutralType;
  /** What the target cannot hold, checked value by value (absent: no limit). */
  readonly limits?: ForeignTypeLimits;
  /** An index on a column of this type needs a prefix of this many characters (MySQL TEXT and BLOB types); the engine adds it to index parts. */
  readonly indexPrefix?: number;
  /** Values of the type travel as bytes in this engine's row access (BLOB, MySQL BIT), not as text. */
  readonly bytes?: boolean;
  /** Said in the log once per column, e.g. `timestamp with time zone stored as DATETIME(6) in UTC`. */
  readonly note?: string;
}

/** Limits of a target type that the source's type may exceed. */
export interface ForeignTypeLimits {
  /** Dates and timestamps: the first and last year the type holds (MySQL DATETIME: 1000 to 9999). */
  readonly minYear?: number;
  readonly maxYear?: number;
  /** NaN can be stored (PostgreSQL numeric and float yes, MySQL DECIMAL and DOUBLE no). */
  readonly nan?: boolean;
  /** Infinity and -Infinity can be stored (dates, timestamps, floats). */
  readonly infinity?: boolean;
  /** Text may hold the NUL character (MySQL yes, PostgreSQL no). */
  readonly nul?: boolean;
  /** Decimals: the most digits before and after the point (MySQL DECIMAL(65,30) for an unbounded numeric). */
  readonly digits?: { readonly integer: number; readonly fraction: number };
  /** Times: the range is a time of day, 00:00:00 to 24:00:00 (PostgreSQL time), not a duration (MySQL TIME). */
  readonly timeOfDay?: boolean;
}
