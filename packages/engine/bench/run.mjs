// Launcher of the engine bench: bundles bench.ts (and the workspace sources it imports) with esbuild,
// then runs it with node. `pnpm bench` in packages/engine.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWithWorkspaceSources } from '../test/support/workspace-bundle.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-'));
const outfile = await bundleWithWorkspaceSources({ entry: join(here, 'bench.ts'), outfile: join(dir, 'bench.mjs') });
const r = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, SLUICE_BENCH_WORKDIR: dir } });
rmSync(dir, { recursive: true, force: true });
process.exit(r.status ?? 1);
