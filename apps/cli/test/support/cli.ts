import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root and the built CLI the end-to-end tests run. */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const cliRoot = join(repoRoot, 'apps/cli');
export const binPath = join(cliRoot, 'dist/bin.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const isFresh = (): boolean => existsSync(binPath) && statSync(binPath).mtimeMs >= newestMtime(join(cliRoot, 'src'));

/**
 * Make sure dist/ is the build of src/ (the root `pnpm test` builds everything first; a lone
 * `vitest run --project cli` after an edit would otherwise test stale code). Test files run in
 * parallel, so one builds under a lock directory while the others wait for it.
 */
export function ensureBuilt(): void {
  if (isFresh()) return;
  const lock = join(cliRoot, 'dist.building');
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${lock} has been there for two minutes; remove it if no build is running`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    if (isFresh()) return;
    const r = spawnSync('pnpm', ['exec', 'tsc', '-p', 'tsconfig.build.json'], { cwd: cliRoot, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`building apps/cli failed:\n${r.stdout}${r.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** What a finished CLI run printed and returned. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options for one CLI run. */
export interface RunOptions {
  readonly env?: Record<string, string | undefined>;
  readonly input?: string;
  readonly cwd?: string;
  readonly timeoutMs?: number;
}

function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  // Never let a developer's own settings leak into a test.
  for (const key of Object.keys(env)) if (key.startsWith('SLUICE_') && key !== 'SLUICE_PG_URL' && key !== 'SLUICE_MYSQL_URL') delete env[key];
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Run `sluice ARGS...` to the end. */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], { cwd: options.cwd ?? repoRoot, env: childEnv(options.env) });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`sluice ${args.join(' ')} did not finish in ${options.timeoutMs ?? 90_000} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, options.timeoutMs ?? 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** A CLI process kept running, to talk to its interactive mode. */
export class CliProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stdout = '';
  stderr = '';
  readonly #done: Promise<CliResult>;

  constructor(args: readonly string[], options: RunOptions = {}) {
    this.child = spawn(process.execPath, [binPath, ...args], { cwd: options.cwd ?? repoRoot, env: childEnv(options.env) });
    this.child.stdout.setEncoding('utf8').on('data', (d: string) => (this.stdout += d));
    this.child.stderr.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
    this.#done = new Promise((resolve) => this.child.on('close', (code) => resolve({ code, stdout: this.stdout, stderr: this.stderr })));
  }

  /** Wait until stdout (from `from` on) matches. */
  async waitFor(pattern: RegExp, timeoutMs = 60_000, from = 0): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.stdout.slice(from))) {
      if (this.child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`waiting for ${pattern}: ${this.child.exitCode !== null ? `exited ${this.child.exitCode}` : 'timed out'}\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  write(text: string): void {
    this.child.stdin.write(text);
  }

  /** Wait for the process to end. */
  done(timeoutMs = 90_000): Promise<CliResult> {
    return Promise.race([
      this.#done,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`did not exit in ${timeoutMs} ms\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`)), timeoutMs).unref()),
    ]);
  }
}
