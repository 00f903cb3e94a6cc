import { isTableObject, type Adapter, type CatalogObject, type ChunkDescriptor, type MasterRow, type TableRef } from '@sluice/adapter-kit';
import { DATA_PRIORITY, foreignKeyLevels, importPriorities } from './object-order.js';
import { itemRow, tableDataItem, type DataPayload, type MetadataPayload } from './item-payload.js';
import { heapCheckpoint } from './heap-governor.js';
import { applyPartitionOptions } from './partition-options.js';
import type { RunContext } from './run-context.js';

/** A catalog object an import may create, with the id and path it had in the export's master. */
export interface SourceObject {
  readonly id: number;
  readonly object: CatalogObject;
  readonly order: number;
  readonly path: string;
  /** The row of the export's master document it was read from, to read the full object again. */
  readonly row?: number;
  /** Its secrets are masked in `object` (see MetadataPayload); in a dump, the whole object is the frame on `stream`. */
  readonly masked?: true;
  readonly stream?: number;
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
  /** PARTITION_OPTIONS: the (source-named) table the rows load into, when not the chunk's own table or partition. */
  readonly loadInto?: TableRef;
  /** The chunk's columns, in the order its rows hold them (the source table's non-generated columns). */
  readonly loadColumns?: readonly string[];
}

/** The source-named table a chunk's rows load into. */
export const loadTable = (c: { readonly chunk: ChunkDescriptor; readonly loadInto?: TableRef }): TableRef => c.loadInto ?? c.chunk.table;

/** The partition a chunk's rows load into: none once PARTITION_OPTIONS routed them to a table. */
export const loadPartition = (c: { readonly chunk: ChunkDescriptor; readonly loadInto?: TableRef }): string | undefined => (c.loadInto === undefined ? c.chunk.partition : undefined);

const tableKey = (schema: string | null, name: string): string => JSON.stringify([schema, name]);

/** The full catalog object of a source object planned from its planning view (read again from the dump's master). */
export type FullObject = (o: SourceObject) => CatalogObject;

/** An import's plan: its items (made one at a time, in id order), the bytes to load, the chunks it loads. */
export interface ImportPlan {
  readonly items: Iterable<MasterRow>;
  readonly totalBytes: number;
  readonly chunks: readonly SourceChunk[];
}

/**
 * An import's work items: filters applied to the objects and chunks, CONTENT honoured, priorities in
 * dependency order by phase, each TABLE item told which items depend on it (its table-attached
 * metadata, its chunks and their latches) so TABLE_EXISTS_ACTION can skip them in one transaction.
 * With `full`, `objects` are planning views (`planningView`) and each METADATA item's payload is
 * made from the full object only when the item is reached, so thousands of objects are never all
 * in memory with their payloads at once.
 */
export function importItems(ctx: RunContext, objects: readonly SourceObject[], chunks: readonly SourceChunk[], full?: FullObject, options: ImportPlanOptions = {}): ImportPlan {
  const { selected } = ctx.filters.selectObjects(objects.map((o) => o.object));
  // Where the target's foreign keys may already be in force, parents load before children.
  const constrained = !ctx.params.includeMetadata || ctx.params.tableExistsAction === 'APPEND' || ctx.params.tableExistsAction === 'TRUNCATE';
  const fkLevels = constrained ? foreignKeyLevels(objects.map((o) => o.object)) : new Map<string, number>();
  const chosen = new Set(selected);
  let kept = objects.filter((o) => chosen.has(o.object));
  const dataOnly = !ctx.params.includeMetadata;
  if (dataOnly) kept = kept.filter((o) => o.object.kind === 'TABLE');

  // Filters see the source's names; PARTITION_OPTIONS then reshapes what is created and where rows go.
  let keptChunks = chunks.filter(chunkSelector(ctx, objects));
  let maxId = 0;
  for (const o of objects) maxId = Math.max(maxId, o.id);
  for (const c of chunks) maxId = Math.max(maxId, c.id);
  const firstFreeId = maxId + 1;
  const reshaped = applyPartitionOptions(ctx.params.partitionOptions, kept, keptChunks, firstFreeId);
  for (const note of reshaped.notes) ctx.log.info(note);
  kept = reshaped.objects;
  // Rows are in the source table's column order, which the target's need not share (a PostgreSQL
  // partition attached from a table of its own, a table that exists already): loads name the columns.
  const columns = sourceColumns(objects);
  keptChunks = reshaped.chunks.map((c) => {
    const list = columns.get(tableKey(c.chunk.table.schema, c.chunk.table.name));
    return list === undefined || list.length === 0 ? c : { ...c, loadColumns: list };
  });

  let nextId = firstFreeId;
  for (const o of kept) nextId = Math.max(nextId, o.id + 1);
  // TABLE_DATA latches: what each needs (its row is made when reached).
  const latches = new Map<string, { readonly id: number; readonly chunk: SourceChunk }>();
  for (const c of keptChunks) {
    const into = loadTable(c);
    const key = JSON.stringify([into.schema, into.name, loadPartition(c) ?? null]);
    if (!latches.has(key)) latches.set(key, { id: nextId++, chunk: c });
  }

  // Which items hang off each table.
  const dependents = new Map<string, number[]>();
  const data = new Map<string, number[]>();
  const push = (map: Map<string, number[]>, key: string, id: number): void => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [id]);
    else list.push(id);
  };
  for (const o of kept) if (o.object.kind !== 'TABLE' && o.object.table !== undefined) push(dependents, tableKey(o.object.schema, o.object.table), o.id);
  for (const c of keptChunks) push(data, tableKey(loadTable(c).schema, loadTable(c).name), c.id);
  for (const [key, latch] of latches) {
    const [schema, name] = JSON.parse(key) as [string, string];
    push(data, tableKey(schema, name), latch.id);
  }

  // A post-data object on a table (an index, a key) costs about what the table's rows do: batch
  // claims take it alone when the table is big, so big index builds are shared out between workers.
  const tableBytes = new Map<string, number>();
  let totalBytes = 0;
  for (const c of keptChunks) {
    const key = tableKey(loadTable(c).schema, loadTable(c).name);
    tableBytes.set(key, (tableBytes.get(key) ?? 0) + c.bytes);
    totalBytes += c.bytes;
  }
  const target = ctx.connections.target ?? ctx.home;
  const placed = options.keysAtCreate === true ? placeKeys(ctx, target, kept, tableBytes) : { inCreate: new Map<string, SourceObject[]>(), together: new Map<string, SourceObject[]>() };
  const keysInCreate = placed.inCreate;
  const inCreate = new Set<SourceObject>();
  for (const keys of keysInCreate.values()) for (const k of keys) inCreate.add(k);
  const priorities = importPriorities(
    kept.map((o) => ({ object: o.object, order: o.order })),
    { orderedKeys: target.ddl.supportsOrderedKeys },
  );
  // A big table's key that runs first (indexes run before unique constraints) adds them all, in
  // source order; the others find theirs there.
  const priorityOf = new Map<SourceObject, number>();
  kept.forEach((o, i) => priorityOf.set(o, priorities[i] ?? 0));
  const firstKeys = new Map<SourceObject, SourceObject[]>();
  const laterKeys = new Set<SourceObject>();
  for (const keys of placed.together.values()) {
    const first = keys.reduce((a, b) => ((priorityOf.get(b) ?? 0) < (priorityOf.get(a) ?? 0) ? b : a));
    firstKeys.set(first, keys);
    for (const k of keys) if (k !== first) laterKeys.add(k);
  }
  // Objects reshaped by PARTITION_OPTIONS are new (no row to read again): they are complete already.
  const fullOf = (o: SourceObject): CatalogObject => (full !== undefined && o.row !== undefined ? full(o) : o.object);
  const metadataRow = (o: SourceObject, i: number): MasterRow => {
    const key = tableKey(o.object.schema, o.object.name);
    const keys = o.object.kind === 'TABLE' ? keysInCreate.get(key) : undefined;
    const payload: MetadataPayload & { dependents?: number[]; data?: number[] } = {
      kind: 'METADATA',
      object: keys === undefined ? fullOf(o) : target.ddl.withKeysAtCreate(fullOf(o), keys.map(fullOf)),
      order: o.order,
      ...(o.masked ? { masked: true } : {}),
      ...(dataOnly ? { dataOnly: true } : {}),
      ...(inCreate.has(o) ? { inCreateTable: true } : {}),
      ...(firstKeys.has(o) ? { keysTogether: target.ddl.keysTogether((firstKeys.get(o) as SourceObject[]).map(fullOf)) } : {}),
      ...(laterKeys.has(o) ? { afterFirstKey: true } : {}),
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
      ...(o.object.phase === 'post-data' && o.object.table !== undefined ? { estimatedBytes: tableBytes.get(tableKey(o.object.schema, o.object.table)) ?? 0 } : {}),
      ...(o.stream === undefined ? {} : { stream: o.stream }),
      payload: JSON.stringify(payload),
    });
  };
  const dataRow = (c: SourceChunk): MasterRow => {
    const into = loadTable(c);
    const payload: DataPayload = {
      kind: 'DATA',
      chunk: c.chunk,
      encoding: c.encoding,
      ...(c.loadInto === undefined ? {} : { loadInto: c.loadInto }),
      ...(c.loadColumns === undefined ? {} : { loadColumns: c.loadColumns }),
    };
    return itemRow({
      id: c.id,
      itemKind: 'DATA',
      objectPath: c.path,
      objectSchema: into.schema,
      objectName: into.name,
      partitionName: loadPartition(c) ?? null,
      priority: DATA_PRIORITY + (fkLevels.get(tableKey(into.schema, into.name)) ?? 0),
      state: 'PENDING',
      estimatedBytes: c.bytes,
      stream: c.stream,
      dumpFile: c.dumpFile,
      payload: JSON.stringify(payload),
    });
  };
  const latchRow = (latch: { readonly id: number; readonly chunk: SourceChunk }): MasterRow => ({
    ...tableDataItem(latch.id, ctx.prefix, loadTable(latch.chunk), loadPartition(latch.chunk)),
    objectPath: latch.chunk.path,
  });
  // In id order, each row made when it is reached: which list (0 objects, 1 chunks, 2 latches) and where in it.
  const latchList = [...latches.values()];
  const total = kept.length + keptChunks.length + latchList.length;
  const ids = new Float64Array(total);
  const at = new Uint32Array(total);
  const list = new Uint8Array(total);
  let n = 0;
  const add = (id: number, which: number, i: number): void => {
    ids[n] = id;
    list[n] = which;
    at[n] = i;
    n += 1;
  };
  kept.forEach((o, i) => add(o.id, 0, i));
  keptChunks.forEach((c, i) => add(c.id, 1, i));
  latchList.forEach((l, i) => add(l.id, 2, i));
  const byId = new Uint32Array(total).map((_, i) => i).sort((a, b) => (ids[a] as number) - (ids[b] as number));
  const items: Iterable<MasterRow> = {
    *[Symbol.iterator]() {
      let made = 0;
      for (const k of byId) {
        // Each row decodes and encodes a whole object: the heap governor's timer may not fire between them.
        if (++made % 1_000 === 0) heapCheckpoint();
        const i = at[k] as number;
        if (list[k] === 0) yield metadataRow(kept[i] as SourceObject, i);
        else if (list[k] === 1) yield dataRow(keptChunks[i] as SourceChunk);
        else yield latchRow(latchList[i] as { id: number; chunk: SourceChunk });
      }
    },
  };
  return { items, totalBytes, chunks: keptChunks };
}

/** How an import plans beyond its filters and parameters. */
export interface ImportPlanOptions {
  /**
   * Small tables are created with their secondary keys (the target adapter's withKeysAtCreate): the
   * import of a set or over a link of the target's own engine; not a SQL file, which knows no sizes.
   */
  readonly keysAtCreate?: boolean;
}

/**
 * A table up to this many bytes of rows is created with its secondary keys in its CREATE TABLE, as
 * myloader and mariadb-dump do: rows then update the keys as they load, which costs less than the
 * ALTER TABLE per key (a table lock, a rebuild pass, a sync) when the rows are few. Bigger tables
 * load first and get their keys after, each key built from the loaded rows in one sorted pass.
 */
export const KEYS_AT_CREATE_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Where the secondary keys (post-data INDEX and CONSTRAINT objects) of each table are made, by table:
 * `inCreate`, inside a small table's CREATE TABLE; `together`, a big table's two or more keys in one
 * statement after its data. The keys are the table's dependents either way, so TABLE_EXISTS_ACTION
 * treats them alike: SKIP, APPEND and TRUNCATE skip them, REPLACE and a new table get them. Not when
 * a transform is scoped to object paths (one meant for indexes must not reach the table's DDL).
 */
function placeKeys(
  ctx: RunContext,
  target: Adapter,
  kept: readonly SourceObject[],
  tableBytes: ReadonlyMap<string, number>,
): { inCreate: Map<string, SourceObject[]>; together: Map<string, SourceObject[]> } {
  const out = new Map<string, SourceObject[]>();
  const together = new Map<string, SourceObject[]>();
  if (!ctx.params.includeMetadata || ctx.def.transforms.some((t) => t.objectPath !== undefined)) return { inCreate: out, together };
  const tables = new Map<string, CatalogObject>();
  for (const o of kept) if (o.object.kind === 'TABLE') tables.set(tableKey(o.object.schema, o.object.name), o.object);
  for (const o of kept) {
    const { kind, phase, table, schema } = o.object;
    if (phase !== 'post-data' || (kind !== 'INDEX' && kind !== 'CONSTRAINT') || table === undefined) continue;
    const key = tableKey(schema, table);
    const tableObject = tables.get(key);
    if (tableObject === undefined) continue;
    const small = (tableBytes.get(key) ?? 0) <= KEYS_AT_CREATE_MAX_BYTES;
    const atCreate = target.ddl.supportsKeysAtCreate && target.ddl.takesKeyAtCreate(tableObject, o.object);
    const into = small ? (atCreate ? out : undefined) : target.ddl.supportsKeysTogether ? together : undefined;
    if (into === undefined) continue;
    const list = into.get(key);
    if (list === undefined) into.set(key, [o]);
    else list.push(o);
  }
  for (const list of out.values()) list.sort((a, b) => a.order - b.order);
  for (const [key, list] of together) {
    if (list.length < 2) together.delete(key);
    else list.sort((a, b) => a.order - b.order);
  }
  return { inCreate: out, together };
}

/**
 * Which chunks an import loads: the chunk's table is selected by the filters, INCLUDE_ROWS is on for
 * it, and PARTITION_LIST (if any) names its partition.
 */
export function chunkSelector(ctx: RunContext, objects: readonly SourceObject[]): (c: { readonly chunk: ChunkDescriptor }) => boolean {
  const { selected } = ctx.filters.selectObjects(objects.map((o) => o.object));
  const tables = new Set(selected.filter((o) => o.kind === 'TABLE').map((o) => tableKey(o.schema, o.name)));
  const parents = partitionParents(objects);
  return (c) => {
    const t = c.chunk.table;
    if (!tables.has(tableKey(t.schema, t.name)) || !ctx.filters.includeRows(t)) return false;
    // PARTITION_LIST names a table's partitions: inside it (MySQL), or tables of their own (PostgreSQL).
    const parent = parents.get(tableKey(t.schema, t.name));
    const parentList = parent === undefined ? undefined : ctx.filters.partitions(parent);
    if (parentList !== undefined && !parentList.includes(t.name)) return false;
    const list = ctx.filters.partitions(t);
    return list === undefined || c.chunk.partition === undefined || list.includes(c.chunk.partition);
  };
}

/** The partitioned table each partition that is a table of its own belongs to. */
function partitionParents(objects: readonly SourceObject[]): Map<string, TableRef> {
  const out = new Map<string, TableRef>();
  for (const { object } of objects) {
    const parent = isTableObject(object) ? object.detail.partitionOf?.parent : undefined;
    if (parent !== undefined) out.set(tableKey(object.schema, object.name), parent);
  }
  return out;
}

/** The non-generated columns of each source table, in the source's order. */
function sourceColumns(objects: readonly SourceObject[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { object } of objects) {
    if (!isTableObject(object)) continue;
    out.set(
      tableKey(object.schema, object.name),
      (object.detail.columns ?? []).filter((c) => c.generated === undefined).map((c) => c.name),
    );
  }
  return out;
}

/**
 * What planning reads of a catalog object (names, path, phase, dependencies, and of its detail only
 * what filters, priorities and loads look at); the DDL and the rest of the detail are left out. A
 * table's view keeps of its TableDetail the fields the engine reads: partitionOf, tableKind,
 * hasData, storageTablespace, and each column's name and generation.
 */
export function planningView(o: CatalogObject, intern: (s: string) => string = (s) => s): CatalogObject {
  let detail: object = {};
  if (isTableObject(o)) {
    const t = o.detail;
    detail = {
      ...(t.partitionOf === undefined ? {} : { partitionOf: t.partitionOf }),
      ...(t.tableKind === undefined ? {} : { tableKind: t.tableKind }),
      ...(t.hasData === undefined ? {} : { hasData: t.hasData }),
      // TABLESPACE_EXPR / TABLESPACES= choose tables by it on import too.
      ...(t.storageTablespace === undefined ? {} : { storageTablespace: t.storageTablespace }),
      columns: (t.columns ?? []).map((c) => (c.generated === undefined ? { name: c.name } : { name: c.name, generated: c.generated })),
    };
  } else {
    if ('references' in o.detail && o.detail.references !== undefined) {
      // A foreign key's referenced table orders it after that table's data.
      const references = o.detail.references;
      const table = typeof references === 'object' && references !== null && 'table' in references ? references.table : undefined;
      detail = { references: table === undefined ? {} : { table } };
    }
    // A NOT VALID constraint is added after the rows, which it would otherwise check (takesKeyAtCreate).
    if ('validated' in o.detail && o.detail.validated === false) detail = { ...detail, validated: false };
  }
  // Thousands of objects repeat a few kinds, paths and schemas: one string each.
  const schema = o.schema === null ? null : intern(o.schema);
  return {
    kind: intern(o.kind) as CatalogObject['kind'],
    path: intern(o.path),
    schema,
    name: o.name,
    ...(o.table === undefined ? {} : { table: o.table }),
    ...(o.owner === undefined ? {} : { owner: intern(o.owner) }),
    phase: intern(o.phase) as CatalogObject['phase'],
    dependsOn: o.dependsOn.map((d) => ({ ...d, kind: intern(d.kind) as CatalogObject['kind'], schema: d.schema === null ? null : intern(d.schema) })),
    ddl: '',
    detail,
  };
}

/**
 * The objects and chunks an export's master rows describe: `chunks` the export finished, and how many
 * it did not (`unfinished`: their rows are not in the set). Each object is `view` of the catalog
 * object (all of it by default), with the position of its row among `rows`.
 */
export function sourceFromMaster(
  rows: Iterable<MasterRow>,
  view: (o: CatalogObject, intern: (s: string) => string) => CatalogObject = (o) => o,
): { objects: SourceObject[]; chunks: SourceChunk[]; unfinished: number } {
  const objects: SourceObject[] = [];
  const chunks: SourceChunk[] = [];
  let unfinished = 0;
  const strings = new Map<string, string>();
  const intern = (v: string): string => {
    const known = strings.get(v);
    if (known !== undefined) return known;
    strings.set(v, v);
    return v;
  };
  let n = -1;
  for (const r of rows) {
    n += 1;
    // Each row decodes its whole object: in a loop this long the heap governor's timer never fires.
    if (n % 2_000 === 0) heapCheckpoint();
    if (r.rowType !== 'ITEM') continue;
    if (r.itemKind === 'METADATA') {
      const p = JSON.parse(r.payload) as MetadataPayload;
      const masked = p.masked === true ? { masked: true as const, ...(r.stream === null ? {} : { stream: r.stream }) } : {};
      objects.push({ id: r.id, object: view(p.object, intern), order: p.order, path: intern(r.objectPath ?? p.object.path), row: n, ...masked });
    } else if (r.itemKind === 'DATA') {
      if (r.state !== 'DONE') {
        unfinished += 1;
        continue;
      }
      const p = JSON.parse(r.payload) as DataPayload;
      chunks.push({
        id: r.id,
        chunk: p.chunk,
        encoding: intern(p.encoding),
        path: intern(r.objectPath ?? 'TABLE/TABLE_DATA'),
        stream: r.stream,
        bytes: r.bytesDone,
        dumpFile: r.dumpFile === null ? null : intern(r.dumpFile),
      });
    }
  }
  objects.sort((a, b) => a.order - b.order);
  return { objects, chunks, unfinished };
}
