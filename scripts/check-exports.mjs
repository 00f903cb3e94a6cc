#!/usr/bin/env node
// The exports check CI runs after the build: every publishable package's `exports` map is checked by
// publint (files present, conditions in order) and by @arethetypeswrong/cli (types resolve for ESM
// consumers; this workspace ships ESM only, so CommonJS resolutions are not required).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const folders = ['packages', 'apps'].flatMap((group) => readdirSync(join(root, group)).map((name) => join(root, group, name))).filter((dir) => existsSync(join(dir, 'package.json')));

let failed = 0;
for (const dir of folders) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (pkg.private || !pkg.exports) continue;
  const before = failed;
  for (const [tool, args] of [
    ['publint', ['--strict']],
    ['attw', ['--pack', '.', '--profile', 'esm-only', '--format', 'table-flipped']],
  ]) {
    const run = spawnSync(join(root, 'node_modules', '.bin', tool), args, { cwd: dir, encoding: 'utf8' });
    if (run.status !== 0) {
      failed++;
      process.stdout.write(`exports check: ${tool} failed for ${pkg.name}\n${run.stdout}${run.stderr}\n`);
    }
  }
  if (failed === before) process.stdout.write(`exports check: ${pkg.name} ok\n`);
}
if (failed > 0) {
  process.stdout.write(`exports check: ${failed} problem(s); fix the package.json "exports" named above\n`);
  process.exit(1);
}
