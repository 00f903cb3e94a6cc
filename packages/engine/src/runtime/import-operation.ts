import { appendFileSync } from 'node:fs';
import { dirname, join, parse } from 'node:path';
import {
  AdapterError,
  isTransientFailure,
  type Adapter,
  type AdapterConnection,
  type CatalogObject,
  type ChunkDescriptor,
  type LoadOptions,
  type LoadResult,
  type MasterRow,
  type Row,
  type Snapshot,
  type SnapshotPosition,
  type TableRef,
  type TableTrigger,
} from '@sluice/adapter-kit';
import { DumpSetReader, verifyDumpSet } from '@sluice/dump-format';
import { JobError, isJobError } from '../errors.js';
import { quotedTable } from '../log/index.js';
import { redact } from '../log/redact.js';
import { missingData, missingDataText, scanMasterDocumentParts, withoutMasterTables, type MasterDocumentScan, type ItemLease, type JobRunState } from '../master-table/index.js';
import { dataRemapsFor, ddlOptionsFor, remapTableRef, type RemapFunction } from '../remap/index.js';
import { readerOptions, dumpFiles, jobFilePath } from './dump-set.js';
import { jobFileLocalPath } from './job-files.js';
import { chunkItems, dataTables, estimateTables, planTableChunks } from './chunk-planning.js';
import { chunkSelector, importItems, loadPartition, loadTable, planningView, sourceFromMaster, type SourceChunk, type SourceObject } from './import-plan.js';
import { payloadOf, type DataPayload, type MetadataPayload, type TableDecision } from './item-payload.js';
import type { Operation } from './operation.js';
import { checkDisableTriggers, logTableTriggers, triggersOff, triggersOn } from './load-triggers.js';
import { meteredSource } from './metered-source.js';
import { maskedObject, readObjectFrame } from './masked-objects.js';
import { KeptRowsGuard, type LeftBy } from './kept-rows.js';
import { dumpChunkSource, linkChunkSource, type ChunkData, type ChunkSource } from './chunk-source.js';
import { withTargetTransaction } from './target-transaction.js';
import { jobLabel, type RunContext } from './run-context.js';
import { logRemainingTables, logTableIfDone, onlyChunkLine } from './table-data-line.js';
import { errorText, type Worker } from './worker-pool.js';
import { reportNotExported } from './not-exported.js';
import { convertRows, dumpCodec, finishCrossPlan, neutralOf, translateObjects, type RejectedRow } from './cross-engine.js';

/** Thrown inside a chunk's target transaction to roll it back: another worker took the item. */
const ITEM_LOST = new Error('the work item was taken by another worker');

/** A TABLE item's payload as the import plans it. */
type TablePayload = MetadataPayload & { dependents?: number[]; data?: number[] };

/**
 * IMPORT from a dump file set, or over a network link from a source database: objects created in
 * dependency order by phase with TABLE_EXISTS_ACTION per table, chunks loaded by parallel workers
 * (on the worker's own master-table transaction when the target is the home database, so rows and
 * master row commit together), then indexes, constraints, triggers and grants.
 */
export class ImportOperation implements Operation {
  private readonly ctx: RunContext;
  private readonly target: Adapter;
  private readonly source: Adapter | undefined;
  /** Rows load on the worker's master-table connection: one commit for rows and master row. */
  private readonly loadOnLease: boolean;
  /** DDL runs on that connection too (only where DDL is transactional). */
  private readonly ddlOnLease: boolean;
  /** Items work on the target's own connections (the target is not the home database). */
  readonly workOffLease: boolean;
  private reader: DumpSetReader | undefined;
  private snapshot: Snapshot | undefined;
  private readonly targetConns = new Map<string, AdapterConnection>();
  private maxWorkers: number | undefined;
  /** DATA_OPTIONS=CONTINUE_LOAD_ON_FORMAT_ERROR skipped damaged bytes of the set in this run. */
  private damagedFrames = false;
  /** Per target schema, its tables as first listed by this process (TABLE_EXISTS_ACTION decisions). */
  private readonly tablesListed = new Map<string, Promise<{ exact: Set<string>; lower: Set<string> } | undefined>>();
  /** Tables (schema, name) this process has decided TABLE_EXISTS_ACTION for. */
  private readonly decided = new Set<string>();
  /** Keeps a redo's clearing away from rows a table held before the import (APPEND). */
  private readonly keptRows: KeptRowsGuard;

  constructor(ctx: RunContext) {
    this.ctx = ctx;
    this.target = ctx.connections.target ?? ctx.home;
    this.source = ctx.def.networkLink ? ctx.connections.source : undefined;
    if (ctx.def.networkLink && this.source === undefined) {
      throw new JobError('INCONSISTENT_ARGS', `Job "${ctx.def.jobName}" imports over a network link but was given no source connection.`, { jobName: ctx.def.jobName });
    }
    this.loadOnLease = this.target === ctx.home;
    this.ddlOnLease = this.loadOnLease && this.target.ddl.supportsTransactionalDdl;
    this.workOffLease = !this.loadOnLease;
    this.keptRows = new KeptRowsGuard(ctx, this.target);
  }

  readonly handle = async (lease: ItemLease, worker: Worker): Promise<void> => {
    switch (lease.item.itemKind) {
      case 'METADATA':
        return this.createObject(lease, worker);
      case 'DATA':
        return this.loadChunk(lease, worker);
      default:
        return lease.skip(`item kind ${lease.item.itemKind} is not worked by an import`);
    }
  };

  workerCap(): number | undefined {
    return this.source !== undefined && !this.source.connector.supportsLateSnapshotJoin ? this.maxWorkers : undefined;
  }

  // ---- planning ----

  async plan(run: JobRunState): Promise<'work' | 'finished' | 'master-only'> {
    if (run.phase !== 'DEFINED') {
      await this.reopen(run);
      return 'work';
    }
    return this.source === undefined ? this.planFromDump() : this.planFromNetwork();
  }

  private async openReader(): Promise<DumpSetReader> {
    const { ctx } = this;
    const options = readerOptions(ctx.def, ctx.params, ctx.secrets);
    this.reader = await DumpSetReader.open({
      ...options,
      onSkip: (s) => {
        this.damagedFrames = true;
        void ctx.countError(`Skipped damaged bytes in dump file ${s.file} at offset ${s.offset} (${s.length} bytes): ${s.message}`);
      },
    });
    return this.reader;
  }

  /**
   * MERGE puts several partitions' chunks into one table, where a chunk's rows can no longer be told
   * apart by its range; only a load committed with its master row (the target is the home database)
   * needs no clearing after a crash.
   */
  private checkPartitionOptions(): void {
    if (this.ctx.params.partitionOptions !== 'MERGE' || this.loadOnLease) return;
    throw new JobError(
      'INVALID_OPERATION',
      `PARTITION_OPTIONS=MERGE needs the job's master table in the target database, so that each chunk loads in one transaction with its master row; job "${this.ctx.def.jobName}" keeps it elsewhere. Run the import with its master table in the target (the default), or use DEPARTITION or NONE.`,
      { jobName: this.ctx.def.jobName },
    );
  }

  private async planFromDump(): Promise<'work' | 'finished' | 'master-only'> {
    const { ctx } = this;
    this.checkPartitionOptions();
    const started = new Date().toISOString();
    if (ctx.params.verifyChecksum) {
      const options = readerOptions(ctx.def, ctx.params, ctx.secrets);
      const report = await verifyDumpSet(options);
      if (!report.ok) {
        const problems = report.problems.map((p) => `${p.file}: ${p.message}`).join('; ');
        throw new JobError('JOB_FAILED', `VERIFY_CHECKSUM found the dump file set damaged, so nothing was imported: ${problems}`, { jobName: ctx.def.jobName });
      }
      ctx.log.info(`Verified the checksums of ${report.files.length} dump file(s).`);
    }
    const reader = await this.openReader();
    let master: MasterDocumentScan;
    try {
      // A part at a time, kept compressed: the document of thousands of objects is tens of MB.
      master = await scanMasterDocumentParts(reader.masterParts());
    } catch (error) {
      if (!isJobError(error, 'NO_DUMPFILE_INFO')) throw error;
      throw new JobError('JOB_FAILED', error.message.replace('this dump file set', `dump file set ${reader.info.guid}`), { jobName: ctx.def.jobName, cause: error });
    }
    const exportRun = exportRunState(master.rows());
    const source = exportRun?.source ?? {
      jobName: reader.info.jobName,
      owner: '',
      engine: reader.info.sourceEngine,
      version: reader.info.sourceVersion,
      dataEncoding: '',
      mode: ctx.def.mode,
    };
    await ctx.store.updateJob({ guid: reader.info.guid, files: reader.fileNames() });
    if (ctx.params.masterOnly) {
      // The export's rows as they were, for inspection; nothing else happens.
      await ctx.store.replaceItems(itemRows(master.rows()), { phase: 'FINISHED', startedAt: started, source });
      ctx.log.info(`Master table ${jobLabel(ctx.def)} successfully loaded/unloaded`);
      return 'master-only';
    }
    ctx.log.info(`Master table ${jobLabel(ctx.def)} successfully loaded/unloaded`);
    this.logStarting();
    // Planning reads views of the objects; an item's full object is read again from the master when
    // the item is written (PARTITION_OPTIONS reshapes whole objects, so it plans with them).
    const reshapes = ctx.params.partitionOptions !== 'NONE';
    let read = sourceFromMaster(master.rows(), reshapes ? undefined : planningView);
    // A set of another engine: its objects are translated (or refused) whole, before the target is touched.
    const codec = dumpCodec(ctx, this.target, source.dataEncoding || (read.chunks[0]?.encoding ?? ''), source.engine);
    if (codec !== undefined && !reshapes) read = sourceFromMaster(master.rows());
    const whole = reshapes || codec !== undefined;
    const { objects: exported, chunks, unfinished } = read;
    await this.checkComplete(reader.info.guid, () => master.rows(), exported, unfinished);
    const objects = codec === undefined ? exported : translateObjects(ctx, codec, this.target, exported);
    // Reshaped and translated objects are whole already (and differ from their rows): only views are read again.
    const plan = importItems(ctx, objects, chunks, whole ? undefined : (o) => fullObject(master, o), { keysAtCreate: codec === undefined });
    const items = codec === undefined ? plan.items : await finishCrossPlan(ctx, this.target, [...plan.items]);
    await checkDisableTriggers(ctx, this.target, plan.chunks);
    await ctx.store.replaceItems(items, { phase: 'PLANNED', startedAt: started, source, totalBytes: plan.totalBytes });
    return 'work';
  }

  /**
   * An INCOMPLETE set (its export did not finish every chunk of a table this import would load) is
   * refused before anything is created, unless DATA_OPTIONS=ACCEPT_INCOMPLETE_SET; with it, each
   * missing table is named and counted as an error, so the job ends completed with errors.
   */
  private async checkComplete(guid: string, rows: () => Iterable<MasterRow>, objects: readonly SourceObject[], unfinished: number): Promise<void> {
    const { ctx } = this;
    if (unfinished === 0) return;
    // Only the tables this import loads count: one it leaves out (TABLES=, EXCLUDE, CONTENT=METADATA_ONLY) may be missing.
    const selects = chunkSelector(ctx, objects);
    const loaded: MasterRow[] = [];
    for (const r of rows()) if (r.rowType === 'ITEM' && r.itemKind === 'DATA' && selects({ chunk: (payloadOf(r) as DataPayload).chunk })) loaded.push(r);
    const missing = missingData(loaded);
    if (missing.length === 0) return;
    const names = missing.map(missingDataText).join(', ');
    if (!ctx.params.acceptIncompleteSet) {
      const tables = [...new Set(missing.map((m) => `'${m.name}'`))].join(',');
      throw new JobError(
        'JOB_FAILED',
        `Dump file set ${guid} is INCOMPLETE: its export did not finish ${names}, so those rows are not in it; nothing was imported. To import what the set holds, run the import again with DATA_OPTIONS=ACCEPT_INCOMPLETE_SET; or leave those tables out (EXCLUDE=TABLE:"IN (${tables})"), or export them again.`,
        { jobName: ctx.def.jobName },
      );
    }
    for (const m of missing)
      await ctx.countError(
        `Table data ${missingDataText(m)} is not in the dump file set, whose export did not finish it; the table is imported without those rows (DATA_OPTIONS=ACCEPT_INCOMPLETE_SET).`,
      );
  }

  private logStarting(): void {
    const { ctx } = this;
    const command = ctx.params.clientCommand;
    ctx.log.info(`Starting ${jobLabel(ctx.def)}:${command ? `  ${command}` : ''}`);
  }

  private async planFromNetwork(): Promise<'work' | 'finished'> {
    const { ctx } = this;
    this.checkPartitionOptions();
    const source = this.source as Adapter;
    const started = new Date().toISOString();
    this.logStarting();
    const snapshot = await this.openSnapshot();
    const conn = await snapshot.acquire();
    try {
      const server = await source.connector.serverInfo(conn);
      const introspected = await source.introspector.introspect(conn, ctx.filters.introspectScope(ctx.params.userMetadata));
      await reportNotExported(ctx, introspected);
      const catalog = { ...introspected, objects: await withoutMasterTables(source, introspected.objects) };
      const { selected, unmatched } = ctx.filters.selectObjects(catalog.objects);
      for (const name of unmatched) await ctx.countError(`Object ${name} was not found or could not be imported.`);
      const tables = await estimateTables(ctx, source, conn, dataTables(ctx, selected), false);
      // Physical chunks only where each loads in one transaction with its master row.
      const chunks = await planTableChunks(ctx, source, conn, tables, this.loadOnLease);
      // Objects holding a secret are planned masked: the master table never holds the secret, which is read again when the item runs.
      const introspectedObjects: SourceObject[] = catalog.objects.map((object, order) => ({ id: order + 1, ...maskedObject(source, object), order, path: `${ctx.prefix}/${object.path}` }));
      // Across engines the objects are translated (or refused) before the target is touched.
      const cross = source.data.dataEncoding.name !== this.target.data.dataEncoding.name;
      const objects = cross ? translateObjects(ctx, source, this.target, introspectedObjects) : introspectedObjects;
      const chunkRows = chunkItems(ctx, chunks, source.data.dataEncoding.name, objects.length + 1).filter((r) => r.itemKind === 'DATA');
      const sourceChunks: SourceChunk[] = chunkRows.map((r) => {
        const p = payloadOf(r) as DataPayload;
        return { id: r.id, chunk: p.chunk, encoding: p.encoding, path: r.objectPath ?? '', stream: null, bytes: r.estimatedBytes, dumpFile: null };
      });
      const plan = importItems(ctx, objects, sourceChunks, undefined, { keysAtCreate: !cross });
      const items = cross ? await finishCrossPlan(ctx, this.target, [...plan.items]) : plan.items;
      await checkDisableTriggers(ctx, this.target, plan.chunks);
      await ctx.store.replaceItems(items, {
        phase: 'PLANNED',
        startedAt: started,
        snapshots: [snapshot.position],
        totalBytes: plan.totalBytes,
        source: { jobName: ctx.def.jobName, owner: ctx.def.owner, engine: server.engine, version: server.version, dataEncoding: source.data.dataEncoding.name, mode: ctx.def.mode },
      });
      return 'work';
    } finally {
      await snapshot.release(conn);
    }
  }

  private async openSnapshot(join?: SnapshotPosition): Promise<Snapshot> {
    const source = this.source as Adapter;
    this.maxWorkers = Math.max(1, this.ctx.def.parallel);
    const scope = this.ctx.filters.introspectScope(this.ctx.params.userMetadata);
    this.snapshot = await source.connector.openSnapshot({ maxWorkers: this.maxWorkers, consistent: this.ctx.params.flashback, scope, ...(join === undefined ? {} : { join }) });
    for (const note of this.snapshot.notes) this.ctx.log.info(note);
    return this.snapshot;
  }

  /**
   * A process serving a running import. Over a network link with CONSISTENT=Y, from a source whose
   * snapshot another process can join (PostgreSQL), it joins the job's snapshot, so every row loaded
   * is read as of one point in time, whichever process reads it; a MySQL/MariaDB source's cannot be
   * joined, so it reads from a snapshot of its own, and says so.
   */
  async openForServing(run: JobRunState): Promise<void> {
    const source = this.source;
    if (source === undefined || run.phase === 'FINISHED') return this.reopen(run);
    const { ctx } = this;
    const join = run.snapshots?.at(-1);
    if (!ctx.params.flashback) {
      await this.openSnapshot();
      ctx.log.info('CONSISTENT=N: this process reads the latest committed rows of the source, as every worker of the job does.');
    } else if (!source.connector.supportsLateSnapshotJoin || join?.snapshotId === undefined) {
      await this.openSnapshot();
      ctx.log.info(
        `This process reads the source from a snapshot of its own (the ${source.name} source's snapshot cannot be joined by another process): the rows it loads are read as of when it began serving, not as of the job's snapshot.`,
      );
    } else {
      try {
        await this.openSnapshot(join);
      } catch (error) {
        if (!(error instanceof AdapterError && error.code === 'SNAPSHOT_FAILED')) throw error;
        throw new JobError(
          'INVALID_OPERATION',
          `The snapshot ${join.snapshotId} of job ${ctx.def.jobName} is gone: the process that started the import stopped or lost its snapshot transaction. With CONSISTENT=Y a serving process never loads rows read at another point in time, so this process stops serving. ` +
            `Restart the job with sluice attach ${ctx.def.jobName} --target URL --network-link URL --start (it takes a new snapshot, which its log names), then serve it again.`,
          { jobName: ctx.def.jobName, cause: error },
        );
      }
      ctx.log.info(`This process joined the job's snapshot of the source (snapshot ${join.snapshotId}): the rows it loads are read as of the same point in time as the rest of the import.`);
    }
  }

  /** A restarted import: the dump set opened again, or a new snapshot of the network link's source. */
  private async reopen(run: JobRunState): Promise<void> {
    if (run.phase === 'FINISHED') return;
    if (this.source === undefined) {
      await this.openReader();
      return;
    }
    const snapshot = await this.openSnapshot();
    if (snapshot.consistent && run.snapshots !== undefined && run.snapshots.length > 0) {
      this.ctx.log.info("The import continues from a new snapshot of the source: rows not yet loaded are read as of now, not as of the job's first start.");
    }
    await this.ctx.store.updateRunState({ snapshots: [...(run.snapshots ?? []), snapshot.position] }).catch(() => undefined);
  }

  // ---- metadata ----

  /** A connection to the target for this worker (DDL where not on the lease, loads into a non-home target). */
  private async targetConn(worker: Worker): Promise<AdapterConnection> {
    const existing = this.targetConns.get(worker.id);
    if (existing !== undefined && !existing.closed) return existing;
    const conn = await this.target.connector.connect(`sluice ${this.ctx.def.jobName} W-${worker.number}`);
    this.targetConns.set(worker.id, conn);
    return conn;
  }

  private async ddlConn(lease: ItemLease, worker: Worker): Promise<AdapterConnection> {
    return this.ddlOnLease ? lease.conn : this.targetConn(worker);
  }

  private async createObject(lease: ItemLease, worker: Worker): Promise<void> {
    const payload = payloadOf(lease.item) as TablePayload;
    // Across engines: what is not translated was named in the log when the job was planned.
    const neutral = neutralOf(payload.object);
    if (neutral?.kind === 'not-translated' || neutral?.kind === 'absorbed') return lease.complete();
    // A key its table's CREATE TABLE made: nothing to run (a table that was not created skipped it).
    if (payload.inCreateTable === true) return lease.complete({}, [], { grouped: true });
    if (payload.object.kind === 'TABLE') return this.createTable(lease, worker, payload);
    // An object whose passwords the master row masks is read whole only to be created (a translated one carries none).
    const object = payload.masked && neutral === undefined ? await this.unmasked(lease.item, payload.object) : payload.object;
    const conn = await this.ddlConn(lease, worker);
    if (object.kind === 'SCHEMA') {
      const name = remapSchema(this.ctx, object.schema ?? object.name);
      if (await this.target.introspector.schemaExists(conn, name)) {
        // A default schema (PostgreSQL's public) is always there: its DDL, written to allow that, still runs for its owner.
        if (!this.target.ddl.defaultSchemas.includes(name)) {
          // A retry finds what its dead attempt created.
          if (lease.reclaimed) return lease.complete();
          await lease.fail(`Object type SCHEMA:"${name}" already exists`);
          this.ctx.log.worker(worker.number, `Object type SCHEMA:"${name}" already exists`, true);
          return;
        }
      }
    }
    // A big table's first key adds every key of the table in one statement; should that fail (a
    // unique key the rows break...), each key is added on its own, so each fails or not as it would alone.
    if (payload.keysTogether !== undefined) {
      const together = this.ddlFor(payload.keysTogether);
      const done = await this.target.ddl.execute(conn, together, objectLabel(this.ctx, object)).then(
        () => true,
        () => false,
      );
      if (done) return lease.complete({}, [], { grouped: true });
    }
    const statements = this.ddlFor(object);
    try {
      await this.target.ddl.execute(conn, statements, objectLabel(this.ctx, object));
    } catch (error) {
      // A retry of non-transactional DDL finds what the dead attempt created; a later key of a big
      // table, what its first key's statement added (the table was created by this job, so no one else's).
      const exists = error instanceof AdapterError && error.code === 'OBJECT_EXISTS';
      if (!(exists && (lease.reclaimed || payload.afterFirstKey === true))) throw withSql(error, statements);
    }
    // The DDL is in the lease's transaction, or a redo takes what it created as done: the commit may be shared.
    await lease.complete({}, [], { grouped: true });
  }

  /**
   * An object whose secrets its master row holds masked, whole: from its metadata frame in the dump,
   * or read again from the source over a network link.
   */
  private async unmasked(item: MasterRow, object: CatalogObject): Promise<CatalogObject> {
    if (this.source === undefined) {
      if (item.stream === null || this.reader === undefined) {
        throw new JobError('JOB_FAILED', `The dump file set holds no metadata frame for ${object.kind} ${object.name}, whose password its master table masks; export it again.`, {
          jobName: this.ctx.def.jobName,
        });
      }
      return readObjectFrame(this.reader, item.stream);
    }
    const snapshot = this.snapshot as Snapshot;
    const conn = await snapshot.acquire();
    try {
      return await this.source.introspector.unmaskSecrets(conn, object);
    } finally {
      await snapshot.release(conn);
    }
  }

  /** TABLE_EXISTS_ACTION, decided once (and recorded before acting, so a retry acts the same). */
  private async createTable(lease: ItemLease, worker: Worker, payload: TablePayload): Promise<void> {
    const { ctx } = this;
    // A table whose CONNECTION= string holds a password is masked in its master row: read whole to be created.
    const object = payload.masked === true && payload.dataOnly !== true && neutralOf(payload.object) === undefined ? await this.unmasked(lease.item, payload.object) : payload.object;
    const ref = remapTableRef(ctx.def, { schema: object.schema ?? '', name: object.name });
    const label = quotedTable(ref.schema, ref.name);
    const conn = await this.ddlConn(lease, worker);
    let decision: TableDecision | undefined = lease.reclaimed ? payload.decision : undefined;
    if (decision === undefined) {
      const existed = await this.existedBefore(conn, ref, lease.reclaimed);
      if (!existed && payload.dataOnly) {
        await lease.fail(`Table ${label} does not exist; CONTENT=DATA_ONLY loads rows only into tables that exist`);
        await this.skipItems(payload.data ?? []);
        ctx.log.worker(worker.number, `Table ${label} does not exist; its data is skipped (CONTENT=DATA_ONLY loads only into existing tables)`, true);
        return;
      }
      decision = { existed, action: existed ? ctx.params.tableExistsAction : 'CREATE' };
      // Recorded before acting, for a retry of non-transactional DDL; transactional DDL commits
      // with the item or not at all, and a retry decides afresh.
      if (!this.ddlOnLease && !(await lease.checkpoint({ payload: JSON.stringify({ ...payload, decision }) }))) return;
    }
    this.keptRows.decided(lease.item, decision);
    const dependents = { ids: payload.dependents ?? [], patch: { state: 'SKIPPED' }, fromStates: ['PENDING'] };
    const data = { ids: payload.data ?? [], patch: { state: 'SKIPPED' }, fromStates: ['PENDING', 'OPEN'] };
    let statements: string[] = [];
    const create = async (): Promise<void> => {
      statements = this.ddlFor(object);
      await this.target.ddl.execute(conn, statements, label);
      statements = [];
    };
    try {
      switch (decision.action) {
        case 'CREATE':
          if (payload.dataOnly) break;
          // A retry of non-transactional DDL finds the table the dead attempt created (still empty: data comes later).
          if (!(lease.reclaimed && !this.ddlOnLease && (await this.target.introspector.tableExists(conn, ref)))) await create();
          break;
        case 'SKIP':
          ctx.log.worker(worker.number, `Table ${label} exists. All dependent metadata and data will be skipped due to table_exists_action of skip`);
          return await lease.complete({}, [dependents, data]);
        case 'APPEND':
          if (!payload.dataOnly)
            ctx.log.worker(worker.number, `Table ${label} exists. Data will be appended to existing table but all dependent metadata will be skipped due to table_exists_action of append`);
          await logTableTriggers(ctx, this.target, conn, ref, worker.number);
          return await lease.complete({}, [dependents]);
        case 'TRUNCATE':
          await this.target.ddl.truncateTable(conn, ref);
          ctx.log.worker(worker.number, `Table ${label} exists and has been truncated. Data will be loaded but all dependent metadata will be skipped due to table_exists_action of truncate`);
          await logTableTriggers(ctx, this.target, conn, ref, worker.number);
          return await lease.complete({}, [dependents]);
        case 'REPLACE':
          if (payload.dataOnly) {
            await this.target.ddl.truncateTable(conn, ref);
            await logTableTriggers(ctx, this.target, conn, ref, worker.number);
            break;
          }
          if (await this.target.introspector.tableExists(conn, ref)) await this.target.ddl.dropTable(conn, ref);
          await create();
          break;
      }
    } catch (error) {
      // A deadlock or a lost connection is the worker pool's to retry (the redo acts on the recorded
      // decision), not a table that cannot be created.
      if (isTransientFailure(error)) throw error;
      // The table is not there as exported: its rows and its indexes, constraints... are skipped with it.
      const reason = errorText(statements.length > 0 ? withSql(error, statements) : error);
      await lease.fail(reason);
      await this.skipItems([...(payload.data ?? []), ...(payload.dependents ?? [])]);
      ctx.log.worker(worker.number, `Object type TABLE:${label} failed to create with error: ${reason}`, true);
      return;
    }
    // Transactional DDL commits with the item; otherwise the decision is recorded, so a redo acts the same.
    await lease.complete({}, [], { grouped: true });
  }

  /**
   * Whether a table exists, for its TABLE_EXISTS_ACTION: from one listing of its schema, taken the
   * first time, rather than a query per table. A name this process already decided for (two source
   * tables remapped onto one), a retry, or a name that differs only in case asks the server itself.
   */
  private async existedBefore(conn: AdapterConnection, ref: TableRef, reclaimed: boolean): Promise<boolean> {
    const key = JSON.stringify([ref.schema, ref.name]);
    const listed = reclaimed || this.decided.has(key) ? undefined : await this.listedTables(conn, ref.schema);
    this.decided.add(key);
    if (listed === undefined || listed.lower.has(ref.name.toLowerCase()) !== listed.exact.has(ref.name)) return this.target.introspector.tableExists(conn, ref);
    return listed.exact.has(ref.name);
  }

  private listedTables(conn: AdapterConnection, schema: string): Promise<{ exact: Set<string>; lower: Set<string> } | undefined> {
    let listed = this.tablesListed.get(schema);
    if (listed === undefined) {
      listed = (async () => {
        // Undefined when the adapter cannot list a schema's tables: each is then asked on its own.
        const names = await this.target.introspector.tablesIn(conn, schema);
        return names === undefined ? undefined : { exact: new Set(names), lower: new Set(names.map((n) => n.toLowerCase())) };
      })();
      this.tablesListed.set(schema, listed);
      listed.catch(() => this.tablesListed.delete(schema));
    }
    return listed;
  }

  /** The statements creating an object: from the source's model, or from its neutral form across engines. */
  private ddlFor(object: CatalogObject): string[] {
    const options = ddlOptionsFor(this.ctx.def, object);
    const neutral = neutralOf(object);
    if (neutral === undefined) return this.target.ddl.generateDdl(object, options);
    const into = this.target.crossEngine;
    if (into === undefined) throw new JobError('INVALID_OPERATION', `The ${this.target.name} adapter cannot create objects of another engine.`, { jobName: this.ctx.def.jobName });
    return into.generateNeutralDdl(neutral, options);
  }

  private async skipItems(ids: readonly number[]): Promise<void> {
    await this.ctx.store.setItemState(ids, 'SKIPPED', { fromStates: ['PENDING', 'OPEN'] });
  }

  // ---- data ----

  /**
   * One chunk: its source picked (the dump set or the link), its data loaded in one target
   * transaction (cleared first where an earlier attempt may have left rows, triggers off around it
   * under DISABLE_TRIGGERS), then the item recorded as done.
   */
  private async loadChunk(lease: ItemLease, worker: Worker): Promise<void> {
    const { ctx } = this;
    const payload = payloadOf(lease.item) as DataPayload;
    const ref = remapTableRef(ctx.def, loadTable(payload));
    const conn = this.loadOnLease ? lease.conn : await this.targetConn(worker);
    // Off the home database the load still runs in one target transaction: all of a chunk or none.
    const ownTx = !this.loadOnLease;
    // What an earlier attempt loaded is cleared first: off the home database it may have committed
    // before its master row was marked; on it, a table without transactions (MyISAM, Aria) kept its
    // rows through the rollback that undid the master row. Never rows the table held before (APPEND).
    const leftBy = async (): Promise<LeftBy | undefined> => (ownTx ? 'own-transaction' : (await this.rollsBack(conn, ref)) ? undefined : 'no-transactions');
    const before = !ownTx && !this.target.data.supportsNonTransactionalTables ? 'load' : await this.keptRows.beforeLoad(lease, ref, targetChunk(payload, ref), conn, leftBy);
    if (before === 'lost') return;
    const clear = before === 'clear';
    if (clear && !ownTx) this.checkClearable(payload, ref);
    const remaps = dataRemapsFor(ctx.def, payload.chunk.table);
    const source = this.chunkSource(lease.item, payload, remaps);
    let disabled: readonly TableTrigger[] = [];
    const result = await this.inTargetTransaction(
      conn,
      async () => {
        if (clear) await this.target.data.deleteChunk(conn, ref, targetChunk(payload, ref));
        disabled = await triggersOff(ctx, this.target, conn, ref);
        const loaded = await this.loadData(await source.open(), payload, ref, conn, remaps, worker);
        await triggersOn(this.target, conn, ref, disabled);
        // Off the home database the rows commit before their master row: only while this worker still
        // holds the item, or another worker that took it meanwhile (as an orphan) would load them twice.
        if (ownTx && !(await lease.confirm())) throw ITEM_LOST;
        return loaded;
      },
      () => this.keptRows.rolledBack(lease, () => this.rollsBack(conn, ref)),
    )
      .catch((error: unknown) => {
        if (error === ITEM_LOST) return undefined;
        throw error;
      })
      .finally(() => source.release());
    // Another worker has the item now: this attempt's rows were rolled back.
    if (result === undefined) return;
    await this.recordChunk(lease, worker, ref, result, disabled);
  }

  /**
   * Run a chunk's load in one target transaction: the lease's own when the target is the home
   * database (rows and master row commit together), else one on the target connection, rolled back
   * (then `onRolledBack`) when the load fails.
   */
  private inTargetTransaction<T>(conn: AdapterConnection, body: () => Promise<T>, onRolledBack: () => Promise<void>): Promise<T> {
    return this.loadOnLease ? body() : withTargetTransaction(this.target, conn, body, onRolledBack);
  }

  /**
   * Where a chunk's data comes from: over the link, as the unload's bytes where the target loads them
   * as they are, else as rows (another engine, another encoding, REMAP_DATA); or from the dump set.
   */
  private chunkSource(item: MasterRow, payload: DataPayload, remaps: ReadonlyMap<string, RemapFunction>): ChunkSource {
    const { chunk } = payload;
    if (this.source !== undefined) {
      const asRows = payload.cross !== undefined || payload.encoding !== this.target.data.dataEncoding.name || remaps.size > 0;
      return linkChunkSource(this.source, this.snapshot as Snapshot, chunk, this.ctx.filters.unloadOptions(chunk.table), asRows ? 'rows' : 'bytes');
    }
    return dumpChunkSource(this.reader as DumpSetReader, item, () => this.dumpDecoder(payload));
  }

  /** The adapter whose format a dump chunk's bytes are in: another engine's codec across engines, else the target's own. */
  private dumpDecoder(payload: DataPayload): Adapter {
    if (payload.cross !== undefined) return dumpCodec(this.ctx, this.target, payload.encoding, payload.encoding) as Adapter;
    if (payload.encoding !== this.target.data.dataEncoding.name) {
      throw new JobError('INVALID_OPERATION', `The dump holds ${payload.encoding} data, which ${this.target.name} cannot load; import it over a network link from the source instead`, {
        jobName: this.ctx.def.jobName,
      });
    }
    return this.target;
  }

  /**
   * Write a chunk's data into `ref`: bytes of the target's own format with nothing to change go to the
   * bulk load; anything else is written as rows. Bytes are counted for progress as they are read.
   */
  private async loadData(data: ChunkData, payload: DataPayload, ref: TableRef, conn: AdapterConnection, remaps: ReadonlyMap<string, RemapFunction>, worker: Worker): Promise<LoadResult> {
    if (data.kind === 'rows') return this.writeChunkRows(data.rows, payload, ref, conn, remaps, worker);
    const source = meteredSource(data.stream, (n) => (worker.status.itemBytes += n), worker.signal);
    try {
      if (payload.cross === undefined && remaps.size === 0) return await this.target.data.load(conn, ref, source.stream, this.loadOptions(payload));
      return await this.writeChunkRows(data.decoder.data.decodeRows(source.stream), payload, ref, conn, remaps, worker);
    } finally {
      source.release();
    }
  }

  /**
   * A chunk's rows with REMAP_DATA applied and, from another engine, converted column by column into
   * the target's types (rows it cannot hold rejected under SKIP_CONSTRAINT_ERRORS), written with `writeRows`.
   */
  private async writeChunkRows(
    rows: AsyncIterable<Row[]>,
    payload: DataPayload,
    ref: TableRef,
    conn: AdapterConnection,
    remaps: ReadonlyMap<string, RemapFunction>,
    worker: Worker,
  ): Promise<LoadResult> {
    const { cross } = payload;
    const columns = cross?.columns ?? payload.loadColumns ?? [];
    const options: LoadOptions = { ...this.loadOptions(payload), columns };
    const remapped = remapRows(rows, columns, remaps, worker.signal);
    if (cross === undefined) return this.target.data.writeRows(conn, ref, columns, remapped, options);
    const rejects: RejectedRow[] = [];
    const result = await this.target.data.writeRows(conn, ref, columns, convertRows(remapped, cross, ref, this.ctx.params.skipConstraintErrors, rejects), options);
    return rejects.length === 0 ? result : { ...result, rejected: [...(result.rejected ?? []), ...rejects] };
  }

  /** The load options of a chunk: SKIP_CONSTRAINT_ERRORS, and the columns its rows hold where the plan named them. */
  private loadOptions(payload: DataPayload): LoadOptions {
    return { skipConstraintErrors: this.ctx.params.skipConstraintErrors, ...(payload.loadColumns === undefined ? {} : { columns: payload.loadColumns }) };
  }

  /**
   * The chunk loaded: its rejected rows written out, its line logged, its master row DONE (with its
   * table's latch where it is the table's only chunk), and the worker's figures updated.
   */
  private async recordChunk(lease: ItemLease, worker: Worker, ref: TableRef, result: LoadResult, disabled: readonly TableTrigger[]): Promise<void> {
    const { ctx } = this;
    const rejected = result.rejected?.length ?? 0;
    if (rejected > 0) this.writeRejects(worker, ref, result);
    const shownAs = (t: TableRef): TableRef => remapTableRef(ctx.def, t);
    const only = onlyChunkLine(ctx, worker, lease, 'imported', shownAs);
    // The line goes out before the commit (which flips the table's latch): a kill just after the
    // commit cannot lose it (a redo after a kill before the commit may log it twice, never none).
    only?.log(true, { rows: result.rows, bytes: result.bytes, rejected });
    // Rows loaded in the lease's transaction commit with their master row, so the commit may be
    // shared with the batch's next items (not after trigger DDL, which may commit on its own).
    await lease.completeAndLatch({ rowsDone: result.rows, bytesDone: result.bytes, payload: JSON.stringify({ ...(payloadOf(lease.item) as DataPayload), rejected }) }, [], {
      grouped: this.loadOnLease && disabled.length === 0,
      ...(only === undefined ? {} : { latch: only.latch }),
    });
    worker.status.completedRows += result.rows;
    worker.status.completedBytes += result.bytes;
    if (only === undefined) await logTableIfDone(ctx, worker, lease.item, 'imported', shownAs);
  }

  /** Whether rows loaded into `ref` go away with a rollback (a table of a storage engine without transactions keeps them). */
  private async rollsBack(conn: AdapterConnection, ref: TableRef): Promise<boolean> {
    return this.target.data.isTransactionalTable(conn, ref);
  }

  /**
   * A chunk that PARTITION_OPTIONS=MERGE loads into a table without transactions cannot be cleared
   * before a reload: its rows lie among other partitions' rows, which its range does not tell apart.
   * The job stops rather than duplicate or delete rows.
   */
  private checkClearable(payload: DataPayload, ref: TableRef): void {
    if (this.ctx.params.partitionOptions !== 'MERGE' || payload.loadInto === undefined) return;
    const label = quotedTable(ref.schema, ref.name);
    throw new JobError(
      'INVALID_OPERATION',
      `Table data ${quotedTable(payload.chunk.table.schema, payload.chunk.table.name, payload.chunk.partition)} must be loaded again into ${label}, whose storage engine has no transactions, so the rows an interrupted attempt loaded stayed; with PARTITION_OPTIONS=MERGE they cannot be told apart from other partitions' rows. Empty ${label} and import its data again (TABLE_EXISTS_ACTION=TRUNCATE with TABLES=), or import with PARTITION_OPTIONS=DEPARTITION or into an InnoDB table.`,
      { jobName: this.ctx.def.jobName },
    );
  }

  /** DATA_OPTIONS=SKIP_CONSTRAINT_ERRORS: rejected rows go to the reject file beside the log, reasons to the log. */
  private writeRejects(worker: Worker, ref: TableRef, result: LoadResult): void {
    const rejected = result.rejected ?? [];
    const path = rejectFilePath(this.ctx);
    appendFileSync(path, rejected.map((r) => (r.row.endsWith('\n') ? r.row : `${r.row}\n`)).join(''));
    const reasons = new Map<string, number>();
    for (const r of rejected) reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
    for (const [reason, n] of reasons) {
      this.ctx.log.worker(worker.number, `${n} row(s) of ${quotedTable(ref.schema, ref.name)} were rejected with the following error: ${reason}`);
    }
  }

  /**
   * A chunk that cannot be loaded stops the job, to be resumed once its cause is fixed; rows that
   * break a constraint of the target are an error the job continues past, as Data Pump counts them
   * (DATA_OPTIONS=SKIP_CONSTRAINT_ERRORS rejects them row by row instead), and so are chunks that
   * fail once damaged frames were skipped under DATA_OPTIONS=CONTINUE_LOAD_ON_FORMAT_ERROR. Objects
   * that fail to create are errors too.
   */
  failureStopsJob(lease: ItemLease, error: unknown): boolean {
    if (lease.item.itemKind !== 'DATA') return false;
    if (error instanceof AdapterError && error.code === 'CONSTRAINT_VIOLATION') return false;
    // The target cannot take these rows at all (a server setting or version says why): a retry or a
    // restart would fail the same way, so the job goes on and ends with the error counted.
    if (error instanceof AdapterError && error.code === 'UNSUPPORTED') return false;
    // DATA_OPTIONS=CONTINUE_LOAD_ON_FORMAT_ERROR asked to go on past damaged frames and the chunks they break.
    return !this.damagedFrames;
  }

  itemLabel(item: MasterRow): string | undefined {
    if (item.itemKind !== 'DATA') return undefined;
    const ref = remapTableRef(this.ctx.def, loadTable(payloadOf(item) as DataPayload));
    return `table data ${quotedTable(ref.schema, ref.name, item.partitionName)}`;
  }

  describeFailure(lease: ItemLease, _worker: Worker, error: unknown): string {
    const item = lease.item;
    if (item.itemKind === 'DATA') {
      const p = payloadOf(item) as DataPayload;
      const ref = remapTableRef(this.ctx.def, loadTable(p));
      return `Table data object ${quotedTable(ref.schema, ref.name, item.partitionName)} failed to load/unload and is being skipped due to error: ${errorText(error)}`;
    }
    const object = (payloadOf(item) as MetadataPayload).object;
    return `Object type ${object.kind}:${objectLabel(this.ctx, object)} failed to create with error: ${errorText(error)}`;
  }

  async skipOrphan(row: MasterRow): Promise<void> {
    if (row.itemKind !== 'DATA') return;
    const payload = payloadOf(row) as DataPayload;
    const ref = remapTableRef(this.ctx.def, loadTable(payload));
    const conn = await this.target.connector.connect(`sluice ${this.ctx.def.jobName} skip`);
    try {
      // Loaded on the lease, the rows went with its rollback, unless the table has no transactions.
      if (this.loadOnLease && (await this.rollsBack(conn, ref))) return;
      if (this.loadOnLease) this.checkClearable(payload, ref);
      if (!(await this.keptRows.orphanClearable(row, ref, this.loadOnLease ? 'no-transactions' : 'own-transaction'))) return;
      await this.target.data.deleteChunk(conn, ref, targetChunk(payload, ref));
    } finally {
      await conn.close();
    }
  }

  async finish(): Promise<void> {
    await logRemainingTables(this.ctx, 'imported', (t) => remapTableRef(this.ctx.def, t));
  }

  async suspend(): Promise<void> {
    // A restart reopens the set and the snapshot; nothing to keep.
  }

  async close(): Promise<void> {
    const reader = this.reader;
    this.reader = undefined;
    await reader?.close();
    const snapshot = this.snapshot;
    this.snapshot = undefined;
    await snapshot?.close().catch(() => undefined);
    for (const conn of this.targetConns.values()) await conn.close().catch(() => undefined);
    this.targetConns.clear();
  }
}

/** The reject file: beside the log file (`<log name>.bad`), else in the dump directory. */
export function rejectFilePath(ctx: RunContext): string {
  const log = jobFilePath(ctx.def, 'LOG');
  if (log !== undefined) {
    const p = parse(log);
    return join(p.dir, `${p.name}.bad`);
  }
  if (ctx.def.files.some((f) => f.kind === 'DUMP')) return jobFileLocalPath(ctx.def, dumpFiles(ctx.def).directory, `${ctx.def.jobName}.bad`);
  return join(dirname(jobFilePath(ctx.def, 'SQL') ?? '.'), `${ctx.def.jobName}.bad`);
}

function remapSchema(ctx: RunContext, schema: string): string {
  return ctx.def.metadataRemaps.find((r) => r.name === 'REMAP_SCHEMA' && r.from === schema)?.to ?? schema;
}

/** How the log names an object, remapped: `"S"."N"` or `"N"`. */
function objectLabel(ctx: RunContext, object: CatalogObject): string {
  if (object.schema === null) return `"${object.name}"`;
  return `"${remapSchema(ctx, object.schema)}"."${object.name}"`;
}

/** The failing statements appended to an error, as Data Pump prints "Failing sql is". */
function withSql(error: unknown, statements: readonly string[]): Error {
  const message = errorText(error);
  // A user mapping's options and a subscription's connection may hold a password: masked here, before the text reaches the log or the master table.
  const e = new Error(redact(`${message}${statements.length > 0 ? `\nFailing sql is:\n${statements.join('\n')}` : ''}`), { cause: error });
  return e;
}

/** Apply REMAP_DATA functions to row batches. */
async function* remapRows(batches: AsyncIterable<Row[]>, columns: readonly string[], remaps: ReadonlyMap<string, RemapFunction>, signal: AbortSignal): AsyncIterable<Row[]> {
  const at: [number, RemapFunction][] = [];
  for (const [column, fn] of remaps) {
    const i = columns.indexOf(column);
    if (i >= 0) at.push([i, fn]);
  }
  for await (const batch of batches) {
    if (signal.aborted) throw signal.reason;
    if (at.length === 0) {
      yield batch;
      continue;
    }
    yield batch.map((row) => {
      const copy = [...row];
      for (const [i, fn] of at) copy[i] = fn(copy[i] ?? null);
      return copy;
    });
  }
}

/** The export's run state from its job row. */
function exportRunState(rows: Iterable<MasterRow>): JobRunState | undefined {
  let job: MasterRow | undefined;
  for (const r of rows) {
    if (r.rowType !== 'JOB') continue;
    job = r;
    break;
  }
  if (job === undefined) return undefined;
  try {
    return (JSON.parse(job.payload) as { run?: JobRunState }).run;
  } catch {
    return undefined;
  }
}

/** The work items among a master's rows (the job row is not one). */
function* itemRows(rows: Iterable<MasterRow>): Generator<MasterRow> {
  for (const r of rows) if (r.rowType === 'ITEM') yield r;
}

/** An object's full catalog entry, read again from its row of the export's master. */
function fullObject(master: MasterDocumentScan, o: SourceObject): CatalogObject {
  if (o.row === undefined) return o.object;
  return (payloadOf(master.row(o.row)) as MetadataPayload).object;
}

/** The chunk as the target holds it: in the (remapped) table it loads into, in a partition only if it still loads into one. */
function targetChunk(payload: DataPayload, table: TableRef): ChunkDescriptor {
  const { partition: _partition, ...chunk } = payload.chunk;
  const partition = loadPartition(payload);
  return { ...chunk, table, ...(partition === undefined ? {} : { partition }) };
}
