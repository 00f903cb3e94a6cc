// Bundles a script with esbuild, the workspace packages taken from their sources through the one
// alias table, vitest.shared.ts's `sourceAliases`. Used by the e2e child processes and the bench
// launcher, which run outside vitest. Plain JavaScript, so `node bench/run.mjs` can import it.
import { mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const packagesRoot = join(here, '..', '..', '..');
const sharedConfig = join(packagesRoot, '..', 'vitest.shared.ts');

/** Code that runs in a bundle as in its own module: `require` for CommonJS dependencies. */
const banner = "import { createRequire as __sluiceRequire } from 'node:module'; const require = __sluiceRequire(import.meta.url);";

/** vitest.shared.ts's `sourceAliases`, read by bundling the file alone (vitest itself stubbed out). */
async function sourceAliases() {
  const out = await build({
    entryPoints: [sharedConfig],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(sharedConfig).href) },
    plugins: [
      {
        name: 'no-vitest',
        setup(b) {
          b.onResolve({ filter: /^vitest(\/|$)/ }, (args) => ({ path: args.path, namespace: 'no-vitest' }));
          b.onLoad({ filter: /.*/, namespace: 'no-vitest' }, () => ({ contents: 'export const defineProject = (c) => c;', loader: 'js' }));
        },
      },
    ],
  });
  const code = out.outputFiles[0]?.text ?? '';
  const mod = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  return mod.sourceAliases;
}

/**
 * Bundle `entry` into `outfile` (ESM for node 20), `@sluice/*` imports resolved to the packages'
 * sources. The native `lz4` stays outside the bundle, linked into a node_modules beside it.
 * @param {{ entry: string; outfile: string }} options
 * @returns {Promise<string>} the outfile
 */
export async function bundleWithWorkspaceSources({ entry, outfile }) {
  const aliases = await sourceAliases();
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['lz4'],
    logLevel: 'error',
    banner: { js: banner },
    plugins: [
      {
        name: 'workspace-sources',
        setup(b) {
          b.onResolve({ filter: /^@sluice\// }, (args) => (aliases[args.path] === undefined ? undefined : { path: aliases[args.path] }));
        },
      },
    ],
  });
  const lz4 = dirname(realpathSync(createRequire(join(packagesRoot, 'dump-format', 'package.json')).resolve('lz4/package.json')));
  const modules = join(dirname(outfile), 'node_modules');
  mkdirSync(modules, { recursive: true });
  symlinkSync(lz4, join(modules, 'lz4'));
  return outfile;
}
