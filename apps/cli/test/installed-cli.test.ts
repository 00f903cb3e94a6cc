import { execFileSync, spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRoot, ensureBuilt, repoRoot } from './support/cli.js';
import { postgres, psqlLogin } from '../../../test-support/sql-clients.js';
import { samplePair } from './support/sample-pair.js';

// `sluice` as users install it: one tarball (apps/cli/scripts/pack.mjs), `npm i -g` into a
// temporary prefix without the network, then the global binary run from a folder outside the
// repository: --version, an export with compression (the native lz4) and `sluice verify` of it.
// And with the password out of the URL, `ps` shows it nowhere.
const work = mkdtempSync(join(tmpdir(), 'sluice-installed-'));
const prefix = join(work, 'prefix');
const sluice = join(prefix, 'bin', 'sluice');
const elsewhere = join(work, 'jobs');

/** The environment of a user's shell: nothing from the test runner's package manager or a developer's SLUICE_ settings. */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(npm_|pnpm_|SLUICE_|INIT_CWD|VITEST)/i.test(k)) env[k] = v;
  return { ...env, NO_COLOR: '1', ...extra };
}

function run(file: string, args: readonly string[], env: NodeJS.ProcessEnv = userEnv()): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(file, args, { cwd: elsewhere, env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Run a command to its end without blocking the test worker (packing and installing take a while). */
function runAsync(file: string, args: readonly string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, env: userEnv() });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

beforeAll(async () => {
  ensureBuilt();
  mkdirSync(elsewhere);
  const pack = await runAsync(process.execPath, [join(cliRoot, 'scripts/pack.mjs'), '--out', work], repoRoot);
  if (pack.code !== 0) throw new Error(`packing failed:\n${pack.output}`);
  const tarball = pack.output.trim().split('\n').pop()!;
  // As a user installs a tool, install scripts included (lz4 builds its native part), but without the network.
  const install = await runAsync('npm', ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], work);
  if (install.code !== 0) throw new Error(`npm install of ${tarball} failed:\n${install.output}`);
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the installed sluice', () => {
  const pair = samplePair(postgres, 'inst');
  const { source, schema, sourceUrl } = pair;

  beforeAll(() => pair.create(300));
  afterAll(() => pair.drop());

  it('prints its version', () => {
    const r = run(sluice, ['--version']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`sluice ${(JSON.parse(readFileSync(join(cliRoot, 'package.json'), 'utf8')) as { version: string }).version}\n`);
  });

  it('exports from a folder outside the repository, compressed, and verifies the set', () => {
    const exp = run(sluice, ['export', '--source', sourceUrl, `SCHEMAS=${schema}`, 'DIRECTORY=.', 'DUMPFILE=inst.dmp', 'COMPRESSION=ALL', 'CHECKSUM=Y']);
    expect(exp.stdout).toMatch(new RegExp(`exported "${schema}"\\."emp"\\s+[\\d.]+ [KM]?B\\s+300 rows`));
    expect(exp.code).toBe(0);
    expect(readdirSync(elsewhere)).toEqual(expect.arrayContaining(['inst.dmp', 'export.log']));
    const verify = run(sluice, ['verify', 'DIRECTORY=.', 'DUMPFILE=inst.dmp']);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/inst\.dmp/);
  });

  it('with the password in SLUICE_SOURCE_PASSWORD, ps shows it in no process of the job', async () => {
    const password = 'Ps-Secret-4e1b';
    // Hold a lock on the table so the export waits where ps can look at it, then let it go.
    const login = psqlLogin();
    const locker: ChildProcessWithoutNullStreams = spawn('psql', [...login.args, '-d', source, '-At', '-v', 'ON_ERROR_STOP=1'], { env: userEnv(login.env) });
    let lockerOut = '';
    locker.stdout.setEncoding('utf8').on('data', (d: string) => (lockerOut += d));
    try {
      locker.stdin.write(`BEGIN; LOCK TABLE ${schema}.emp IN ACCESS EXCLUSIVE MODE; SELECT 'locked';\n`);
      await until(() => lockerOut.includes('locked'), 'the lock');
      const job = spawn(sluice, ['export', '--source', sourceUrl, `SCHEMAS=${schema}`, 'DIRECTORY=.', 'DUMPFILE=ps.dmp', 'LOGFILE=ps.log'], {
        cwd: elsewhere,
        env: userEnv({ SLUICE_SOURCE_PASSWORD: password }),
      });
      let out = '';
      job.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      job.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
      const ended = new Promise<number | null>((resolve) => job.on('close', resolve));
      await until(() => {
        if (job.exitCode !== null) throw new Error(`the export ended (${job.exitCode}) before waiting for the lock:\n${out}`);
        return postgres.query(source, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'sluice%' AND wait_event_type = 'Lock'`)[0]?.[0] !== '0';
      }, 'the export to wait for the lock');
      const args = processTree(job.pid!);
      expect(args.length).toBeGreaterThan(0);
      expect(args.join('\n')).toContain('export');
      expect(args.join('\n')).not.toContain(password);
      locker.stdin.write('COMMIT;\n');
      locker.stdin.end();
      expect(await ended).toBe(0);
      expect(out).not.toContain(password);
    } finally {
      if (locker.exitCode === null) locker.kill();
    }
  });
});

/** Wait for a condition the test can observe, checking every 100 ms (bounded by the test's timeout). */
async function until(done: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `ps -o args` of a process and all its descendants. */
function processTree(root: number): string[] {
  const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3]! }));
  const tree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of rows) if (tree.has(r.ppid) && !tree.has(r.pid)) grew = tree.add(r.pid) !== undefined;
  }
  return rows.filter((r) => tree.has(r.pid)).map((r) => r.args);
}
