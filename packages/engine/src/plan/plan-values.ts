import type { PlanParameters } from './plan-job.js';
import type { FilterValue, NameExpressionValue, QueryValue, RemapDataValue, RemapValue, SampleValue, TableName, TransformValue } from './plan-types.js';

/**
 * A job's parameters as plain typed values by their Data Pump names, e.g. from a JSON request body:
 * `{ SCHEMAS: ['hr'], DUMPFILE: ['exp%U.dmp'], PARALLEL: 2, REMAP_SCHEMA: [{ from: 'hr', to: 'hr2' }] }`.
 * Switches are booleans; lists are arrays; enumerated values any case.
 */
export interface PlanValues {
  readonly FULL?: boolean;
  readonly SCHEMAS?: readonly string[];
  readonly TABLES?: readonly TableName[];
  readonly SCHEMA_EXPR?: readonly string[];
  readonly TABLESPACES?: readonly string[];
  readonly TABLESPACE_EXPR?: readonly string[];
  /** Expressions on table names, or on the names of the object type given with one. */
  readonly NAME_EXPR?: readonly (string | NameExpressionValue)[];
  readonly INCLUDE?: readonly FilterValue[];
  readonly EXCLUDE?: readonly FilterValue[];
  readonly QUERY?: readonly QueryValue[];
  readonly SAMPLE?: readonly SampleValue[];
  readonly REMAP_SCHEMA?: readonly RemapValue[];
  readonly REMAP_TABLE?: readonly RemapValue[];
  readonly REMAP_TABLESPACE?: readonly RemapValue[];
  readonly REMAP_DATA?: readonly RemapDataValue[];
  readonly TRANSFORM?: readonly TransformValue[];
  readonly DATA_OPTIONS?: readonly string[];
  readonly DIRECTORY?: string;
  readonly DUMPFILE?: readonly string[];
  readonly FILESIZE?: number;
  readonly REUSE_DUMPFILES?: boolean;
  readonly LOGFILE?: string;
  readonly NOLOGFILE?: boolean;
  readonly SQLFILE?: string;
  /** Whether the job reads over a network link (the link itself is a connection, not a plan value). */
  readonly NETWORK_LINK?: boolean;
  readonly JOB_NAME?: string;
  readonly VERSION?: string;
  readonly PARALLEL?: number;
  readonly CONTENT?: string;
  readonly COMPRESSION?: string;
  readonly COMPRESSION_ALGORITHM?: string;
  readonly ENCRYPTION?: string;
  readonly ENCRYPTION_MODE?: string;
  readonly ENCRYPTION_ALGORITHM?: string;
  /** Whether a password is given (the password itself never goes into a plan). */
  readonly ENCRYPTION_PASSWORD?: boolean;
  readonly ENCRYPTION_KEY_FILE?: string;
  readonly CHECKSUM?: boolean;
  readonly VERIFY_CHECKSUM?: boolean;
  readonly TABLE_EXISTS_ACTION?: string;
  readonly PARTITION_OPTIONS?: string;
  readonly KEEP_MASTER?: boolean;
  readonly MASTER_ONLY?: boolean;
  readonly METRICS?: boolean;
  readonly LOGTIME?: string;
  readonly ESTIMATE?: string;
  readonly ESTIMATE_ONLY?: boolean;
  readonly CONSISTENT?: boolean;
  readonly USER_METADATA?: boolean;
  readonly ACCESS_METHOD?: string;
}

/** Flags that say whether something is there rather than a Y/N parameter. */
const PRESENCE = new Set(['ENCRYPTION_PASSWORD', 'NETWORK_LINK']);

/** `PlanParameters` over plain typed values, for `planJob` (the REST service's path to the same plan as the CLI's). */
export function planParameters(values: PlanValues): PlanParameters {
  const v = values as Readonly<Record<string, unknown>>;
  // KEEP_MASTER=false is given (and says N); a password or link that is not there is not.
  const has = (name: string): boolean => {
    const value = v[name];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) return false;
    return !(value === false && PRESENCE.has(name));
  };
  const array = <T>(name: string): T[] => (Array.isArray(v[name]) ? [...(v[name] as T[])] : []);
  return {
    has,
    bool: (name) => v[name] === true,
    int: (name) => (typeof v[name] === 'number' ? (v[name] as number) : undefined),
    size: (name) => (typeof v[name] === 'number' ? (v[name] as number) : undefined),
    enumValue: (name) => (typeof v[name] === 'string' ? (v[name] as string).toUpperCase() : undefined),
    text: (name) => (typeof v[name] === 'string' ? (v[name] as string) : undefined),
    list: (name) => array<string>(name),
    tables: (name) => array<TableName>(name),
    remaps: (name) => array<RemapValue>(name),
    filters: (name) => array<FilterValue>(name),
    queries: (name) => array<QueryValue>(name),
    samples: (name) => array<SampleValue>(name),
    transforms: (name) => array<TransformValue>(name),
    remapData: (name) => array<RemapDataValue>(name),
    expressions: (name) => array<string | NameExpressionValue>(name),
  };
}
