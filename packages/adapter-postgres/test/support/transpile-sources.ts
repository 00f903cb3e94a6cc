import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, '..', '..');
const kitSrc = join(packageDir, '..', 'adapter-kit', 'src');

function transpileTree(from: string, to: string, rewrite: (spec: string, outFile: string) => string): void {
  for (const entry of readdirSync(from)) {
    const src = join(from, entry);
    if (statSync(src).isDirectory()) {
      if (entry !== 'conformance') transpileTree(src, join(to, entry), rewrite);
      continue;
    }
    if (!entry.endsWith('.ts') || entry.endsWith('.test.ts')) continue;
    const out = join(to, entry.replace(/\.ts$/, '.js'));
    const { outputText } = ts.transpileModule(readFileSync(src, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    });
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(
      out,
      outputText.replace(/from '(@sluice\/adapter-kit)'/g, (_m, spec: string) => `from '${rewrite(spec, out)}'`),
    );
  }
}

/**
 * Plain JavaScript of this package and of adapter-kit, for a child `node` process that cannot load
 * TypeScript (the memory test runs one with a small heap). Written under this package's
 * `node_modules/.cache` so that `pg` and `pg-copy-streams` resolve; `remove()` deletes it.
 */
export function transpileSources(): { dir: string; entry: string; remove(): void } {
  const dir = join(packageDir, 'node_modules', '.cache', `sluice-js-${process.pid}-${Date.now()}`);
  const kitOut = join(dir, 'adapter-kit');
  transpileTree(kitSrc, kitOut, () => '');
  transpileTree(join(packageDir, 'src'), join(dir, 'adapter-postgres'), (_spec, outFile) => {
    const rel = relative(dirname(outFile), join(kitOut, 'index.js'));
    return rel.startsWith('.') ? rel : `./${rel}`;
  });
  return { dir, entry: join(dir, 'adapter-postgres', 'index.js'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
