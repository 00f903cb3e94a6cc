import type { Adapter } from '@sluice/adapter-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratch, type Scratch } from './support/engines.js';
import { exportSchemas, importDump, tempDir } from './support/jobs.js';
import { sql } from './support/sql.js';

/** Every stored FLOAT bit pattern of a table, in key order (HEX of the value as a DOUBLE is exact). */
async function floatBits(a: Adapter, table: string): Promise<unknown[]> {
  const rows = await sql(a, `SELECT id, HEX(CAST(f AS DOUBLE)) AS f, HEX(CAST(g AS DOUBLE)) AS g, HEX(CAST(u AS DOUBLE)) AS u FROM ${table} ORDER BY id LIMIT 1000`);
  return rows.map((r) => [r['id'], r['f'], r['g'], r['u']]);
}

// Issue 11, item 1: the text protocol prints FLOAT with 6 significant digits.
describe('MariaDB fidelity: FLOAT values come back bit-identical', () => {
  let s: Scratch;
  let a: Adapter;
  let src: string;
  let dst: string;
  const files = tempDir('my-fidelity');

  beforeAll(async () => {
    s = await createScratch('mysql');
    a = s.adapter();
    src = s.schema('fl');
    dst = s.schema('fl_copy');
    await s.createSchema('fl');
    await sql(a, `CREATE TABLE \`${src}\`.floats (id INT PRIMARY KEY, f FLOAT, g FLOAT(7,4), u FLOAT UNSIGNED)`);
    await sql(
      a,
      `INSERT INTO \`${src}\`.floats VALUES (1, 16777216, 123.4567, 1.0000001), (2, 123456.789, NULL, 3.40282e38), (3, 1.0000001, -1.5, 1.17549435e-38),
         (4, -3.4028e38, 0, 1e-45), (5, 0.1, 0.1, 0.3), (6, NULL, 999.9999, 16777217), (7, -1.17549435e-38, -0.0001, 2.5)`,
    );
  });
  afterAll(async () => {
    await s?.drop();
    files.cleanup();
  });

  it('16777216, 123456.789 and 1.0000001 round-trip exactly, as every other FLOAT', async () => {
    const exp = await exportSchemas(a, [src], files.dir, 'fl%U.dmp');
    expect(exp.errors, exp.log).toBe(0);
    const imp = await importDump(a, files.dir, 'fl%U.dmp', (job) => job.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: dst }));
    expect(imp.errors, imp.log).toBe(0);
    const copied = await sql(a, `SELECT CAST(f AS DOUBLE) AS f FROM \`${dst}\`.floats WHERE id IN (1, 2, 3) ORDER BY id`);
    expect(copied.map((r) => Number(r['f']))).toEqual([16777216, 123456.7890625, 1.0000001192092896]);
    expect(await floatBits(a, `\`${dst}\`.floats`)).toEqual(await floatBits(a, `\`${src}\`.floats`));
  });
});
