import type { Adapter, TableRef } from '@sluice/adapter-kit';
import { open, type DataPump } from '../api/index.js';
import type { JobTuning } from '../job/job-tuning.js';
import { JobError } from '../errors.js';
import { COMMAND_LINE_WORDS, type ParameterWords } from './parameter-words.js';
import type { JobPlan, TableName } from './plan-types.js';

/** Everything `defineJob` needs: the plan, its folder, the connections and the secrets. */
export interface DefineJobInput {
  readonly plan: JobPlan;
  /** The folder or object-storage URL the job's files live in. */
  readonly directory: string;
  readonly home: Adapter;
  /** With a control database: the database exported (home is then the control database). */
  readonly source?: Adapter;
  /** With a control database: the database imported into. */
  readonly target?: Adapter;
  readonly networkSource?: Adapter;
  /** Unconnected adapters of other engines, to read a dump file set another engine wrote. */
  readonly codecs?: readonly Adapter[];
  /** What started the job, with secrets masked (CLIENT_COMMAND, the log's first line). */
  readonly clientCommand: string;
  readonly encryptionPassword?: string;
  readonly keyFile?: string;
  /** Lines for the job's log, e.g. that the set was verified. */
  readonly logLines?: readonly string[];
  /** How messages name parameters (the command line's by default). */
  readonly words?: ParameterWords;
  /** As OpenOptions.tuning (tests and tuning). */
  readonly tuning?: JobTuning;
}

/** An Oracle-style quoted list for the *_LIST filters: `'hr','sales'`. */
function quotedList(names: readonly string[]): string {
  return names.map((n) => `'${n.replace(/'/g, "''")}'`).join(',');
}

/** The schema a table name without one belongs to: the only schema the job names, else an error. */
function tableRef(parameter: string, t: TableName, defaultSchema: string | undefined, w: ParameterWords): TableRef {
  const schema = t.schema ?? defaultSchema;
  if (schema === undefined) {
    throw new JobError('INVALID_ARGVAL', `${w.name(parameter)}: write the table ${t.name} with its schema, e.g. ${w.given(parameter, `schema.${t.name}:...`)}, since the job names no single schema.`, {
      parameter,
    });
  }
  return { schema, name: t.name };
}

/**
 * OPEN a job and define it from the plan (files, filters, remaps, transforms, parameters, secrets),
 * ready for START_JOB; DETACH on any failure, so a job that could not be defined leaves nothing behind.
 */
export async function defineJob(input: DefineJobInput): Promise<DataPump> {
  const { plan, directory } = input;
  const w = input.words ?? COMMAND_LINE_WORDS;
  const handle = await open({
    operation: plan.operation,
    mode: plan.mode,
    home: input.home,
    ...(input.source === undefined ? {} : { source: input.source }),
    ...(input.target === undefined ? {} : { target: input.target }),
    ...(input.networkSource === undefined ? {} : { networkLink: input.networkSource }),
    ...(input.codecs === undefined ? {} : { codecs: input.codecs }),
    ...(plan.jobName === undefined ? {} : { jobName: plan.jobName }),
    ...(plan.version === undefined ? {} : { version: plan.version }),
    ...(input.tuning === undefined ? {} : { tuning: input.tuning }),
  });
  try {
    await handle.setParameter('CLIENT_COMMAND', input.clientCommand);
    for (const f of plan.dumpFiles) {
      await handle.addFile({ kind: 'DUMP', name: f.name, directory, ...(f.fileSize === undefined ? {} : { fileSize: f.fileSize }), ...(f.reuse === undefined ? {} : { reuse: f.reuse }) });
    }
    if (plan.logFile !== undefined) await handle.addFile({ kind: 'LOG', name: plan.logFile, directory });
    if (plan.sqlFile !== undefined) await handle.addFile({ kind: 'SQL', name: plan.sqlFile, directory });

    // What to move: schemas, or tables (their schemas and names).
    const tableSchemas = [...new Set(plan.tables.map((t) => t.schema).filter((s): s is string => s !== undefined))];
    if (plan.schemas.length > 0) await handle.metadataFilter({ name: 'SCHEMA_LIST', value: quotedList(plan.schemas) });
    for (const e of plan.schemaExpressions ?? []) await handle.metadataFilter({ name: 'SCHEMA_EXPR', value: e });
    if ((plan.tablespaces?.length ?? 0) > 0) await handle.metadataFilter({ name: 'TABLESPACE_LIST', value: quotedList(plan.tablespaces ?? []) });
    for (const e of plan.tablespaceExpressions ?? []) await handle.metadataFilter({ name: 'TABLESPACE_EXPR', value: e });
    if (plan.tables.length > 0) {
      if (tableSchemas.length > 1) {
        throw new JobError(
          'INVALID_ARGVAL',
          `${w.name('TABLES')} names tables of ${tableSchemas.length} schemas (${tableSchemas.join(', ')}); a TABLE-mode job takes tables of one schema. Run one job per schema, or use ${w.given('SCHEMAS')} with ${w.given('INCLUDE', 'TABLE:"IN (...)"')}.`,
          { parameter: 'TABLES' },
        );
      }
      if (tableSchemas.length === 1) await handle.metadataFilter({ name: 'SCHEMA_LIST', value: quotedList(tableSchemas) });
      await handle.metadataFilter({ name: 'NAME_LIST', value: quotedList([...new Set(plan.tables.map((t) => t.name))]), objectPath: 'TABLE' });
    }
    for (const e of plan.nameExpressions ?? []) await handle.metadataFilter({ name: 'NAME_EXPR', value: e.expression, objectPath: e.objectType ?? 'TABLE' });
    const defaultSchema = plan.schemas.length === 1 ? plan.schemas[0] : tableSchemas.length === 1 ? tableSchemas[0] : undefined;
    for (const t of plan.tables) {
      if (t.partition !== undefined) await handle.dataFilter({ name: 'PARTITION_LIST', value: quotedList([t.partition]), table: tableRef('TABLES', t, defaultSchema, w) });
    }

    // INCLUDE / EXCLUDE: object types, and names within a type.
    const includeTypes = plan.includes.map((f) => f.objectType);
    if (includeTypes.length > 0) await handle.metadataFilter({ name: 'INCLUDE_PATH_LIST', value: quotedList([...new Set(includeTypes)]) });
    for (const f of plan.includes) {
      if (f.nameClause !== undefined) await handle.metadataFilter({ name: 'NAME_EXPR', value: f.nameClause, objectPath: f.objectType });
    }
    const wholeTypes = plan.excludes.filter((f) => f.nameClause === undefined).map((f) => f.objectType);
    if (wholeTypes.length > 0) await handle.metadataFilter({ name: 'EXCLUDE_PATH_LIST', value: quotedList([...new Set(wholeTypes)]) });
    for (const f of plan.excludes) {
      if (f.nameClause !== undefined) await handle.metadataFilter({ name: 'EXCLUDE_NAME_EXPR', value: f.nameClause, objectPath: f.objectType });
    }

    // Rows.
    if (!plan.includeRows) await handle.dataFilter({ name: 'INCLUDE_ROWS', value: 0 });
    for (const q of plan.queries) {
      await handle.dataFilter({ name: 'QUERY', value: q.clause, ...(q.table === undefined ? {} : { table: tableRef('QUERY', q.table, defaultSchema, w) }) });
    }
    for (const s of plan.samples) {
      await handle.dataFilter({ name: 'SAMPLE', value: s.percent, ...(s.table === undefined ? {} : { table: tableRef('SAMPLE', s.table, defaultSchema, w) }) });
    }

    // Remaps and transforms.
    for (const r of plan.remaps) await handle.metadataRemap({ name: r.name, from: r.from, to: r.to });
    for (const r of plan.dataRemaps) await handle.dataRemap({ table: tableRef('REMAP_DATA', r.table, defaultSchema, w), column: r.column, functionName: r.functionName });
    for (const t of plan.transforms) await handle.metadataTransform({ name: t.name, value: t.value, ...(t.objectType === undefined ? {} : { objectPath: t.objectType }) });

    // Secrets before the parameters that need them (ENCRYPTION checks a password is there).
    if (input.encryptionPassword !== undefined) await handle.setParameter('ENCRYPTION_PASSWORD', input.encryptionPassword);
    if (input.keyFile !== undefined) await handle.setParameter('ENCRYPTION_KEY_FILE', input.keyFile);
    for (const [name, value] of Object.entries(plan.parameters)) await handle.setParameter(name, value);
    if (plan.parallel !== 1) await handle.setParallel(plan.parallel);
    for (const line of input.logLines ?? []) await handle.logEntry(line, { logFileOnly: true });
  } catch (error) {
    // A job that failed to be defined leaves nothing behind (a DEFINING job is dropped at its last detach).
    await handle.detach().catch(() => undefined);
    throw error;
  }
  return handle;
}
