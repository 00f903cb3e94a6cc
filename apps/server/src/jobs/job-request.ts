import { checkSimpleName, isJobError, parsePredicate, planJob, planParameters, type JobMode, type JobPlan, type PlanValues, type TableName } from '@sluice/engine';
import { readSecret, type ResolvedConfig } from '../config/server-config.js';
import { engineOf } from '../databases/database-login.js';
import type { JobRequestBody } from '../http/schemas.js';
import { ServerError } from '../server-error.js';
import { REQUEST_WORDS } from './request-words.js';

/** Where a job's files live and what it reads, by configured names: kept in the job's CLIENT_COMMAND so a restarted service finds them again. */
export interface JobOrigin {
  readonly directoryName?: string;
  readonly networkLink?: string;
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
}

function bad(field: string, message: string): never {
  throw new ServerError('BAD_REQUEST', message, { field });
}

/** The operation the request asks for: the route's, or the body's operation for POST jobs/. */
function operationOf(route: 'EXPORT' | 'IMPORT' | undefined, body: JobRequestBody): 'EXPORT' | 'IMPORT' {
  if (route !== undefined && body.operation !== undefined && body.operation !== route) {
    bad('operation', `operation is ${body.operation}, but this is the ${route.toLowerCase()} endpoint. Leave operation out, or POST to jobs/ instead.`);
  }
  const op = route ?? body.operation;
  if (op === undefined) bad('operation', 'operation is required for POST jobs/: EXPORT or IMPORT.');
  return op;
}

/** The encryption password of a request: in the body, or from a secret of the server's configuration. */
export function encryptionPassword(config: ResolvedConfig, body: { encryption_password?: string; encryption_secret?: string }): string | undefined {
  if (body.encryption_password !== undefined && body.encryption_secret !== undefined) {
    bad('encryption_secret', 'Give encryption_password or encryption_secret, not both.');
  }
  if (body.encryption_secret === undefined) return body.encryption_password;
  const value = readSecret(config, body.encryption_secret);
  if (value === undefined || value === '') {
    bad('encryption_secret', `encryption_secret: there is no secret ${body.encryption_secret} in the server's configuration (or its value is empty). Known secrets: ${Object.keys(config.secrets).join(', ') || '(none)'}.`);
  }
  return value;
}

/** `schema.table`, or a table of the job's one schema. */
function tableName(text: string): TableName {
  const dot = text.indexOf('.');
  return dot > 0 ? { schema: text.slice(0, dot), name: text.slice(dot + 1) } : { name: text };
}

/** The request as the Data Pump parameters the engine plans from. */
function planValues(body: JobRequestBody, mode: JobMode | undefined, directory: string | undefined): PlanValues {
  const names = body.filter === undefined ? [] : body.filter.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const filterAs = mode ?? 'SCHEMA';
  return {
    ...(mode === 'FULL' ? { FULL: true } : {}),
    ...(names.length > 0 && filterAs === 'SCHEMA' ? { SCHEMAS: names } : {}),
    ...(names.length > 0 && filterAs === 'TABLE' ? { TABLES: names.map(tableName) } : {}),
    ...(body.schema_expressions === undefined ? {} : { SCHEMA_EXPR: body.schema_expressions.map((e) => e.expression) }),
    ...(body.name_expressions === undefined ? {} : { NAME_EXPR: body.name_expressions.map((e) => e.expression) }),
    ...(directory === undefined ? {} : { DIRECTORY: directory }),
    ...(body.file_name === undefined ? {} : { DUMPFILE: body.file_name.split(',').map((s) => s.trim()) }),
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
      bad('network_link', `network_link: ${link} is a ${engineOf(linkUrl)} database and ${database} is ${here}; a network import moves between databases of one engine. Export to a dump file set and import that instead.`);
    }
  }
  let directory: string | undefined;
  if (body.datapump_dir !== undefined) {
    directory = config.directories[body.datapump_dir];
    if (directory === undefined) {
      bad('datapump_dir', `datapump_dir: there is no directory ${body.datapump_dir} in the server's configuration. Use one of: ${Object.keys(config.directories).join(', ') || '(none)'}.`);
    }
  } else if (link === undefined) {
    bad('datapump_dir', `datapump_dir is required: the name of a directory of the server's configuration (${Object.keys(config.directories).join(', ') || 'none configured'}).`);
  }
  if (body.log_file !== undefined && directory === undefined) bad('log_file', 'log_file is written in datapump_dir: give datapump_dir too.');
  const logFile = body.log_file === undefined ? undefined : checkSimpleName('LOGFILE', body.log_file, REQUEST_WORDS);
  if (body.tablespace_expressions !== undefined && body.tablespace_expressions.length > 0) {
    bad('tablespace_expressions', 'tablespace_expressions: tablespace filters are not available; PostgreSQL and MySQL/MariaDB jobs move schemas and tables. Use schema_expressions or name_expressions.');
  }
  // Expressions go through the engine's predicate language before anything is created; an error names the field.
  for (const field of ['name_expressions', 'schema_expressions'] as const) {
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
  const plan = planJob(operation === 'EXPORT' ? 'export' : 'import', planParameters(planValues(body, mode, directory)), REQUEST_WORDS);
  if (body.job_mode !== undefined && plan.mode !== body.job_mode) {
    bad('job_mode', `job_mode is ${body.job_mode}, but the request names ${plan.mode === 'FULL' ? 'everything' : plan.mode === 'TABLE' ? 'tables' : 'schemas'}: give filter (schemas for SCHEMA, schema.table names for TABLE) or schema_expressions.`);
  }
  const password = encryptionPassword(config, body);
  return {
    plan,
    origin: { ...(body.datapump_dir === undefined ? {} : { directoryName: body.datapump_dir }), ...(link === undefined ? {} : { networkLink: link }) },
    directory,
    encryptionPassword: password,
    logFile,
  };
}

const CLIENT_PREFIX = 'sluice-server';

/** The job's CLIENT_COMMAND: what the service was asked, by configured names (no secret, no path). */
export function clientCommand(database: string, request: JobRequestPlan): string {
  const o = request.origin;
  return `${CLIENT_PREFIX} ${request.plan.operation} database=${database}${o.directoryName === undefined ? '' : ` datapump_dir=${o.directoryName}`}${o.networkLink === undefined ? '' : ` network_link=${o.networkLink}`}`;
}

/** The origin a CLIENT_COMMAND of this service names; undefined for a job the service did not start. */
export function originOf(command: string | number | undefined): JobOrigin | undefined {
  if (typeof command !== 'string' || !command.startsWith(`${CLIENT_PREFIX} `)) return undefined;
  const dir = / datapump_dir=(\S+)/.exec(command)?.[1];
  const link = / network_link=(\S+)/.exec(command)?.[1];
  return { ...(dir === undefined ? {} : { directoryName: dir }), ...(link === undefined ? {} : { networkLink: link }) };
}
