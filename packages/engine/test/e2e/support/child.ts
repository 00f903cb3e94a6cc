import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Adapter } from '@sluice/adapter-kit';
import { listJobs } from '@sluice/engine';
import { bundleWithWorkspaceSources } from '../../support/workspace-bundle.mjs';
import type { ChildTask } from './child-job.js';

const here = dirname(fileURLToPath(import.meta.url));
const engineRoot = join(here, '..', '..', '..');

let bundled: Promise<string> | undefined;

/** The child script bundled once per test file, workspace packages from their sources, so a child starts in well under a second. */
function childScript(): Promise<string> {
  bundled ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-e2e-child-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return bundleWithWorkspaceSources({ entry: join(here, 'child-job.ts'), outfile: join(dir, 'child-job.mjs') });
  })();
  return bundled;
}

/** A job step running in a child process. */
export interface Child {
  readonly process: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** Resolves with the exit code (or the signal's name) when it ends. */
  readonly exited: Promise<number | string>;
  /** Resolves when the child prints `text`. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
}

/** Start `task` in a child process. */
export async function startChild(task: ChildTask): Promise<Child> {
  const child = spawn(process.execPath, [await childScript()], {
    cwd: engineRoot,
    env: { ...process.env, SLUICE_CHILD_TASK: JSON.stringify(task) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  const onData = (d: Buffer): void => {
    out += d.toString();
    for (const w of [...waiters])
      if (out.includes(w.text)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    process: child,
    output: () => out,
    exited,
    waitFor(text, timeoutMs = 60_000) {
      if (out.includes(text)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`child did not print ${JSON.stringify(text)} in ${timeoutMs} ms; it printed:\n${out}`)), timeoutMs);
        waiters.push({
          text,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
        void exited.then(() => {
          if (!out.includes(text)) {
            clearTimeout(timer);
            reject(new Error(`child exited without printing ${JSON.stringify(text)}; it printed:\n${out}`));
          }
        });
      });
    },
  };
}

/** Poll `check` until it returns true. */
export async function until(check: () => Promise<boolean>, what: string, timeoutMs = 60_000, everyMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not there yet (e.g. the master table does not exist yet)
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * Wait until the job a killed child ran is no longer shown EXECUTING, and return its state. Its job
 * lock goes with its server sessions, which the server ends once it notices their sockets closed: at
 * once for an idle session, after the statement in progress for a busy one (a moment, on a loaded
 * machine). No staleness period is waited out.
 */
export async function stateAfterKill(home: Adapter, jobName: string): Promise<string | undefined> {
  const state = async (): Promise<string | undefined> => (await listJobs(home)).find((j) => j.jobName === jobName)?.state;
  await until(async () => (await state()) !== 'EXECUTING', `job ${jobName} to be NOT RUNNING after its process was killed`, 30_000, 100);
  return state();
}
