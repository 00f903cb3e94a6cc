// Bundles bench/mysql-bench.ts (TypeScript sources included) with the esbuild that ships with vite
// (through vitest), then runs it in a fresh node process so its peak RSS is the adapter's alone.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const fromVitest = createRequire(createRequire(import.meta.url).resolve('vitest/package.json'));
const esbuild = createRequire(fromVitest.resolve('vite/package.json'))('esbuild');
const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-build-'));
const outfile = join(dir, 'mysql-bench.cjs');
try {
  await esbuild.build({
    entryPoints: [here('./mysql-bench.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    alias: { '@sluice/adapter-kit': here('../../adapter-kit/src/index.ts') },
    logLevel: 'warning',
  });
  const run = spawnSync(process.execPath, [outfile], { stdio: 'inherit' });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
