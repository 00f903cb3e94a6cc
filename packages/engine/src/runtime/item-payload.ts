import type { CatalogObject, ChunkDescriptor, MasterRow, TableRef } from '@sluice/adapter-kit';
import type { JobMode } from '../job/job-definition.js';
import { UNSTARTED_FIELDS } from '../master-table/unstarted-fields.js';

/** What TABLE_EXISTS_ACTION decided for a table, recorded before acting so a retry acts the same. */
export interface TableDecision {
  /** Whether the table existed when the first attempt looked. */
  readonly existed: boolean;
  readonly action: 'CREATE' | 'SKIP' | 'APPEND' | 'TRUNCATE' | 'REPLACE';
}

/** Payload of a METADATA item: one catalog object, created on import, written as a frame on export. */
export interface MetadataPayload {
  readonly kind: 'METADATA';
  readonly object: CatalogObject;
  /** Position in the source catalog's dependency order. */
  readonly order: number;
  /** Import, CONTENT=DATA_ONLY: a TABLE item kept only to apply TABLE_EXISTS_ACTION; no DDL runs. */
  readonly dataOnly?: boolean;
  readonly decision?: TableDecision;
  /**
   * The object's secrets (passwords) are masked here: the master table never holds them. The whole
   * object is read when the item runs: from the dump's metadata frame on the item's `stream`, or
   * over a network link from the source again (the adapter's `unmaskSecrets`).
   */
  readonly masked?: true;
  /** Import: a key created inside its (small) table's CREATE TABLE; the item itself runs no DDL. */
  readonly inCreateTable?: boolean;
  /** Import: the first key of a big table, as one statement adding every key of the table (tried first). */
  readonly keysTogether?: CatalogObject;
  /** Import: a later key of a big table, which its first key's statement may have added already. */
  readonly afterFirstKey?: boolean;
}

/** Payload of a DATA item: one chunk of one table. */
export interface DataPayload {
  readonly kind: 'DATA';
  readonly chunk: ChunkDescriptor;
  /** The data encoding the chunk is (to be) stored in, e.g. `pg-copy-text`. */
  readonly encoding: string;
  /** Import, PARTITION_OPTIONS: the source-named table the rows load into instead of the chunk's own. */
  readonly loadInto?: TableRef;
  /** The chunk's columns in the order its rows hold them, which the target table's need not share. */
  readonly loadColumns?: readonly string[];
  /** Across engines: how each column's values are converted into the target's types. */
  readonly cross?: import('./cross-engine.js').CrossColumns;
  /** Rows rejected (SKIP_CONSTRAINT_ERRORS) when the chunk was loaded. */
  readonly rejected?: number;
  /**
   * Import into a table that kept its rows (APPEND), where a redo would clear the chunk's range:
   * whether that range held rows before the first load (recorded before it; see KeptRowsGuard).
   */
  readonly rangeHeld?: boolean;
  /** Where `rangeHeld`: an attempt whose rows were rolled back in the target (off the home database), so the next need not clear. */
  readonly undoneAttempt?: number;
}

/** Payload of a TABLE_DATA item: the latch that makes one process log a table's data line once. */
export interface TableDataPayload {
  readonly kind: 'TABLE_DATA';
  readonly table: TableRef;
  readonly partition?: string;
}

/** Any item payload. */
export type ItemPayload = MetadataPayload | DataPayload | TableDataPayload;

/** Item kinds of the master table, as its item_kind column spells them. */
export type ItemKind = ItemPayload['kind'];

/** Parse an item's payload column. */
export function payloadOf(row: MasterRow): ItemPayload {
  return JSON.parse(row.payload) as ItemPayload;
}

/** The object path prefix of a mode, e.g. `SCHEMA_EXPORT`. */
export function modePrefix(mode: JobMode): string {
  return `${mode}_EXPORT`;
}

/** A fresh item row with every counter at zero. */
export function itemRow(fields: Pick<MasterRow, 'id' | 'itemKind' | 'objectPath' | 'objectSchema' | 'objectName' | 'priority' | 'state' | 'payload'> & Partial<MasterRow>): MasterRow {
  return {
    rowType: 'ITEM',
    ...UNSTARTED_FIELDS,
    ...fields,
  };
}

/** A METADATA item for `object` (`masked`: its secrets are masked, see MetadataPayload). */
export function metadataItem(id: number, prefix: string, object: CatalogObject, order: number, priority: number, state: string, masked = false): MasterRow {
  const payload: MetadataPayload = { kind: 'METADATA', object, order, ...(masked ? { masked: true } : {}) };
  return itemRow({
    id,
    itemKind: 'METADATA',
    objectPath: `${prefix}/${object.path}`,
    objectSchema: object.schema,
    objectName: object.name,
    priority,
    state,
    payload: JSON.stringify(payload),
  });
}

/** A DATA item for one chunk. */
export function dataItem(id: number, prefix: string, chunk: ChunkDescriptor, encoding: string, priority: number): MasterRow {
  const payload: DataPayload = { kind: 'DATA', chunk, encoding };
  return itemRow({
    id,
    itemKind: 'DATA',
    objectPath: `${prefix}/TABLE/TABLE_DATA`,
    objectSchema: chunk.table.schema,
    objectName: chunk.table.name,
    partitionName: chunk.partition ?? null,
    priority,
    state: 'PENDING',
    estimatedBytes: Math.max(0, Math.round(chunk.estimatedBytes)),
    payload: JSON.stringify(payload),
  });
}

/** States of a TABLE_DATA latch: OPEN until its data line has been logged. */
export const LATCH_OPEN = 'OPEN';
export const LATCH_LOGGED = 'LOGGED';

/** A TABLE_DATA latch for a table (or one partition). */
export function tableDataItem(id: number, prefix: string, table: TableRef, partition: string | undefined): MasterRow {
  const payload: TableDataPayload = { kind: 'TABLE_DATA', table, ...(partition === undefined ? {} : { partition }) };
  return itemRow({
    id,
    itemKind: 'TABLE_DATA',
    objectPath: `${prefix}/TABLE/TABLE_DATA`,
    objectSchema: table.schema,
    objectName: table.name,
    partitionName: partition ?? null,
    priority: 0,
    state: LATCH_OPEN,
    payload: JSON.stringify(payload),
  });
}

/** The stream number a chunk's data is written under for a given attempt: a retry never reuses one. */
export function streamFor(itemId: number, attempt: number): number {
  return itemId * 1000 + (attempt % 1000);
}
