import { expect } from 'vitest';
import type { Adapter } from '../adapter.js';
import type { AdapterConnection } from '../adapter-connection.js';
import type { CatalogObject } from '../catalog/catalog-object.js';
import { isTableObject, type TableObject } from '../catalog/table-detail.js';
import type { TableRef } from '../catalog/object-ref.js';
import type { ChunkDescriptor, UnloadOptions } from '../data/chunk.js';
import type { DdlOptions } from '../ddl-options.js';
import { AdapterError } from '../errors.js';
import type { ConformanceOptions, ScratchDatabase } from './conformance-options.js';
import { collectRows } from './row-digest.js';

/** Another scratch database with its own adapter and session, dropped at the end of the suite. */
export interface ScratchTarget {
  readonly db: ScratchDatabase;
  readonly adapter: Adapter;
  readonly conn: AdapterConnection;
}

/**
 * What every section of the suite shares. The source database, adapter and session are set up in
 * the suite's `beforeAll`, so they may only be read inside hooks and tests.
 */
export interface SuiteContext {
  readonly options: ConformanceOptions;
  readonly workers: number;
  /** The scratch database holding the fixture. */
  readonly source: ScratchDatabase;
  readonly adapter: Adapter;
  readonly conn: AdapterConnection;
  another(): Promise<ScratchTarget>;
  /** The fixture's keyed table. */
  items(): TableRef;
  /** The fixture's table without a key. */
  plain(): TableRef;
}

/** The table objects of a catalog that carry rows. */
export function dataTables(objects: readonly CatalogObject[]): TableObject[] {
  return objects.filter(isTableObject).filter((o) => o.detail.hasData);
}

/** A table object's reference, optionally in another schema. */
export function tableOf(o: CatalogObject, schema = o.schema ?? ''): TableRef {
  return { schema, name: o.name };
}

/** The chunk covering a whole table. */
export function wholeChunk(table: TableRef): ChunkDescriptor {
  return { table, index: 0, count: 1, range: { kind: 'whole' }, estimatedBytes: 0 };
}

/** Every row of one chunk, in canonical form. */
export function rowsOf(adapter: Adapter, conn: AdapterConnection, chunk: ChunkDescriptor, options?: UnloadOptions): Promise<string[]> {
  return collectRows(adapter.data.readRows(conn, chunk, options));
}

/** Run a catalog's DDL for one phase on a target (SCHEMA objects skipped when the schema is already there). */
export async function runPhase(
  adapter: Adapter,
  conn: AdapterConnection,
  objects: readonly CatalogObject[],
  phase: 'pre-data' | 'post-data',
  options: DdlOptions,
  skipSchemas: boolean,
): Promise<void> {
  for (const o of objects) {
    if (o.phase !== phase || (skipSchemas && o.kind === 'SCHEMA')) continue;
    await adapter.ddl.execute(conn, adapter.ddl.generateDdl(o, options), `${o.kind} ${o.schema ?? ''}.${o.name}`);
  }
}

/** Expect a promise to reject with an AdapterError of this code; returns the error. */
export async function expectAdapterError(p: Promise<unknown>, code: AdapterError['code']): Promise<AdapterError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected AdapterError ${code}`).toBeInstanceOf(AdapterError);
  expect((err as AdapterError).code).toBe(code);
  return err as AdapterError;
}
