import type { ParameterWords } from '@sluice/engine';

/** The body field of each Data Pump parameter a request sets (ORDS's names, then Sluice's). */
const FIELDS: Readonly<Record<string, string>> = {
  FULL: 'job_mode',
  SCHEMAS: 'filter',
  TABLES: 'filter',
  TABLESPACES: 'filter',
  SCHEMA_EXPR: 'schema_expressions',
  TABLESPACE_EXPR: 'tablespace_expressions',
  NAME_EXPR: 'name_expressions',
  DIRECTORY: 'datapump_dir',
  DUMPFILE: 'file_name',
  CREDENTIAL: 'credential_name',
  LOGFILE: 'log_file',
  SQLFILE: 'sql_file',
  NETWORK_LINK: 'network_link',
  JOB_NAME: 'job_name',
  PARALLEL: 'threads',
  REMAP_SCHEMA: 'remap_schemas',
  REMAP_TABLE: 'remap_tables',
  QUERY: 'query',
  CONTENT: 'content',
  COMPRESSION: 'compression',
  ENCRYPTION: 'encryption',
  ENCRYPTION_PASSWORD: 'encryption_password',
  TABLE_EXISTS_ACTION: 'table_exists_action',
  KEEP_MASTER: 'keep_master',
};

/** The request field a Data Pump parameter is given in (lower case of the name when the API has no field of its own). */
export function fieldOf(parameter: string): string {
  return FIELDS[parameter] ?? parameter.toLowerCase();
}

/** How the engine's planning and pre-flight messages name parameters in a request: `"file_name": "x.dmp"`. */
export const REQUEST_WORDS: ParameterWords = {
  name: (p) => fieldOf(p),
  given: (p, value) => {
    const field = fieldOf(p);
    if (value === undefined) return `"${field}"`;
    if (p === 'FULL') return '"job_mode": "FULL"';
    return `"${field}": ${value === 'Y' ? 'true' : value === 'N' ? 'false' : JSON.stringify(value)}`;
  },
};
