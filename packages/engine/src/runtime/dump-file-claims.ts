import type { MasterRow } from '@sluice/adapter-kit';
import type { DumpSetWriter } from '@sluice/dump-format';
import type { FileClaim } from '../master-table/index.js';
import type { RunContext } from './run-context.js';
import { dropUnfinishedUploads } from './unfinished-uploads.js';

/**
 * The files of an export's dump set as the master table records them (run state `fileClaims`, file
 * number = index + 1): every process writing the set claims its files here, so names and numbers
 * stay unique across processes, and the process that closes the set knows every file.
 */

/** The writer's `claimFile`: the next spec name no process has claimed, under the job row's lock. */
export function fileClaimer(ctx: RunContext): (pick: (taken: ReadonlySet<string>) => string | null) => Promise<{ name: string; number: number } | null> {
  return async (pick) => {
    let claimed: { name: string; number: number } | null = null;
    await ctx.store.updateRunState((run) => {
      const claims = run.fileClaims ?? [];
      const name = pick(new Set(claims.map((c) => c.name)));
      claimed = name === null ? null : { name, number: claims.length + 1 };
      return name === null ? {} : { fileClaims: [...claims, { name, holder: ctx.holder, parked: false }] };
    });
    return claimed;
  };
}

/**
 * A restart continues the files it found, so they are this process's now; a set begun before file
 * claims were kept gets its claims from them, so new files never take a number already used.
 */
export async function ownFoundFiles(ctx: RunContext, found: readonly string[]): Promise<void> {
  const holder = ctx.holder;
  await ctx.store.updateRunState((run) => ({
    fileClaims: (run.fileClaims ?? found.map((name) => ({ name, holder, parked: false }))).map((c) => (found.includes(c.name) ? { ...c, holder, parked: false } : c)),
  }));
}

/** Marks claims as needing nothing more from the process that made them (stored, or known lost). */
export async function settleClaims(ctx: RunContext, which: (c: FileClaim) => boolean): Promise<void> {
  await ctx.store.updateRunState((run) => ({ fileClaims: (run.fileClaims ?? []).map((c) => (which(c) ? { ...c, parked: true } : c)) }));
}

/** Done items whose recorded dump file is not among `kept`: their frames were lost with the file. */
export async function itemsInLostFiles(ctx: RunContext, kept: ReadonlySet<string>): Promise<MasterRow[]> {
  return (await ctx.store.items({ states: ['DONE'] })).filter((r) => r.dumpFile !== null && !kept.has(r.dumpFile) && (r.itemKind === 'DATA' || r.itemKind === 'METADATA'));
}

/**
 * Every item is done: wait until the other processes that wrote files of the set have stored them.
 * A file whose process died before storing it is lost (object storage keeps no partial upload, and
 * the upload it left is aborted): the chunks finished into it are put back to be unloaded again, and
 * true says so.
 */
export async function awaitServingProcesses(ctx: RunContext, writer: DumpSetWriter): Promise<boolean> {
  let announced = false;
  for (;;) {
    ctx.checkStop();
    const others = ((await ctx.store.readRunState()).fileClaims ?? []).filter((c) => c.holder !== ctx.holder && !c.parked);
    if (others.length === 0) return false;
    const live = new Set((await ctx.store.liveProcesses(await ctx.store.readJob())).map((p) => p.holder));
    if (others.some((c) => live.has(c.holder))) {
      if (!announced) ctx.log.info(`Waiting for the other processes serving the job to store their dump files (${others.map((c) => c.name).join(', ')}).`);
      announced = true;
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    // The dead processes' uploads in progress are aborted, so their parts are not kept (and billed).
    await dropUnfinishedUploads(ctx, (name) => others.some((c) => c.name === name));
    const lost = new Set<string>();
    for (const c of others) if (!(await writer.hasFile(c.name))) lost.add(c.name);
    const redo = (await ctx.store.items({ itemKind: 'DATA', states: ['DONE'] })).filter((r) => r.dumpFile !== null && lost.has(r.dumpFile));
    await ctx.store.setItemState(
      redo.map((r) => r.id),
      'PENDING',
      { fromStates: ['DONE'] },
    );
    await settleClaims(ctx, (c) => others.some((o) => o.name === c.name));
    if (lost.size > 0) {
      const gone = new Set(others.filter((c) => lost.has(c.name)).map((c) => c.holder)).size;
      ctx.log.info(
        `${gone === 1 ? 'A process serving the job stopped before it' : `${gone} processes serving the job stopped before they`} stored ${[...lost].join(', ')}: ${redo.length} table data chunk(s) finished into ${lost.size === 1 ? 'it' : 'them'} will be exported again.`,
      );
    }
    return redo.length > 0;
  }
}

/** Before the set is closed: the files other processes wrote join the closing writer. */
export async function adoptOtherFiles(ctx: RunContext, writer: DumpSetWriter): Promise<void> {
  const claims = (await ctx.store.readRunState()).fileClaims ?? [];
  if (claims.some((c) => c.holder !== ctx.holder)) await writer.adopt(claims.map((c) => c.name));
}
