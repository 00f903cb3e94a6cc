// Regenerates the golden format-1.0 dump file sets under test/vectors/ from the built package:
//   pnpm --filter @sluice/dump-format vectors
// Only run it when adding a vector: the committed files are the contract that readers keep reading.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { DumpSetWriter, getDumpfileInfo } from '../dist/index.js';
import { VECTOR_PASSWORD, VECTORS, writeVector } from './vectors.mjs';

const root = fileURLToPath(new URL('../test/vectors/', import.meta.url));
const expected = { format: '1.0', password: VECTOR_PASSWORD, vectors: {} };
for (const v of VECTORS) {
  const dir = join(root, v.name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const result = await writeVector(v, dir, DumpSetWriter);
  const info = {};
  for (const f of result.files) {
    const i = await getDumpfileInfo(join(dir, f));
    info[f] = { ...i, fileName: f, createdAt: i.createdAt.toISOString() };
  }
  expected.vectors[v.name] = { ...result, info };
  console.log(`${v.name}: ${result.files.join(', ')}`);
}
await writeFile(join(root, 'expected.json'), `${JSON.stringify(expected, null, 2)}\n`);
