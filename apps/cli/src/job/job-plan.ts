import { CliError } from '../cli-error.js';
import { checkSimpleName } from '../files/directory.js';
import { dumpFileLocation } from '../files/dump-file-url.js';
import type { ParameterValues } from '../params/parameter-values.js';
import type { FilterValue, QueryValue, RemapDataValue, SampleValue, TableName, TransformValue } from '../params/structured-values.js';

/** DBMS_DATAPUMP.OPEN operations the CLI starts. */
export type PlanOperation = 'EXPORT' | 'IMPORT' | 'SQL_FILE';
/** Job modes the CLI offers. */
export type PlanMode = 'FULL' | 'SCHEMA' | 'TABLE';

/** One dump file spec for ADD_FILE. */
export interface PlannedDumpFile {
  readonly name: string;
  readonly fileSize?: number;
  readonly reuse?: boolean;
}

/**
 * Everything a job will be defined with, read from the parameters and checked, before any connection
 * is opened. Pure data: `define-job.ts` turns it into engine calls.
 */
export interface JobPlan {
  readonly operation: PlanOperation;
  readonly mode: PlanMode;
  readonly jobName?: string;
  readonly version?: string;
  readonly networkLink: boolean;
  readonly directory: string | undefined;
  readonly dumpFiles: readonly PlannedDumpFile[];
  readonly logFile?: string;
  readonly sqlFile?: string;
  readonly schemas: readonly string[];
  readonly tables: readonly TableName[];
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
  /** STATUS=n: print a status summary every n seconds (0: never). */
  readonly statusInterval: number;
  /** Whether the dump set will be encrypted with a password (export), so one must be found. */
  readonly needsPassword: boolean;
  /** ENCRYPTION_KEY_FILE, when given. */
  readonly keyFile?: string;
}

const switchValue = (b: boolean): number => (b ? 1 : 0);

function conflict(message: string): CliError {
  return new CliError('CONFLICTING_PARAMETERS', message);
}

/** The job mode from FULL / SCHEMAS / TABLES, which exclude one another. */
function modeOf(params: ParameterValues, command: 'export' | 'import'): PlanMode | undefined {
  const given = [params.bool('FULL') ? 'FULL=Y' : undefined, params.has('SCHEMAS') ? 'SCHEMAS' : undefined, params.has('TABLES') ? 'TABLES' : undefined].filter(
    (x): x is string => x !== undefined,
  );
  if (given.length > 1) throw conflict(`${given.join(' and ')} both choose what to ${command}. Give only one of FULL=Y, SCHEMAS= and TABLES=.`);
  if (params.bool('FULL')) return 'FULL';
  if (params.has('TABLES')) return 'TABLE';
  if (params.has('SCHEMAS')) return 'SCHEMA';
  return undefined;
}

/** Read and cross-check the parameters of `sluice export` / `sluice import` into a plan. */
export function buildJobPlan(command: 'export' | 'import', params: ParameterValues, options: { sqlfileAlias?: boolean } = {}): JobPlan {
  const networkLink = params.has('NETWORK_LINK');
  const sqlFile = params.text('SQLFILE');
  if (options.sqlfileAlias && sqlFile === undefined) {
    throw new CliError('MISSING_PARAMETER', 'sluice sqlfile needs SQLFILE=name: the file (inside DIRECTORY) the DDL is written to.');
  }
  const operation: PlanOperation = command === 'export' ? 'EXPORT' : sqlFile !== undefined ? 'SQL_FILE' : 'IMPORT';

  let mode = modeOf(params, command);
  if (mode === undefined) {
    if (command === 'export' || networkLink) {
      throw new CliError(
        'MISSING_PARAMETER',
        `Say what to ${command === 'export' ? 'export' : 'import over NETWORK_LINK'}: SCHEMAS=name[,...] (e.g. SCHEMAS=public on PostgreSQL, or the database name on MySQL), TABLES=schema.table[,...], or FULL=Y.`,
      );
    }
    mode = 'FULL'; // impdp: everything in the dump file set
  }

  if (!networkLink) {
    for (const name of ['ESTIMATE', 'CONSISTENT', 'USER_METADATA', 'QUERY']) {
      if (command === 'import' && params.has(name)) {
        throw conflict(`${name} applies to an import only with NETWORK_LINK (it says how the source database is read; a dump file set was read when it was exported).`);
      }
    }
  }

  const estimateOnly = params.bool('ESTIMATE_ONLY');
  if (estimateOnly && params.has('DUMPFILE')) throw conflict('ESTIMATE_ONLY=Y writes no dump file, so DUMPFILE= has no meaning with it. Leave one of them out.');
  if (networkLink && params.has('DUMPFILE')) throw conflict('NETWORK_LINK reads straight from the source database, so no DUMPFILE is read. Leave DUMPFILE out, or leave NETWORK_LINK out to import the dump file set.');
  if (params.bool('NOLOGFILE') && params.has('LOGFILE')) throw conflict('NOLOGFILE=Y and LOGFILE= contradict each other. Leave one of them out.');

  const reuse = params.has('REUSE_DUMPFILES') ? params.bool('REUSE_DUMPFILES') : undefined;
  const fileSize = params.size('FILESIZE');
  const located = dumpFileLocation(params.text('DIRECTORY'), networkLink || estimateOnly ? [] : params.has('DUMPFILE') ? params.list('DUMPFILE') : ['expdat.dmp']);
  const dumpFiles: PlannedDumpFile[] =
    networkLink || estimateOnly
      ? []
      : located.specs.map((name) => ({
          name,
          ...(fileSize === undefined ? {} : { fileSize }),
          ...(reuse === undefined ? {} : { reuse }),
        }));
  const logFile = params.bool('NOLOGFILE') ? undefined : checkSimpleName('LOGFILE', params.text('LOGFILE') ?? `${command}.log`);
  if (sqlFile !== undefined) checkSimpleName('SQLFILE', sqlFile);

  const parameters: Record<string, string | number> = {};
  const copyEnum = (from: string, to = from): void => {
    const v = params.enumValue(from);
    if (v !== undefined) parameters[to] = v;
  };
  const copySwitch = (from: string, to = from): void => {
    if (params.has(from)) parameters[to] = switchValue(params.bool(from));
  };
  copyEnum('ACCESS_METHOD', 'DATA_ACCESS_METHOD');
  copyEnum('LOGTIME');
  copySwitch('KEEP_MASTER');
  copySwitch('METRICS');
  copySwitch('CONSISTENT', 'FLASHBACK');
  copyEnum('ESTIMATE');
  copySwitch('USER_METADATA');
  const content = params.enumValue('CONTENT') ?? 'ALL';
  if (content === 'DATA_ONLY') parameters['INCLUDE_METADATA'] = 0;

  const keyFile = params.text('ENCRYPTION_KEY_FILE');
  let needsPassword = false;
  if (command === 'export') {
    copyEnum('COMPRESSION');
    copyEnum('COMPRESSION_ALGORITHM');
    copySwitch('CHECKSUM');
    copySwitch('ESTIMATE_ONLY');
    const passwordGiven = params.has('ENCRYPTION_PASSWORD') || params.has('ENCRYPTION_PASSWORD_FILE') || params.bool('ENCRYPTION_PWD_PROMPT');
    const encryption = params.enumValue('ENCRYPTION');
    const modeGiven = params.enumValue('ENCRYPTION_MODE');
    if (encryption === 'NONE' && (passwordGiven || keyFile !== undefined)) {
      throw conflict('ENCRYPTION=NONE, yet an encryption password or key file is given. Leave out ENCRYPTION=NONE to encrypt, or the password to not encrypt.');
    }
    const encrypting = encryption !== undefined ? encryption !== 'NONE' : passwordGiven || keyFile !== undefined || modeGiven !== undefined || params.has('ENCRYPTION_ALGORITHM');
    const encMode = modeGiven ?? (keyFile !== undefined && !passwordGiven ? 'TRANSPARENT' : 'PASSWORD');
    if (encMode === 'TRANSPARENT' && encrypting && keyFile === undefined) {
      throw new CliError('MISSING_PARAMETER', 'ENCRYPTION_MODE=TRANSPARENT reads the key from a file: give ENCRYPTION_KEY_FILE=path.');
    }
    if (encrypting) {
      parameters['ENCRYPTION'] = encryption ?? 'ALL';
      parameters['ENCRYPTION_MODE'] = encMode;
      copyEnum('ENCRYPTION_ALGORITHM');
      needsPassword = encMode === 'PASSWORD' && !estimateOnly;
    }
  } else {
    copyEnum('TABLE_EXISTS_ACTION');
    copyEnum('PARTITION_OPTIONS');
    copySwitch('MASTER_ONLY');
    copySwitch('VERIFY_CHECKSUM');
    const dataOptions = params.list('DATA_OPTIONS');
    if (dataOptions.length > 0) parameters['DATA_OPTIONS'] = [...new Set(dataOptions)].join(',');
    if (networkLink && params.bool('VERIFY_CHECKSUM')) throw conflict('VERIFY_CHECKSUM checks dump files, and NETWORK_LINK reads none. Leave VERIFY_CHECKSUM out.');
  }

  const remaps = (['REMAP_SCHEMA', 'REMAP_TABLE', 'REMAP_TABLESPACE'] as const).flatMap((name) =>
    command === 'import' ? params.remaps(name).map((r) => ({ name, from: r.from, to: r.to })) : [],
  );

  const plan: JobPlan = {
    operation,
    mode,
    networkLink,
    directory: located.directory,
    dumpFiles,
    schemas: params.list('SCHEMAS'),
    tables: params.tables('TABLES'),
    includes: params.filters('INCLUDE'),
    excludes: params.filters('EXCLUDE'),
    queries: params.queries('QUERY'),
    samples: command === 'export' ? params.samples('SAMPLE') : [],
    includeRows: content !== 'METADATA_ONLY',
    remaps,
    dataRemaps: params.remapData('REMAP_DATA'),
    transforms: command === 'import' ? params.transforms('TRANSFORM') : [],
    parameters,
    parallel: params.int('PARALLEL') ?? 1,
    statusInterval: params.int('STATUS') ?? 0,
    needsPassword,
    ...(params.text('JOB_NAME') === undefined ? {} : { jobName: params.text('JOB_NAME')! }),
    ...(params.text('VERSION') === undefined ? {} : { version: params.text('VERSION')!.toUpperCase() }),
    ...(logFile === undefined ? {} : { logFile }),
    ...(sqlFile === undefined ? {} : { sqlFile }),
    ...(keyFile === undefined ? {} : { keyFile }),
  };
  if (plan.includes.length > 0 && plan.excludes.length > 0) {
    throw conflict('INCLUDE and EXCLUDE cannot be used together (as in expdp/impdp). Express the selection with one of them.');
  }
  return plan;
}
