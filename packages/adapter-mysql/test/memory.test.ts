import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DIGITS, rawConnection, runAll, scratchName, tableHash, urlFor } from './support/mysql-scratch.js';

const db = scratchName('mem');
const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const ROWS = 300_000;

let raw: Connection;
let dir: string;

/** Bundle the child script (TypeScript sources included) into one file plain node can run. */
async function bundleChild(): Promise<string> {
  // esbuild ships with vite, which vitest depends on; resolve it through them.
  const fromVitest = createRequire(createRequire(import.meta.url).resolve('vitest/package.json'));
  const esbuild = createRequire(fromVitest.resolve('vite/package.json'))('esbuild') as { build(options: Record<string, unknown>): Promise<unknown> };
  const outfile = join(dir, 'memory-child.cjs');
  await esbuild.build({
    entryPoints: [here('./support/memory-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    alias: { '@sluice/adapter-kit': here('../../adapter-kit/src/index.ts') },
    logLevel: 'silent',
  });
  return outfile;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-mem-'));
  raw = await rawConnection();
  await raw.query(`CREATE DATABASE \`${db}\``);
  await raw.query(`USE \`${db}\``);
  // About 1 KB a row: a table several times larger than the child's 64 MB heap.
  await runAll(raw, [
    'CREATE TABLE big (id INT NOT NULL PRIMARY KEY, pad VARCHAR(1100) NOT NULL, n BIGINT, t DATETIME(6))',
    `INSERT INTO big SELECT n, CONCAT(REPEAT(MD5(n), 30), '\\t\\\\\\n'), n * 7919, TIMESTAMPADD(SECOND, n, '2020-01-01')
       FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d + 100000 * g.d + 1 AS n
               FROM ${DIGITS} a, ${DIGITS} b, ${DIGITS} c, ${DIGITS} e, ${DIGITS} f, ${DIGITS} g) x WHERE n <= ${ROWS}`,
    'CREATE TABLE big_copy LIKE big',
  ]);
}, 120_000);

afterAll(async () => {
  await raw.query(`DROP DATABASE IF EXISTS \`${db}\``);
  await raw.end();
  await rm(dir, { recursive: true, force: true });
});

it('moves a table larger than the heap through a 64 MB child process with flat memory', async () => {
  const child = await bundleChild();
  const { stdout } = await promisify(execFile)(process.execPath, ['--max-old-space-size=64', child, urlFor(db), db, 'big', 'big_copy'], { maxBuffer: 1024 * 1024 });
  const report = JSON.parse(stdout.trim()) as { rows: number; bytes: number; peakHeap: number; maxRss: number; seconds: number };
  console.log(`memory test: ${JSON.stringify(report)}`);
  expect(report.rows).toBe(ROWS);
  expect(report.bytes).toBeGreaterThan(300_000_000);
  expect(report.peakHeap).toBeLessThan(64 * 1024 * 1024);
  expect(report.maxRss).toBeLessThan(200 * 1024 * 1024);
  expect(await tableHash(raw, db, 'big_copy')).toEqual(await tableHash(raw, db, 'big'));
}, 180_000);
