import type { TableRef } from '@sluice/adapter-kit';
import { JobError } from '../errors.js';
import type { DataFilterSpec, JobDefinition, MetadataFilterSpec } from '../job/job-definition.js';
import { describe } from '../parameters/index.js';
import { isKnownPath, knownPaths, normalizePath } from './object-path.js';
import { parseNameList, parsePredicate } from './predicate.js';

/** METADATA_FILTER names Sluice understands, by what their value is. */
export const METADATA_FILTERS = {
  NAME_EXPR: 'expr',
  NAME_LIST: 'list',
  EXCLUDE_NAME_EXPR: 'expr',
  EXCLUDE_NAME_LIST: 'list',
  SCHEMA_EXPR: 'expr',
  SCHEMA_LIST: 'list',
  TABLESPACE_EXPR: 'expr',
  TABLESPACE_LIST: 'list',
  INCLUDE_PATH_EXPR: 'expr',
  INCLUDE_PATH_LIST: 'list',
  EXCLUDE_PATH_EXPR: 'expr',
  EXCLUDE_PATH_LIST: 'list',
} as const;

/** A METADATA_FILTER name. */
export type MetadataFilterName = keyof typeof METADATA_FILTERS;

/** Oracle METADATA_FILTER names with no meaning here, and why. */
const REFUSED_METADATA_FILTERS: Readonly<Record<string, string>> = {
  INCLUDE_USER: 'user definitions are included with the USER_METADATA parameter',
  VIEWS_AS_TABLES: 'views are exported as views; export the rows of a view with a table of its own',
  CUSTOM_ORDER: 'tables are unloaded largest first so parallel workers finish together',
  EXCLUDE_TABLES: 'use EXCLUDE_NAME_LIST with the TABLE object path',
};

/** The default object path of NAME filters given without one (Oracle's TABLE-mode default, used in every mode). */
export const DEFAULT_NAME_PATH = 'TABLE';

const isPathFilter = (name: string): boolean => name.includes('_PATH_');
/** Filters on what holds an object (its schema, its tablespace), which take no object path. */
const isSchemaFilter = (name: string): boolean => name.startsWith('SCHEMA_') || name.startsWith('TABLESPACE_');

/** Check a METADATA_FILTER call and return it in canonical form (name upper case, path normalised). */
export function validateMetadataFilter(jobName: string, spec: { name: unknown; value: unknown; objectPath?: unknown }): MetadataFilterSpec {
  const fail = (message: string): never => {
    throw new JobError('INVALID_ARGVAL', `metadataFilter: ${message}`, { jobName });
  };
  if (typeof spec.name !== 'string') return fail(`the filter name must be a string, got ${describe(spec.name)}`);
  const name = spec.name.trim().toUpperCase();
  const refused = REFUSED_METADATA_FILTERS[name];
  if (refused !== undefined) fail(`${name} is not supported because ${refused}`);
  const kind = (METADATA_FILTERS as Record<string, 'expr' | 'list'>)[name];
  if (kind === undefined) fail(`${JSON.stringify(spec.name)} is not a metadata filter; known filters: ${Object.keys(METADATA_FILTERS).join(', ')}`);
  if (typeof spec.value !== 'string') return fail(`${name} needs its expression or list as a string, got ${describe(spec.value)}`);
  const value = spec.value;
  let objectPath: string | undefined;
  if (spec.objectPath !== undefined && spec.objectPath !== null && spec.objectPath !== '') {
    if (typeof spec.objectPath !== 'string') return fail(`the object path must be a string, got ${describe(spec.objectPath)}`);
    if (isPathFilter(name) || isSchemaFilter(name)) {
      throw new JobError(
        'INCONSISTENT_ARGS',
        `metadataFilter: ${name} selects ${isPathFilter(name) ? 'object paths' : name.startsWith('TABLESPACE_') ? 'tables by their tablespace' : 'schemas'} itself and takes no objectPath (got ${JSON.stringify(spec.objectPath)})`,
        { jobName },
      );
    }
    objectPath = normalizePath(spec.objectPath);
    if (!isKnownPath(objectPath)) fail(`object path ${JSON.stringify(spec.objectPath)} names no kind of object; object paths are ${knownPaths()}`);
  }
  const withJob = (e: unknown): never => {
    if (e instanceof JobError) throw new JobError(e.code, `metadataFilter: ${e.message}`, { jobName, cause: e });
    throw e;
  };
  try {
    if (kind === 'expr') parsePredicate(name, value);
    else {
      const names = parseNameList(name, value);
      if (isPathFilter(name)) {
        for (const p of names) if (!isKnownPath(p)) fail(`${name} names object path ${JSON.stringify(p)}, which names no kind of object; object paths are ${knownPaths()}`);
      }
    }
  } catch (e) {
    withJob(e);
  }
  return { name, value, ...(objectPath === undefined ? {} : { objectPath }) };
}

/** Check a DATA_FILTER call against the job; returns it in canonical form. */
export function validateDataFilter(def: JobDefinition, spec: { name: unknown; value: unknown; table?: unknown }): DataFilterSpec {
  const jobName = def.jobName;
  const fail = (message: string, code: 'INVALID_ARGVAL' | 'INVALID_OPERATION' | 'INCONSISTENT_ARGS' = 'INVALID_ARGVAL'): never => {
    throw new JobError(code, `dataFilter: ${message}`, { jobName });
  };
  if (typeof spec.name !== 'string') return fail(`the filter name must be a string, got ${describe(spec.name)}`);
  const name = spec.name.trim().toUpperCase();
  if (name === 'PARTITION_EXPR') fail('PARTITION_EXPR is not supported; name the partitions with PARTITION_LIST');
  if (name !== 'INCLUDE_ROWS' && name !== 'QUERY' && name !== 'SAMPLE' && name !== 'PARTITION_LIST') {
    return fail(`${JSON.stringify(spec.name)} is not a data filter; known filters: INCLUDE_ROWS, QUERY, SAMPLE, PARTITION_LIST`);
  }
  const table =
    spec.table === undefined || spec.table === null ? undefined : tableRefOf(spec.table, () => fail(`the table must be { schema, name } with non-empty strings, got ${describe(spec.table)}`));
  if (def.operation === 'SQL_FILE') fail(`${name} filters rows, and a SQL_FILE job moves no rows`, 'INVALID_OPERATION');
  const readsSource = def.operation === 'EXPORT' || def.networkLink;
  if ((name === 'QUERY' || name === 'SAMPLE') && !readsSource) {
    fail(
      `${name} filters rows as they are read from a source database, and import job ${jobName} reads a dump file set; give ${name} to the export, or import over a network link`,
      'INVALID_OPERATION',
    );
  }
  let value: string | number;
  switch (name) {
    case 'INCLUDE_ROWS': {
      const v = typeof spec.value === 'string' ? spec.value.trim().toUpperCase() : spec.value;
      if (v === 1 || v === true || v === '1' || v === 'Y' || v === 'YES') value = 1;
      else if (v === 0 || v === false || v === '0' || v === 'N' || v === 'NO') value = 0;
      else return fail(`INCLUDE_ROWS must be 1 or 0, got ${describe(spec.value)}`);
      break;
    }
    case 'QUERY': {
      if (typeof spec.value !== 'string' || spec.value.trim() === '') return fail(`QUERY needs a WHERE clause as a string, got ${describe(spec.value)}`);
      const semicolon = unquotedSemicolon(spec.value);
      if (semicolon >= 0) fail(`QUERY ${JSON.stringify(spec.value)} has a ';' at position ${semicolon + 1}; a QUERY is one WHERE clause, not statements`);
      value = spec.value.trim();
      break;
    }
    case 'SAMPLE': {
      const n = typeof spec.value === 'string' && spec.value.trim() !== '' ? Number(spec.value) : spec.value;
      if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0 || n > 100) return fail(`SAMPLE is a percentage of rows, more than 0 and at most 100; got ${describe(spec.value)}`);
      value = n;
      break;
    }
    default: {
      if (typeof spec.value !== 'string') return fail(`PARTITION_LIST needs partition names as a string such as 'P1','P2', got ${describe(spec.value)}`);
      try {
        parseNameList('PARTITION_LIST', spec.value);
      } catch (e) {
        if (e instanceof JobError) throw new JobError(e.code, `dataFilter: ${e.message}`, { jobName, cause: e });
        throw e;
      }
      value = spec.value;
    }
  }
  const same = def.dataFilters.find((f) => f.name === name && sameTable(f.table, table));
  if (same !== undefined) {
    fail(
      `${name} was already given for ${table === undefined ? 'the whole job' : `"${table.schema}"."${table.name}"`} (${describe(same.value)}); each data filter is given once per table`,
      'INCONSISTENT_ARGS',
    );
  }
  return { name, value, ...(table === undefined ? {} : { table }) };
}

function tableRefOf(value: unknown, fail: () => never): TableRef {
  if (typeof value !== 'object' || value === null) return fail();
  const { schema, name } = value as { schema?: unknown; name?: unknown };
  if (typeof schema !== 'string' || schema === '' || typeof name !== 'string' || name === '') return fail();
  return { schema, name };
}

/** Whether two optional table references name the same table (both absent: the whole job). */
export function sameTable(a: TableRef | undefined, b: TableRef | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.schema === b.schema && a.name === b.name;
}

/** Position of a `;` outside single-quoted strings and double-quoted identifiers, or -1. */
function unquotedSemicolon(text: string): number {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      quote = ch;
    } else if (ch === ';') {
      return i;
    }
  }
  return -1;
}
