import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, querySql, runSql, type ScratchDatabase } from './support/scratch-database.js';
import { transpileSources } from './support/transpile-sources.js';

const run = promisify(execFile);
const ROWS = 1_000_000;

describe('memory stays flat while a table far larger than the heap moves', () => {
  let source: ScratchDatabase;
  let target: ScratchDatabase;
  let js: ReturnType<typeof transpileSources>;

  beforeAll(async () => {
    [source, target] = await Promise.all([createScratchDatabase(), createScratchDatabase()]);
    js = transpileSources();
    // About 330 MB of COPY text: each row a bigint and 320 characters.
    await runSql(source.name, ['CREATE UNLOGGED TABLE big (id bigint, payload text)', `INSERT INTO big SELECT g, repeat(md5(g::text), 10) FROM generate_series(1, ${ROWS}) g`]);
    await runSql(target.name, ['CREATE UNLOGGED TABLE big (id bigint, payload text)', 'CREATE UNLOGGED TABLE big_rows (id bigint, payload text)']);
  }, 120_000);

  afterAll(async () => {
    js?.remove();
    await source?.drop();
    await target?.drop();
  });

  it('moves ~330 MB through a process limited to a 64 MB heap, as bytes and as rows', async () => {
    const child = fileURLToPath(new URL('./support/move-table-child.mjs', import.meta.url));
    const { stdout } = await run(process.execPath, ['--max-old-space-size=64', child, js.entry, source.url, target.url], { timeout: 90_000 });
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as { bytes: { rows: number; bytes: number }; rows: { rows: number }; maxRssKb: number; bytesSeconds: number; rowsSeconds: number };
    expect(result.bytes.rows).toBe(ROWS);
    expect(result.bytes.bytes).toBeGreaterThan(300 * 1024 * 1024);
    expect(result.rows.rows).toBe(ROWS);
    console.log(
      `memory test: moved ${(result.bytes.bytes / 1048576).toFixed(0)} MB twice, peak RSS ${(result.maxRssKb / 1024).toFixed(0)} MB, ${result.bytesSeconds.toFixed(1)} s as bytes, ${result.rowsSeconds.toFixed(1)} s as rows`,
    );
    // Peak resident memory stays a fraction of what went through.
    expect(result.maxRssKb / 1024).toBeLessThan(200);
    // An order-independent checksum: cheap on a million rows.
    const hash = `SELECT count(*)::int AS n, sum(hashtextextended(id::text || ':' || payload, 0)::numeric)::text AS h FROM `;
    const [want] = await querySql(source.name, `${hash} big`);
    expect(await querySql(target.name, `${hash} big`)).toEqual([want]);
    expect(await querySql(target.name, `${hash} big_rows`)).toEqual([want]);
  }, 120_000);
});
