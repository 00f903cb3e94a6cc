import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from './support/cli.js';
import { TEST_SERVERS } from '../../../test-support/sql-clients.js';
import { scratchName } from '../../../test-support/scratch.js';

// Start-up time is mostly the modules a process loads. What each command loads is asserted here (never
// timed: timings live in bench/): `--version` no driver, a job only the driver of the engine its URL
// names, and neither Node's fetch nor its HTTP stack (pg, on Node 20, used to pull both in as it loaded).

const work = mkdtempSync(join(tmpdir(), 'sluice-startup-'));
const probe = join(work, 'probe.cjs');

beforeAll(() => {
  ensureBuilt();
  // Run with --require: at exit, the CommonJS files loaded (ESM imports of a CommonJS package go through
  // the same cache) and Node's built-in modules, written where SLUICE_TEST_PROBE_OUT says.
  writeFileSync(
    probe,
    `process.on('exit', () => require('node:fs').writeFileSync(process.env.SLUICE_TEST_PROBE_OUT, JSON.stringify({
      files: Object.keys(require.cache), builtins: process.moduleLoadList, navigator: 'navigator' in globalThis })));\n`,
  );
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Loaded {
  readonly pg: boolean;
  readonly mysql2: boolean;
  readonly http: readonly string[];
  readonly navigator: boolean;
}

async function loadedBy(args: readonly string[], name: string): Promise<{ code: number | null; stderr: string; loaded: Loaded }> {
  const out = join(work, `${name}.json`);
  const r = await runCli(args, { env: { NODE_OPTIONS: `--require ${probe}`, SLUICE_TEST_PROBE_OUT: out } });
  const seen = JSON.parse(readFileSync(out, 'utf8')) as { files: string[]; builtins: string[]; navigator: boolean };
  return {
    code: r.code,
    stderr: r.stderr,
    loaded: {
      pg: seen.files.some((f) => /[/\\]node_modules[/\\]pg[/\\]/.test(f)),
      mysql2: seen.files.some((f) => /[/\\]node_modules[/\\]mysql2[/\\]/.test(f)),
      http: seen.builtins.filter((m) => /\b(_?https?|_http_\w+|internal\/deps\/undici\/undici)$/.test(m)),
      navigator: seen.navigator,
    },
  };
}

describe('what a command loads', () => {
  it('sluice --version loads no database driver', async () => {
    const { code, loaded } = await loadedBy(['--version'], 'version');
    expect(code).toBe(0);
    expect(loaded).toEqual({ pg: false, mysql2: false, http: [], navigator: 'navigator' in globalThis });
  });

  describe.each(TEST_SERVERS)('an export from $engine', (server) => {
    const db = scratchName();
    beforeAll(() => {
      server.createDatabase(db);
      if (server.engine === 'postgres') server.exec(db, 'CREATE SCHEMA empty;');
    });
    afterAll(() => server.dropDatabase(db));

    it("loads that engine's driver only, and no HTTP stack", async () => {
      const dir = mkdtempSync(join(work, `${server.engine}-`));
      const schema = server.engine === 'postgres' ? 'empty' : db;
      const { code, stderr, loaded } = await loadedBy(['export', '--source', server.url(db), `SCHEMAS=${schema}`, `DIRECTORY=${dir}`, 'NOLOGFILE=YES'], server.engine);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      // No navigator is left behind by the way pg is loaded (Node 20 has none of its own).
      expect(loaded).toEqual({ pg: server.engine === 'postgres', mysql2: server.engine === 'mysql', http: [], navigator: 'navigator' in globalThis });
    });
  });
});
