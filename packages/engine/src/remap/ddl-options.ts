import type { CatalogObject, DdlOptions, DdlTransforms, TableRef } from '@sluice/adapter-kit';
import { JobError } from '../errors.js';
import type { DataRemapSpec, JobDefinition, MetadataRemapSpec, MetadataTransformSpec } from '../job/job-definition.js';
import { isKnownPath, knownPaths, normalizePath, pathCovers } from '../filters/object-path.js';
import { describe } from '../parameters/index.js';
import { remapDataFunctions } from './remap-functions.js';
import { REFUSED_TRANSFORMS, TRANSFORMS, columnTypeOverride } from './transforms.js';

/** The DdlOptions for generating one object's DDL: REMAP_SCHEMA/TABLE/TABLESPACE maps and the METADATA_TRANSFORMs.
 * Transforms given with an object path apply only when `object` is passed and its path falls under it. */
export function ddlOptionsFor(def: JobDefinition, object?: CatalogObject): DdlOptions {
  const map = (name: MetadataRemapSpec['name']): Map<string, string> =>
    new Map(def.metadataRemaps.filter((r) => r.name === name).map((r) => [name === 'REMAP_TABLE' ? tableKeyOf(r.from) : r.from, r.to]));
  const transforms: { -readonly [K in keyof DdlTransforms]: boolean } = {};
  for (const t of def.transforms) {
    if (t.objectPath !== undefined && (object === undefined || !pathCovers(t.objectPath, object.path))) continue;
    if (switchValue(t.value) === false) for (const field of TRANSFORMS[t.name]?.omits ?? []) transforms[field] = true;
  }
  // PARTITION_OPTIONS=MERGE|DEPARTITION: the runtime chose which tables exist; each is written unpartitioned.
  const partitionOptions = def.parameters['PARTITION_OPTIONS'];
  if (changesTarget(def) && (partitionOptions === 'MERGE' || partitionOptions === 'DEPARTITION')) transforms.unpartitioned = true;
  const remapSchema = map('REMAP_SCHEMA');
  const remapTable = map('REMAP_TABLE');
  const remapTablespace = map('REMAP_TABLESPACE');
  return {
    ...(remapSchema.size > 0 ? { remapSchema } : {}),
    ...(remapTable.size > 0 ? { remapTable } : {}),
    ...(remapTablespace.size > 0 ? { remapTablespace } : {}),
    ...(Object.keys(transforms).length > 0 ? { transforms } : {}),
  };
}

/** Where a source table lands on the target: REMAP_TABLE (by `schema.table`, then by `table`), then REMAP_SCHEMA. */
export function remapTableRef(def: JobDefinition, ref: TableRef): TableRef {
  let name = ref.name;
  let schema = ref.schema;
  const qualified = `${ref.schema}.${ref.name}`;
  const byQualified = def.metadataRemaps.find((r) => r.name === 'REMAP_TABLE' && tableKeyOf(r.from) === qualified);
  const byName = def.metadataRemaps.find((r) => r.name === 'REMAP_TABLE' && tableKeyOf(r.from) === ref.name);
  name = (byQualified ?? byName)?.to ?? name;
  schema = def.metadataRemaps.find((r) => r.name === 'REMAP_SCHEMA' && r.from === ref.schema)?.to ?? schema;
  return { schema, name };
}

/** A REMAP_TABLE source as its map key: `schema.table` or `table`; double quotes are taken off. */
function tableKeyOf(from: string): string {
  return parseTableName(from).join('.');
}

/** Split `schema.table`, `"sch"."ta.ble"` or `table` into its parts. */
function parseTableName(text: string): string[] {
  const parts: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) return [text];
      parts.push(text.slice(i + 1, end));
      i = end + 1;
    } else {
      const dot = text.indexOf('.', i);
      parts.push(dot < 0 ? text.slice(i) : text.slice(i, dot));
      i = dot < 0 ? text.length : dot;
    }
    if (text[i] === '.') i++;
  }
  return parts;
}

function switchValue(value: unknown): boolean | undefined {
  const v = typeof value === 'string' ? value.trim().toUpperCase() : value;
  if (v === true || v === 1 || v === 'Y' || v === 'YES' || v === '1' || v === 'TRUE') return true;
  if (v === false || v === 0 || v === 'N' || v === 'NO' || v === '0' || v === 'FALSE') return false;
  return undefined;
}

const changesTarget = (def: JobDefinition): boolean => def.operation !== 'EXPORT';

/** Check a METADATA_REMAP call; returns it in canonical form. */
export function validateMetadataRemap(def: JobDefinition, spec: { name: unknown; from: unknown; to: unknown }): MetadataRemapSpec {
  const fail = (message: string, code: 'INVALID_ARGVAL' | 'INVALID_OPERATION' | 'INCONSISTENT_ARGS' = 'INVALID_ARGVAL'): never => {
    throw new JobError(code, `metadataRemap: ${message}`, { jobName: def.jobName });
  };
  const name = typeof spec.name === 'string' ? spec.name.trim().toUpperCase() : undefined;
  if (name === 'REMAP_DATAFILE') fail('REMAP_DATAFILE is not supported because PostgreSQL and MySQL objects name no data files');
  if (name !== 'REMAP_SCHEMA' && name !== 'REMAP_TABLE' && name !== 'REMAP_TABLESPACE') {
    return fail(`${describe(spec.name)} is not a metadata remap; known remaps: REMAP_SCHEMA, REMAP_TABLE, REMAP_TABLESPACE`);
  }
  if (!changesTarget(def)) fail(`${name} renames objects as they are created on a target, and job ${def.jobName} is an EXPORT; give it to the import`, 'INVALID_OPERATION');
  if (typeof spec.from !== 'string' || spec.from.trim() === '') return fail(`${name} needs the old name as a non-empty string, got ${describe(spec.from)}`);
  if (typeof spec.to !== 'string' || spec.to.trim() === '') return fail(`${name} needs the new name as a non-empty string, got ${describe(spec.to)}`);
  const from = spec.from.trim();
  let to = spec.to.trim();
  if (name === 'REMAP_TABLE') {
    if (parseTableName(from).length > 2) fail(`REMAP_TABLE source ${JSON.stringify(from)} has too many parts; write table or schema.table`);
    const target = parseTableName(to);
    if (target.length !== 1) fail(`REMAP_TABLE renames a table within its schema, so the new name ${JSON.stringify(to)} must be a bare table name; move schemas with REMAP_SCHEMA`);
    to = target[0] as string;
  }
  const key = name === 'REMAP_TABLE' ? tableKeyOf(from) : from;
  const same = def.metadataRemaps.find((r) => r.name === name && (name === 'REMAP_TABLE' ? tableKeyOf(r.from) : r.from) === key);
  if (same !== undefined) fail(`${name} of ${JSON.stringify(from)} was already given (to ${JSON.stringify(same.to)}); each name is remapped once`, 'INCONSISTENT_ARGS');
  return { name, from, to };
}

/** Check a METADATA_TRANSFORM call; returns it in canonical form. */
export function validateTransform(def: JobDefinition, spec: { name: unknown; value: unknown; objectPath?: unknown }): MetadataTransformSpec {
  const fail = (message: string, code: 'INVALID_ARGVAL' | 'INVALID_OPERATION' | 'INCONSISTENT_ARGS' = 'INVALID_ARGVAL'): never => {
    throw new JobError(code, `metadataTransform: ${message}`, { jobName: def.jobName });
  };
  if (typeof spec.name !== 'string') return fail(`the transform name must be a string, got ${describe(spec.name)}`);
  const name = spec.name.trim().toUpperCase();
  const refused = REFUSED_TRANSFORMS[name];
  if (refused !== undefined) fail(`${name} is not supported because ${refused}`);
  if (TRANSFORMS[name] === undefined) fail(`${JSON.stringify(spec.name)} is not a transform; known transforms: ${Object.keys(TRANSFORMS).join(', ')}`);
  if (!changesTarget(def)) fail(`${name} changes DDL as it is created on a target, and job ${def.jobName} is an EXPORT; give it to the import`, 'INVALID_OPERATION');
  if (name === 'COLUMN_TYPE') return validateColumnType(def, spec.value, spec.objectPath, fail);
  const value = switchValue(spec.value);
  if (value === undefined) fail(`${name} is Y (keep, the default) or N (leave out); also 1/0, YES/NO, true/false; got ${describe(spec.value)}`);
  let objectPath: string | undefined;
  if (spec.objectPath !== undefined && spec.objectPath !== null && spec.objectPath !== '') {
    if (typeof spec.objectPath !== 'string' || !isKnownPath(spec.objectPath)) {
      fail(`object path ${describe(spec.objectPath)} names no kind of object; object paths are ${knownPaths()}`);
    }
    objectPath = normalizePath(spec.objectPath as string);
  }
  const same = def.transforms.find((t) => t.name === name && t.objectPath === objectPath);
  if (same !== undefined) fail(`${name}${objectPath === undefined ? '' : ` for ${objectPath}`} was already given (${describe(same.value)})`, 'INCONSISTENT_ARGS');
  return { name, value: value ? 'Y' : 'N', ...(objectPath === undefined ? {} : { objectPath }) };
}

/** COLUMN_TYPE takes `what=type`, once per `what`, and no object path. */
function validateColumnType(def: JobDefinition, value: unknown, objectPath: unknown, fail: (message: string, code?: 'INVALID_ARGVAL' | 'INCONSISTENT_ARGS') => never): MetadataTransformSpec {
  const override = columnTypeOverride(value);
  if (override === undefined) fail(`COLUMN_TYPE is <source type or [schema.]table.column>=<target type>, e.g. COLUMN_TYPE:tsvector=LONGTEXT; got ${describe(value)}`);
  if (objectPath !== undefined && objectPath !== null && objectPath !== '') fail('COLUMN_TYPE names its columns in its value and takes no object type');
  const what = (override as { what: string }).what.toLowerCase();
  const same = def.transforms.find((t) => t.name === 'COLUMN_TYPE' && columnTypeOverride(t.value)?.what.toLowerCase() === what);
  if (same !== undefined) fail(`COLUMN_TYPE for ${what} was already given (${describe(same.value)})`, 'INCONSISTENT_ARGS');
  return { name: 'COLUMN_TYPE', value: `${(override as { what: string }).what}=${(override as { type: string }).type}` };
}

/** Check a DATA_REMAP call: the function must be registered in this process. */
export function validateDataRemap(def: JobDefinition, spec: { table: unknown; column: unknown; functionName: unknown; name?: unknown }): DataRemapSpec {
  const fail = (message: string, code: 'INVALID_ARGVAL' | 'INVALID_OPERATION' | 'INCONSISTENT_ARGS' = 'INVALID_ARGVAL'): never => {
    throw new JobError(code, `dataRemap: ${message}`, { jobName: def.jobName });
  };
  if (spec.name !== undefined && (typeof spec.name !== 'string' || spec.name.toUpperCase() !== 'COLUMN_FUNCTION')) {
    fail(`${describe(spec.name)} is not a data remap; the one there is is COLUMN_FUNCTION`);
  }
  if (def.operation === 'SQL_FILE') fail('DATA_REMAP changes rows, and a SQL_FILE job moves no rows', 'INVALID_OPERATION');
  const t = spec.table as { schema?: unknown; name?: unknown } | null | undefined;
  if (typeof t !== 'object' || t === null || typeof t.schema !== 'string' || t.schema === '' || typeof t.name !== 'string' || t.name === '') {
    return fail(`the table must be { schema, name } with non-empty strings, got ${describe(spec.table)}`);
  }
  if (typeof spec.column !== 'string' || spec.column === '') return fail(`the column must be a non-empty string, got ${describe(spec.column)}`);
  if (typeof spec.functionName !== 'string' || !remapDataFunctions.has(spec.functionName)) {
    const known = remapDataFunctions.names();
    return fail(`function ${describe(spec.functionName)} is not registered; call registerRemapFunction(name, fn) first (registered: ${known.length === 0 ? 'none' : known.join(', ')})`);
  }
  const table = { schema: t.schema, name: t.name };
  const column = spec.column;
  if (def.dataRemaps.some((r) => r.table.schema === table.schema && r.table.name === table.name && r.column === column)) {
    fail(`"${table.schema}"."${table.name}".${column} already has a remap function; each column is remapped once`, 'INCONSISTENT_ARGS');
  }
  return { table, column, functionName: spec.functionName };
}
