import { AdapterError, type Adapter, type AdapterConnection, type MasterRow } from '@sluice/adapter-kit';
import { JobError } from '../errors.js';
import type { JobDefinition } from '../job/job-definition.js';
import { isLiveState, jobStateOf, type JobStateName } from '../job-state/index.js';
import { ConnectionSlot, holdJobSlots } from './connection-slot.js';
import { describeProcesses } from './job-lock.js';
import { MASTER_MARKER, jobRecordOf, parseJobPayload, withoutSecrets, type JobPayload, type JobProcess, type JobRecord, type JobRunState } from './job-record.js';
import { MasterSql, rowFromDb, toNumber } from './master-sql.js';
import { UNSTARTED_FIELDS } from './unstarted-fields.js';
import { WorkerSession } from './worker-session.js';

/** What updateJob may change in the job row. */
export type JobPatch = Partial<Pick<JobRecord, 'state' | 'degree' | 'restartCount' | 'attachedSessions' | 'error' | 'definition' | 'guid' | 'files'>>;

/** Totals over the work items, for status, percent done and the end of a job. */
export interface ItemTotals {
  /** Items by state. */
  readonly byState: Readonly<Record<string, number>>;
  /** Sum of estimated bytes over DATA items. */
  readonly estimatedBytes: number;
  /** Bytes and rows of DATA items marked DONE. */
  readonly doneBytes: number;
  readonly doneRows: number;
  /** FAILED items: errors the job continued past. */
  readonly errors: number;
  readonly items: number;
}

/**
 * The master table of one job in its home database: the job row (id 0) and one row per work item.
 * Generic SQL composed from the adapter's MasterTableDialect; it never branches on the adapter.
 *
 * The store keeps one control connection, opened on demand and closed after a short idle time (so a
 * forgotten store never holds a process open) unless a run of the job in this process holds it open
 * (`MasterTableStore.holdOpen`), so a run's session count does not grow with its length. Workers get connections of their own from
 * `openWorker`, because a worker holds a transaction (and the row lock on its item) while it works.
 */
export class MasterTableStore {
  readonly home: Adapter;
  readonly jobName: string;
  private readonly slot: ConnectionSlot;
  private sqlCache: MasterSql | undefined;

  private constructor(home: Adapter, jobName: string) {
    this.home = home;
    this.jobName = jobName;
    this.slot = new ConnectionSlot(home, `sluice ${jobName} master`, jobName);
  }

  /** The store of job `jobName` in `home`; nothing is read until a method is called. */
  static for(home: Adapter, jobName: string): MasterTableStore {
    return new MasterTableStore(home, jobName);
  }

  private get dialect() {
    return this.home.masterTable;
  }

  /** The statements of this table (the qualified name needs a connection once). */
  sqlFor(conn: AdapterConnection): MasterSql {
    this.sqlCache ??= new MasterSql(this.dialect, conn, this.jobName);
    return this.sqlCache;
  }

  /** Run `fn` on the control connection, one caller at a time. */
  private use<T>(fn: (conn: AdapterConnection, sql: MasterSql) => Promise<T>): Promise<T> {
    return this.slot.use((conn) => fn(conn, this.sqlFor(conn)));
  }

  /** Run `fn` inside a transaction on the control connection. */
  private transaction<T>(fn: (conn: AdapterConnection, sql: MasterSql) => Promise<T>): Promise<T> {
    return this.use(async (conn, sql) => {
      await this.dialect.begin(conn);
      try {
        const result = await fn(conn, sql);
        await this.dialect.commit(conn);
        return result;
      } catch (error) {
        await this.dialect.rollback(conn).catch(() => undefined);
        throw error;
      }
    });
  }

  /** Create the master table and its job row. JobError JOB_EXISTS when the name is taken. */
  async create(def: JobDefinition): Promise<void> {
    if (def.jobName !== this.jobName) {
      throw new JobError('INCONSISTENT_ARGS', `Job definition names job "${def.jobName}" but the store is for "${this.jobName}".`, { jobName: this.jobName });
    }
    await this.use(async (conn, sql) => {
      if ((await this.dialect.listTables(conn)).includes(this.jobName)) throw this.jobExists(sql);
      try {
        await this.dialect.query(conn, sql.createTable());
      } catch (cause) {
        // Another session created it between our check and our CREATE.
        if ((await this.dialect.listTables(conn)).includes(this.jobName)) throw this.jobExists(sql, cause);
        if (cause instanceof AdapterError && cause.code === 'PRIVILEGE_ERROR') {
          throw new JobError(
            'PRIVILEGE_ERROR',
            `open: the user may not create the master table ${sql.table} of job "${this.jobName}" in the home database: ${cause.message}. Grant it CREATE there (PostgreSQL: on the schema; MySQL: on the database), or open the job with a home database where it may create tables.`,
            { jobName: this.jobName, cause },
          );
        }
        throw cause;
      }
      try {
        // Only an optimisation: a table without it works the same, more slowly.
        await this.dialect.query(conn, sql.createClaimIndex()).catch(() => undefined);
        await this.dialect.query(conn, sql.createObjectIndex()).catch(() => undefined);
        const now = new Date();
        const payload: JobPayload = {
          marker: MASTER_MARKER,
          definition: withoutSecrets(def),
          degree: def.parallel,
          restartCount: 0,
          attachedSessions: 1,
          files: [],
          createdAt: now.toISOString(),
          updatedAt: now.toISOString(),
          run: { phase: 'DEFINED' },
        };
        const { sql: insert, params } = sql.insert([jobRow(def, 'DEFINING', payload)]);
        await this.dialect.query(conn, insert, params);
      } catch (error) {
        await this.dialect.query(conn, sql.dropTable()).catch(() => undefined);
        throw error;
      }
    });
  }

  private jobExists(sql: MasterSql, cause?: unknown): JobError {
    return new JobError('JOB_EXISTS', `Job "${this.jobName}" already exists: table ${sql.table} is in the home database. Attach to the job, or open with another job name.`, {
      jobName: this.jobName,
      ...(cause === undefined ? {} : { cause }),
    });
  }

  /** Whether the master table exists and holds a Sluice job row. */
  async exists(): Promise<boolean> {
    return this.use(async (conn, sql) => {
      if (!(await this.dialect.listTables(conn)).includes(this.jobName)) return false;
      try {
        const { rows } = await this.dialect.query(conn, `SELECT ${sql.col('payload')} FROM ${sql.table} WHERE ${sql.col('id')} = 0`);
        return parseJobPayload(rows[0]?.['payload']) !== undefined;
      } catch {
        return false;
      }
    });
  }

  private async readJobRow(conn: AdapterConnection, sql: MasterSql, lock: boolean): Promise<{ payload: JobPayload; state: string }> {
    let rows: Record<string, unknown>[];
    try {
      ({ rows } = await this.dialect.query(conn, `SELECT ${sql.col('state')}, ${sql.col('payload')} FROM ${sql.table} WHERE ${sql.col('id')} = 0${lock ? ' FOR UPDATE' : ''}`));
    } catch (cause) {
      if (!(await this.dialect.listTables(conn).catch(() => [this.jobName])).includes(this.jobName)) throw this.noSuchJob(cause);
      throw cause;
    }
    const payload = parseJobPayload(rows[0]?.['payload']);
    if (payload === undefined) throw this.noSuchJob();
    return { payload, state: String(rows[0]?.['state']) };
  }

  private noSuchJob(cause?: unknown): JobError {
    return new JobError('NO_SUCH_JOB', `Job "${this.jobName}" does not exist: there is no master table of that name in the home database. List jobs to see the names in use.`, {
      jobName: this.jobName,
      ...(cause === undefined ? {} : { cause }),
    });
  }

  /** The job row. JobError NO_SUCH_JOB when there is no such master table. */
  async readJob(): Promise<JobRecord> {
    const { payload, state } = await this.use((conn, sql) => this.readJobRow(conn, sql, false));
    return jobRecordOf(payload, state);
  }

  /** Change fields of the job row (read-modify-write under the row lock, so concurrent patches never lose one). */
  async updateJob(patch: JobPatch): Promise<void> {
    await this.patchJobRow((payload) => {
      const next: Record<string, unknown> = { ...payload };
      for (const [key, value] of Object.entries(patch)) {
        if (key === 'state' || value === undefined) continue;
        next[key] = key === 'definition' ? withoutSecrets(value as JobDefinition) : value;
      }
      if ('error' in patch && patch.error === undefined) delete next['error'];
      return next as unknown as JobPayload;
    }, patch.state);
  }

  /** Of the processes the job row records, those alive: holding their job lock now. */
  async liveProcesses(record: JobRecord): Promise<JobProcess[]> {
    if (record.processes.length === 0) return [];
    return this.use((conn) => this.liveOf(conn, record.processes));
  }

  private async liveOf(conn: AdapterConnection, processes: readonly JobProcess[]): Promise<JobProcess[]> {
    if (processes.length === 0) return [];
    const held = new Set(
      await this.dialect.heldJobLocks(
        conn,
        this.jobName,
        processes.map((p) => p.holder),
      ),
    );
    return processes.filter((p) => held.has(p.holder));
  }

  /**
   * The state the job is in: a live state in the row with no live process means the processes died
   * (NOT RUNNING). The row was read before the locks were looked at, and a run that ended in between
   * wrote its last state before it let its lock go: so before NOT RUNNING is believed, the row is read
   * again (NO_SUCH_JOB if the run dropped the master table at its end).
   */
  async liveState(record: JobRecord): Promise<JobStateName> {
    const state = await this.stateOf(record);
    if (state !== 'NOT RUNNING' || !isLiveState(record.state)) return state;
    return this.stateOf(await this.readJob());
  }

  private async stateOf(record: JobRecord): Promise<JobStateName> {
    const live = isLiveState(record.state) && (await this.liveProcesses(record)).length > 0;
    return jobStateOf({ row: { state: record.state, live } });
  }

  /**
   * Start a run as its primary process, which holds its job lock already: under the row lock, refuse
   * (INVALID_STATE) if live processes run the job, else write `patch` with this process as the run's
   * only one. Two sessions starting the job at once cannot both succeed.
   */
  async claimRun(me: JobProcess, patch: JobPatch): Promise<void> {
    await this.transaction(async (conn, sql) => {
      const current = await this.readJobRow(conn, sql, true);
      const live = (await this.liveOf(conn, current.payload.processes ?? [])).filter((p) => p.holder !== me.holder);
      // Whatever the row says (an attach may have just written IDLING), a live process means the job runs.
      if (live.length > 0) throw this.runningElsewhere(isLiveState(current.state as JobStateName) ? current.state : 'EXECUTING', live);
      const next: Record<string, unknown> = { ...current.payload, processes: [me], updatedAt: new Date().toISOString() };
      for (const [key, value] of Object.entries(patch)) {
        if (key === 'state' || value === undefined) continue;
        next[key] = key === 'definition' ? withoutSecrets(value as JobDefinition) : value;
      }
      if ('error' in patch && patch.error === undefined) delete next['error'];
      await this.writeJobRow(conn, sql, next as unknown as JobPayload, patch.state);
    });
  }

  /** Join a run as a serving process (holding its job lock already): the job must be running in a live process. */
  async joinRun(me: JobProcess): Promise<void> {
    await this.transaction(async (conn, sql) => {
      const current = await this.readJobRow(conn, sql, true);
      const live = (await this.liveOf(conn, current.payload.processes ?? [])).filter((p) => p.holder !== me.holder);
      if (current.state !== 'EXECUTING' || live.length === 0) {
        const state = jobStateOf({ row: { state: current.state as JobStateName, live: live.length > 0 } });
        throw new JobError(
          'INVALID_STATE',
          `startJob (START_JOB) with serveOnly is not valid while job ${this.jobName} is ${state}: serveOnly adds workers to a job that is already executing; call startJob() without serveOnly to start or restart it`,
          { jobName: this.jobName },
        );
      }
      await this.writeJobRow(conn, sql, { ...current.payload, processes: [...live, me], updatedAt: new Date().toISOString() });
    });
  }

  /**
   * The primary, every item done: under the row lock, if no other live process serves the job, write
   * COMPLETING, so a process that asks to serve from now on is refused (joinRun) instead of joining a
   * job about to drop its master table. False while others serve it or a stop was asked for.
   */
  async sealRun(holder: string): Promise<boolean> {
    return this.transaction(async (conn, sql) => {
      const current = await this.readJobRow(conn, sql, true);
      // A stop asked for wins: the heartbeat hands it to the workers, and the run stops instead.
      if (current.state === 'STOP PENDING' || current.state === 'STOPPING') return false;
      const live = (await this.liveOf(conn, current.payload.processes ?? [])).filter((p) => p.holder !== holder);
      if (live.length > 0) return false;
      await this.writeJobRow(conn, sql, { ...current.payload, updatedAt: new Date().toISOString() }, 'COMPLETING');
      return true;
    });
  }

  /**
   * A serving process whose work is done, finding the process that ran the job gone: under the row
   * lock, if the row still says EXECUTING (nobody stopped the job) and no other process holding the
   * job's lock is recorded, it becomes the run's only process, to complete the job. False otherwise.
   */
  async takeOverRun(holder: string): Promise<boolean> {
    return this.transaction(async (conn, sql) => {
      const current = await this.readJobRow(conn, sql, true);
      const processes = current.payload.processes ?? [];
      const me = processes.find((p) => p.holder === holder);
      if (current.state !== 'EXECUTING' || me === undefined) return false;
      if ((await this.liveOf(conn, processes)).some((p) => p.holder !== holder)) return false;
      await this.writeJobRow(conn, sql, { ...current.payload, processes: [me], updatedAt: new Date().toISOString() });
      return true;
    });
  }

  /** INVALID_STATE for a start while live processes run the job, naming them. */
  runningElsewhere(state: string, live: readonly JobProcess[]): JobError {
    return new JobError(
      'INVALID_STATE',
      `startJob (START_JOB) is not valid while job ${this.jobName} is ${state}: it runs in ${describeProcesses(live)}; use startJob({ serveOnly: true }) to add this process's workers to it, getStatus to follow it, or stopJob to stop it`,
      { jobName: this.jobName },
    );
  }

  /**
   * Add `delta` to the attached sessions under the row lock (two sessions attaching at once both
   * count); `stateFor` may set the state from the new count. Returns the new count.
   */
  async adjustSessions(delta: number, stateFor: (count: number) => JobStateName | undefined = () => undefined): Promise<number> {
    const count = (payload: JobPayload): number => Math.max(0, payload.attachedSessions + delta);
    const before = await this.patchJobRow(
      (payload) => ({ ...payload, attachedSessions: count(payload) }),
      (next) => stateFor(next.attachedSessions),
    );
    return count(before);
  }

  /** LOG_ENTRY from a session of a process that is not running the job, queued in the job row (the caller redacts it). */
  async requestLogEntry(message: string): Promise<void> {
    await this.patchJobRow((payload) => ({ ...payload, logRequests: [...(payload.logRequests ?? []), message] }));
  }

  /** The queued LOG_ENTRY messages, taken off the job row in the same transaction. */
  async takeLogRequests(): Promise<string[]> {
    const before = await this.patchJobRow(({ logRequests: _taken, ...rest }) => rest);
    return [...(before.logRequests ?? [])];
  }

  /** The runtime's own part of the job row. */
  async readRunState(): Promise<JobRunState> {
    const { payload } = await this.use((conn, sql) => this.readJobRow(conn, sql, false));
    return payload.run;
  }

  /** Merge a patch (or a patch computed from the current state, atomically) into the runtime's part of the job row. */
  async updateRunState(patch: Partial<JobRunState> | ((run: JobRunState) => Partial<JobRunState>)): Promise<JobRunState> {
    let result: JobRunState | undefined;
    await this.patchJobRow((payload) => {
      result = { ...payload.run, ...(typeof patch === 'function' ? patch(payload.run) : patch) };
      return { ...payload, run: result };
    });
    return result as JobRunState;
  }

  /**
   * Read-modify-write of the job row under its lock. `state` may be computed from the new payload.
   * Returns the payload as it was before the change.
   */
  private async patchJobRow(change: (payload: JobPayload) => JobPayload, state?: JobStateName | ((next: JobPayload) => JobStateName | undefined)): Promise<JobPayload> {
    return this.transaction(async (conn, sql) => {
      const current = await this.readJobRow(conn, sql, true);
      const payload = { ...change(current.payload), updatedAt: new Date().toISOString() };
      await this.writeJobRow(conn, sql, payload, typeof state === 'function' ? state(payload) : state);
      return current.payload;
    });
  }

  private async writeJobRow(conn: AdapterConnection, sql: MasterSql, payload: JobPayload, state?: JobStateName): Promise<void> {
    const set = sql.set({ payload: JSON.stringify(payload), ...(state === undefined ? {} : { state }) });
    await this.dialect.query(conn, `UPDATE ${sql.table} SET ${set.clause} WHERE ${sql.col('id')} = 0`, set.params);
  }

  /** Drop the master table (job completed without KEEP_MASTER, or killed). */
  async drop(): Promise<void> {
    await this.use(async (conn, sql) => {
      await this.dialect.query(conn, sql.dropTable());
    });
  }

  /**
   * Replace every work item with `items` and patch the run state, in one transaction: a plan is in
   * the table entirely or not at all, so a job killed while planning simply plans again. `items` is
   * consumed as it is inserted, a batch at a time: a plan of many thousands of items need never be
   * in memory at once.
   */
  async replaceItems(items: Iterable<MasterRow> | AsyncIterable<MasterRow>, run: Partial<JobRunState>, jobPatch: JobPatch = {}): Promise<void> {
    await this.transaction(async (conn, sql) => {
      const { payload, state } = await this.readJobRow(conn, sql, true);
      await this.dialect.query(conn, `DELETE FROM ${sql.table} WHERE ${sql.col('row_type')} = ${sql.p(1)}`, ['ITEM']);
      let batch: MasterRow[] = [];
      const flush = async (): Promise<void> => {
        if (batch.length === 0) return;
        const { sql: insert, params } = sql.insert(batch);
        batch = [];
        await this.dialect.query(conn, insert, params);
      };
      for await (const item of items) {
        batch.push(item);
        if (batch.length >= sql.insertBatch) await flush();
      }
      await flush();
      const next: Record<string, unknown> = { ...payload, run: { ...payload.run, ...run }, updatedAt: new Date().toISOString() };
      for (const [key, value] of Object.entries(jobPatch)) if (key !== 'state' && value !== undefined) next[key] = value;
      await this.writeJobRow(conn, sql, next as unknown as JobPayload, (jobPatch.state ?? state) as JobStateName);
    });
  }

  /**
   * Add work items to a plan being written a batch at a time (each batch commits alone): the plan
   * counts only once the run state says PLANNED, and a job killed before that plans again, which
   * replaces whatever items an earlier attempt wrote.
   */
  async appendItems(items: readonly MasterRow[]): Promise<void> {
    if (items.length === 0) return;
    await this.use(async (conn, sql) => {
      for (let i = 0; i < items.length; i += sql.insertBatch) {
        const { sql: insert, params } = sql.insert(items.slice(i, i + sql.insertBatch));
        await this.dialect.query(conn, insert, params);
      }
    });
  }

  /** Every row, the job row first, in id order, `size` rows a page: no more than a page in memory at once. */
  async *rowPages(size: number): AsyncGenerator<MasterRow[]> {
    let after = -1;
    for (;;) {
      const page = await this.use(async (conn, sql) => {
        const { rows } = await this.dialect.query(
          conn,
          `SELECT ${sql.allColumns} FROM ${sql.table} WHERE ${sql.col('id')} > ${sql.p(1)} ORDER BY ${sql.col('id')} LIMIT ${Math.max(1, Math.floor(size))}`,
          [after],
        );
        return rows.map(rowFromDb);
      });
      if (page.length === 0) return;
      yield page;
      after = (page[page.length - 1] as MasterRow).id;
    }
  }

  /** Every row, the job row first, in id order (what an export writes as the set's master). */
  async allRows(): Promise<MasterRow[]> {
    return this.use(async (conn, sql) => {
      const { rows } = await this.dialect.query(conn, `SELECT ${sql.allColumns} FROM ${sql.table} ORDER BY ${sql.col('id')}`);
      return rows.map(rowFromDb);
    });
  }

  /** Work items, optionally of one kind or one table, in id order. */
  async items(where: { itemKind?: string; schema?: string; name?: string; states?: readonly string[] } = {}): Promise<MasterRow[]> {
    return this.use(async (conn, sql) => {
      const conds = [`${sql.col('row_type')} = ${sql.p(1)}`];
      const params: unknown[] = ['ITEM'];
      const add = (column: string, value: unknown): void => {
        params.push(value);
        conds.push(`${sql.col(column)} = ${sql.p(params.length)}`);
      };
      if (where.itemKind !== undefined) add('item_kind', where.itemKind);
      if (where.schema !== undefined) add('object_schema', where.schema);
      if (where.name !== undefined) add('object_name', where.name);
      if (where.states !== undefined && where.states.length > 0) {
        const marks = where.states.map((s) => {
          params.push(s);
          return sql.p(params.length);
        });
        conds.push(`${sql.col('state')} IN (${marks.join(', ')})`);
      }
      const { rows } = await this.dialect.query(conn, `SELECT ${sql.allColumns} FROM ${sql.table} WHERE ${conds.join(' AND ')} ORDER BY ${sql.col('id')}`, params);
      return rows.map(rowFromDb);
    });
  }

  /** Totals over the work items. */
  async totals(): Promise<ItemTotals> {
    return this.use(async (conn, sql) => {
      const c = (n: string): string => sql.col(n);
      const { rows } = await this.dialect.query(
        conn,
        `SELECT ${c('state')} AS st, COUNT(*) AS n,
           SUM(CASE WHEN ${c('item_kind')} = ${sql.p(1)} THEN ${c('estimated_bytes')} ELSE 0 END) AS est,
           SUM(CASE WHEN ${c('item_kind')} = ${sql.p(2)} THEN ${c('bytes_done')} ELSE 0 END) AS bytes,
           SUM(CASE WHEN ${c('item_kind')} = ${sql.p(3)} THEN ${c('rows_done')} ELSE 0 END) AS nrows
         FROM ${sql.table} WHERE ${c('row_type')} = ${sql.p(4)} GROUP BY ${c('state')}`,
        ['DATA', 'DATA', 'DATA', 'ITEM'],
      );
      const byState: Record<string, number> = {};
      let estimatedBytes = 0;
      let doneBytes = 0;
      let doneRows = 0;
      let errors = 0;
      let items = 0;
      for (const r of rows) {
        const st = String(r['st']);
        const n = toNumber(r['n']);
        byState[st] = n;
        items += n;
        estimatedBytes += toNumber(r['est']);
        if (st === 'FAILED') errors += n;
        if (st === 'DONE') {
          doneBytes += toNumber(r['bytes']);
          doneRows += toNumber(r['nrows']);
        }
      }
      return { byState, estimatedBytes, doneBytes, doneRows, errors, items };
    });
  }

  /** How far the chunks of one table (or partition) are: unfinished count, and rows/bytes of the DONE ones. */
  async chunkSummary(schema: string, name: string, partition: string | null): Promise<{ unfinished: number; done: number; rows: number; bytes: number; firstStart: Date | null }> {
    return this.use(async (conn, sql) => {
      const c = (n: string): string => sql.col(n);
      const params: unknown[] = ['PENDING', 'RUNNING', 'DONE', 'DONE', 'DONE', 'ITEM', 'DATA', schema, name];
      let part = `${c('partition_name')} IS NULL`;
      if (partition !== null) {
        params.push(partition);
        part = `${c('partition_name')} = ${sql.p(params.length)}`;
      }
      const { rows } = await this.dialect.query(
        conn,
        `SELECT SUM(CASE WHEN ${c('state')} IN (${sql.p(1)}, ${sql.p(2)}) THEN 1 ELSE 0 END) AS unfinished,
                SUM(CASE WHEN ${c('state')} = ${sql.p(3)} THEN 1 ELSE 0 END) AS done,
                SUM(CASE WHEN ${c('state')} = ${sql.p(4)} THEN ${c('rows_done')} ELSE 0 END) AS nrows,
                SUM(CASE WHEN ${c('state')} = ${sql.p(5)} THEN ${c('bytes_done')} ELSE 0 END) AS nbytes,
                MIN(${c('started_at')}) AS first_start
           FROM ${sql.table}
          WHERE ${c('row_type')} = ${sql.p(6)} AND ${c('item_kind')} = ${sql.p(7)} AND ${c('object_schema')} = ${sql.p(8)} AND ${c('object_name')} = ${sql.p(9)} AND ${part}`,
        params,
      );
      const r = rows[0] ?? {};
      const first = r['first_start'];
      return {
        unfinished: toNumber(r['unfinished']),
        done: toNumber(r['done']),
        rows: toNumber(r['nrows']),
        bytes: toNumber(r['nbytes']),
        firstStart: first === null || first === undefined ? null : first instanceof Date ? first : new Date(String(first)),
      };
    });
  }

  /**
   * The once-only latch of a table's data line: flips its TABLE_DATA item from OPEN to LOGGED and
   * says whether this caller did it (so exactly one process logs the line).
   */
  async latchTableData(schema: string, name: string, partition: string | null): Promise<boolean> {
    return this.use((conn, sql) => sql.latchTableData(conn, schema, name, partition));
  }

  /** Set the state (and optionally the error) of the given items; only items in `fromStates` change. */
  async setItemState(ids: readonly number[], state: string, options: { error?: string; fromStates?: readonly string[] } = {}): Promise<number> {
    if (ids.length === 0) return 0;
    return this.use(async (conn, sql) => {
      let affected = 0;
      for (let i = 0; i < ids.length; i += 500) {
        const slice = ids.slice(i, i + 500);
        const set = sql.set({ state, ...(options.error === undefined ? {} : { error: options.error }), finishedAt: new Date() });
        const params: unknown[] = [...set.params];
        const mark = (v: unknown): string => {
          params.push(v);
          return sql.p(params.length);
        };
        const idList = slice.map(mark).join(', ');
        const from = options.fromStates?.length ? ` AND ${sql.col('state')} IN (${options.fromStates.map(mark).join(', ')})` : '';
        const result = await this.dialect.query(conn, `UPDATE ${sql.table} SET ${set.clause} WHERE ${sql.col('id')} IN (${idList})${from}`, params);
        affected += result.affected;
      }
      return affected;
    });
  }

  /**
   * Items RUNNING but not locked by a live worker (their process died, or the job was stopped
   * immediately), locked here so no one else takes them meanwhile; `action` decides their fate.
   */
  async takeOrphans(action: (orphans: MasterRow[]) => Promise<{ ids: readonly number[]; state: string; error?: string }>): Promise<MasterRow[]> {
    return this.transaction(async (conn, sql) => {
      const { rows } = await this.dialect.query(
        conn,
        `SELECT ${sql.allColumns} FROM ${sql.table} WHERE ${sql.col('row_type')} = ${sql.p(1)} AND ${sql.col('state')} = ${sql.p(2)} ORDER BY ${sql.col('id')} ${sql.lockClause}`,
        ['ITEM', 'RUNNING'],
      );
      const orphans = rows.map(rowFromDb);
      if (orphans.length === 0) return orphans;
      const decision = await action(orphans);
      for (const id of decision.ids) {
        const set = sql.set({ state: decision.state, finishedAt: new Date(), ...(decision.error === undefined ? {} : { error: decision.error }) });
        await this.dialect.query(conn, `UPDATE ${sql.table} SET ${set.clause} WHERE ${sql.col('id')} = ${sql.p(set.params.length + 1)}`, [...set.params, id]);
      }
      return orphans;
    });
  }

  /** A worker's own session (connection) for claiming and working items. */
  async openWorker(worker: string): Promise<WorkerSession> {
    const conn = await this.home.connector.connect(`sluice ${this.jobName} ${worker}`);
    return new WorkerSession(this.dialect, this.sqlFor(conn), conn, worker);
  }

  /**
   * Keep the control connections of job `jobName`'s stores in this process open until the returned
   * release is called (a run holds them while it runs); released, they close when idle.
   */
  static holdOpen(jobName: string): () => void {
    return holdJobSlots(jobName);
  }

  /** Close the control connection (workers close their own). */
  async close(): Promise<void> {
    await this.slot.close();
  }
}

function jobRow(def: JobDefinition, state: JobStateName, payload: JobPayload): MasterRow {
  return {
    id: 0,
    rowType: 'JOB',
    itemKind: def.operation,
    objectPath: def.mode,
    objectSchema: def.owner,
    objectName: def.jobName,
    priority: 0,
    state,
    ...UNSTARTED_FIELDS,
    payload: JSON.stringify(payload),
  };
}
