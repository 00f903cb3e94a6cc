import { OBJECT_KINDS, OBJECT_PATHS } from '@sluice/adapter-kit';
import { CliError } from '../cli-error.js';
import { closestName } from './closest-name.js';
import { splitDotted, splitList, splitOutside, unquote } from './split-value.js';

// The values' shapes are the engine's (a REST body yields the same); the command-line syntax is read here.
import type { FilterValue, QueryValue, RemapDataValue, RemapValue, SampleValue, TableName, TransformValue } from '@sluice/engine';
export type { FilterValue, QueryValue, RemapDataValue, RemapValue, SampleValue, TableName, TransformValue };

const IDENTIFIER = /^(?:"[^"]+"|[^\s"'():,.=<>!]+)(?:\.(?:"[^"]+"|[^\s"'():,.=<>!]+))?$/;

function bad(parameter: string, value: string, expected: string, example: string): CliError {
  return new CliError('BAD_PARAMETER', `${parameter}=${value} is not valid: expected ${expected}, e.g. ${parameter}=${example}.`);
}

/** Y/YES/TRUE/1 or N/NO/FALSE/0, any case. */
export function parseBool(parameter: string, value: string): boolean {
  const v = value.trim().toUpperCase();
  if (['Y', 'YES', 'TRUE', '1'].includes(v)) return true;
  if (['N', 'NO', 'FALSE', '0'].includes(v)) return false;
  throw bad(parameter, value, 'Y or N', 'Y');
}

/** A whole number within bounds. */
export function parseInt10(parameter: string, value: string, min = -Infinity, max = Infinity): number {
  const v = value.trim();
  if (!/^-?\d+$/.test(v)) throw bad(parameter, value, 'a whole number', String(Math.max(min, 1)));
  const n = Number(v);
  if (n < min || n > max) {
    throw new CliError('BAD_PARAMETER', `${parameter}=${value} is out of range: give a number from ${min} to ${max}.`);
  }
  return n;
}

const UNITS: Record<string, number> = { '': 1, B: 1, K: 1024, KB: 1024, M: 1024 ** 2, MB: 1024 ** 2, G: 1024 ** 3, GB: 1024 ** 3, T: 1024 ** 4, TB: 1024 ** 4 };

/** A size in bytes: `500MB`, `2G`, `4096`; units are powers of 1024. */
export function parseSize(parameter: string, value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([A-Za-z]*)$/.exec(value.trim());
  const unit = UNITS[m?.[2]?.toUpperCase() ?? 'X'];
  if (!m || unit === undefined) throw bad(parameter, value, 'a size in bytes with an optional unit B, KB, MB, GB or TB', '2GB');
  const bytes = Math.floor(Number(m[1]) * unit);
  if (bytes <= 0) throw bad(parameter, value, 'a size greater than zero', '2GB');
  return bytes;
}

/** `[schema.]table[:partition]`. */
export function parseTableName(parameter: string, text: string): TableName {
  const [namePart, partition, extra] = splitOutside(text.trim(), ':', parameter);
  const parts = splitDotted(namePart ?? '', parameter);
  if (extra !== undefined || parts.length > 2 || parts.some((p) => p === '') || (partition !== undefined && unquote(partition) === '')) {
    throw bad(parameter, text, '[schema.]table[:partition]', 'hr.employees');
  }
  const base = parts.length === 2 ? { schema: parts[0]!, name: parts[1]! } : { name: parts[0]! };
  return partition === undefined ? base : { ...base, partition: unquote(partition) };
}

/** TABLES=`[schema.]table[:partition][,...]`. */
export function parseTables(parameter: string, value: string): TableName[] {
  return splitOutside(value, ',', parameter).map((item) => parseTableName(parameter, item));
}

/** `old:new[,old:new...]` for the REMAP_* parameters. */
export function parseRemaps(parameter: string, value: string): RemapValue[] {
  return splitOutside(value, ',', parameter).map((item) => {
    const parts = splitOutside(item, ':', parameter);
    if (parts.length !== 2 || unquote(parts[0]!) === '' || unquote(parts[1]!) === '') {
      throw bad(parameter, value, 'old:new', parameter === 'REMAP_TABLE' ? 'hr.emp:emp_copy' : 'hr:hr2');
    }
    return { from: unquote(parts[0]!), to: unquote(parts[1]!) };
  });
}

const OBJECT_TYPES: readonly string[] = [...new Set<string>([...OBJECT_KINDS, ...Object.values(OBJECT_PATHS), 'TABLE_DATA', 'STATISTICS'])];

/** Check an object type of INCLUDE/EXCLUDE/TRANSFORM: a kind (INDEX) or a path (TABLE/INDEX). */
function objectType(parameter: string, text: string): string {
  const type = unquote(text).toUpperCase();
  if (type.split('/').every((segment) => OBJECT_TYPES.some((t) => t.split('/').includes(segment)))) return type;
  const near = closestName(type, OBJECT_TYPES);
  throw new CliError('BAD_PARAMETER', `${parameter}: ${type} is not an object type${near === undefined ? '' : `; did you mean ${near}?`} Object types are ${OBJECT_KINDS.join(', ')}.`);
}

/** EXCLUDE / INCLUDE = `object_type[:name_clause][,...]`. */
export function parseFilters(parameter: string, value: string): FilterValue[] {
  return splitOutside(value, ',', parameter).map((item) => {
    const [type, clause] = splitOutside(item.trim(), ':', parameter, 2);
    if (type === undefined || type.trim() === '') throw bad(parameter, value, 'object_type[:name_clause]', 'INDEX:"LIKE \'EMP%\'"');
    const objectTypeName = objectType(parameter, type);
    if (clause === undefined) return { objectType: objectTypeName };
    const nameClause = unquote(clause);
    if (nameClause === '') throw bad(parameter, value, 'object_type[:name_clause]', 'INDEX:"LIKE \'EMP%\'"');
    return { objectType: objectTypeName, nameClause };
  });
}

/** Split `[[schema.]table:]rest` where the table part is optional; the rest is returned as is. */
function optionalTable(parameter: string, value: string): { table?: TableName; rest: string } {
  const [head, rest] = splitOutside(value.trim(), ':', parameter, 2);
  if (rest !== undefined && head !== undefined && IDENTIFIER.test(head.trim())) {
    return { table: parseTableName(parameter, head), rest };
  }
  return { rest: value };
}

/** QUERY=`[schema.][table:]clause`; the clause may be wrapped in double quotes, as in a parfile. */
export function parseQuery(parameter: string, value: string): QueryValue {
  const { table, rest } = optionalTable(parameter, value);
  const clause = unquote(rest);
  if (clause === '') throw bad(parameter, value, '[schema.][table:]"WHERE ..."', 'hr.emp:"WHERE id > 10"');
  return table === undefined ? { clause } : { table, clause };
}

/** SAMPLE=`[[schema.]table:]percent`, a percentage greater than 0 and at most 100. */
export function parseSample(parameter: string, value: string): SampleValue {
  const { table, rest } = optionalTable(parameter, value);
  const percent = Number(unquote(rest));
  if (!/^\d*\.?\d+$/.test(unquote(rest)) || !(percent > 0 && percent <= 100)) {
    throw bad(parameter, value, 'a percentage greater than 0 and at most 100', 'hr.emp:10');
  }
  return table === undefined ? { percent } : { table, percent };
}

/** TRANSFORM=`name:value[:object_type]`; Y/N become booleans and digits numbers. */
export function parseTransform(parameter: string, value: string): TransformValue {
  const parts = splitOutside(value.trim(), ':', parameter);
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => unquote(p) === '')) {
    throw bad(parameter, value, 'name:value[:object_type]', 'OMIT_OWNER:Y');
  }
  const name = unquote(parts[0]!).toUpperCase();
  const raw = unquote(parts[1]!);
  const upper = raw.toUpperCase();
  const typed: string | number | boolean = ['Y', 'YES', 'TRUE'].includes(upper) ? true : ['N', 'NO', 'FALSE'].includes(upper) ? false : /^\d+$/.test(raw) ? Number(raw) : raw;
  return parts[2] === undefined ? { name, value: typed } : { name, value: typed, objectType: objectType(parameter, parts[2]) };
}

/** REMAP_DATA=`[schema.]table.column:function`. */
export function parseRemapData(parameter: string, value: string): RemapDataValue {
  const parts = splitOutside(value.trim(), ':', parameter);
  const names = splitDotted(parts[0] ?? '', parameter);
  if (parts.length !== 2 || names.length < 2 || names.length > 3 || names.some((n) => n === '') || unquote(parts[1]!) === '') {
    throw bad(parameter, value, '[schema.]table.column:function', 'hr.emp.salary:mask_number');
  }
  const column = names.pop()!;
  const table: TableName = names.length === 2 ? { schema: names[0]!, name: names[1]! } : { name: names[0]! };
  return { table, column, functionName: unquote(parts[1]!) };
}

/**
 * A comma list of words (an enum's values, DATA_OPTIONS words), each checked against `allowed` when
 * given. Object names in filters are read by the engine's one name-list grammar (`parseNameList`).
 */
export function parseWordList(parameter: string, value: string, allowed?: readonly string[]): string[] {
  const items = splitList(value, parameter);
  if (allowed === undefined) return items;
  return items.map((item) => {
    const upper = item.toUpperCase();
    if (allowed.includes(upper)) return upper;
    const near = closestName(upper, allowed);
    throw new CliError('BAD_PARAMETER', `${parameter}=${value}: ${item} is not one of ${allowed.join(', ')}${near === undefined ? '' : `; did you mean ${near}?`}`);
  });
}
