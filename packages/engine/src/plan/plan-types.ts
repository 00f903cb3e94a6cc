/** A table as a parameter names it: schema optional (the job's schema then), partition optional. */
export interface TableName {
  readonly schema?: string;
  readonly name: string;
  readonly partition?: string;
}

/** REMAP_SCHEMA / REMAP_TABLE / REMAP_TABLESPACE: old → new. */
export interface RemapValue {
  readonly from: string;
  readonly to: string;
}

/** One EXCLUDE or INCLUDE item: an object type and an optional name clause such as `LIKE 'EMP%'`. */
export interface FilterValue {
  readonly objectType: string;
  readonly nameClause?: string;
}

/** NAME_EXPR: a predicate on names, for one object type (default: TABLE, the job's default object type). */
export interface NameExpressionValue {
  readonly expression: string;
  readonly objectType?: string;
}

/** QUERY: a WHERE clause for one table, or for every table when `table` is absent. */
export interface QueryValue {
  readonly table?: TableName;
  readonly clause: string;
}

/** SAMPLE: a percentage of rows, for one table or every table. */
export interface SampleValue {
  readonly table?: TableName;
  readonly percent: number;
}

/** TRANSFORM: name, value, and the object type it is limited to. */
export interface TransformValue {
  readonly name: string;
  readonly value: string | number | boolean;
  readonly objectType?: string;
}

/** REMAP_DATA: a column and the remap function its values go through. */
export interface RemapDataValue {
  readonly table: TableName;
  readonly column: string;
  readonly functionName: string;
}

/** DBMS_DATAPUMP.OPEN operations a plan starts. */
export type PlanOperation = 'EXPORT' | 'IMPORT' | 'SQL_FILE';
/** Job modes a plan offers. */
export type PlanMode = 'FULL' | 'SCHEMA' | 'TABLE' | 'TABLESPACE';

/** One dump file spec for ADD_FILE. */
export interface PlannedDumpFile {
  readonly name: string;
  readonly fileSize?: number;
  readonly reuse?: boolean;
}

/**
 * Everything a job will be defined with, read from the parameters and checked, before any connection
 * is opened. Pure data: `defineJob` turns it into engine calls.
 */
export interface JobPlan {
  readonly operation: PlanOperation;
  readonly mode: PlanMode;
  readonly jobName?: string;
  readonly version?: string;
  readonly networkLink: boolean;
  /** DIRECTORY as given (a folder or an object-storage URL), or the folder of DUMPFILE URLs. */
  readonly directory: string | undefined;
  readonly dumpFiles: readonly PlannedDumpFile[];
  readonly logFile?: string;
  readonly sqlFile?: string;
  readonly schemas: readonly string[];
  readonly tables: readonly TableName[];
  /** TABLESPACES: the tablespaces whose tables a TABLESPACE-mode job moves. */
  readonly tablespaces?: readonly string[];
  /** TABLESPACE_EXPR filters such as `IN ('fast')` (ORDS's tablespace_expressions): tables by their tablespace. */
  readonly tablespaceExpressions?: readonly string[];
  /** SCHEMA_EXPR filters such as `IN ('HR')` (ORDS's schema_expressions). */
  readonly schemaExpressions?: readonly string[];
  /** NAME_EXPR filters such as `NOT IN ('LOGS')` (ORDS's name_expressions), on tables unless an object type is given. */
  readonly nameExpressions?: readonly NameExpressionValue[];
  readonly includes: readonly FilterValue[];
  readonly excludes: readonly FilterValue[];
  readonly queries: readonly QueryValue[];
  readonly samples: readonly SampleValue[];
  /** CONTENT=METADATA_ONLY: no rows (INCLUDE_ROWS=0). */
  readonly includeRows: boolean;
  readonly remaps: readonly { readonly name: 'REMAP_SCHEMA' | 'REMAP_TABLE' | 'REMAP_TABLESPACE'; readonly from: string; readonly to: string }[];
  readonly dataRemaps: readonly RemapDataValue[];
  readonly transforms: readonly TransformValue[];
  /** SET_PARAMETER values other than secrets. */
  readonly parameters: Readonly<Record<string, string | number>>;
  readonly parallel: number;
  /** STATUS=n: a status summary every n seconds (0: never). */
  readonly statusInterval: number;
  /** Whether the dump set will be encrypted with a password (export), so one must be found. */
  readonly needsPassword: boolean;
  /** ENCRYPTION_KEY_FILE, when given. */
  readonly keyFile?: string;
}
