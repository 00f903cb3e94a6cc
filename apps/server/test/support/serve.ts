import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, and the built CLI whose `sluice serve` the tests start. */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const binPath = join(repoRoot, 'apps/cli/dist/bin.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Build apps/server and apps/cli when their dist/ is older than src/ (one test file builds under a
 * lock while the others wait). Asynchronous, so a build under load never blocks the test worker.
 */
export async function ensureServeBuilt(): Promise<void> {
  const parts = ['apps/server', 'apps/cli'].map((p) => join(repoRoot, p));
  const fresh = (): boolean => parts.every((p) => existsSync(join(p, 'dist/index.js')) && statSync(join(p, 'dist/index.js')).mtimeMs >= newestMtime(join(p, 'src')));
  if (fresh()) return;
  const lock = join(repoRoot, 'apps/server/dist.building');
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${lock} has been there for five minutes; remove it if no build is running`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (fresh()) return;
    for (const p of parts) {
      await promisify(execFile)('pnpm', ['exec', 'tsc', '-p', 'tsconfig.build.json'], { cwd: p, encoding: 'utf8' }).catch((error: { stdout?: string; stderr?: string }) => {
        throw new Error(`building ${p} failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
      });
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** A `sluice serve` process of a test: its base URL, its output so far, and how to end it. */
export interface ServeProcess {
  readonly url: string;
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM and wait for the exit (running jobs stop with their master tables kept). */
  stop(): Promise<void>;
  /** SIGKILL and wait for the exit. */
  kill(): Promise<void>;
}

/**
 * Start `sluice serve --config FILE` (the built CLI) with this configuration on a free port
 * (listen 127.0.0.1:0 unless given) and wait until it listens. `env` adds variables such as
 * SLUICE_TEST_ITEM_DELAY_MS. The web console's tests reuse this.
 */
export async function startServe(config: Record<string, unknown>, env: Record<string, string> = {}): Promise<ServeProcess> {
  await ensureServeBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'sluice-serve-'));
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ listen: '127.0.0.1:0', failed_login_delay_ms: 300, ...config }));
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const key of Object.keys(childEnv)) if (key.startsWith('SLUICE_') && key !== 'SLUICE_PG_URL' && key !== 'SLUICE_MYSQL_URL') delete childEnv[key];
  const child = spawn(process.execPath, [binPath, 'serve', '--config', file], { cwd: repoRoot, env: { ...childEnv, ...env } });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sluice serve did not listen within 60 s:\n${output}`)), 60_000);
    const check = (): void => {
      const m = /listening on (https?:\/\/\S+)/.exec(output);
      if (m !== null) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`sluice serve exited (${child.exitCode}) before listening:\n${output}`));
    });
  });
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  return { url, child, output: () => output, stop: () => end('SIGTERM'), kill: () => end('SIGKILL') };
}

/** A client of one database's API, logged in as `user`. */
export class ApiClient {
  constructor(
    readonly url: string,
    readonly database: string,
    readonly user: string,
    readonly password: string,
  ) {}

  get base(): string {
    return `${this.url}/db/${this.database}/datapump`;
  }

  get authorization(): string {
    return `Basic ${Buffer.from(`${this.user}:${this.password}`).toString('base64')}`;
  }

  /** A request under the database's base path (`path` starts with /), JSON body when given. */
  request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.base}${path}`, {
      method,
      headers: { authorization: this.authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  }

  /** The path of a job: /jobs/{owner},{job}/. */
  jobPath(owner: string, job: string): string {
    return `/jobs/${encodeURIComponent(owner)},${encodeURIComponent(job)}/`;
  }

  async job(owner: string, job: string): Promise<Record<string, unknown>> {
    const r = await this.request('GET', this.jobPath(owner, job));
    const body = (await r.json()) as Record<string, unknown>;
    if (r.status !== 200) throw new Error(`GET job ${owner},${job}: ${r.status} ${JSON.stringify(body)}`);
    return body;
  }

  /** Read the job until `done` says yes (bounded: two minutes by default). */
  async waitForJob(owner: string, job: string, done: (j: Record<string, unknown>) => boolean, timeoutMs = 120_000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    let last: Record<string, unknown> = {};
    for (;;) {
      last = await this.job(owner, job);
      if (done(last)) return last;
      if (Date.now() > deadline) throw new Error(`job ${owner},${job} never reached the expected state; last seen ${JSON.stringify(last)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Follow the SSE stream of a job to its end: every event, in order. */
  async follow(owner: string, job: string): Promise<{ event: string; data: unknown }[]> {
    const r = await this.request('GET', `${this.jobPath(owner, job)}status`);
    if (r.status !== 200 || r.body === null) throw new Error(`SSE of ${owner},${job}: ${r.status} ${await r.text()}`);
    const events: { event: string; data: unknown }[] = [];
    const decoder = new TextDecoder();
    let text = '';
    for await (const chunk of r.body) {
      text += decoder.decode(chunk as Uint8Array, { stream: true });
      let at: number;
      while ((at = text.indexOf('\n\n')) >= 0) {
        const block = text.slice(0, at);
        text = text.slice(at + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
        const data = /^data: (.*)$/m.exec(block)?.[1];
        events.push({ event, data: data === undefined ? undefined : JSON.parse(data) });
      }
    }
    return events;
  }
}
