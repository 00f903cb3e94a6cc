import type { Adapter, TableRef } from '@sluice/adapter-kit';
import { isJobError, open, type DataPump } from '@sluice/engine';
import { ServerError } from '../server-error.js';
import { clientCommand, type JobRequestPlan } from './job-request.js';

/** An Oracle-style quoted list for the *_LIST filters: `'hr','sales'`. */
function quotedList(names: readonly string[]): string {
  return names.map((n) => `'${n.replace(/'/g, "''")}'`).join(',');
}

function splitNames(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** `schema.table` or `table` (in the job's only schema). */
function tableRef(field: string, text: string, defaultSchema: string | undefined): TableRef {
  const dot = text.indexOf('.');
  if (dot > 0) return { schema: text.slice(0, dot), name: text.slice(dot + 1) };
  if (defaultSchema === undefined) throw new ServerError('BAD_REQUEST', `${field}: write the table ${text} with its schema (schema.${text}), since the job names no single schema.`, { field });
  return { schema: defaultSchema, name: text };
}

/** Run one engine call for a request field: the engine's refusal of a value is a 400 naming that field. */
async function forField(field: string, call: () => Promise<void>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (isJobError(error, 'INVALID_ARGVAL') || isJobError(error, 'INVALID_OPERATION') || isJobError(error, 'INCONSISTENT_ARGS')) {
      throw new ServerError('BAD_REQUEST', `${field}: ${error.message}`, { field, cause: error });
    }
    throw error;
  }
}

/** What a job is opened with: its home database (this database), and the network link's source. */
export interface DefineJobInput {
  readonly database: string;
  readonly plan: JobRequestPlan;
  readonly home: Adapter;
  readonly networkLink?: Adapter;
}

/** OPEN the job and define it from the request (files, filters, remaps, parameters); DETACH, dropping it, on any failure. */
export async function defineJob(input: DefineJobInput): Promise<DataPump> {
  const { plan } = input;
  const b = plan.body;
  const handle = await open({
    operation: plan.operation,
    mode: plan.mode,
    home: input.home,
    ...(input.networkLink === undefined ? {} : { networkLink: input.networkLink }),
    ...(b.job_name === undefined ? {} : { jobName: b.job_name }),
  });
  try {
    await handle.setParameter('CLIENT_COMMAND', clientCommand(input.database, plan));
    const directory = plan.directory;
    if (directory !== undefined) {
      for (const name of plan.dumpFiles) await handle.addFile({ kind: 'DUMP', name, directory });
      await handle.addFile({ kind: 'LOG', name: plan.logFile ?? `${handle.jobName}.LOG`, directory });
    }

    // What to move: ORDS's filter is the schemas of a SCHEMA job, the tables of a TABLE job.
    const names = b.filter === undefined ? [] : splitNames(b.filter);
    let defaultSchema: string | undefined;
    if (plan.mode === 'SCHEMA' && names.length > 0) {
      await handle.metadataFilter({ name: 'SCHEMA_LIST', value: quotedList(names) });
      if (names.length === 1) defaultSchema = names[0];
    }
    if (plan.mode === 'TABLE' && names.length > 0) {
      const tables = names.map((n) => tableRef('filter', n, undefined));
      const schemas = [...new Set(tables.map((t) => t.schema))];
      if (schemas.length > 1) throw new ServerError('BAD_REQUEST', `filter names tables of ${schemas.length} schemas (${schemas.join(', ')}); a TABLE job takes tables of one schema. Run one job per schema, or use job_mode SCHEMA with name_expressions.`, { field: 'filter' });
      defaultSchema = schemas[0];
      await handle.metadataFilter({ name: 'SCHEMA_LIST', value: quotedList(schemas) });
      await handle.metadataFilter({ name: 'NAME_LIST', value: quotedList(tables.map((t) => t.name)), objectPath: 'TABLE' });
    }
    for (const [i, e] of (b.name_expressions ?? []).entries()) {
      await forField(`name_expressions[${i}]`, () => handle.metadataFilter({ name: 'NAME_EXPR', value: e.expression, objectPath: e.object_type ?? 'TABLE' }));
    }
    for (const [i, e] of (b.schema_expressions ?? []).entries()) await forField(`schema_expressions[${i}]`, () => handle.metadataFilter({ name: 'SCHEMA_EXPR', value: e.expression }));
    for (const [i, e] of (b.tablespace_expressions ?? []).entries()) await forField(`tablespace_expressions[${i}]`, () => handle.metadataFilter({ name: 'TABLESPACE_EXPR', value: e.expression }));

    if (b.content === 'METADATA_ONLY') await handle.dataFilter({ name: 'INCLUDE_ROWS', value: 0 });
    if (b.content === 'DATA_ONLY') await handle.setParameter('INCLUDE_METADATA', 0);
    for (const [i, q] of (b.query ?? []).entries()) {
      await forField(`query[${i}]`, () => handle.dataFilter({ name: 'QUERY', value: q.clause, ...(q.table === undefined ? {} : { table: tableRef(`query[${i}].table`, q.table, defaultSchema) }) }));
    }
    for (const [i, r] of (b.remap_schemas ?? []).entries()) await forField(`remap_schemas[${i}]`, () => handle.metadataRemap({ name: 'REMAP_SCHEMA', from: r.source, to: r.target }));
    for (const [i, r] of (b.remap_tables ?? []).entries()) await forField(`remap_tables[${i}]`, () => handle.metadataRemap({ name: 'REMAP_TABLE', from: r.source, to: r.target }));

    // The secret before the parameters that need it (ENCRYPTION checks a password is there).
    if (plan.encryptionPassword !== undefined) await handle.setParameter('ENCRYPTION_PASSWORD', plan.encryptionPassword);
    const compression = b.compression;
    if (compression !== undefined) await forField('compression', () => handle.setParameter('COMPRESSION', compression));
    const encryption = b.encryption;
    if (encryption !== undefined) await forField('encryption', () => handle.setParameter('ENCRYPTION', encryption));
    const action = b.table_exists_action;
    if (action !== undefined) await forField('table_exists_action', () => handle.setParameter('TABLE_EXISTS_ACTION', action));
    if (b.keep_master !== undefined) await handle.setParameter('KEEP_MASTER', b.keep_master ? 1 : 0);
    const threads = b.threads;
    if (threads !== undefined && threads !== 1) await forField('threads', () => handle.setParallel(threads));
  } catch (error) {
    // A job that failed to be defined leaves nothing behind (a DEFINING job is dropped at its last detach).
    await handle.detach().catch(() => undefined);
    throw error;
  }
  return handle;
}
