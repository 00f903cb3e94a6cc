#!/usr/bin/env node
// Pack the `sluice` command line into one tarball that installs as users install tools:
//
//   node apps/cli/scripts/pack.mjs [--out folder]      (after `pnpm build`)
//   npm i -g ./sluice-<version>.tgz
//
// `npm pack` alone leaves `workspace:*` dependencies that npm cannot install. This script stages the
// package with every production dependency (the workspace packages and their npm dependencies, the
// native lz4 as built here) in an npm-style node_modules, marks them bundled, and packs that, so the
// tarball installs without the network (`npm i -g --offline`). It reads only this checkout.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const cliRoot = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = resolve(cliRoot, '../..');
const outIndex = process.argv.indexOf('--out');
const outDir = resolve(outIndex > 0 ? process.argv[outIndex + 1] : process.cwd());

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const isWorkspace = (dir) => dir.startsWith(`${repoRoot}/`) && !dir.includes('/node_modules/');

/** Where Node would find `name` from a package's real folder (pnpm's layout keeps dependencies beside it). */
function locate(fromDir, name) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) throw new Error(`cannot find ${name} from ${fromDir}; run pnpm install`);
  }
}

/** A package's production dependencies (optional ones only when installed). */
function dependencies(dir) {
  const pkg = readJson(join(dir, 'package.json'));
  const optional = Object.keys(pkg.optionalDependencies ?? {}).filter((name) => {
    try {
      locate(dir, name);
      return true;
    } catch {
      return false;
    }
  });
  return [...Object.keys(pkg.dependencies ?? {}), ...optional];
}

/** A workspace package's manifest as published: workspace ranges become the versions in this checkout. */
function publishedManifest(dir) {
  const pkg = readJson(join(dir, 'package.json'));
  delete pkg.devDependencies;
  delete pkg.scripts;
  for (const field of ['dependencies', 'optionalDependencies']) {
    for (const [name, range] of Object.entries(pkg[field] ?? {})) {
      if (String(range).startsWith('workspace:')) pkg[field][name] = readJson(join(locate(dir, name), 'package.json')).version;
    }
  }
  return pkg;
}

/** Copy one package: a workspace package as `npm pack` would ship it (its manifest and dist), an npm package whole. */
function copyPackage(from, to) {
  mkdirSync(to, { recursive: true });
  if (!isWorkspace(from)) {
    cpSync(from, to, { recursive: true, dereference: true, filter: (src) => !src.slice(from.length).includes('/node_modules') });
    return;
  }
  writeFileSync(join(to, 'package.json'), `${JSON.stringify(publishedManifest(from), null, 2)}\n`);
  for (const entry of ['dist', 'README.md', 'LICENSE']) {
    if (existsSync(join(from, entry))) cpSync(join(from, entry), join(to, entry), { recursive: true, dereference: true });
  }
  if (!existsSync(join(to, 'dist'))) throw new Error(`${from} has no dist/; run pnpm build first`);
}

const stage = mkdtempSync(join(tmpdir(), 'sluice-pack-'));
try {
  const pkgDir = join(stage, 'package');
  copyPackage(cliRoot, pkgDir);
  const manifest = readJson(join(pkgDir, 'package.json'));
  manifest.files = ['dist'];
  manifest.bundleDependencies = Object.keys(manifest.dependencies ?? {});
  writeFileSync(join(pkgDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  if (existsSync(join(repoRoot, 'README.md'))) cpSync(join(repoRoot, 'README.md'), join(pkgDir, 'README.md'));

  // npm's layout: each package at the top of node_modules unless another version is there already,
  // in which case it goes under the package that needs it.
  const placed = new Map(); // install folder -> real folder
  const queue = [{ real: cliRoot, at: pkgDir }];
  while (queue.length > 0) {
    const { real, at } = queue.shift();
    for (const name of dependencies(real)) {
      const target = locate(real, name);
      let seen;
      for (let dir = at; dir.startsWith(pkgDir); dir = dirname(dir)) {
        const candidate = join(dir, 'node_modules', name);
        if (placed.has(candidate)) {
          seen = candidate;
          break;
        }
        if (dir === pkgDir) break;
      }
      if (seen !== undefined && placed.get(seen) === target) continue;
      const install = seen === undefined ? join(pkgDir, 'node_modules', name) : join(at, 'node_modules', name);
      placed.set(install, target);
      copyPackage(target, install);
      queue.push({ real: target, at: install });
    }
  }

  mkdirSync(outDir, { recursive: true });
  const output = execFileSync('npm', ['pack', '--silent', '--pack-destination', outDir], { cwd: pkgDir, encoding: 'utf8' });
  const file = output.trim().split('\n').pop();
  process.stdout.write(`${join(outDir, file)}\n`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
