// Runs one job step in a child process (spawned by child.ts through vite-node), so tests can run
// workers in a second process and kill -9 a job at any point.
import type { Adapter, AdapterFactory } from '@sluice/adapter-kit';
import { attach, open, type DataPump, type JobTuning } from '@sluice/engine';

/** What the parent asks the child to do. */
export interface ChildTask {
  readonly engine: 'postgres' | 'mysql';
  readonly url: string;
  readonly action: 'export' | 'import' | 'serve';
  readonly jobName: string;
  readonly dir: string;
  readonly dumpfile: string;
  readonly schemas?: readonly string[];
  readonly remap?: readonly [string, string];
  readonly parallel?: number;
  readonly keepMaster?: boolean;
  readonly tableExistsAction?: 'SKIP' | 'APPEND' | 'TRUNCATE' | 'REPLACE';
  /** Import into a target adapter other than the home one (the master table in a control database). */
  readonly separateTarget?: boolean;
  /** The child's item delay and chunk target. */
  readonly tuning?: JobTuning;
}

const TIMING = { heartbeatMs: 200, pollMs: 50 } as const;

async function adapterFor(task: ChildTask): Promise<Adapter> {
  const factory: AdapterFactory =
    task.engine === 'postgres'
      ? (await import('@sluice/adapter-postgres')).createPostgresAdapter
      : ((await import('@sluice/adapter-mysql')) as unknown as { createMysqlAdapter: AdapterFactory }).createMysqlAdapter;
  return factory({ url: task.url });
}

async function main(): Promise<void> {
  const task = JSON.parse(process.env['SLUICE_CHILD_TASK'] ?? '{}') as ChildTask;
  const home = await adapterFor(task);
  let job: DataPump;
  if (task.action === 'serve') {
    job = await attach(task.jobName, { home, timing: TIMING, ...(task.tuning === undefined ? {} : { tuning: task.tuning }) });
    await job.startJob({ serveOnly: true });
    console.log('SERVING');
  } else {
    const target = task.separateTarget ? await adapterFor(task) : undefined;
    job = await open({
      operation: task.action === 'export' ? 'EXPORT' : 'IMPORT',
      mode: task.action === 'export' ? 'SCHEMA' : 'FULL',
      home,
      ...(target === undefined ? {} : { target }),
      jobName: task.jobName,
      timing: TIMING,
      ...(task.tuning === undefined ? {} : { tuning: task.tuning }),
    });
    await job.addFile({ kind: 'DUMP', name: task.dumpfile, directory: task.dir });
    await job.addFile({ kind: 'LOG', name: `${task.jobName}.log`, directory: task.dir });
    if (task.schemas !== undefined) await job.metadataFilter({ name: 'SCHEMA_LIST', value: task.schemas.map((s) => `'${s}'`).join(',') });
    if (task.remap !== undefined) await job.metadataRemap({ name: 'REMAP_SCHEMA', from: task.remap[0], to: task.remap[1] });
    if (task.keepMaster) await job.setParameter('KEEP_MASTER', 1);
    if (task.tableExistsAction !== undefined) await job.setParameter('TABLE_EXISTS_ACTION', task.tableExistsAction);
    await job.setParallel(task.parallel ?? 1);
    await job.startJob();
    console.log('STARTED');
  }
  try {
    const result = await job.waitForJob();
    console.log(`DONE ${result.state} ${result.errors}`);
  } catch (error) {
    console.log(`FAILED ${(error as Error).message}`);
  }
  await job.detach().catch(() => undefined);
  await home.close();
}

await main();
