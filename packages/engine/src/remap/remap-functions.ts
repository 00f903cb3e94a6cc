import type { RowValue, TableRef } from '@sluice/adapter-kit';
import { JobError } from '../errors.js';
import type { JobDefinition } from '../job/job-definition.js';

/** A DATA_REMAP function: one column value in, its replacement out (text form, bytes or null). */
export type RemapFunction = (value: RowValue) => RowValue;

const NAME = /^[A-Za-z_][A-Za-z0-9_$#.]*$/;

/**
 * The DATA_REMAP functions of this process, by name. Remap functions are code, not SQL: every
 * process that runs a job's workers registers the same names before the job starts.
 */
export class RemapFunctionRegistry {
  private readonly functions = new Map<string, RemapFunction>();

  /** Register `fn` under `name` (letters, digits, `_ $ # .`); registering a name twice replaces it. */
  register(name: string, fn: RemapFunction): void {
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw new JobError('INVALID_ARGVAL', `registerRemapFunction: ${JSON.stringify(name)} is not a usable name; use letters, digits and _ $ # . starting with a letter, e.g. "hr_pkg.mask_ssn"`);
    }
    if (typeof fn !== 'function') throw new JobError('INVALID_ARGVAL', `registerRemapFunction: the remap function for ${name} must be a function (value) => value`);
    this.functions.set(name, fn);
  }

  /** Forget a name. */
  unregister(name: string): boolean {
    return this.functions.delete(name);
  }

  /** The function registered under `name`, or undefined. */
  get(name: string): RemapFunction | undefined {
    return this.functions.get(name);
  }

  has(name: string): boolean {
    return this.functions.has(name);
  }

  /** Registered names, sorted. */
  names(): string[] {
    return [...this.functions.keys()].sort();
  }
}

/** The process-wide DATA_REMAP registry. */
export const remapDataFunctions = new RemapFunctionRegistry();

/** Register a DATA_REMAP function by name on the engine. */
export function registerRemapFunction(name: string, fn: RemapFunction): void {
  remapDataFunctions.register(name, fn);
}

/**
 * The remap functions of one table (named as in the source), by column, for the runtime. A function
 * the job names but this process has not registered is JobError INVALID_ARGVAL.
 */
export function dataRemapsFor(def: JobDefinition, table: TableRef): ReadonlyMap<string, RemapFunction> {
  const result = new Map<string, RemapFunction>();
  for (const r of def.dataRemaps) {
    if (r.table.schema !== table.schema || r.table.name !== table.name) continue;
    const fn = remapDataFunctions.get(r.functionName);
    if (fn === undefined) {
      throw new JobError(
        'INVALID_ARGVAL',
        `DATA_REMAP of "${table.schema}"."${table.name}".${r.column} names function ${r.functionName}, which is not registered in this process; call registerRemapFunction(${JSON.stringify(r.functionName)}, fn) before starting or serving the job`,
        { jobName: def.jobName },
      );
    }
    result.set(r.column, fn);
  }
  return result;
}
