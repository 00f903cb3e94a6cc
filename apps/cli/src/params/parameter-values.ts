import { CliError } from '../cli-error.js';
import { findParameter } from './parameter-table.js';
import type { ParameterKind, ParameterSpec } from './parameter-spec.js';
import { splitList, unquote } from './split-value.js';
import {
  parseBool,
  parseFilters,
  parseInt10,
  parseWordList,
  parseQuery,
  parseRemapData,
  parseRemaps,
  parseSample,
  parseSize,
  parseTables,
  parseTransform,
  type FilterValue,
  type QueryValue,
  type RemapDataValue,
  type RemapValue,
  type SampleValue,
  type TableName,
  type TransformValue,
} from './structured-values.js';

/** One occurrence of a parameter as given, with where it came from for messages. */
export interface ParameterOccurrence {
  readonly name: string;
  readonly value: string;
  /** `command line`, or `parfile exp.par line 3`. */
  readonly origin: string;
}

/**
 * The parameters of one command line, as given. Typed readers check each value on the way out and
 * throw a CliError naming the parameter; `validate()` runs them all up front.
 */
export class ParameterValues {
  readonly #values = new Map<string, ParameterOccurrence[]>();

  /** Record an occurrence; a second occurrence of a non-repeatable parameter is an error. */
  add(spec: ParameterSpec, occurrence: ParameterOccurrence): void {
    const existing = this.#values.get(spec.name);
    if (existing !== undefined && !spec.repeatable) {
      const first = existing[0]!;
      throw new CliError('CONFLICTING_PARAMETERS', `${spec.name} is given twice (${first.origin} and ${occurrence.origin}). Give it once.`);
    }
    if (existing === undefined) this.#values.set(spec.name, [occurrence]);
    else existing.push(occurrence);
  }

  /** Whether the parameter was given at all. */
  has(name: string): boolean {
    return this.#values.has(name);
  }

  /** The names given, in the order first seen. */
  names(): string[] {
    return [...this.#values.keys()];
  }

  /** Every occurrence of a parameter. */
  occurrences(name: string): readonly ParameterOccurrence[] {
    return this.#values.get(name) ?? [];
  }

  #read<T>(name: string, kind: ParameterKind | readonly ParameterKind[], read: (value: string, spec: ParameterSpec) => T): T[] {
    const spec = findParameter(name);
    const kinds = typeof kind === 'string' ? [kind] : kind;
    if (spec === undefined || !kinds.includes(spec.kind)) throw new TypeError(`internal: ${name} is not a ${kinds.join('/')} parameter`);
    return this.occurrences(name).map((o) => {
      try {
        return read(o.value, spec);
      } catch (error) {
        if (error instanceof CliError && o.origin !== 'command line') {
          throw new CliError(error.code, `${error.message} (${o.origin})`);
        }
        throw error;
      }
    });
  }

  /** A Y/N parameter, or `fallback` when absent. */
  bool(name: string, fallback = false): boolean {
    return this.#read(name, 'bool', (v) => parseBool(name, v))[0] ?? fallback;
  }

  /** A whole-number parameter within the table's bounds. */
  int(name: string): number | undefined {
    return this.#read(name, 'int', (v, s) => parseInt10(name, v, s.min, s.max))[0];
  }

  /** A size parameter in bytes. */
  size(name: string): number | undefined {
    return this.#read(name, 'size', (v) => parseSize(name, v))[0];
  }

  /** An enum parameter, upper case. */
  enumValue(name: string): string | undefined {
    return this.#read(name, 'enum', (v, s) => parseWordList(name, v, s.values).join(','))[0];
  }

  /** A text, path, url, file or secret parameter, unquoted. */
  text(name: string): string | undefined {
    return this.#read(name, ['text', 'path', 'url', 'file', 'secret'], (v) => {
      const t = unquote(v);
      if (t === '') throw new CliError('BAD_PARAMETER', `${name} is empty. Give a value, e.g. ${name}=...`);
      return t;
    })[0];
  }

  /** A list or files parameter: every item of every occurrence. */
  list(name: string): string[] {
    return this.#read(name, ['list', 'files'], (v, s) => (s.values === undefined ? splitList(v, name) : parseWordList(name, v, s.values))).flat();
  }

  /** TABLES. */
  tables(name: string): TableName[] {
    return this.#read(name, 'tables', (v) => parseTables(name, v)).flat();
  }

  /** REMAP_SCHEMA, REMAP_TABLE, REMAP_TABLESPACE. */
  remaps(name: string): RemapValue[] {
    return this.#read(name, 'remap', (v) => parseRemaps(name, v)).flat();
  }

  /** INCLUDE, EXCLUDE. */
  filters(name: string): FilterValue[] {
    return this.#read(name, 'filter', (v) => parseFilters(name, v)).flat();
  }

  /** QUERY. */
  queries(name: string): QueryValue[] {
    return this.#read(name, 'query', (v) => parseQuery(name, v));
  }

  /** SAMPLE. */
  samples(name: string): SampleValue[] {
    return this.#read(name, 'sample', (v) => parseSample(name, v));
  }

  /** TRANSFORM. */
  transforms(name: string): TransformValue[] {
    return this.#read(name, 'transform', (v) => parseTransform(name, v));
  }

  /** REMAP_DATA. */
  remapData(name: string): RemapDataValue[] {
    return this.#read(name, 'remapData', (v) => parseRemapData(name, v));
  }

  /** Read every parameter given once, so a bad value is reported before anything connects. */
  validate(): void {
    for (const name of this.names()) {
      const spec = findParameter(name)!;
      switch (spec.kind) {
        case 'bool':
          this.bool(name);
          break;
        case 'int':
          this.int(name);
          break;
        case 'size':
          this.size(name);
          break;
        case 'enum':
          this.enumValue(name);
          break;
        case 'text':
        case 'path':
        case 'url':
        case 'file':
        case 'secret':
          this.text(name);
          break;
        case 'list':
        case 'files':
          this.list(name);
          break;
        case 'tables':
          this.tables(name);
          break;
        case 'remap':
          this.remaps(name);
          break;
        case 'filter':
          this.filters(name);
          break;
        case 'query':
          this.queries(name);
          break;
        case 'sample':
          this.samples(name);
          break;
        case 'transform':
          this.transforms(name);
          break;
        case 'remapData':
          this.remapData(name);
          break;
      }
    }
  }
}
