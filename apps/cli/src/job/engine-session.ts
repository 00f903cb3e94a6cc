import type { Adapter, TableRef } from '@sluice/adapter-kit';
import { attach, KU$_STATUS_JOB_ERROR, KU$_STATUS_JOB_STATUS, KU$_STATUS_WIP, open, type DataPump, type JobStatus } from '@sluice/engine';
import { CliError } from '../cli-error.js';
import type { TableName } from '../params/structured-values.js';
import type { JobPlan } from './job-plan.js';
import type { JobSession, SessionOutcome, SessionStatus } from './job-session.js';

const END_STATES = new Set(['COMPLETED', 'STOPPED', 'NOT RUNNING', 'UNDEFINED']);

/** An Oracle-style quoted list for the *_LIST filters: `'hr','sales'`. */
function quotedList(names: readonly string[]): string {
  return names.map((n) => `'${n.replace(/'/g, "''")}'`).join(',');
}

function sessionStatus(s: JobStatus): SessionStatus {
  return {
    state: s.state,
    degree: s.degree,
    totalBytes: s.totalBytes,
    completedBytes: s.bytesProcessed,
    completedRows: s.rowsProcessed,
    percentDone: s.percentDone,
    errorCount: s.errorCount,
    phase: s.phase,
    files: s.files,
    workers: s.workerStatusList.map((w) => ({
      number: w.workerNumber,
      state: w.state,
      // The last part of the object path is enough on one line: TABLE_DATA "hr"."emp".
      ...(w.objectName === undefined ? {} : { object: `${(w.objectType ?? '').split('/').pop()} ${w.objectSchema === undefined ? '' : `"${w.objectSchema}".`}"${w.objectName}"`.trim() }),
      rows: w.completedRows,
      bytes: w.completedBytes,
      percentDone: w.percentDone,
    })),
  };
}

/** The least time between two status reads while log lines keep coming. */
const STATUS_BATCH_MS = 100;

/**
 * A JobSession over an engine handle. One loop reads GET_STATUS (log lines and status together), so
 * the end of the job, reported once by the engine, is never taken by a second reader.
 */
export class EngineSession implements JobSession {
  readonly #handle: DataPump;
  readonly #directory: string | undefined;
  readonly #listeners = new Set<(line: string, isError: boolean) => void>();
  #latest: SessionStatus | undefined;
  #pump: Promise<void> | undefined;
  #ended = false;

  constructor(handle: DataPump, directory: string | undefined, initial?: SessionStatus) {
    this.#handle = handle;
    this.#directory = directory;
    this.#latest = initial;
  }

  get jobName(): string {
    return this.#handle.jobName;
  }
  get owner(): string {
    return this.#handle.owner;
  }
  get operation(): string {
    return this.#handle.operation;
  }
  get mode(): string {
    return this.#handle.mode;
  }

  /** The engine handle, for the commands that need more than the session offers. */
  get handle(): DataPump {
    return this.#handle;
  }

  /** Read status and log lines until the job is at rest. */
  #startPump(): Promise<void> {
    this.#pump ??= (async () => {
      for (;;) {
        const report = await this.#handle.getStatus(KU$_STATUS_WIP | KU$_STATUS_JOB_ERROR | KU$_STATUS_JOB_STATUS, 1);
        const lines = [...(report.wip ?? []), ...(report.error ?? [])].sort((a, b) => a.logLineNumber - b.logLineNumber);
        for (const entry of lines) for (const l of this.#listeners) l(entry.logText, entry.errorNumber !== 0);
        if (report.jobStatus !== undefined) this.#latest = sessionStatus(report.jobStatus);
        if (END_STATES.has(report.state) || report.state === 'IDLING') {
          this.#ended = true;
          return;
        }
        // Each call reads the job row: with thousands of tables logging a line each, lines are
        // taken in batches, a tenth of a second apart, not one read per line.
        if (lines.length > 0) await new Promise((resolve) => setTimeout(resolve, STATUS_BATCH_MS));
      }
    })();
    return this.#pump;
  }

  async status(): Promise<SessionStatus> {
    if (this.#latest !== undefined && (this.#pump !== undefined || this.#ended)) return this.#latest;
    const report = await this.#handle.getStatus(KU$_STATUS_JOB_STATUS, 0);
    if (report.jobStatus === undefined) throw new CliError('JOB_FAILED', `no status for job ${this.jobName}`);
    this.#latest = sessionStatus(report.jobStatus);
    return this.#latest;
  }

  onLog(listener: (line: string, isError: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async start(options: { skipCurrent: boolean; serveOnly?: boolean; parallel?: number }): Promise<void> {
    const serving = options.parallel === undefined ? { serveOnly: true } : { serveOnly: true, parallel: options.parallel };
    await this.#handle.startJob(options.serveOnly === true ? serving : options.skipCurrent ? { skipCurrent: true } : {});
    this.#pump = undefined;
    this.#ended = false;
  }

  async waitForEnd(): Promise<SessionOutcome> {
    try {
      await this.#startPump();
    } catch (error) {
      return { state: 'FAILED', errors: 1, failure: error };
    }
    try {
      const result = await this.#handle.waitForJob();
      return { state: result.state, errors: result.errors };
    } catch (error) {
      return { state: 'FAILED', errors: 1, failure: error };
    }
  }

  async setParallel(degree: number): Promise<void> {
    await this.#handle.setParallel(degree);
  }

  async addFile(name: string): Promise<void> {
    if (this.#directory === undefined) throw new CliError('BAD_PARAMETER', 'ADD_FILE needs the job\'s DIRECTORY; attach with DIRECTORY=folder to add files.');
    await this.#handle.addFile({ kind: 'DUMP', name, directory: this.#directory });
  }

  async stop(options: { immediate: boolean; keepMaster: boolean }): Promise<void> {
    await this.#handle.stopJob({ immediate: options.immediate, keepMaster: options.keepMaster });
  }

  async detach(): Promise<void> {
    await this.#handle.detach();
  }
}

/** Everything `defineJob` needs: the plan, its folder, the connections and the secrets. */
export interface DefineJobInput {
  readonly plan: JobPlan;
  readonly directory: string;
  readonly home: Adapter;
  /** With CONTROL=: the database exported (home is then the control database). */
  readonly source?: Adapter;
  /** With CONTROL=: the database imported into. */
  readonly target?: Adapter;
  readonly networkSource?: Adapter;
  /** The command line with secrets masked (CLIENT_COMMAND, the log's first line). */
  readonly clientCommand: string;
  readonly encryptionPassword?: string;
  readonly keyFile?: string;
  /** Lines for the job's log, e.g. that the CLI verified the set. */
  readonly logLines?: readonly string[];
}

/** The schema a table name without one belongs to: the only schema the job names, else an error. */
function tableRef(parameter: string, t: TableName, defaultSchema: string | undefined): TableRef {
  const schema = t.schema ?? defaultSchema;
  if (schema === undefined) {
    throw new CliError('BAD_PARAMETER', `${parameter}: write the table ${t.name} with its schema, e.g. ${parameter}=schema.${t.name}:..., since the job names no single schema.`);
  }
  return { schema, name: t.name };
}

/** OPEN a job and define it from the plan (files, filters, remaps, transforms, parameters); DETACH on any failure. */
export async function defineJob(input: DefineJobInput): Promise<EngineSession> {
  const { plan, directory } = input;
  const handle = await open({
    operation: plan.operation,
    mode: plan.mode,
    home: input.home,
    ...(input.source === undefined ? {} : { source: input.source }),
    ...(input.target === undefined ? {} : { target: input.target }),
    ...(input.networkSource === undefined ? {} : { networkLink: input.networkSource }),
    ...(plan.jobName === undefined ? {} : { jobName: plan.jobName }),
    ...(plan.version === undefined ? {} : { version: plan.version }),
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
    if (plan.tables.length > 0) {
      if (tableSchemas.length > 1) {
        throw new CliError('BAD_PARAMETER', `TABLES names tables of ${tableSchemas.length} schemas (${tableSchemas.join(', ')}); a TABLE-mode job takes tables of one schema. Run one job per schema, or use SCHEMAS= with INCLUDE=TABLE:"IN (...)".`);
      }
      if (tableSchemas.length === 1) await handle.metadataFilter({ name: 'SCHEMA_LIST', value: quotedList(tableSchemas) });
      await handle.metadataFilter({ name: 'NAME_LIST', value: quotedList([...new Set(plan.tables.map((t) => t.name))]), objectPath: 'TABLE' });
    }
    const defaultSchema = plan.schemas.length === 1 ? plan.schemas[0] : tableSchemas.length === 1 ? tableSchemas[0] : undefined;
    for (const t of plan.tables) {
      if (t.partition !== undefined) await handle.dataFilter({ name: 'PARTITION_LIST', value: quotedList([t.partition]), table: tableRef('TABLES', t, defaultSchema) });
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
      await handle.dataFilter({ name: 'QUERY', value: q.clause, ...(q.table === undefined ? {} : { table: tableRef('QUERY', q.table, defaultSchema) }) });
    }
    for (const s of plan.samples) {
      await handle.dataFilter({ name: 'SAMPLE', value: s.percent, ...(s.table === undefined ? {} : { table: tableRef('SAMPLE', s.table, defaultSchema) }) });
    }

    // Remaps and transforms.
    for (const r of plan.remaps) await handle.metadataRemap({ name: r.name, from: r.from, to: r.to });
    for (const r of plan.dataRemaps) await handle.dataRemap({ table: tableRef('REMAP_DATA', r.table, defaultSchema), column: r.column, functionName: r.functionName });
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
  return new EngineSession(handle, directory);
}

/** ATTACH to a job by name in its home database; the session reads its status from the master table. */
export async function attachJob(input: { jobName: string; home: Adapter; source?: Adapter; target?: Adapter; networkSource?: Adapter; directory?: string; encryptionPassword?: string; keyFile?: string }): Promise<EngineSession> {
  const handle = await attach(input.jobName, {
    home: input.home,
    ...(input.source === undefined ? {} : { source: input.source }),
    ...(input.target === undefined ? {} : { target: input.target }),
    ...(input.networkSource === undefined ? {} : { networkLink: input.networkSource }),
    ...(input.encryptionPassword === undefined ? {} : { encryptionPassword: input.encryptionPassword }),
    ...(input.keyFile === undefined ? {} : { encryptionKeyFile: input.keyFile }),
  });
  return new EngineSession(handle, input.directory);
}
