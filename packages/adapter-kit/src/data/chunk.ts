import type { TableRef } from '../catalog/object-ref.js';

/**
 * Which rows of a table one chunk covers. JSON-serialisable: the engine stores it in the master
 * table so a restarted job unloads or clears exactly the same rows.
 */
export type ChunkRange =
  /** The whole table (or partition). */
  | { readonly kind: 'whole' }
  /**
   * Rows whose key tuple k satisfies lower <= k < upper (row-value comparison). A missing bound is
   * open. Values are in the adapter's text form; with a single column the tuples have one element.
   */
  | { readonly kind: 'key'; readonly columns: readonly string[]; readonly lower?: readonly string[]; readonly upper?: readonly string[] }
  /** PostgreSQL physical pages fromPage <= page < toPage (toPage absent: to the end). */
  | { readonly kind: 'ctid'; readonly fromPage: number; readonly toPage?: number };

/** One unit of data work: a slice of one table, sized by bytes. */
export interface ChunkDescriptor {
  readonly table: TableRef;
  /** A partition name when the chunk is one partition's rows. */
  readonly partition?: string;
  /** 0-based number of this chunk among `count` chunks of the table. */
  readonly index: number;
  readonly count: number;
  readonly range: ChunkRange;
  /** The planner's estimate of the chunk's size in bytes. */
  readonly estimatedBytes: number;
}

/** Size estimate for a table, from statistics or from blocks (ESTIMATE = STATISTICS | BLOCKS). */
export interface SizeEstimate {
  readonly table: TableRef;
  readonly method: 'STATISTICS' | 'BLOCKS';
  readonly bytes: number;
  readonly rows: number;
  /** The table's size on disk as chunk planning measures it, when the estimate read it anyway. */
  readonly diskBytes?: number;
}

/** Options for planning chunks. */
export interface ChunkPlanOptions {
  /** Aim for chunks about this many bytes (of on-disk size). */
  readonly targetBytes: number;
  /** Never plan more than this many chunks for one table. */
  readonly maxChunks?: number;
  /**
   * Cut keyed tables by physical position too (PostgreSQL 14+: heap page ranges, each read by a TID
   * range scan, a sequential read) rather than by key ranges (index scans). Such chunks cannot be
   * found again on a target (`deleteChunk`), so a chunk must then load in one transaction with its
   * master row. Adapters without physical ranges ignore it.
   */
  readonly physical?: boolean;
  /**
   * The table's size on disk (`diskBytes` of an estimate made just before): a table this small for
   * one chunk is planned as one whole chunk without asking the database again.
   */
  readonly knownBytes?: number;
}

/** Row filters applied while unloading (Data Pump's QUERY and SAMPLE). */
export interface UnloadOptions {
  /** A WHERE clause (without `WHERE`) run read-only inside the snapshot; the one place user SQL reaches the source. */
  readonly query?: string;
  /** Percentage of rows to sample, 0 < sample <= 100. */
  readonly sample?: number;
  /** Unload only these columns, in this order (default: every non-generated column in table order). */
  readonly columns?: readonly string[];
}
