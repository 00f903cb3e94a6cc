import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureServeBuilt, repoRoot } from './support/serve.js';

// `sluice serve` in the CLI: one clear message and exit 1 for a missing or bad configuration.
beforeAll(() => ensureServeBuilt());

function sluice(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, 'apps/cli/dist/bin.js'), ...args], { cwd: repoRoot, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('sluice serve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-rest-cmd-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('needs --config FILE, and says what the file holds', async () => {
    const r = await sluice(['serve']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'sluice: sluice serve needs --config FILE: JSON such as {"listen": "127.0.0.1:8470", "databases": {"NAME": "postgres://host:5432/db"}, "directories": {"NAME": "/folder"}}.\n',
    );
    expect((await sluice(['serve', '--port', '1'])).stderr).toBe('sluice: sluice serve takes --config FILE only, not --port. Usage: sluice serve --config FILE.\n');
  });

  it('refuses a configuration whose database URL carries a password, without showing it', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ listen: '127.0.0.1:0', databases: { hr: 'postgres://app:Sup3rSecret@127.0.0.1/hr' }, directories: {} }));
    const r = await sluice(['serve', '--config', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`--config ${file}: databases.hr carries credentials`);
    expect(r.stderr + r.stdout).not.toContain('Sup3rSecret');
  });

  it('loads Fastify only for serve: other commands do not pay for it at start-up', async () => {
    // NODE_DEBUG=module traces every CommonJS load (Fastify is CommonJS) on stderr.
    expect((await sluice(['--version'], { NODE_DEBUG: 'module' })).stderr).not.toMatch(/fastify/i);
    expect((await sluice(['serve', '--config', join(dir, 'missing.json')], { NODE_DEBUG: 'module' })).stderr).toMatch(/fastify/i);
  });

  it('is listed by sluice help', async () => {
    expect((await sluice(['help'])).stdout).toMatch(/^ {2}serve +sluice serve --config FILE: the REST service/m);
  });
});
