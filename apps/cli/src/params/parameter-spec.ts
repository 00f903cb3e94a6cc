/** The commands of `sluice` that take parameters (`sqlfile` takes the import parameters). */
export type CommandName = 'export' | 'import' | 'attach' | 'jobs' | 'info' | 'verify' | 'transfer';

/** Every command name, in the order `sluice help` lists them. */
export const COMMAND_NAMES: readonly CommandName[] = ['export', 'import', 'attach', 'jobs', 'info', 'verify', 'transfer'];

/**
 * How a parameter's text is read. Simple kinds are checked by the parser; structured kinds
 * (`remap`, `query`, `filter`, ...) by their own readers in `structured-values.ts`.
 */
export type ParameterKind =
  | 'bool' // Y | N (also YES/NO/TRUE/FALSE); a bare long option means Y
  | 'int'
  | 'size' // bytes with an optional B/K/KB/M/MB/G/GB/T/TB suffix
  | 'enum'
  | 'text'
  | 'list' // comma-separated names
  | 'file' // one simple file name inside DIRECTORY
  | 'files' // comma-separated simple file names inside DIRECTORY (templates allowed)
  | 'path' // a path on this machine (DIRECTORY, PARFILE, ENCRYPTION_PASSWORD_FILE)
  | 'url' // a database URL
  | 'secret' // never shown; masked everywhere
  | 'tables' // [schema.]table[:partition], comma-separated
  | 'remap' // old:new, comma-separated
  | 'filter' // object_type[:name_clause], comma-separated
  | 'query' // [[schema.]table:]clause
  | 'sample' // [[schema.]table:]percent
  | 'transform' // name:value[:object_type]
  | 'remapData'; // [schema.]table.column:function

/** One parameter: the single table that drives the parser, `sluice help` and the README. */
export interface ParameterSpec {
  /** The expdp/impdp spelling, upper case (`SCHEMAS`); the long option is `--schemas`. */
  readonly name: string;
  readonly kind: ParameterKind;
  /** The commands that take it. */
  readonly commands: readonly CommandName[];
  /** One line for the help and the README. */
  readonly description: string;
  /** Allowed values of an `enum`, upper case. */
  readonly values?: readonly string[];
  /** Bounds of an `int`. */
  readonly min?: number;
  readonly max?: number;
  /** Whether it may be given several times (values accumulate); otherwise a second one is an error. */
  readonly repeatable?: boolean;
  /** The default, as help shows it. */
  readonly defaultValue?: string;
  /** The value shown in help's synopsis, e.g. `URL`, `n`, `schema[,...]`. */
  readonly placeholder?: string;
}
