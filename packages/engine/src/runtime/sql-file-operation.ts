import { mkdirSync, writeFileSync, appendFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Adapter, CatalogObject, DdlGenerator, MasterRow } from '@sluice/adapter-kit';
import { DumpSetReader, verifyDumpSet } from '@sluice/dump-format';
import { JobError } from '../errors.js';
import { readMasterDocument, withoutMasterTables, type ItemLease, type JobRunState } from '../master-table/index.js';
import { ddlOptionsFor } from '../remap/index.js';
import { jobFilePath, readerOptions } from './dump-set.js';
import { importItems, sourceFromMaster, type SourceObject } from './import-plan.js';
import { payloadOf, type MetadataPayload } from './item-payload.js';
import type { Operation } from './operation.js';
import { jobLabel, type RunContext } from './run-context.js';
import { errorText, type Worker } from './worker-pool.js';
import { reportNotExported } from './not-exported.js';
import { maskedObject, readObjectFrame } from './masked-objects.js';
import { dumpCodec, finishCrossPlan, neutralOf, notCarriedLines, translateObjects } from './cross-engine.js';

/**
 * SQL_FILE: the DDL an import would run, remaps and transforms applied, written in the import's
 * order to the SQL file; nothing is executed. The plan goes into the master table as for an import
 * (every item DONE once written), so the file can be compared with what an import would do.
 */
export class SqlFileOperation implements Operation {
  private readonly ctx: RunContext;
  private readonly target: Adapter;

  constructor(ctx: RunContext) {
    this.ctx = ctx;
    this.target = ctx.connections.target ?? ctx.home;
  }

  readonly handle = async (lease: ItemLease): Promise<void> => {
    await lease.complete();
  };

  workerCap(): number | undefined {
    return 1;
  }

  async plan(_run: JobRunState): Promise<'work' | 'finished'> {
    const { ctx } = this;
    const path = jobFilePath(ctx.def, 'SQL');
    if (path === undefined) {
      throw new JobError('INCONSISTENT_ARGS', `SQL_FILE job "${ctx.def.jobName}" has no SQL file: add one with addFile (kind SQL).`, { jobName: ctx.def.jobName });
    }
    const read = await this.readObjects();
    // Another engine's objects are written as the target would create them; what is not translated, commented out.
    const objects = read.source === undefined ? read.objects : translateObjects(ctx, read.source, this.target, read.objects);
    const planned = [...importItems(ctx, objects, []).items];
    const items = read.source === undefined ? planned : await finishCrossPlan(ctx, this.target, planned);
    const metadata = items.filter((r) => r.itemKind === 'METADATA').sort((a, b) => a.priority - b.priority || a.id - b.id);
    ctx.log.info(`Starting ${jobLabel(ctx.def)}:${ctx.params.clientCommand ? `  ${ctx.params.clientCommand}` : ''}`);
    mkdirSync(dirname(path), { recursive: true });
    const preamble = this.target.ddl.scriptPreamble;
    writeFileSync(path, `-- Sluice SQL file written by job ${jobLabel(ctx.def)} for ${this.target.name}\n${preamble.length === 0 ? '' : scriptOf(this.target.ddl, preamble)}`);
    let lastPath: string | null = null;
    for (const item of metadata) {
      ctx.checkStop();
      const stored = payloadOf(item) as MetadataPayload;
      if (stored.dataOnly) continue;
      // The script holds an object's passwords as pg_dump's does; the master table only masked.
      const whole = stored.masked && neutralOf(stored.object) === undefined ? read.wholes.get(item.id) : undefined;
      const payload = whole === undefined ? stored : { ...stored, object: whole };
      if (item.objectPath !== lastPath) {
        lastPath = item.objectPath;
        ctx.log.info(`Processing object type ${item.objectPath}`);
        appendFileSync(path, `-- new object type path: ${item.objectPath}\n`);
      }
      let statements: string[];
      const neutral = neutralOf(payload.object);
      if (neutral?.kind === 'not-translated' || neutral?.kind === 'absorbed') {
        const verb = neutral.kind === 'absorbed' ? 'needs no statement' : 'is not created';
        const ddl =
          neutral.kind === 'absorbed'
            ? ''
            : payload.object.ddl
                .split('\n')
                .map((l) => `-- ${l}`)
                .join('\n');
        appendFileSync(
          path,
          `-- ${payload.object.kind} ${payload.object.schema === null ? '' : `${payload.object.schema}.`}${payload.object.name} ${verb} in ${this.target.name}: ${neutral.reason}\n${ddl === '' ? '' : `${ddl}\n`}`,
        );
        continue;
      }
      try {
        const options = ddlOptionsFor(ctx.def, payload.object);
        statements = neutral === undefined ? this.target.ddl.generateDdl(payload.object, options) : (this.target.crossEngine?.generateNeutralDdl(neutral, options) ?? []);
      } catch (error) {
        await ctx.countError(`Object type ${payload.object.kind}:"${payload.object.schema ?? ''}"."${payload.object.name}" could not be written: ${errorText(error)}`);
        continue;
      }
      const lost = neutral?.kind === 'table' ? notCarriedLines(neutral, this.target) : [];
      appendFileSync(path, `${lost.map((l) => `-- ${l}\n`).join('')}${scriptOf(this.target.ddl, statements)}`);
    }
    await ctx.store.replaceItems(
      items.map((r): MasterRow => ({ ...r, state: r.itemKind === 'TABLE_DATA' ? 'LOGGED' : 'DONE', finishedAt: new Date() })),
      { phase: 'FINISHED', startedAt: new Date().toISOString() },
    );
    return 'finished';
  }

  /** The objects an import would create: from the dump's master, or introspected over the link. */
  private async readObjects(): Promise<{ objects: SourceObject[]; source?: Adapter; wholes: Map<number, CatalogObject> }> {
    const { ctx } = this;
    const source = ctx.def.networkLink ? ctx.connections.source : undefined;
    if (source !== undefined) {
      const conn = await source.connector.connect(`sluice ${ctx.def.jobName} sqlfile`);
      try {
        const catalog = await source.introspector.introspect(conn, ctx.filters.introspectScope(ctx.params.userMetadata));
        await reportNotExported(ctx, catalog);
        const wholes = new Map<number, CatalogObject>();
        const objects = (await withoutMasterTables(source, catalog.objects)).map((object, order): SourceObject => {
          const o = maskedObject(source, object);
          if (o.masked) wholes.set(order + 1, object);
          return { id: order + 1, ...o, order, path: `${ctx.prefix}/${object.path}` };
        });
        return source.data.dataEncoding.name === this.target.data.dataEncoding.name ? { objects, wholes } : { objects, source, wholes };
      } finally {
        await conn.close();
      }
    }
    const options = readerOptions(ctx.def, ctx.params, ctx.secrets);
    if (ctx.params.verifyChecksum) {
      const report = await verifyDumpSet(options);
      if (!report.ok)
        throw new JobError('JOB_FAILED', `VERIFY_CHECKSUM found the dump file set damaged: ${report.problems.map((p) => `${p.file}: ${p.message}`).join('; ')}`, { jobName: ctx.def.jobName });
    }
    const reader = await DumpSetReader.open(options);
    try {
      const { rows } = readMasterDocument(await reader.master());
      const { objects, chunks } = sourceFromMaster(rows);
      const wholes = new Map<number, CatalogObject>();
      for (const o of objects) if (o.masked && o.stream !== undefined) wholes.set(o.id, await readObjectFrame(reader, o.stream));
      const codec = dumpCodec(ctx, this.target, chunks[0]?.encoding ?? '', reader.info.sourceEngine);
      return codec === undefined ? { objects, wholes } : { objects, source: codec, wholes };
    } finally {
      await reader.close();
    }
  }

  async openForServing(): Promise<void> {
    throw new JobError('INVALID_OPERATION', `Job "${this.ctx.def.jobName}" is a SQL_FILE job: it writes one file in one process, so another process cannot serve it.`, {
      jobName: this.ctx.def.jobName,
    });
  }

  describeFailure(_lease: ItemLease, _worker: Worker, error: unknown): string {
    return errorText(error);
  }

  async finish(): Promise<void> {}

  async suspend(): Promise<void> {}

  async close(): Promise<void> {}
}

/**
 * One object's statements as its engine's client runs them: the DDL part's `scriptFor` (MySQL wraps
 * routine and trigger bodies in DELIMITER; the default ends each statement with `;` and a newline).
 */
export function scriptOf(ddl: Pick<DdlGenerator, 'scriptFor'>, statements: readonly string[]): string {
  const script = ddl.scriptFor(statements);
  return script === '' || script.endsWith('\n') ? script : `${script}\n`;
}
