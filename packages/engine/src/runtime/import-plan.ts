import type { CatalogObject, ChunkDescriptor, MasterRow } from '@sluice/adapter-kit';
import { DATA_PRIORITY, foreignKeyLevels, importPriorities } from './object-order.js';
import { itemRow, tableDataItem, type DataPayload, type MetadataPayload } from './item-payload.js';
import type { RunContext } from './run-context.js';

/** A catalog object an import may create, with the id and path it had in the export's master. */
export interface SourceObject {
  readonly id: number;
  readonly object: CatalogObject;
  readonly order: number;
  readonly path: string;
}

/** A chunk an import may load: where it is in the dump (stream) or how to read it over the link. */
export interface SourceChunk {
  readonly id: number;
  readonly chunk: ChunkDescriptor;
  readonly encoding: string;
  readonly path: string;
  readonly stream: number | null;
  /** Bytes the export wrote for it (exact), or the planner's estimate over a network link. */
  readonly bytes: number;
  readonly dumpFile: string | null;
}

const tableKey = (schema: string | null, name: string): string => JSON.stringify([schema, name]);

/**
 * An import's work items: filters applied to the objects and chunks, CONTENT honoured, priorities in
 * dependency order by phase, each TABLE item told which items depend on it (its table-attached
 * metadata, its chunks and their latches) so TABLE_EXISTS_ACTION can skip them in one transaction.
 */
export function importItems(ctx: RunContext, objects: readonly SourceObject[], chunks: readonly SourceChunk[]): { items: MasterRow[]; totalBytes: number } {
  const { selected } = ctx.filters.selectObjects(objects.map((o) => o.object));
  // Where the target's foreign keys may already be in force, parents load before children.
  const constrained = !ctx.params.includeMetadata || ctx.params.tableExistsAction === 'APPEND' || ctx.params.tableExistsAction === 'TRUNCATE';
  const fkLevels = constrained ? foreignKeyLevels(objects.map((o) => o.object)) : new Map<string, number>();
  const chosen = new Set(selected);
  let kept = objects.filter((o) => chosen.has(o.object));
  const tables = new Set(kept.filter((o) => o.object.kind === 'TABLE').map((o) => tableKey(o.object.schema, o.object.name)));
  const dataOnly = !ctx.params.includeMetadata;
  if (dataOnly) kept = kept.filter((o) => o.object.kind === 'TABLE');

  const keptChunks = chunks.filter((c) => {
    const t = c.chunk.table;
    if (!tables.has(tableKey(t.schema, t.name)) || !ctx.filters.includeRows(t)) return false;
    const list = ctx.filters.partitions(t);
    return list === undefined || c.chunk.partition === undefined || list.includes(c.chunk.partition);
  });

  let nextId = Math.max(0, ...objects.map((o) => o.id), ...chunks.map((c) => c.id)) + 1;
  const latches = new Map<string, MasterRow>();
  for (const c of keptChunks) {
    const key = JSON.stringify([c.chunk.table.schema, c.chunk.table.name, c.chunk.partition ?? null]);
    if (!latches.has(key)) latches.set(key, { ...tableDataItem(nextId++, ctx.prefix, c.chunk.table, c.chunk.partition), objectPath: c.path });
  }

  // Which items hang off each table.
  const dependents = new Map<string, number[]>();
  const data = new Map<string, number[]>();
  const push = (map: Map<string, number[]>, key: string, id: number): void => {
    const list = map.get(key) ?? [];
    list.push(id);
    map.set(key, list);
  };
  for (const o of kept) if (o.object.kind !== 'TABLE' && o.object.table !== undefined) push(dependents, tableKey(o.object.schema, o.object.table), o.id);
  for (const c of keptChunks) push(data, tableKey(c.chunk.table.schema, c.chunk.table.name), c.id);
  for (const [key, latch] of latches) {
    const [schema, name] = JSON.parse(key) as [string, string];
    push(data, tableKey(schema, name), latch.id);
  }

  const priorities = importPriorities(kept.map((o) => ({ object: o.object, order: o.order })));
  const items: MasterRow[] = kept.map((o, i) => {
    const key = tableKey(o.object.schema, o.object.name);
    const payload: MetadataPayload & { dependents?: number[]; data?: number[] } = {
      kind: 'METADATA',
      object: o.object,
      order: o.order,
      ...(dataOnly ? { dataOnly: true } : {}),
      ...(o.object.kind === 'TABLE' ? { dependents: dependents.get(key) ?? [], data: data.get(key) ?? [] } : {}),
    };
    return itemRow({
      id: o.id,
      itemKind: 'METADATA',
      objectPath: o.path,
      objectSchema: o.object.schema,
      objectName: o.object.name,
      priority: priorities[i] ?? 0,
      state: 'PENDING',
      payload: JSON.stringify(payload),
    });
  });
  let totalBytes = 0;
  for (const c of keptChunks) {
    const payload: DataPayload = { kind: 'DATA', chunk: c.chunk, encoding: c.encoding };
    totalBytes += c.bytes;
    items.push(
      itemRow({
        id: c.id,
        itemKind: 'DATA',
        objectPath: c.path,
        objectSchema: c.chunk.table.schema,
        objectName: c.chunk.table.name,
        partitionName: c.chunk.partition ?? null,
        priority: DATA_PRIORITY + (fkLevels.get(tableKey(c.chunk.table.schema, c.chunk.table.name)) ?? 0),
        state: 'PENDING',
        estimatedBytes: c.bytes,
        stream: c.stream,
        dumpFile: c.dumpFile,
        payload: JSON.stringify(payload),
      }),
    );
  }
  items.push(...latches.values());
  items.sort((a, b) => a.id - b.id);
  return { items, totalBytes };
}

/** The objects and chunks an export's master rows describe (only chunks the export finished). */
export function sourceFromMaster(rows: readonly MasterRow[]): { objects: SourceObject[]; chunks: SourceChunk[]; failedChunks: number } {
  const objects: SourceObject[] = [];
  const chunks: SourceChunk[] = [];
  let failedChunks = 0;
  for (const r of rows) {
    if (r.rowType !== 'ITEM') continue;
    if (r.itemKind === 'METADATA') {
      const p = JSON.parse(r.payload) as MetadataPayload;
      objects.push({ id: r.id, object: p.object, order: p.order, path: r.objectPath ?? p.object.path });
    } else if (r.itemKind === 'DATA') {
      if (r.state !== 'DONE') {
        failedChunks += 1;
        continue;
      }
      const p = JSON.parse(r.payload) as DataPayload;
      chunks.push({ id: r.id, chunk: p.chunk, encoding: p.encoding, path: r.objectPath ?? 'TABLE/TABLE_DATA', stream: r.stream, bytes: r.bytesDone, dumpFile: r.dumpFile });
    }
  }
  objects.sort((a, b) => a.order - b.order);
  return { objects, chunks, failedChunks };
}
