import { JobError } from '../errors.js';
import { checkSimpleName, dumpFileLocation } from './file-names.js';
import { COMMAND_LINE_WORDS, type ParameterWords } from './parameter-words.js';
import { isKnownPath, normalizePath } from '../filters/index.js';
import type {
  FilterValue,
  JobPlan,
  NameExpressionValue,
  PlanMode,
  PlanOperation,
  PlannedDumpFile,
  QueryValue,
  RemapDataValue,
  RemapValue,
  SampleValue,
  TableName,
  TransformValue,
} from './plan-types.js';

/**
 * A job's parameters by their Data Pump names (SCHEMAS, DUMPFILE, PARALLEL, ...), already parsed:
 * the CLI reads them from the command line, the REST service from a request body. Absent parameters
 * answer `has` false, `undefined`, or an empty list.
 */
export interface PlanParameters {
  has(name: string): boolean;
  bool(name: string): boolean;
  int(name: string): number | undefined;
  size(name: string): number | undefined;
  /** An enumerated value, upper case. */
  enumValue(name: string): string | undefined;
  text(name: string): string | undefined;
  list(name: string): string[];
  tables(name: string): TableName[];
  remaps(name: string): RemapValue[];
  filters(name: string): FilterValue[];
  queries(name: string): QueryValue[];
  samples(name: string): SampleValue[];
  transforms(name: string): TransformValue[];
  remapData(name: string): RemapDataValue[];
  /** Predicate texts such as `IN ('HR')` for SCHEMA_EXPR and NAME_EXPR (ORDS's *_expressions); a NAME_EXPR may name its object type. */
  expressions?(name: 'SCHEMA_EXPR' | 'NAME_EXPR' | 'TABLESPACE_EXPR'): (string | NameExpressionValue)[];
}

const switchValue = (b: boolean): number => (b ? 1 : 0);

/** A NAME_EXPR entry with its object type checked and normalised (TABLE when none is given, as DBMS_DATAPUMP does for the job's default object type). */
function nameExpression(e: string | NameExpressionValue, index: number, w: ParameterWords): NameExpressionValue {
  if (typeof e === 'string' || e.objectType === undefined) return { expression: typeof e === 'string' ? e : e.expression };
  const path = normalizePath(e.objectType);
  if (!isKnownPath(path)) {
    throw new JobError(
      'INVALID_ARGVAL',
      `${w.name('NAME_EXPR')}[${index}]: the object type ${JSON.stringify(e.objectType)} names no kind of object; give one such as TABLE, VIEW, SEQUENCE, FUNCTION or INDEX, or leave it out for tables.`,
      {
        parameter: 'NAME_EXPR',
      },
    );
  }
  return { expression: e.expression, objectType: path };
}

function conflict(message: string, parameter?: string): JobError {
  return new JobError('INCONSISTENT_ARGS', message, parameter === undefined ? {} : { parameter });
}

/** The job mode from FULL / SCHEMAS / TABLES / TABLESPACES, which exclude one another. */
function modeOf(params: PlanParameters, command: 'export' | 'import', w: ParameterWords): PlanMode | undefined {
  const given = [
    params.bool('FULL') ? w.given('FULL', 'Y') : undefined,
    params.has('SCHEMAS') ? w.name('SCHEMAS') : undefined,
    params.has('TABLES') ? w.name('TABLES') : undefined,
    params.has('TABLESPACES') ? w.name('TABLESPACES') : undefined,
  ].filter((x): x is string => x !== undefined);
  if (given.length > 1) {
    throw conflict(
      `${given.join(' and ')} both choose what to ${command}. Give only one of ${w.given('FULL', 'Y')}, ${w.given('SCHEMAS')}, ${w.given('TABLES')} and ${w.given('TABLESPACES')}.`,
      'SCHEMAS',
    );
  }
  if (params.bool('FULL')) return 'FULL';
  if (params.has('TABLES')) return 'TABLE';
  if (params.has('TABLESPACES')) return 'TABLESPACE';
  if (params.has('SCHEMAS') || (params.expressions?.('SCHEMA_EXPR').length ?? 0) > 0) return 'SCHEMA';
  // Tablespace expressions alone choose tables by tablespace, as TABLESPACES= does by list.
  if ((params.expressions?.('TABLESPACE_EXPR').length ?? 0) > 0) return 'TABLESPACE';
  return undefined;
}

/**
 * Read and cross-check the parameters of an export or an import into a plan, before any connection
 * is opened. Every contradiction is a JobError (INCONSISTENT_ARGS or INVALID_ARGVAL) whose message
 * names the parameters in the caller's `words`.
 */
export function planJob(command: 'export' | 'import', params: PlanParameters, words: ParameterWords = COMMAND_LINE_WORDS): JobPlan {
  const w = words;
  const networkLink = params.has('NETWORK_LINK');
  const sqlFile = params.text('SQLFILE');
  const operation: PlanOperation = command === 'export' ? 'EXPORT' : sqlFile !== undefined ? 'SQL_FILE' : 'IMPORT';

  let mode = modeOf(params, command, w);
  if (mode === undefined) {
    if (command === 'export' || networkLink) {
      throw new JobError(
        'INVALID_ARGVAL',
        `Say what to ${command === 'export' ? 'export' : `import over ${w.name('NETWORK_LINK')}`}: ${w.given('SCHEMAS', 'name[,...]')} (e.g. ${w.given('SCHEMAS', 'public')} on PostgreSQL, or the database name on MySQL), ${w.given('TABLES', 'schema.table[,...]')}, or ${w.given('FULL', 'Y')}.`,
        { parameter: 'SCHEMAS' },
      );
    }
    mode = 'FULL'; // impdp: everything in the dump file set
  }

  if (!networkLink) {
    for (const name of ['ESTIMATE', 'CONSISTENT', 'USER_METADATA', 'QUERY']) {
      if (command === 'import' && params.has(name)) {
        throw conflict(`${w.name(name)} applies to an import only with ${w.name('NETWORK_LINK')} (it says how the source database is read; a dump file set was read when it was exported).`, name);
      }
    }
  }

  const estimateOnly = params.bool('ESTIMATE_ONLY');
  if (estimateOnly && params.has('DUMPFILE'))
    throw conflict(`${w.given('ESTIMATE_ONLY', 'Y')} writes no dump file, so ${w.given('DUMPFILE')} has no meaning with it. Leave one of them out.`, 'DUMPFILE');
  if (networkLink && params.has('DUMPFILE')) {
    throw conflict(
      `${w.name('NETWORK_LINK')} reads straight from the source database, so no ${w.name('DUMPFILE')} is read. Leave ${w.name('DUMPFILE')} out, or leave ${w.name('NETWORK_LINK')} out to import the dump file set.`,
      'DUMPFILE',
    );
  }
  if (params.bool('NOLOGFILE') && params.has('LOGFILE')) throw conflict(`${w.given('NOLOGFILE', 'Y')} and ${w.given('LOGFILE')} contradict each other. Leave one of them out.`, 'LOGFILE');

  const reuse = params.has('REUSE_DUMPFILES') ? params.bool('REUSE_DUMPFILES') : undefined;
  const fileSize = params.size('FILESIZE');
  const located = dumpFileLocation(params.text('DIRECTORY'), networkLink || estimateOnly ? [] : params.has('DUMPFILE') ? params.list('DUMPFILE') : ['expdat.dmp'], w);
  const dumpFiles: PlannedDumpFile[] =
    networkLink || estimateOnly
      ? []
      : located.specs.map((name) => ({
          name,
          ...(fileSize === undefined ? {} : { fileSize }),
          ...(reuse === undefined ? {} : { reuse }),
        }));
  const logFile = params.bool('NOLOGFILE') ? undefined : checkSimpleName('LOGFILE', params.text('LOGFILE') ?? `${command}.log`, w);
  if (sqlFile !== undefined) checkSimpleName('SQLFILE', sqlFile, w);

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
      throw conflict(
        `${w.given('ENCRYPTION', 'NONE')}, yet an encryption password or key file is given. Leave out ${w.given('ENCRYPTION', 'NONE')} to encrypt, or the password to not encrypt.`,
        'ENCRYPTION',
      );
    }
    const encrypting = encryption !== undefined ? encryption !== 'NONE' : passwordGiven || keyFile !== undefined || modeGiven !== undefined || params.has('ENCRYPTION_ALGORITHM');
    const encMode = modeGiven ?? (keyFile !== undefined && !passwordGiven ? 'TRANSPARENT' : 'PASSWORD');
    if (encMode === 'TRANSPARENT' && encrypting && keyFile === undefined) {
      throw new JobError('INVALID_ARGVAL', `${w.given('ENCRYPTION_MODE', 'TRANSPARENT')} reads the key from a file: give ${w.given('ENCRYPTION_KEY_FILE', 'path')}.`, {
        parameter: 'ENCRYPTION_KEY_FILE',
      });
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
    if (networkLink && params.bool('VERIFY_CHECKSUM'))
      throw conflict(`${w.name('VERIFY_CHECKSUM')} checks dump files, and ${w.name('NETWORK_LINK')} reads none. Leave ${w.name('VERIFY_CHECKSUM')} out.`, 'VERIFY_CHECKSUM');
  }

  const remaps = (['REMAP_SCHEMA', 'REMAP_TABLE', 'REMAP_TABLESPACE'] as const).flatMap((name) => (command === 'import' ? params.remaps(name).map((r) => ({ name, from: r.from, to: r.to })) : []));
  const schemaExpressions = (params.expressions?.('SCHEMA_EXPR') ?? []).map((e) => (typeof e === 'string' ? e : e.expression));
  const tablespaceExpressions = (params.expressions?.('TABLESPACE_EXPR') ?? []).map((e) => (typeof e === 'string' ? e : e.expression));
  const tablespaces = params.list('TABLESPACES');
  const nameExpressions = (params.expressions?.('NAME_EXPR') ?? []).map((e, i) => nameExpression(e, i, w));
  const jobName = params.text('JOB_NAME');
  const version = params.text('VERSION');

  const plan: JobPlan = {
    operation,
    mode,
    networkLink,
    directory: located.directory,
    dumpFiles,
    schemas: params.list('SCHEMAS'),
    tables: params.tables('TABLES'),
    ...(schemaExpressions.length === 0 ? {} : { schemaExpressions }),
    ...(tablespaces.length === 0 ? {} : { tablespaces }),
    ...(tablespaceExpressions.length === 0 ? {} : { tablespaceExpressions }),
    ...(nameExpressions.length === 0 ? {} : { nameExpressions }),
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
    ...(jobName === undefined ? {} : { jobName }),
    ...(version === undefined ? {} : { version: version.toUpperCase() }),
    ...(logFile === undefined ? {} : { logFile }),
    ...(sqlFile === undefined ? {} : { sqlFile }),
    ...(keyFile === undefined ? {} : { keyFile }),
  };
  if (plan.includes.length > 0 && plan.excludes.length > 0) {
    throw conflict(`${w.name('INCLUDE')} and ${w.name('EXCLUDE')} cannot be used together (as in expdp/impdp). Express the selection with one of them.`, 'EXCLUDE');
  }
  return plan;
}
