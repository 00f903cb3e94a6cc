import type { Adapter, TableRef } from '@sluice/adapter-kit';

/** DBMS_DATAPUMP.OPEN operations. */
export type JobOperation = 'EXPORT' | 'IMPORT' | 'SQL_FILE';
/** DBMS_DATAPUMP.OPEN modes; TABLESPACE moves the tables a TABLESPACE_LIST / TABLESPACE_EXPR filter chooses, with what depends on them. */
export type JobMode = 'FULL' | 'SCHEMA' | 'TABLE' | 'TABLESPACE';

/** A metadata filter (METADATA_FILTER): INCLUDE_PATH_EXPR, EXCLUDE_PATH_EXPR, NAME_EXPR, NAME_LIST, SCHEMA_EXPR, SCHEMA_LIST, ... */
export interface MetadataFilterSpec {
  readonly name: string;
  /** The filter's text as the caller gave it; parsed into the predicate language, never pasted into SQL. */
  readonly value: string;
  /** An object path the filter applies to (e.g. `TABLE`), or undefined for all. */
  readonly objectPath?: string;
}

/** A data filter (DATA_FILTER): INCLUDE_ROWS, QUERY, SAMPLE, PARTITION_LIST, for one table or the whole job. */
export interface DataFilterSpec {
  readonly name: 'INCLUDE_ROWS' | 'QUERY' | 'SAMPLE' | 'PARTITION_LIST';
  readonly value: string | number;
  readonly table?: TableRef;
}

/** METADATA_REMAP: REMAP_SCHEMA, REMAP_TABLE, REMAP_TABLESPACE. */
export interface MetadataRemapSpec {
  readonly name: 'REMAP_SCHEMA' | 'REMAP_TABLE' | 'REMAP_TABLESPACE';
  readonly from: string;
  readonly to: string;
}

/** DATA_REMAP: a column's values passed through a named remap function. */
export interface DataRemapSpec {
  readonly table: TableRef;
  readonly column: string;
  /** A function registered with the engine by name (remap functions are code, not SQL). */
  readonly functionName: string;
}

/** METADATA_TRANSFORM: name, value, and the object path it applies to. */
export interface MetadataTransformSpec {
  readonly name: string;
  readonly value: string | number | boolean;
  readonly objectPath?: string;
}

/** A dump, log or SQL file added with ADD_FILE. */
export interface JobFileSpec {
  readonly kind: 'DUMP' | 'LOG' | 'SQL';
  /** A simple file name, possibly a template (%U, %L...), never a path. */
  readonly name: string;
  /** The directory (the directory-object idea): every file lives inside it. */
  readonly directory: string;
  /** FILESIZE for dump files, in bytes. */
  readonly fileSize?: number;
  /** REUSE_DUMPFILES for this file. */
  readonly reuse?: boolean;
}

/** Connections a job needs: the home database holds the master table; source/target as the operation needs. */
export interface JobConnections {
  /** Where the master table lives (source for export, target for import, or a control database). */
  readonly home: Adapter;
  /** EXPORT: the source. IMPORT over a network link: the remote source. */
  readonly source?: Adapter;
  /** IMPORT: the target. */
  readonly target?: Adapter;
  /** IMPORT / SQL_FILE of a dump set written by another engine: unconnected adapters, one per engine, that describe its objects and decode its rows. */
  readonly codecs?: readonly Adapter[];
}

/**
 * Everything a job was defined with, as the API collected it during Defining. Stored (secrets removed)
 * in the master table's job row, so a restarted or attached job has it back.
 */
export interface JobDefinition {
  readonly jobName: string;
  readonly owner: string;
  readonly operation: JobOperation;
  readonly mode: JobMode;
  /** True when an IMPORT reads straight from a source database (no dump files). */
  readonly networkLink: boolean;
  /** VERSION of the dump format to write. */
  readonly version: string;
  readonly files: readonly JobFileSpec[];
  readonly metadataFilters: readonly MetadataFilterSpec[];
  readonly dataFilters: readonly DataFilterSpec[];
  readonly metadataRemaps: readonly MetadataRemapSpec[];
  readonly dataRemaps: readonly DataRemapSpec[];
  readonly transforms: readonly MetadataTransformSpec[];
  /** SET_PARAMETER values by name (validated), secrets excluded: they travel in JobSecrets. */
  readonly parameters: Readonly<Record<string, string | number>>;
  readonly parallel: number;
}

/** Secrets a job needs at run time; held in memory only, never in the master table, log or header. */
export interface JobSecrets {
  readonly encryptionPassword?: string;
  readonly keyFile?: string;
}
