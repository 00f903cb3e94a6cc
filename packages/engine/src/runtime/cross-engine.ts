import {
  AdapterError,
  isTableObject,
  valueConverter,
  type Adapter,
  type CatalogObject,
  type ForeignType,
  type MasterRow,
  type NeutralColumn,
  type NeutralCounter,
  type NeutralObject,
  type NeutralTable,
  type NeutralType,
  type Row,
  type RowValue,
  type TableRef,
} from '@sluice/adapter-kit';
import { JobError } from '../errors.js';
import { quotedTable } from '../log/index.js';
import { columnTypeOverride, remapTableRef } from '../remap/index.js';
import type { SourceObject } from './import-plan.js';
import type { PartitionOptions } from './partition-options.js';
import { payloadOf, type DataPayload, type MetadataPayload } from './item-payload.js';
import type { RunContext } from './run-context.js';

/** A catalog object on its way into another engine carries its neutral form beside the source's detail. */
type CrossDetail = Record<string, unknown> & { readonly neutral: NeutralObject };

/** What a DATA item of a cross-engine import needs to convert its rows: per column, the source's type and the target's. */
export interface CrossColumns {
  readonly columns: readonly string[];
  readonly from: readonly NeutralType[];
  readonly to: readonly ForeignType[];
}

/** A cross-engine object's neutral form, or undefined for a same-engine one. */
export function neutralOf(object: CatalogObject): NeutralObject | undefined {
  return (object.detail as Partial<CrossDetail>).neutral;
}

/** The adapter that reads a dump of this data encoding, when it is another engine's than the target's (from the job's codecs). */
export function dumpCodec(ctx: RunContext, target: Adapter, encoding: string, engine: string): Adapter | undefined {
  if (encoding === '' || encoding === target.data.dataEncoding.name) return undefined;
  const codec = ctx.connections.codecs?.find((c) => c.data.dataEncoding.name === encoding);
  if (codec === undefined) {
    throw new JobError(
      'INVALID_OPERATION',
      `The dump file set was written by ${engine} (${encoding} data) and the target is ${target.name}; this process has no ${engine} adapter to read it. Run the import with the sluice command, which brings every engine's adapter.`,
      { jobName: ctx.def.jobName },
    );
  }
  return codec;
}

const key = (schema: string, name: string): string => JSON.stringify([schema, name]);

/**
 * The objects of another engine made ready for the target: each carries its neutral form (source
 * adapter's `neutralCatalog`), table columns their target types. Everything that cannot work (no
 * mapping for a type, a name the target cannot hold) is refused here, before the target is touched.
 */
export function translateObjects(ctx: RunContext, source: Adapter, target: Adapter, objects: readonly SourceObject[]): SourceObject[] {
  const fail = (message: string): never => {
    throw new JobError('INVALID_OPERATION', message, { jobName: ctx.def.jobName });
  };
  const from = source.crossEngine ?? fail(`The ${source.name} adapter cannot describe its objects for another engine, so job "${ctx.def.jobName}" cannot move them into ${target.name}.`);
  const into = target.crossEngine ?? fail(`The ${target.name} adapter cannot create objects of another engine, so job "${ctx.def.jobName}" cannot move ${source.name} objects into it.`);
  const neutral = from.neutralCatalog(objects.map((o) => o.object));
  const problems: string[] = [];
  const notes: string[] = [];
  const tables = new Map<string, NeutralTable>();
  const checkName = (what: string, name: string): void => {
    const problem = into.identifierProblem(name);
    if (problem !== undefined) problems.push(`${what} ${JSON.stringify(name)}: ${problem}; rename it (REMAP_SCHEMA, REMAP_TABLE) or shorten it on the source`);
  };
  const selected = new Set(ctx.filters.selectObjects(objects.map((o) => o.object)).selected);
  const notCreated = tablesPartitionOptionsLeaveOut(ctx.params.partitionOptions, objects);
  // TRANSFORM=COLUMN_TYPE: a column (`[schema.]table.column`) or every column of a source type.
  const overrides = ctx.def.transforms
    .filter((t) => t.name === 'COLUMN_TYPE')
    .map((t) => columnTypeOverride(t.value))
    .filter((o) => o !== undefined);
  const overrideFor = (schema: string, table: string, column: string, native: string | undefined): ForeignType | undefined => {
    const names = [`${schema}.${table}.${column}`, `${table}.${column}`].map((n) => n.toLowerCase());
    const type = (native ?? '').toLowerCase();
    const o = overrides.find((x) => names.includes(x.what.toLowerCase())) ?? overrides.find((x) => x.what.toLowerCase() === type || x.what.toLowerCase() === type.replace(/\(.*$/, ''));
    if (o === undefined) return undefined;
    const parsed = into.parseForeignType(o.type);
    if (parsed === undefined)
      problems.push(
        `TRANSFORM=COLUMN_TYPE:${o.what}=${o.type} names a type ${target.name} does not take here; give a type such as ${into.parseForeignType('text') === undefined ? 'a text type' : 'text or varchar(n)'}`,
      );
    return parsed === undefined ? undefined : { ...parsed, note: `stored as ${parsed.native} in its text form (TRANSFORM=COLUMN_TYPE)` };
  };
  const out = objects.map((o, i): SourceObject => {
    let n = neutral[i] ?? { kind: 'not-translated', reason: 'the source adapter did not describe it' };
    if (n.kind === 'table') {
      const ref = remapTableRef(ctx.def, { schema: n.schema, name: n.name });
      const label = quotedTable(ref.schema, ref.name);
      const native = new Map((isTableObject(o.object) ? o.object.detail.columns : []).map((c) => [c.name, c.nativeType]));
      if (selected.has(o.object)) {
        checkName('Schema', ref.schema);
        checkName(`Table ${label}:`, ref.name);
      }
      n = {
        ...n,
        columns: n.columns.map((c) => {
          const override = overrideFor(o.object.schema ?? '', o.object.name, c.name, native.get(c.name));
          let mapped = override ?? into.foreignType(c.type);
          // An identity column needs an integer type: BIGINT UNSIGNED (MySQL's SERIAL) becomes the largest signed one.
          if (override === undefined && c.identity !== undefined && mapped !== undefined && mapped.type.kind !== 'integer') {
            const wide = into.foreignType({ kind: 'integer', bytes: 8 });
            if (wide !== undefined) mapped = { ...wide, note: `identity column stored as ${wide.native}: values above 9223372036854775807 are refused` };
          }
          if (selected.has(o.object)) {
            checkName(`Column ${label}.`, c.name);
            if (mapped === undefined)
              problems.push(
                `Column ${label}."${c.name}" is of type ${native.get(c.name) ?? c.type.kind}, which has no mapping into ${target.name}; give it a type with TRANSFORM=COLUMN_TYPE:${native.get(c.name) ?? c.type.kind}=<type>, or leave the table out (EXCLUDE=TABLE:"IN ('${n.kind === 'table' ? n.name : ''}')")`,
              );
            else if (mapped.note !== undefined && !notCreated.has(o.object)) notes.push(`Column ${label}."${c.name}": ${mapped.note}.`);
          }
          if (mapped === undefined) return c;
          // A literal default is written in the target's form of the value; one the target cannot hold is refused.
          const d = targetDefault(c.type, c.default, mapped);
          if (typeof d === 'string') {
            if (selected.has(o.object))
              problems.push(
                `Column ${label}."${c.name}" has DEFAULT ${JSON.stringify((c.default as { value: string }).value)}, and ${d}; set another default on the source, or keep the column's values in their text form with TRANSFORM=COLUMN_TYPE:${o.object.schema ?? ''}.${o.object.name}.${c.name}=text`,
              );
            return { ...c, target: mapped };
          }
          return { ...c, default: d, target: mapped };
        }),
      };
      // What the target leaves out of this table (MariaDB: a CHECK on the AUTO_INCREMENT column), beside what the source could not describe.
      const losses = into.neutralLosses(n);
      if (losses.length > 0) n = { ...n, notCarried: [...(n.notCarried ?? []), ...losses] };
      // A counter the target cannot keep (a second AUTO_INCREMENT): the column arrives plain, with its values.
      const uncounted = new Set(losses.filter((l) => l.counter === true && l.column !== undefined).map((l) => l.column));
      if (uncounted.size > 0) n = { ...n, columns: n.columns.map((c) => (uncounted.has(c.name) ? withoutIdentity(c) : c)) };
      tables.set(key(n.schema, n.name), n);
    } else if ((n.kind === 'index' || n.kind === 'key' || n.kind === 'check' || n.kind === 'foreign-key') && selected.has(o.object)) {
      checkName(`Name of ${o.object.kind.toLowerCase().replace(/_/g, ' ')} of table "${n.table}"`, n.name);
    }
    return { ...o, object: { ...o.object, detail: { ...o.object.detail, neutral: n } } };
  });
  // PostgreSQL partitions are tables of their own, which the other engine has not: one table, or one per partition.
  if (ctx.params.partitionOptions === 'NONE') {
    const partitioned = new Map<string, string[]>();
    for (const o of out) {
      const parent = isTableObject(o.object) ? o.object.detail.partitionOf?.parent : undefined;
      if (parent === undefined || !selected.has(objects[out.indexOf(o)]!.object) || neutralOf(o.object)?.kind !== 'table') continue;
      const label = quotedTable(parent.schema, parent.name);
      partitioned.set(label, [...(partitioned.get(label) ?? []), o.object.name]);
    }
    for (const [label, parts] of partitioned) {
      problems.push(
        `Table ${label} is partitioned, its partitions (${parts.slice(0, 3).join(', ')}${parts.length > 3 ? `, and ${parts.length - 3} more` : ''}) tables of their own, which ${target.name} does not have; import with PARTITION_OPTIONS=MERGE (one table holding every partition's rows) or PARTITION_OPTIONS=DEPARTITION (each partition a table of its own)`,
      );
    }
  }
  if (problems.length > 0) {
    fail(`Job "${ctx.def.jobName}" moves ${source.name} objects into ${target.name} and cannot, so nothing was created: ${problems.join('; ')}`);
  }
  for (const line of notes) ctx.log.info(line);
  // Index parts on the target's TEXT/BLOB types need a prefix length there; a counter of a column
  // that arrives plain is not set, and its sequence is said to feed a plain column.
  const plain = (n: NeutralObject | undefined): n is NeutralCounter => {
    const column = n?.kind === 'counter' ? tables.get(key(n.schema, n.table))?.columns.find((c) => c.name === n.column) : undefined;
    return column !== undefined && column.identity === undefined;
  };
  const plainSequences = new Map<string, NeutralCounter>();
  for (const o of out) {
    const n = neutralOf(o.object);
    if (plain(n)) plainSequences.set(key(o.object.schema ?? '', o.object.name), n);
  }
  const absorbedAs = (o: SourceObject, reason: string): SourceObject => ({ ...o, object: { ...o.object, detail: { ...o.object.detail, neutral: { kind: 'absorbed', reason } } } });
  return out.map((o) => {
    const n = neutralOf(o.object);
    if (plain(n)) return absorbedAs(o, `column ${n.table}.${n.column} is created as a plain column in ${target.name} (see the table's lines), so its next value ${n.next} is not set`);
    const fed = o.object.kind === 'SEQUENCE' && n?.kind === 'absorbed' ? plainSequences.get(key(o.object.schema ?? '', o.object.name)) : undefined;
    if (fed !== undefined) return absorbedAs(o, `it feeds column ${fed.table}.${fed.column}, created as a plain column in ${target.name} (see the table's lines)`);
    if (n?.kind !== 'index') return o;
    const table = tables.get(key(n.schema, n.table));
    const prefix = (column: string | undefined): number | undefined => table?.columns.find((c) => c.name === column)?.target?.indexPrefix;
    if (!n.parts.some((p) => p.length === undefined && prefix(p.column) !== undefined)) return o;
    const parts = n.parts.map((p) => (p.length === undefined && prefix(p.column) !== undefined ? { ...p, length: prefix(p.column) as number } : p));
    return { ...o, object: { ...o.object, detail: { ...o.object.detail, neutral: { ...n, parts } } } };
  });
}

/**
 * The tables PARTITION_OPTIONS leaves out (see `applyPartitionOptions`), whose columns need no note
 * in the log: with MERGE the partitions of a partitioned table that comes too, with DEPARTITION the
 * partitioned tables whose partitions are tables of their own.
 */
function tablesPartitionOptionsLeaveOut(option: PartitionOptions, objects: readonly SourceObject[]): Set<CatalogObject> {
  const out = new Set<CatalogObject>();
  if (option !== 'MERGE' && option !== 'DEPARTITION') return out;
  const tables = new Map<string, CatalogObject>();
  for (const o of objects) if (isTableObject(o.object)) tables.set(key(o.object.schema ?? '', o.object.name), o.object);
  for (const o of objects) {
    const parent = isTableObject(o.object) ? o.object.detail.partitionOf?.parent : undefined;
    const parentObject = parent === undefined ? undefined : tables.get(key(parent.schema, parent.name));
    if (parentObject === undefined) continue;
    out.add(option === 'MERGE' ? o.object : parentObject);
  }
  return out;
}

/** A column without its counter: a plain column that keeps its values. */
function withoutIdentity(c: NeutralColumn): NeutralColumn {
  const { identity: _identity, ...plain } = c;
  return plain;
}

/** Source kinds whose literal defaults are checked against the target type's limits up front (MySQL zero dates, PostgreSQL infinity and NaN). */
const CHECKED_DEFAULTS = new Set<NeutralType['kind']>(['date', 'timestamp', 'datetime', 'time', 'decimal', 'float']);

/** A column's literal default converted into the target type's form, or why the target cannot hold it. */
function targetDefault(type: NeutralType, d: NeutralColumn['default'], to: ForeignType): NeutralColumn['default'] | string {
  if (d === null || (d.kind !== 'literal' && d.kind !== 'number') || !CHECKED_DEFAULTS.has(type.kind)) return d;
  try {
    const value = valueConverter(type, to)(d.value);
    return typeof value === 'string' ? { ...d, value } : d;
  } catch (error) {
    if (!(error instanceof AdapterError) || error.code !== 'VALUE_NOT_REPRESENTABLE') throw error;
    return error.message;
  }
}

/**
 * After planning: objects that are not translated are named in the log and counted as errors (the job
 * ends with exit 5 unless they were excluded); DATA items learn how to convert their columns.
 */
export async function finishCrossPlan(ctx: RunContext, target: Adapter, items: readonly MasterRow[]): Promise<MasterRow[]> {
  const tables = new Map<string, NeutralTable>();
  for (const item of items) {
    if (item.itemKind !== 'METADATA') continue;
    const object = (payloadOf(item) as MetadataPayload).object;
    const n = neutralOf(object);
    if (n?.kind === 'table') {
      tables.set(key(n.schema, n.name), n);
      if (!(payloadOf(item) as MetadataPayload).dataOnly) for (const line of notCarriedLines(n, target)) await ctx.countError(line);
    }
    if (n?.kind === 'not-translated') {
      const name = object.schema === null ? `"${object.name}"` : quotedTable(object.schema, object.name);
      await ctx.countError(
        `Object type ${object.kind} ${name} is not created in ${target.name}: ${n.reason}. Views, routines, triggers, events, rules and policies are not translated across engines; leave them out with EXCLUDE=${object.kind} to end without errors.`,
      );
    } else if (n?.kind === 'absorbed' && object.kind !== 'COMMENT' && object.kind !== 'CONSTRAINT') {
      ctx.log.info(`Object type ${object.kind} ${object.schema === null ? `"${object.name}"` : quotedTable(object.schema, object.name)} needs no statement in ${target.name}: ${n.reason}.`);
    }
  }
  // A counter is set on a table that existed too (TABLE_EXISTS_ACTION=APPEND or TRUNCATE), as a
  // sequence's value is within one engine: it is no dependent the table's action skips.
  const counters = new Set(items.filter((i) => i.itemKind === 'METADATA' && neutralOf((payloadOf(i) as MetadataPayload).object)?.kind === 'counter').map((i) => i.id));
  return items.map((item) => {
    // A counter of a table this import does not create (PARTITION_OPTIONS=DEPARTITION leaves out a partitioned table) has nothing to set.
    if (counters.has(item.id)) {
      const payload = payloadOf(item) as MetadataPayload;
      const n = neutralOf(payload.object) as NeutralCounter;
      if (!tables.has(key(n.schema, n.table))) {
        const absorbed: NeutralObject = { kind: 'absorbed', reason: `table ${n.table}, whose column ${n.column} it feeds, is not created by this import` };
        ctx.log.info(`Object type ${payload.object.kind} ${quotedTable(payload.object.schema ?? '', payload.object.name)} needs no statement in ${target.name}: ${absorbed.reason}.`);
        return { ...item, payload: JSON.stringify({ ...payload, object: { ...payload.object, detail: { ...payload.object.detail, neutral: absorbed } } }) };
      }
    }
    if (item.itemKind === 'METADATA' && counters.size > 0) {
      const payload = payloadOf(item) as MetadataPayload & { dependents?: number[] };
      if (payload.dependents?.some((id) => counters.has(id)) === true) return { ...item, payload: JSON.stringify({ ...payload, dependents: payload.dependents.filter((id) => !counters.has(id)) }) };
    }
    if (item.itemKind !== 'DATA') return item;
    const payload = payloadOf(item) as DataPayload;
    const into = payload.loadInto ?? payload.chunk.table;
    const table = tables.get(key(into.schema, into.name));
    if (table === undefined) return item;
    const names = payload.loadColumns ?? table.columns.map((c) => c.name);
    const columns = names.map((name) => table.columns.find((c) => c.name === name));
    if (columns.some((c) => c?.target === undefined)) return item;
    const cross: CrossColumns = { columns: names, from: columns.map((c) => c!.type), to: columns.map((c) => c!.target as ForeignType) };
    return { ...item, payload: JSON.stringify({ ...payload, cross }) };
  });
}

/**
 * One line per attribute of a carried table that does not arrive on the target (ON UPDATE
 * CURRENT_TIMESTAMP, a domain's CHECK, row-level security...), naming table, column, what and what
 * to do: counted as errors, and written as comments in a SQLFILE.
 */
export function notCarriedLines(table: NeutralTable, target: Adapter): string[] {
  return (table.notCarried ?? []).map(
    (l) => `Table ${quotedTable(table.schema, table.name)}${l.column === undefined ? '' : ` column "${l.column}"`}: ${l.what} is not carried over into ${target.name}; ${l.advice}.`,
  );
}

/** A row that could not be converted, for the reject file. */
export interface RejectedRow {
  readonly row: string;
  readonly reason: string;
}

/**
 * Convert row batches from the source's forms into the target's, column by column. A value the target
 * cannot hold goes to `rejects` when skipping, and otherwise stops the load naming table, column and value.
 */
export async function* convertRows(batches: AsyncIterable<Row[]>, cross: CrossColumns, table: TableRef, skip: boolean, rejects: RejectedRow[]): AsyncIterable<Row[]> {
  const converters = cross.to.map((to, i) => valueConverter(cross.from[i] as NeutralType, to));
  for await (const batch of batches) {
    const out: Row[] = [];
    for (const row of batch) {
      const converted: RowValue[] = new Array(row.length);
      let failed = false;
      for (let i = 0; i < row.length; i++) {
        const value = row[i] ?? null;
        const convert = converters[i];
        if (convert === undefined || value === null) {
          converted[i] = value;
          continue;
        }
        try {
          converted[i] = convert(value);
        } catch (error) {
          if (!(error instanceof AdapterError) || error.code !== 'VALUE_NOT_REPRESENTABLE') throw error;
          const message = `${quotedTable(table.schema, table.name)} column "${cross.columns[i] ?? i}": ${error.message}`;
          if (!skip) {
            throw new AdapterError('VALUE_NOT_REPRESENTABLE', `${message}; import with DATA_OPTIONS=SKIP_CONSTRAINT_ERRORS to put such rows in the reject file, or leave the table out`, {
              object: quotedTable(table.schema, table.name),
              cause: error,
            });
          }
          rejects.push({ row: row.map(rowText).join('\t'), reason: message });
          failed = true;
          break;
        }
      }
      if (!failed) out.push(converted);
    }
    if (out.length > 0) yield out;
  }
}

function rowText(v: Row[number]): string {
  if (v === null || v === undefined) return '\\N';
  return typeof v === 'string' ? v.replace(/[\t\n\\]/g, (c) => (c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\\\')) : `\\x${Buffer.from(v).toString('hex')}`;
}
