import { checkSimpleName, dumpFileLocation, isJobError, isObjectStorage, parsePredicate, planJob, planParameters, type JobMode, type JobPlan, type PlanValues, type TableName } from '@sluice/engine';
import { credentialLocation, plainS3Url } from '../config/object-storage.js';
import { readSecret, type ResolvedConfig } from '../config/server-config.js';
import { engineOf } from '../databases/database-login.js';
import type { JobRequestBody } from '../http/schemas.js';
import { ServerError } from '../server-error.js';
import { REQUEST_WORDS } from './request-words.js';

/** Where a job's files live and what it reads, by configured names: kept in the job's CLIENT_COMMAND so a restarted service finds them again. */
export interface JobOrigin {
  readonly directoryName?: string;
  readonly networkLink?: string;
  /** file_name URLs with credential_name: the credential, and the s3://bucket/prefix of the files. */
  readonly credentialName?: string;
  readonly location?: string;
}

/** The folder or location a job's files are in, by its origin; undefined when the configuration no longer has it. */
export function directoryOf(config: ResolvedConfig, origin: JobOrigin | undefined): string | undefined {
  if (origin?.credentialName !== undefined && origin.location !== undefined) {
    return config.credentials[origin.credentialName] === undefined ? undefined : credentialLocation(origin.credentialName, origin.location);
  }
  return origin?.directoryName === undefined ? undefined : config.directories[origin.directoryName];
}

/** A job request checked against the configuration and planned by the engine (the CLI's checks, in the request's words). */
export interface JobRequestPlan {
  readonly plan: JobPlan;
  readonly origin: JobOrigin;
  /** The folder or s3:// prefix of datapump_dir. */
  readonly directory: string | undefined;
  readonly encryptionPassword: string | undefined;
  /** log_file, when given; else the log is named after the job (`<JOB_NAME>.LOG`). */
  readonly logFile: string | undefined;
  /** A SQL_FILE job without sql_file: its SQL file is named after the job (`<JOB_NAME>.sql`). */
  readonly sqlFileAfterJob: boolean;
}

function bad(field: string, message: string): never {
  throw new ServerError('BAD_REQUEST', message, { field });
}

/** The operations a request can ask for (DBMS_DATAPUMP.OPEN's). */
export type RequestOperation = 'EXPORT' | 'IMPORT' | 'SQL_FILE';

/** The operation the request asks for: the route's, or the body's operation for POST jobs/; sql_file on an import makes it SQL_FILE (impdp SQLFILE=). */
function operationOf(route: 'EXPORT' | 'IMPORT' | undefined, body: JobRequestBody): RequestOperation {
  // SQL_FILE reads a dump file set as an import does, so the import endpoint takes it too.
  const fits = (op: RequestOperation): boolean => op === route || (route === 'IMPORT' && op === 'SQL_FILE');
  if (route !== undefined && body.operation !== undefined && !fits(body.operation)) {
    bad('operation', `operation is ${body.operation}, but this is the ${route.toLowerCase()} endpoint. Leave operation out, or POST to jobs/ instead.`);
  }
  const op = body.operation ?? route;
  if (op === undefined) bad('operation', 'operation is required for POST jobs/: EXPORT, IMPORT or SQL_FILE.');
  if (op === 'EXPORT' && body.sql_file !== undefined) {
    bad(
      'sql_file',
      'sql_file names the file a SQL_FILE job writes the DDL of a dump file set into; an export writes a dump file set. Leave sql_file out, or give it to an import (or operation SQL_FILE).',
    );
  }
  return op === 'IMPORT' && body.sql_file !== undefined ? 'SQL_FILE' : op;
}

/** The encryption password of a request: in the body, or from a secret of the server's configuration. */
export function encryptionPassword(config: ResolvedConfig, body: { encryption_password?: string; encryption_secret?: string }): string | undefined {
  if (body.encryption_password !== undefined && body.encryption_secret !== undefined) {
    bad('encryption_secret', 'Give encryption_password or encryption_secret, not both.');
  }
  if (body.encryption_secret === undefined) return body.encryption_password;
  const value = readSecret(config, body.encryption_secret);
  if (value === undefined || value === '') {
    bad(
      'encryption_secret',
      `encryption_secret: there is no secret ${body.encryption_secret} in the server's configuration (or its value is empty). Known secrets: ${Object.keys(config.secrets).join(', ') || '(none)'}.`,
    );
  }
  return value;
}

/** `schema.table`, or a table of the job's one schema. */
function tableName(text: string): TableName {
  const dot = text.indexOf('.');
  return dot > 0 ? { schema: text.slice(0, dot), name: text.slice(dot + 1) } : { name: text };
}

/** The request as the Data Pump parameters the engine plans from. */
function planValues(body: JobRequestBody, mode: JobMode | undefined, directory: string | undefined, sqlFile: string | undefined, fileNames: string[] | undefined): PlanValues {
  const names =
    body.filter === undefined
      ? []
      : body.filter
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
  const filterAs = mode ?? 'SCHEMA';
  return {
    ...(mode === 'FULL' ? { FULL: true } : {}),
    ...(names.length > 0 && filterAs === 'SCHEMA' ? { SCHEMAS: names } : {}),
    ...(names.length > 0 && filterAs === 'TABLE' ? { TABLES: names.map(tableName) } : {}),
    ...(names.length > 0 && filterAs === 'TABLESPACE' ? { TABLESPACES: names } : {}),
    ...(body.schema_expressions === undefined ? {} : { SCHEMA_EXPR: body.schema_expressions.map((e) => e.expression) }),
    ...(body.tablespace_expressions === undefined ? {} : { TABLESPACE_EXPR: body.tablespace_expressions.map((e) => e.expression) }),
    ...(body.name_expressions === undefined
      ? {}
      : { NAME_EXPR: body.name_expressions.map((e) => ({ expression: e.expression, ...(e.object_type === undefined ? {} : { objectType: e.object_type }) })) }),
    ...(directory === undefined ? {} : { DIRECTORY: directory }),
    ...(fileNames === undefined ? {} : { DUMPFILE: fileNames }),
    ...(sqlFile === undefined ? {} : { SQLFILE: sqlFile }),
    // The log is named after the job once OPEN has chosen its name (two jobs in one directory never share one).
    NOLOGFILE: true,
    ...(body.network_link === undefined ? {} : { NETWORK_LINK: true }),
    ...(body.job_name === undefined ? {} : { JOB_NAME: body.job_name }),
    ...(body.threads === undefined ? {} : { PARALLEL: body.threads }),
    ...(body.remap_schemas === undefined ? {} : { REMAP_SCHEMA: body.remap_schemas.map((r) => ({ from: r.source, to: r.target })) }),
    ...(body.remap_tables === undefined ? {} : { REMAP_TABLE: body.remap_tables.map((r) => ({ from: r.source, to: r.target })) }),
    ...(body.query === undefined ? {} : { QUERY: body.query.map((q) => ({ clause: q.clause, ...(q.table === undefined ? {} : { table: tableName(q.table) }) })) }),
    ...(body.content === undefined ? {} : { CONTENT: body.content }),
    ...(body.compression === undefined ? {} : { COMPRESSION: body.compression }),
    ...(body.encryption === undefined ? {} : { ENCRYPTION: body.encryption }),
    ...(body.encryption_password === undefined && body.encryption_secret === undefined ? {} : { ENCRYPTION_PASSWORD: true }),
    ...(body.table_exists_action === undefined ? {} : { TABLE_EXISTS_ACTION: body.table_exists_action }),
    ...(body.keep_master === undefined ? {} : { KEEP_MASTER: body.keep_master }),
  };
}

/**
 * file_name as object-storage URLs with credential_name (ORDS's way): the credential of the server's
 * configuration that reaches them, the location the job's directory names, and the files' names.
 */
function objectStorageFiles(config: ResolvedConfig, body: JobRequestBody, fileNames: string[] | undefined): { credential: string; location: string; directory: string; names: string[] } | undefined {
  const urls = (fileNames ?? []).filter((f) => isObjectStorage(f));
  const name = body.credential_name;
  if (name === undefined && urls.length === 0) return undefined;
  const known = Object.keys(config.credentials).join(', ') || '(none configured)';
  if (name === undefined) {
    bad('credential_name', `file_name ${urls[0]} is an object-storage URL: name the credential of the server's configuration that reaches it in credential_name (${known}).`);
  }
  if (config.credentials[name] === undefined) bad('credential_name', `credential_name: there is no credential ${name} in the server's configuration. Use one of: ${known}.`);
  if (fileNames === undefined || urls.length !== fileNames.length) {
    bad('file_name', `With credential_name, file_name is the URL of the dump files in object storage, every entry of it, e.g. "s3://bucket/prefix/EXPDAT%U.DMP".`);
  }
  for (const url of urls) {
    if (!/^s3:\/\/[A-Za-z0-9.-]+\/[^@\s]*$/i.test(url)) {
      bad('file_name', `file_name ${url}: write the files as s3://bucket/prefix/EXPDAT%U.DMP; the store's endpoint comes from the credential ${name}.`);
    }
  }
  if (body.datapump_dir !== undefined)
    bad('datapump_dir', "file_name names the files' location in object storage with credential_name; leave datapump_dir out (the log is written beside the dump files).");
  if (body.network_link !== undefined) bad('network_link', 'network_link reads no dump files; leave file_name and credential_name out.');
  const located = dumpFileLocation(undefined, urls, REQUEST_WORDS);
  const location = plainS3Url(located.directory ?? '');
  return { credential: name, location, directory: credentialLocation(name, location), names: located.specs };
}

/** Check a job request against the configuration, and plan it with the engine (the same checks and messages as the CLI's). */
export function planJobRequest(config: ResolvedConfig, database: string, route: 'EXPORT' | 'IMPORT' | undefined, body: JobRequestBody): JobRequestPlan {
  const operation = operationOf(route, body);
  const link = body.network_link;
  if (link !== undefined) {
    if (operation === 'EXPORT') bad('network_link', 'network_link applies to an import (it reads straight from another database); an export reads this database.');
    const linkUrl = config.databases[link];
    if (linkUrl === undefined) bad('network_link', `network_link: there is no database ${link} in the server's configuration. Use one of: ${Object.keys(config.databases).join(', ')}.`);
    const here = engineOf(config.databases[database] ?? '');
    if (engineOf(linkUrl) !== here) {
      bad(
        'network_link',
        `network_link: ${link} is a ${engineOf(linkUrl)} database and ${database} is ${here}; a network import moves between databases of one engine. Export to a dump file set and import that instead.`,
      );
    }
  }
  let directory: string | undefined;
  let fileNames = body.file_name?.split(',').map((s) => s.trim());
  const stored = objectStorageFiles(config, body, fileNames);
  if (stored !== undefined) {
    directory = stored.directory;
    fileNames = stored.names;
  } else if (body.datapump_dir !== undefined) {
    directory = config.directories[body.datapump_dir];
    if (directory === undefined) {
      bad('datapump_dir', `datapump_dir: there is no directory ${body.datapump_dir} in the server's configuration. Use one of: ${Object.keys(config.directories).join(', ') || '(none)'}.`);
    }
  } else if (link === undefined) {
    bad('datapump_dir', `datapump_dir is required: the name of a directory of the server's configuration (${Object.keys(config.directories).join(', ') || 'none configured'}).`);
  }
  if (body.log_file !== undefined && directory === undefined) bad('log_file', 'log_file is written in datapump_dir: give datapump_dir too.');
  const logFile = body.log_file === undefined ? undefined : checkSimpleName('LOGFILE', body.log_file, REQUEST_WORDS);
  // Expressions go through the engine's predicate language before anything is created; an error names the field.
  for (const field of ['name_expressions', 'schema_expressions', 'tablespace_expressions'] as const) {
    body[field]?.forEach((e, i) => {
      try {
        parsePredicate(`${field}[${i}].expression`, e.expression);
      } catch (error) {
        if (isJobError(error)) bad(`${field}[${i}].expression`, error.message);
        throw error;
      }
    });
  }
  const mode: JobMode | undefined = body.job_mode ?? (operation === 'EXPORT' || body.filter !== undefined ? 'SCHEMA' : undefined);
  if (body.filter !== undefined && mode === 'FULL') bad('filter', 'filter names schemas (job_mode SCHEMA) or tables (job_mode TABLE); a FULL job takes everything. Leave filter out or set job_mode.');
  if (operation === 'SQL_FILE' && directory === undefined) bad('datapump_dir', 'A SQL_FILE job writes its sql_file into datapump_dir: give datapump_dir too.');
  // Without sql_file the SQL file is named after the job, once OPEN has chosen its name; the plan is checked with a stand-in.
  const sqlFile = operation === 'SQL_FILE' ? (body.sql_file ?? 'SQLFILE.sql') : undefined;
  const planned = planJob(operation === 'EXPORT' ? 'export' : 'import', planParameters(planValues(body, mode, directory, sqlFile, fileNames)), REQUEST_WORDS);
  const { sqlFile: _standIn, ...withoutSqlFile } = planned;
  const plan: JobPlan = body.sql_file === undefined ? withoutSqlFile : planned;
  if (body.job_mode !== undefined && plan.mode !== body.job_mode) {
    const named = { FULL: 'everything', TABLE: 'tables', TABLESPACE: 'tablespaces', SCHEMA: 'schemas' }[plan.mode];
    bad(
      'job_mode',
      `job_mode is ${body.job_mode}, but the request names ${named}: give filter (schemas for SCHEMA, schema.table names for TABLE, tablespaces for TABLESPACE), schema_expressions or tablespace_expressions.`,
    );
  }
  const password = encryptionPassword(config, body);
  return {
    plan,
    origin: {
      ...(body.datapump_dir === undefined ? {} : { directoryName: body.datapump_dir }),
      ...(link === undefined ? {} : { networkLink: link }),
      ...(stored === undefined ? {} : { credentialName: stored.credential, location: stored.location }),
    },
    directory,
    encryptionPassword: password,
    logFile,
    sqlFileAfterJob: operation === 'SQL_FILE' && body.sql_file === undefined,
  };
}

const CLIENT_PREFIX = 'sluice-server';

/** The job's CLIENT_COMMAND: what the service was asked, by configured names (no secret, no path). */
export function clientCommand(database: string, request: JobRequestPlan): string {
  const o = request.origin;
  const stored = o.credentialName === undefined || o.location === undefined ? '' : ` credential_name=${o.credentialName} location=${o.location}`;
  return `${CLIENT_PREFIX} ${request.plan.operation} database=${database}${o.directoryName === undefined ? '' : ` datapump_dir=${o.directoryName}`}${o.networkLink === undefined ? '' : ` network_link=${o.networkLink}`}${stored}`;
}

/** The origin a CLIENT_COMMAND of this service names; undefined for a job the service did not start. */
export function originOf(command: string | number | undefined): JobOrigin | undefined {
  if (typeof command !== 'string' || !command.startsWith(`${CLIENT_PREFIX} `)) return undefined;
  const dir = / datapump_dir=(\S+)/.exec(command)?.[1];
  const link = / network_link=(\S+)/.exec(command)?.[1];
  const credential = / credential_name=(\S+)/.exec(command)?.[1];
  const location = / location=(\S+)/.exec(command)?.[1];
  return {
    ...(dir === undefined ? {} : { directoryName: dir }),
    ...(link === undefined ? {} : { networkLink: link }),
    ...(credential === undefined || location === undefined ? {} : { credentialName: credential, location }),
  };
}
