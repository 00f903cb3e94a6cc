import type { Adapter } from '@sluice/adapter-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratch, type Scratch } from './support/engines.js';
import { exportSchemas, importDump, tempDir } from './support/jobs.js';
import { loadCorpus } from './support/mysql-corpus.js';
import { dumpNoData, tableFingerprints, type DumpNoData, type TableFingerprint } from './support/mysql-fingerprint.js';
import { sql } from './support/sql.js';

/** What a user compares between a database and its copy: the DDL, the counters, every row. */
interface Fingerprint {
  readonly dump: DumpNoData;
  readonly tables: readonly TableFingerprint[];
}

// Issue 11, "What must be shown": the corpus (corpus/mysql, every feature of the issue and those
// that already passed) comes back with zero differences, with and without REMAP_SCHEMA, and at PARALLEL=4.
describe('MariaDB corpus: a broad database round-trips with zero differences', () => {
  let s: Scratch;
  let a: Adapter;
  let src: string;
  let before: Fingerprint;
  const files = tempDir('my-corpus');

  /** The fingerprint of `db`, its name written as the source's. */
  const fingerprint = async (db: string): Promise<Fingerprint> => ({ dump: await dumpNoData(db, src), tables: await tableFingerprints(a, db) });

  beforeAll(async () => {
    s = await createScratch('mysql');
    a = s.adapter();
    src = s.schema('corpus');
    await s.createSchema('corpus');
    await loadCorpus(s, src);
    before = await fingerprint(src);
  }, 60_000);
  afterAll(async () => {
    await s?.drop();
    files.cleanup();
  });

  it('the corpus holds what it is meant to (rows, counters, every kind of table)', async () => {
    expect(before.tables.length).toBeGreaterThan(60);
    expect(before.tables.filter((t) => t.rows > 0).length).toBeGreaterThan(55);
    expect(before.dump.autoIncrements).toEqual(expect.arrayContaining(['hidden_cols=103', 'defaults_t=1003', 'ai_gaps=51']));
    const engines = await sql(a, `SELECT DISTINCT ENGINE AS e FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY 1 LIMIT 20`, [src]);
    expect(engines.map((r) => r['e'])).toEqual(expect.arrayContaining(['Aria', 'CSV', 'InnoDB', 'MEMORY', 'MRG_MyISAM', 'MyISAM']));
  });

  // One export at PARALLEL=4 (snapshot shared by four workers); imported under REMAP_SCHEMA by one
  // worker, then by four into a fresh database of the source's own name.
  it('exported at PARALLEL=4 and imported under REMAP_SCHEMA: the same DDL, counters and rows', async () => {
    const exp = await exportSchemas(a, [src], files.dir, 'c%U.dmp', (job) => job.setParallel(4), 'c-export.log');
    expect(exp.errors, exp.log).toBe(0);
    const copy = s.schema('corpus_copy');
    const imp = await importDump(a, files.dir, 'c%U.dmp', (job) => job.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: copy }), 'c-import-remap.log');
    expect(imp.errors, imp.log).toBe(0);
    const after = await fingerprint(copy);
    expect(after.dump.text).toBe(before.dump.text);
    expect(after.dump.autoIncrements).toEqual(before.dump.autoIncrements);
    expect(after.tables).toEqual(before.tables);
  }, 120_000);

  it('the same dump set imported at PARALLEL=4 without a remap, into a fresh database of the same name: the same DDL, counters and rows', async () => {
    await sql(a, `DROP DATABASE \`${src}\``);
    const imp = await importDump(a, files.dir, 'c%U.dmp', (job) => job.setParallel(4), 'c-import.log');
    expect(imp.errors, imp.log).toBe(0);
    const restored = await fingerprint(src);
    expect(restored.dump.text).toBe(before.dump.text);
    expect(restored.dump.autoIncrements).toEqual(before.dump.autoIncrements);
    expect(restored.tables).toEqual(before.tables);
  }, 120_000);
});
