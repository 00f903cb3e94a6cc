import { randomBytes } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AdapterError,
  type Adapter,
  type AdapterConnection,
  type CatalogObject,
  type ChunkDescriptor,
  type MasterRow,
  type ServerInfo,
  type Snapshot,
  type SnapshotPosition,
} from '@sluice/adapter-kit';
import { DumpSetWriter, isDumpFormatError, isLocationUrl, type FileNeeded } from '@sluice/dump-format';
import { JobError } from '../errors.js';
import { formatSize, quotedTable } from '../log/index.js';
import { missingData, missingDataText, masterDocumentSource, withoutMasterTables, type ItemLease, type JobRunState } from '../master-table/index.js';
import { displayPath, dumpFiles, writerOptions } from './dump-set.js';
import { CatalogStore } from './catalog-store.js';
import { heapCheckpoint } from './heap-governor.js';
import { chunkItems, dataTables, estimateTables, planTableChunks } from './chunk-planning.js';
import { adoptOtherFiles, awaitServingProcesses, fileClaimer, itemsInLostFiles, ownFoundFiles, settleClaims } from './dump-file-claims.js';
import { metadataItem, payloadOf, streamFor, type DataPayload } from './item-payload.js';
import type { Operation } from './operation.js';
import { meterUnload } from './row-counter.js';
import { logRemainingTables, logTableIfDone, onlyChunkLine } from './table-data-line.js';
import { jobLabel, type RunContext } from './run-context.js';
import { errorText, type Worker } from './worker-pool.js';
import { reportNotExported } from './not-exported.js';
import { dropEarlierAttempt, dropUnfinishedUploads, jobFileNamer } from './unfinished-uploads.js';

/** Items an export's plan writes into the master table per batch. */
const PLAN_BATCH = 1_000;
/** Master rows read per page when the set's master document is written. */
const MASTER_PAGE = 2_000;

/** A new job GUID as 32 hex digits. */
function newGuid(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}

/**
 * EXPORT: one consistent snapshot, introspection and filters, metadata frames, chunks planned by
 * bytes into the master table, chunks unloaded by parallel workers straight into the dump set's
 * stream writers, and at the end the master table written as the set's master.
 */
export class ExportOperation implements Operation {
  private readonly ctx: RunContext;
  private readonly source: Adapter;
  private snapshot: Snapshot | undefined;
  /** Snapshots replaced after they were lost; closed at the end, once no worker reads from them. */
  private readonly retired: Snapshot[] = [];
  private renewing: Promise<void> | undefined;
  /** A serving process: the snapshot of the process that started the job, which it joined (CONSISTENT=Y). */
  private joined: SnapshotPosition | undefined;
  private writer: DumpSetWriter | undefined;
  /** The dump files written, as last recorded in the job row. */
  private written: readonly string[] = [];
  private maxWorkers = 1;

  constructor(ctx: RunContext) {
    this.ctx = ctx;
    this.source = ctx.connections.source ?? ctx.home;
  }

  readonly handle = (lease: ItemLease, worker: Worker): Promise<void> => this.unloadChunk(lease, worker);
  /** Chunks are read on the snapshot's sessions and written to files. */
  readonly workOffLease = true;

  workerCap(): number | undefined {
    return this.source.connector.supportsLateSnapshotJoin ? undefined : this.maxWorkers;
  }

  private async openSnapshot(join?: SnapshotPosition): Promise<Snapshot> {
    // A serving process that takes the job over reads from a snapshot of its own from then on.
    if (this.snapshot !== undefined) this.retired.push(this.snapshot);
    this.joined = join;
    this.maxWorkers = Math.max(1, this.ctx.def.parallel);
    const scope = this.ctx.filters.introspectScope(this.ctx.params.userMetadata);
    const snapshot = await this.source.connector.openSnapshot({ maxWorkers: this.maxWorkers, consistent: this.ctx.params.flashback, scope, ...(join === undefined ? {} : { join }) });
    this.snapshot = snapshot;
    for (const note of snapshot.notes) this.ctx.log.info(note);
    return snapshot;
  }

  async plan(run: JobRunState, restarting: boolean): Promise<'work' | 'finished'> {
    if (run.phase !== 'DEFINED') {
      if (await this.reopen(run)) return 'work';
    }
    const { ctx } = this;
    const started = Date.now();
    ctx.log.info(`Starting ${jobLabel(ctx.def)}:${ctx.params.clientCommand ? `  ${ctx.params.clientCommand}` : ''}`);
    const snapshot = await this.openSnapshot();
    const conn = await snapshot.acquire();
    try {
      const server = await this.source.connector.serverInfo(conn);
      ctx.checkStop();
      // The selection is kept compressed from here on (its object graphs go as it is stored).
      const catalog = CatalogStore.take(await this.selectObjects(conn));
      const planned = await this.planData(conn, catalog);
      if (planned === undefined) {
        await ctx.store.replaceItems([], { phase: 'FINISHED', startedAt: new Date(started).toISOString() });
        return 'finished';
      }
      ctx.checkStop();
      // A set begun by an attempt that died while planning is started afresh under a new GUID.
      const earlier = (await ctx.store.readJob()).guid;
      const guid = newGuid();
      await ctx.store.updateJob({ guid });
      await ctx.store.updateRunState({ fileClaims: [] });
      const options = { ...writerOptions(ctx.def, ctx.params, ctx.secrets, server, guid), onNeedFile: this.needFile, claimFile: this.claimFile };
      // Files rewritten (an attempt that died, or REUSE_DUMPFILES): uploads a killed writer left of them go first.
      if (earlier !== undefined || options.reuseDumpfiles)
        await dropUnfinishedUploads(
          ctx,
          jobFileNamer(
            ctx,
            run.fileClaims?.map((c) => c.name),
          ),
        );
      if (earlier !== undefined) await dropEarlierAttempt(ctx, [...(run.fileClaims ?? []).map((c) => c.name), ...((await ctx.store.readJob()).files ?? [])]);
      this.writer = await DumpSetWriter.create(earlier === undefined ? options : { ...options, reuseDumpfiles: true });

      // The plan goes into the master table a batch at a time, and counts once the run state says
      // PLANNED: until then a restart plans again (so first, no items of an earlier attempt are left).
      await ctx.store.replaceItems([], { phase: 'DEFINED' });
      // Metadata: one frame per object on stream 0, in the catalog's dependency order, each object
      // decoded from the store when reached.
      // Frames are not awaited one by one (thousands of objects would be thousands of waits on the
      // file system), and a batch's rows are inserted while the next batch's frames are written.
      let batch: Promise<MasterRow>[] = [];
      let inserting: Promise<void> = Promise.resolve();
      const insertBatch = async (): Promise<void> => {
        const rows = await Promise.all(batch);
        batch = [];
        await inserting;
        inserting = ctx.store.appendItems(rows);
        // Awaited by the next batch or after the last one.
        inserting.catch(() => undefined);
      };
      let id = 1;
      for (let order = 0; order < catalog.length; order++) {
        ctx.checkStop();
        const object = catalog.object(order);
        ctx.paths.begin(`${ctx.prefix}/${object.path}`, 1);
        // An object holding a secret (a user mapping's password) is whole in its frame, on a stream
        // of its own that an import reads it back from; its master row keeps it masked.
        const masked = this.source.introspector.maskSecrets(object);
        const stream = masked === undefined ? 0 : streamFor(id, 0);
        const written = this.writer.writeFrame('metadata', stream, Buffer.from(catalog.text(order), 'utf8'));
        ctx.paths.count(`${ctx.prefix}/${object.path}`, 1);
        const row = metadataItem(id++, ctx.prefix, masked ?? object, order, 0, 'DONE', masked !== undefined);
        const placed = written.then((location) => ({ ...row, dumpFile: location.file, bytesDone: location.plainLength, ...(masked === undefined ? {} : { stream }) }));
        // Awaited with its batch.
        placed.catch(() => undefined);
        batch.push(placed);
        if (batch.length >= PLAN_BATCH) await insertBatch();
        // Each object makes a frame buffer and a row: collected as they go, not a batch's worth at once.
        else if (batch.length % 250 === 0) heapCheckpoint();
      }
      await insertBatch();
      await inserting;
      await ctx.store.appendItems(chunkItems(ctx, planned.chunks, this.source.data.dataEncoding.name, id));
      this.written = this.writer.fileNames();
      await ctx.store.updateJob({ files: [...this.written] });
      await ctx.store.updateRunState({
        phase: 'PLANNED',
        startedAt: new Date(started).toISOString(),
        snapshots: [snapshot.position],
        totalBytes: planned.totalBytes,
        ...(this.writer.keyDerivation === null ? {} : { keyDerivation: this.writer.keyDerivation }),
        source: { jobName: ctx.def.jobName, owner: ctx.def.owner, engine: server.engine, version: server.version, dataEncoding: this.source.data.dataEncoding.name, mode: ctx.def.mode },
        notes: { product: server.product, charset: server.charset },
      });
      if (restarting && run.phase === 'DEFINED') ctx.log.info('The job had not finished planning; it was planned again.');
      return 'work';
    } finally {
      await snapshot.release(conn);
    }
  }

  /** The catalog objects the job exports (the introspected catalog itself is not kept). */
  private async selectObjects(conn: AdapterConnection): Promise<CatalogObject[]> {
    const { ctx } = this;
    const catalog = await this.source.introspector.introspect(conn, ctx.filters.introspectScope(ctx.params.userMetadata));
    await reportNotExported(ctx, catalog);
    const { selected, unmatched } = ctx.filters.selectObjects(await withoutMasterTables(this.source, catalog.objects));
    for (const name of unmatched) await ctx.countError(`Object ${name} was not found or could not be exported.`);
    if (selected.length === 0) await ctx.countError('No data or metadata objects were selected for the job.');
    return selected;
  }

  /**
   * The estimate and the chunks of the selected tables (undefined for ESTIMATE_ONLY), planned before
   * any metadata is written so that nothing but the chunks outlives it.
   */
  private async planData(conn: AdapterConnection, catalog: CatalogStore): Promise<{ chunks: ChunkDescriptor[]; totalBytes: number } | undefined> {
    const { ctx } = this;
    const tables = await estimateTables(ctx, this.source, conn, dataTables(ctx, catalog.tableObjects()), ctx.params.estimateOnly);
    if (ctx.params.estimateOnly) return undefined;
    // Key ranges for keyed tables: an import whose master table is in another database (CONTROL=)
    // clears a chunk a killed attempt committed by its key range, which a page range cannot give.
    const chunks = await planTableChunks(ctx, this.source, conn, tables, false);
    return { chunks, totalBytes: tables.reduce((n, t) => n + t.estimate, 0) };
  }

  /** A restarted (or resumed) export: a new snapshot, and the dump set reopened to keep appending. */
  private async reopen(run: JobRunState): Promise<boolean> {
    const { ctx } = this;
    const job = await ctx.store.readJob();
    if (job.guid === undefined)
      throw new JobError('INTERNAL_ERROR', `Export job "${ctx.def.jobName}" was planned but its master table holds no dump set GUID; report this as a bug.`, { jobName: ctx.def.jobName });
    if (run.phase === 'FINISHED') return true;
    const snapshot = await this.openSnapshot();
    const conn = await snapshot.acquire();
    let server: ServerInfo;
    try {
      server = await this.source.connector.serverInfo(conn);
    } finally {
      await snapshot.release(conn);
    }
    if (snapshot.consistent) {
      const where = describePosition(snapshot.position);
      ctx.log.info(`The export continues from a new snapshot${where ? ` (${where})` : ''}: rows not yet unloaded are read as of now, not as of the job's first start.`);
    }
    await ctx.store.updateRunState({ snapshots: [...(run.snapshots ?? []), snapshot.position] });
    await dropUnfinishedUploads(
      ctx,
      jobFileNamer(
        ctx,
        run.fileClaims?.map((c) => c.name),
      ),
    );
    try {
      this.writer = await DumpSetWriter.resume({ ...writerOptions(ctx.def, ctx.params, ctx.secrets, server, job.guid), guid: job.guid, onNeedFile: this.needFile, claimFile: this.claimFile });
    } catch (error) {
      // Object storage shows a file only once it is complete, so an export that died there left nothing to continue.
      const directory = dumpFiles(ctx.def).directory;
      if (!isLocationUrl(directory) || !isDumpFormatError(error, 'MISSING_FILE')) throw error;
      await this.snapshot?.close().catch(() => undefined);
      this.snapshot = undefined;
      ctx.log.info(`The dump files in ${directory} were not complete when the export stopped, and object storage keeps no partial file: the export starts again from the beginning.`);
      return false;
    }
    await ownFoundFiles(this.ctx, this.writer.fileNames());
    return this.redoLostFiles();
  }

  /** Claims the next dump file through the master table, so processes serving the job never take the same name or number. */
  private readonly claimFile: ReturnType<typeof fileClaimer> = (pick) => fileClaimer(this.ctx)(pick);

  /**
   * Object storage keeps a file only once it was parked (at a FILESIZE rollover) or completed: the
   * chunks a dead run finished into a file that never got there are done again (under new stream
   * numbers), and metadata lost that way, written only while planning, plans the export again.
   */
  private async redoLostFiles(): Promise<boolean> {
    const { ctx } = this;
    const kept = new Set(this.writer?.fileNames() ?? []);
    const lost = await itemsInLostFiles(ctx, kept);
    if (lost.some((r) => r.itemKind === 'METADATA')) {
      await this.suspend();
      await this.snapshot?.close().catch(() => undefined);
      this.snapshot = undefined;
      ctx.log.info(`The dump file holding the job's metadata in ${dumpFiles(ctx.def).directory} was not complete when the export stopped: the export starts again from the beginning.`);
      return false;
    }
    const ids = lost.filter((r) => r.itemKind === 'DATA').map((r) => r.id);
    if (ids.length > 0) {
      await ctx.store.setItemState(ids, 'PENDING', { fromStates: ['DONE'] });
      const files = [...new Set(lost.map((r) => r.dumpFile))].join(', ');
      ctx.log.info(
        `${ids.length} table data chunk(s) finished into ${files}, which the store did not keep when the export stopped, will be exported again; the ${kept.size} file(s) kept are continued.`,
      );
    }
    return true;
  }

  /**
   * A process serving a running export (`startJob({ serveOnly })`): with CONSISTENT=Y it joins the
   * snapshot of the process that started the job (recorded in the run state), so every row of the
   * set is read as of one point in time; its own writer's files join the set under numbers claimed
   * through the master table.
   */
  async openForServing(run: JobRunState): Promise<void> {
    const { ctx } = this;
    if (run.phase !== 'PLANNED') return;
    const job = await ctx.store.readJob();
    if (job.guid === undefined)
      throw new JobError('INTERNAL_ERROR', `Export job "${ctx.def.jobName}" is planned but its master table holds no dump set GUID; report this as a bug.`, { jobName: ctx.def.jobName });
    if (ctx.params.encryption !== 'NONE' && ctx.secrets.encryptionPassword === undefined && ctx.secrets.keyFile === undefined) {
      throw new JobError(
        'INCONSISTENT_ARGS',
        `Job "${ctx.def.jobName}" encrypts its dump files, and secrets are never stored: this process needs the job's ENCRYPTION_PASSWORD (or ENCRYPTION_KEY_FILE) to write files of the set.`,
        { jobName: ctx.def.jobName },
      );
    }
    let snapshot: Snapshot;
    if (ctx.params.flashback) {
      assertServableExport(ctx.def.jobName, this.source);
      const join = run.snapshots?.at(-1);
      if (join?.snapshotId === undefined) {
        throw new JobError('INTERNAL_ERROR', `Export job "${ctx.def.jobName}" reads a consistent snapshot (CONSISTENT=Y) but its master table records no snapshot id to join; report this as a bug.`, {
          jobName: ctx.def.jobName,
        });
      }
      this.joined = join;
      try {
        snapshot = await this.openSnapshot(join);
      } catch (error) {
        if (error instanceof AdapterError && error.code === 'SNAPSHOT_FAILED') throw this.snapshotGone(error);
        throw error;
      }
      ctx.log.info(`This process joined the job's snapshot of the source (${describePosition(join)}): the rows it unloads are read as of the same point in time as the rest of the export.`);
    } else {
      snapshot = await this.openSnapshot();
      ctx.log.info('CONSISTENT=N: this process reads the latest committed rows of the source, as every worker of the job does.');
    }
    const conn = await snapshot.acquire();
    let server: ServerInfo;
    try {
      server = await this.source.connector.serverInfo(conn);
    } finally {
      await snapshot.release(conn);
    }
    this.writer = await DumpSetWriter.join({
      ...writerOptions(ctx.def, ctx.params, ctx.secrets, server, job.guid),
      guid: job.guid,
      onNeedFile: this.needFile,
      claimFile: this.claimFile,
      keyDerivation: run.keyDerivation ?? null,
    });
  }

  /**
   * The snapshot a serving process joined is gone (the process that took it stopped, or lost its
   * snapshot transaction): rows read from any other snapshot would not match the rest of the set.
   */
  private snapshotGone(cause: unknown): JobError {
    const { def } = this.ctx;
    const id = this.joined?.snapshotId ?? 'of the job';
    return new JobError(
      'INVALID_OPERATION',
      `The snapshot ${id} of job ${def.jobName} is gone: the process that started the export stopped or lost its snapshot transaction. ` +
        `With CONSISTENT=Y a serving process never exports rows from another point in time, so this process stops serving. ` +
        `Restart the job with sluice attach ${def.jobName} --source URL --start (it takes a new snapshot, which its log names), then serve it again.`,
      { jobName: def.jobName, cause },
    );
  }

  /** A serving process with no item left: its files are stored for the process that closes the set. */
  async leave(): Promise<void> {
    const writer = this.writer;
    this.writer = undefined;
    if (writer === undefined) return;
    const names = await writer.park();
    await settleClaims(this.ctx, (c) => c.holder === this.ctx.holder && names.includes(c.name));
    this.ctx.log.info(`This process wrote ${names.join(', ')} of the dump file set; the process that completes the job closes them.`);
  }

  /** Every item is done: wait for the processes serving the job to store their files; true when work of a dead one is put back. */
  async beforeFinish(): Promise<boolean> {
    return this.writer === undefined ? false : awaitServingProcesses(this.ctx, this.writer);
  }

  /** Unload one chunk into the dump set under a stream number of its own (a retry gets a new one). */
  private async unloadChunk(lease: ItemLease, worker: Worker): Promise<void> {
    const { ctx } = this;
    const writer = this.writer;
    const snapshot = this.snapshot;
    if (writer === undefined || snapshot === undefined) throw new JobError('INTERNAL_ERROR', 'export worker started before the dump set was open');
    const payload = payloadOf(lease.item) as DataPayload;
    const stream = streamFor(lease.item.id, lease.item.attempts);
    const conn = await snapshot.acquire();
    let data: Readable | undefined;
    let out: Writable | undefined;
    const only = onlyChunkLine(ctx, worker, lease, 'exported', (t) => t);
    try {
      // The stream writer first: a set that can no longer be written (disk full) fails before any row is read.
      out = writer.createStreamWriter(stream, 'data');
      data = this.source.data.unload(conn, payload.chunk, ctx.filters.unloadOptions(payload.chunk.table));
      const meter = meterUnload(data, (n) => (worker.status.itemBytes += n));
      await pipeline([data, ...meter.stages, out], { signal: worker.signal });
      const { rows, bytes } = meter.totals();
      // A table's only chunk has no latch (chunkItems): its line goes out before the commit, so a
      // kill just after the commit cannot lose it (a redo after a kill before it may log it twice, never none).
      only?.log(true, { rows, bytes, rejected: 0 });
      // A redo writes the chunk again under a new stream number, so the commit may be shared with
      // the batch's next items: a crash before it only repeats their unloads.
      const patch = { rowsDone: rows, bytesDone: bytes, stream, dumpFile: writer.fileNames().at(-1) ?? null };
      await lease.complete(patch, [], { grouped: true });
      worker.status.completedRows += rows;
      worker.status.completedBytes += bytes;
    } catch (error) {
      if (data !== undefined && !data.destroyed) data.destroy();
      if (out !== undefined && !out.destroyed) out.destroy();
      // A session that failed mid-unload is lost or holds half a result: a retry gets another one.
      await conn.close().catch(() => undefined);
      throw error;
    } finally {
      await snapshot.release(conn);
    }
    if (only === undefined) await logTableIfDone(ctx, worker, lease.item, 'exported', (t) => t);
  }

  /** Every chunk must reach the set: a chunk that cannot be unloaded stops the job. */
  failureStopsJob(): boolean {
    return true;
  }

  /**
   * Before a chunk is retried: if the snapshot can no longer hand out a session (PostgreSQL's
   * exporting session is gone, or every MariaDB worker session was lost), take a new one.
   */
  async beforeRetry(): Promise<void> {
    const snapshot = this.snapshot;
    if (snapshot === undefined) return;
    let conn: Awaited<ReturnType<Snapshot['acquire']>>;
    try {
      conn = await snapshot.acquire();
    } catch (error) {
      if (!(error instanceof AdapterError && error.code === 'SNAPSHOT_FAILED')) throw error;
      await this.renewSnapshot(snapshot);
      return;
    }
    await snapshot.release(conn);
  }

  /** Replace a lost snapshot (once, however many workers found it lost) and say so in the log. */
  private async renewSnapshot(lost: Snapshot): Promise<void> {
    if (this.snapshot !== lost) return;
    // A serving process read as of the job's snapshot: it never goes on from a snapshot of its own.
    if (this.joined !== undefined) throw this.snapshotGone(undefined);
    this.renewing ??= (async () => {
      const snapshot = await this.openSnapshot();
      const where = describePosition(snapshot.position);
      this.ctx.log.info(
        `The snapshot of the source was lost. The export continues from a new snapshot${where ? ` (${where})` : ''}: rows not yet unloaded are read as of now, not as of the job's first start.`,
      );
      await this.ctx.store.updateRunState((r) => ({ snapshots: [...(r.snapshots ?? []), snapshot.position] }));
    })().finally(() => {
      this.renewing = undefined;
    });
    await this.renewing;
  }

  describeFailure(lease: ItemLease, _worker: Worker, error: unknown): string {
    const t = quotedTable(lease.item.objectSchema ?? '', lease.item.objectName ?? '', lease.item.partitionName);
    return `Table data object ${t} failed to load/unload and is being skipped due to error: ${errorText(error)}`;
  }

  /** Write the master table as the set's master, close the set, and log the file list. */
  async finish(): Promise<void> {
    const { ctx } = this;
    await logRemainingTables(ctx, 'exported', (t) => t);
    const writer = this.writer;
    if (writer !== undefined) {
      await ctx.store.updateRunState({ phase: 'CLOSING' });
      await adoptOtherFiles(ctx, writer);
      const { source: master, dataRows } = await masterDocumentSource(() => ctx.store.rowPages(MASTER_PAGE));
      const summary = await writer.close(master);
      this.writer = undefined;
      this.written = summary.files.map((f) => f.name);
      await ctx.store.updateJob({ files: [...this.written] });
      await ctx.store.updateRunState({ phase: 'FINISHED' });
      await logIncompleteSet(ctx, dataRows);
    }
    const job = await ctx.store.readJob();
    const dir = dumpFiles(ctx.def).directory;
    ctx.log.info(`Master table ${jobLabel(ctx.def)} successfully loaded/unloaded`);
    ctx.log.info('******************************************************************************');
    ctx.log.info(`Dump file set for ${ctx.def.owner}.${ctx.def.jobName} is:`);
    for (const f of job.files) ctx.log.info(`  ${displayPath(dir, f)}`);
  }

  addFile(name: string): void {
    this.writer?.addFile(name);
  }

  writtenFiles(): readonly string[] {
    return this.writer?.fileNames() ?? this.written;
  }

  /**
   * FILESIZE reached and every DUMPFILE spec used up: as expdp, the job waits for ADD_FILE (frames
   * wait in the writer, so the chunk that hit the limit goes on into the new file; nothing is lost).
   */
  private readonly needFile = (need: FileNeeded): void => {
    this.ctx.log.info(
      `The dump file set needs another file: FILESIZE=${formatSize(need.fileSize)} reached in ${need.file}, the last of DUMPFILE=${need.specs.join(',')}; add one with ADD_FILE=name. The job waits until then.`,
    );
    this.ctx.emit({ kind: 'progress' });
  };

  waitingForFile(): boolean {
    return this.writer?.waitingForFile === true;
  }

  async suspend(): Promise<void> {
    const writer = this.writer;
    this.writer = undefined;
    await writer?.abort();
  }

  async close(): Promise<void> {
    await this.suspend();
    const snapshot = this.snapshot;
    this.snapshot = undefined;
    for (const old of this.retired.splice(0)) await old.close().catch(() => undefined);
    await snapshot?.close();
  }
}

/**
 * `attach --serve` on an export reading a consistent snapshot (CONSISTENT=Y) needs a source whose
 * snapshot another process can join; otherwise it is refused before this process joins the job.
 */
export function assertServableExport(jobName: string, source: Adapter): void {
  if (source.connector.supportsLateSnapshotJoin) return;
  throw new JobError(
    'INVALID_OPERATION',
    `Job ${jobName} exports with CONSISTENT=Y (the default), and the snapshot of its ${source.name} source cannot be joined by another process: rows this process read would come from a different point in time than the rest of the dump file set. ` +
      `To use more workers, raise the job's PARALLEL in the process that runs it, or serve an import from another process instead; an export with CONSISTENT=N can be served by several processes (each reads the latest committed rows).`,
    { jobName },
  );
}

/**
 * A set whose export did not finish every data item (skipped by START_JOB skip_current, failed) is
 * INCOMPLETE, and its master says so; the log names each table and counts it as an error (a failed
 * chunk was counted already).
 */
async function logIncompleteSet(ctx: RunContext, rows: readonly MasterRow[]): Promise<void> {
  const missing = missingData(rows);
  if (missing.length === 0) return;
  ctx.log.error(`The dump file set is INCOMPLETE: the rows of ${missing.length} table(s) are not all in it. An import refuses it unless DATA_OPTIONS=ACCEPT_INCOMPLETE_SET.`);
  for (const m of missing) {
    const line = `Table data ${missingDataText(m)} is not in the dump file set.`;
    if (m.states.every((st) => st === 'FAILED')) ctx.log.error(line);
    else await ctx.countError(line);
  }
}

function describePosition(p: Snapshot['position']): string {
  const parts: string[] = [];
  if (p.snapshotId) parts.push(`snapshot ${p.snapshotId}`);
  if (p.lsn) parts.push(`LSN ${p.lsn}`);
  if (p.binlogFile) parts.push(`binlog ${p.binlogFile}:${p.binlogPosition ?? ''}`);
  if (p.gtidSet) parts.push(`GTID ${p.gtidSet}`);
  return parts.join(', ');
}
