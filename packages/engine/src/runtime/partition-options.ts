import { isTableObject, tableLabel, type CatalogObject, type TableObject, type TableRef } from '@sluice/adapter-kit';
import { JobError } from '../errors.js';
import type { SourceChunk, SourceObject } from './import-plan.js';

/** PARTITION_OPTIONS of an import or SQL_FILE job. */
export type PartitionOptions = 'NONE' | 'DEPARTITION' | 'MERGE';

/** What PARTITION_OPTIONS made of an import's objects and chunks. */
export interface PartitionedPlan {
  readonly objects: SourceObject[];
  readonly chunks: SourceChunk[];
  /** Lines for the log: objects left out, and why. */
  readonly notes: string[];
}

const keyOf = (schema: string | null, name: string): string => JSON.stringify([schema, name]);

/** The name Oracle gives a departitioned partition's table: `<table>_<partition>`. */
export function departitionedName(table: string, partition: string): string {
  return `${table}_${partition}`;
}

/**
 * PARTITION_OPTIONS on an import's (already filtered) objects and chunks, on the source's names:
 *
 * - MERGE: partitioned tables are created as ordinary tables holding every partition's rows. Where
 *   partitions are tables of their own (PostgreSQL), those tables and the objects that belong to
 *   them are left out and their chunks load into the topmost partitioned table.
 * - DEPARTITION: each partition becomes an ordinary table. Where partitions are tables of their own,
 *   they keep their names and the partitioned tables above them (which hold no rows) are left out
 *   with their own objects. Where partitions live inside one table (MySQL), that table becomes one
 *   table per partition, `<table>_<partition>`, each with copies of the table's indexes, keys,
 *   comments and AUTO_INCREMENT value; its triggers and grants are left out (and logged), since a
 *   trigger cannot be attached to several tables under one name.
 *
 * Chunks keep the source's descriptor (a network-link import still reads it from the source) and
 * get `loadInto`, the source-named table their rows go to. Objects keep their detail as introspected
 * (a partition still names its parent, so the adapter can declare the columns it inherited): the
 * adapter's `unpartitioned` transform (see `ddlOptionsFor`) writes every table as an ordinary one.
 */
export function applyPartitionOptions(option: PartitionOptions, objects: readonly SourceObject[], chunks: readonly SourceChunk[], firstId: number): PartitionedPlan {
  if (option === 'NONE') return { objects: [...objects], chunks: [...chunks], notes: [] };
  const tables = new Map<string, TableObject>();
  for (const o of objects) if (isTableObject(o.object)) tables.set(keyOf(o.object.schema, o.object.name), o.object);
  return option === 'MERGE' ? merge(objects, chunks, tables) : departition(objects, chunks, tables, firstId);
}

/** The topmost table above a partition (itself if it is no partition, or its parent was not exported). */
function rootOf(tables: ReadonlyMap<string, TableObject>, table: TableRef): TableRef {
  let ref = table;
  for (let depth = 0; depth < 64; depth++) {
    const parent = tables.get(keyOf(ref.schema, ref.name))?.detail.partitionOf?.parent;
    if (parent === undefined || !tables.has(keyOf(parent.schema, parent.name))) return ref;
    ref = parent;
  }
  return ref;
}

/**
 * Objects that have no per-partition copy: left out with their table, they are lost, so the log says
 * so (a partition's own indexes, keys and CHECKs exist on it and on its parent alike).
 */
const LOST_WITH_TABLE = new Set(['TRIGGER', 'RULE', 'POLICY', 'STATISTICS', 'REF_CONSTRAINT', 'GRANT']);

/** Objects left out with their tables (the tables themselves and everything that belongs to one), and a note for each one lost. */
function without(objects: readonly SourceObject[], dropped: ReadonlySet<string>, why: string, notes: string[]): SourceObject[] {
  return objects
    .filter((o) => {
      const table = o.object.kind === 'TABLE' ? o.object.name : o.object.table;
      if (table === undefined || !dropped.has(keyOf(o.object.schema, table))) return true;
      if (LOST_WITH_TABLE.has(o.object.kind)) notes.push(notCreated(o.object, table, why));
      return false;
    })
    .map((o) => ({ ...o, object: { ...o.object, dependsOn: o.object.dependsOn.filter((d) => d.kind !== 'TABLE' || !dropped.has(keyOf(d.schema, d.name))) } }));
}

function notCreated(object: CatalogObject, table: string, why: string): string {
  const schema = object.schema ?? '';
  return `${object.kind} "${schema}"."${object.name}" on table "${schema}"."${table}" is not created: ${why}.`;
}

/** A chunk sent to another table (the load names its columns: see `importItems`). */
function routedTo(c: SourceChunk, loadInto: TableRef): SourceChunk {
  return { ...c, loadInto };
}

function merge(objects: readonly SourceObject[], chunks: readonly SourceChunk[], tables: ReadonlyMap<string, TableObject>): PartitionedPlan {
  const dropped = new Set<string>();
  for (const [key, t] of tables) {
    if (t.detail.partitionOf !== undefined && rootOf(tables, { schema: t.schema ?? '', name: t.name }).name !== t.name) dropped.add(key);
  }
  const notes: string[] = [];
  const kept = without(objects, dropped, 'PARTITION_OPTIONS=MERGE creates no partitions, only the merged table', notes);
  const routed = chunks.map((c) => {
    const root = rootOf(tables, c.chunk.table);
    const moved = root.schema !== c.chunk.table.schema || root.name !== c.chunk.table.name;
    return moved || c.chunk.partition !== undefined ? routedTo(c, root) : c;
  });
  return { objects: kept, chunks: routed, notes };
}

/** What a split table's copies get copies of; anything else on the table is left out (and logged). */
const CLONED_KINDS = new Set(['TABLE', 'INDEX', 'CONSTRAINT', 'COMMENT', 'SEQUENCE_VALUE']);

function departition(objects: readonly SourceObject[], chunks: readonly SourceChunk[], tables: ReadonlyMap<string, TableObject>, firstId: number): PartitionedPlan {
  const notes: string[] = [];
  // Partitioned tables whose partitions are tables of their own hold no rows: they go.
  const hasPartitionTables = new Set<string>();
  for (const t of tables.values()) {
    const parent = t.detail.partitionOf?.parent;
    if (parent !== undefined) hasPartitionTables.add(keyOf(parent.schema, parent.name));
  }
  const dropped = new Set([...hasPartitionTables].filter((k) => tables.has(k)));
  // Partitioned tables that hold their partitions' rows themselves are split.
  const split = new Map<string, readonly string[]>();
  for (const [key, t] of tables) {
    const d = t.detail;
    if (d.tableKind === 'partitioned' && d.hasData && !dropped.has(key) && (d.partitions?.length ?? 0) > 0) split.set(key, d.partitions ?? []);
  }
  let nextId = firstId;
  const out: SourceObject[] = [];
  for (const o of without(objects, dropped, 'PARTITION_OPTIONS=DEPARTITION creates the partitions as tables of their own, not the partitioned table', notes)) {
    const owner = o.object.kind === 'TABLE' ? o.object.name : o.object.table;
    const parts = owner === undefined ? undefined : split.get(keyOf(o.object.schema, owner));
    if (parts === undefined) {
      out.push(o);
      continue;
    }
    if (!CLONED_KINDS.has(o.object.kind)) {
      notes.push(notCreated(o.object, owner as string, 'PARTITION_OPTIONS=DEPARTITION splits the table into one table per partition'));
      continue;
    }
    // The first copy keeps the object's id (its place in the export's master), the others get new ones.
    parts.forEach((p, i) => {
      const name = departitionedName(owner as string, p);
      const dependsOn = o.object.dependsOn.map((d) => (d.kind === 'TABLE' && d.schema === o.object.schema && d.name === owner ? { ...d, name } : d));
      // An object named after its table (the table itself, its AUTO_INCREMENT value) takes the new name.
      const object = { ...o.object, ...(o.object.name === owner ? { name } : {}), ...(o.object.kind === 'TABLE' ? {} : { table: name }), dependsOn };
      out.push({ ...o, id: i === 0 ? o.id : nextId++, object });
    });
  }
  const routed = chunks.map((c) => {
    const parts = split.get(keyOf(c.chunk.table.schema, c.chunk.table.name));
    if (parts === undefined) return c;
    if (c.chunk.partition === undefined) {
      throw new JobError(
        'INVALID_OPERATION',
        `PARTITION_OPTIONS=DEPARTITION cannot split the rows of ${tableLabel(c.chunk.table)}: they were exported as whole-table chunks, not one partition at a time. Export the table again with this version of Sluice, or import with PARTITION_OPTIONS=MERGE or NONE.`,
      );
    }
    return routedTo(c, { schema: c.chunk.table.schema, name: departitionedName(c.chunk.table.name, c.chunk.partition) });
  });
  return { objects: out, chunks: routed, notes };
}
