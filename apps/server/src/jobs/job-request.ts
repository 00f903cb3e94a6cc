import { isJobError, parsePredicate, type JobMode } from '@sluice/engine';
import { readSecret, type ResolvedConfig } from '../config/server-config.js';
import { engineOf } from '../databases/database-login.js';
import type { JobRequestBody } from '../http/schemas.js';
import { ServerError } from '../server-error.js';

/** Where a job's files live and what it reads, by configured names: kept in the job's CLIENT_COMMAND so a restarted service finds them again. */
export interface JobOrigin {
  readonly directoryName?: string;
  readonly networkLink?: string;
}

/** A job request checked against the configuration: everything named exists and every file name is simple. */
export interface JobRequestPlan {
  readonly operation: 'EXPORT' | 'IMPORT';
  readonly mode: JobMode;
  readonly origin: JobOrigin;
  /** The folder or s3:// prefix of datapump_dir. */
  readonly directory: string | undefined;
  readonly dumpFiles: readonly string[];
  readonly logFile: string | undefined;
  readonly encryptionPassword: string | undefined;
  readonly body: JobRequestBody;
}

function bad(field: string, message: string): never {
  throw new ServerError('BAD_REQUEST', message, { field });
}

/** A file name inside datapump_dir: never a path, so nothing in a request reaches another folder. */
function simpleName(field: string, name: string): string {
  if (name === '' || name === '.' || name === '..' || /[/\\\0:]/.test(name)) {
    bad(field, `${field}: ${JSON.stringify(name)} is not a simple file name. Files live inside datapump_dir; give a name such as EXPDAT%U.DMP, never a path or URL.`);
  }
  return name;
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

/** Check a job request against the configuration before any job is created. */
export function planJobRequest(config: ResolvedConfig, database: string, route: 'EXPORT' | 'IMPORT' | undefined, body: JobRequestBody): JobRequestPlan {
  const operation = operationOf(route, body);
  const mode: JobMode = body.job_mode ?? (operation === 'EXPORT' ? 'SCHEMA' : 'FULL');
  const link = body.network_link;
  if (link !== undefined) {
    if (operation === 'EXPORT') bad('network_link', 'network_link applies to an import (it reads straight from another database); an export reads this database.');
    const linkUrl = config.databases[link];
    if (linkUrl === undefined) bad('network_link', `network_link: there is no database ${link} in the server's configuration. Use one of: ${Object.keys(config.databases).join(', ')}.`);
    if (engineOf(linkUrl) !== engineOf(config.databases[database] ?? '')) {
      bad('network_link', `network_link: ${link} is a ${engineOf(linkUrl)} database and ${database} is ${engineOf(config.databases[database] ?? '')}; a network import moves between databases of one engine. Export to a dump file set and import that instead.`);
    }
    if (body.file_name !== undefined) bad('file_name', 'network_link reads straight from the source database, so no dump file is read. Leave file_name out.');
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
  const dumpFiles = link !== undefined ? [] : (body.file_name ?? 'EXPDAT%U.DMP').split(',').map((n) => simpleName('file_name', n.trim()));
  const logFile = body.log_file === undefined ? undefined : simpleName('log_file', body.log_file);
  if (body.filter !== undefined && mode === 'FULL') bad('filter', 'filter names schemas (job_mode SCHEMA) or tables (job_mode TABLE); a FULL job takes everything. Leave filter out or set job_mode.');
  if (mode === 'TABLE' && body.filter === undefined && operation === 'EXPORT') bad('filter', 'job_mode TABLE needs filter: the tables, schema.table, comma separated.');
  // Expressions go through the engine's predicate language; a syntax error is the caller's, naming the field.
  const expressions: [string, readonly { expression: string }[] | undefined][] = [
    ['name_expressions', body.name_expressions],
    ['schema_expressions', body.schema_expressions],
    ['tablespace_expressions', body.tablespace_expressions],
  ];
  for (const [field, list] of expressions) {
    list?.forEach((e, i) => {
      try {
        parsePredicate(`${field}[${i}].expression`, e.expression);
      } catch (error) {
        if (isJobError(error)) bad(`${field}[${i}].expression`, error.message);
        throw error;
      }
    });
  }
  if (operation === 'EXPORT') {
    for (const f of ['table_exists_action', 'remap_schemas', 'remap_tables'] as const) {
      if (body[f] !== undefined) bad(f, `${f} applies to an import; an export writes the objects as they are.`);
    }
  } else {
    for (const f of ['compression', 'encryption'] as const) if (body[f] !== undefined) bad(f, `${f} applies to an export; an import reads the dump file set as it was written.`);
    if (body.query !== undefined && link === undefined) bad('query', 'query applies to an export, or an import with network_link; a dump file set was read when it was exported.');
  }
  const password = encryptionPassword(config, body);
  if (body.encryption === 'NONE' && password !== undefined) bad('encryption', 'encryption is NONE, yet an encryption password is given. Leave one of them out.');
  return {
    operation,
    mode,
    origin: { ...(body.datapump_dir === undefined ? {} : { directoryName: body.datapump_dir }), ...(link === undefined ? {} : { networkLink: link }) },
    directory,
    dumpFiles,
    logFile,
    encryptionPassword: password,
    body,
  };
}

const CLIENT_PREFIX = 'sluice-server';

/** The job's CLIENT_COMMAND: what the service was asked, by configured names (no secret, no path). */
export function clientCommand(database: string, plan: JobRequestPlan): string {
  const o = plan.origin;
  return `${CLIENT_PREFIX} ${plan.operation} database=${database}${o.directoryName === undefined ? '' : ` datapump_dir=${o.directoryName}`}${o.networkLink === undefined ? '' : ` network_link=${o.networkLink}`}`;
}

/** The origin a CLIENT_COMMAND of this service names; undefined for a job the service did not start. */
export function originOf(command: string | number | undefined): JobOrigin | undefined {
  if (typeof command !== 'string' || !command.startsWith(`${CLIENT_PREFIX} `)) return undefined;
  const dir = / datapump_dir=(\S+)/.exec(command)?.[1];
  const link = / network_link=(\S+)/.exec(command)?.[1];
  return { ...(dir === undefined ? {} : { directoryName: dir }), ...(link === undefined ? {} : { networkLink: link }) };
}
