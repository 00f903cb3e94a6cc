import type { Adapter, CatalogObject } from '@sluice/adapter-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MasterTableStore } from '../../src/master-table/index.js';
import { createScratch, type Scratch } from './support/engines.js';
import { jobItems } from './support/faults.js';
import { exportSchemas, tempDir } from './support/jobs.js';
import { corpusFiles, loadCorpus } from './support/mysql-corpus.js';
import { exportKindCounts, sourceKindCounts } from './support/mysql-object-kinds.js';
import { sql } from './support/sql.js';

// Issue 11: no object kind can vanish with exit 0. Every object of the corpus, counted by kind from
// information_schema, is either in the export's master table or named there (and in the log) as not
// exported, which ends the job "completed with errors" (exit 5). A MariaDB role holding privileges
// in the database, and the history of a transaction-precise versioned table (corpus/mysql/30-not-carried.sql),
// are not carried.
describe('MariaDB: every object kind is exported or named as not exported', () => {
  let s: Scratch;
  let a: Adapter;
  let db: string;
  let role: string;
  let user: string;
  const files = tempDir('my-kinds');

  beforeAll(async () => {
    s = await createScratch('mysql');
    a = s.adapter();
    db = s.schema('kinds');
    await s.createSchema('kinds');
    await loadCorpus(s, db, [...corpusFiles(), '30-not-carried.sql']);
    role = `${s.database}_role`;
    user = `'${s.database}_u'@'localhost'`;
    await sql(a, `CREATE ROLE \`${role}\``);
    await sql(a, `GRANT SELECT ON \`${db}\`.* TO \`${role}\``);
    await sql(a, `GRANT INSERT ON \`${db}\`.ledger TO \`${role}\``);
    await sql(a, `CREATE USER ${user}`);
    await sql(a, `GRANT SELECT ON \`${db}\`.* TO ${user}`);
  }, 60_000);
  afterAll(async () => {
    if (a !== undefined) {
      await sql(a, `DROP ROLE IF EXISTS \`${role}\``).catch(() => undefined);
      await sql(a, `DROP USER IF EXISTS ${user}`).catch(() => undefined);
    }
    await s?.drop();
    files.cleanup();
  });

  it('counts by kind from information_schema equal the master table: exported plus not exported, and each one not exported is named in the log', async () => {
    const exp = await exportSchemas(
      a,
      [db],
      files.dir,
      'k%U.dmp',
      async (job) => {
        await job.setParameter('USER_METADATA', 1);
        await job.setParameter('KEEP_MASTER', 1);
      },
      'k-export.log',
    );
    // Exit 5: completed, with one error per object not exported.
    expect(exp.state).toBe('COMPLETED');
    const store = MasterTableStore.for(a, exp.jobName);
    const notExported = (await store.readRunState()).notExported ?? [];
    await store.close();
    expect(notExported.length).toBeGreaterThan(0);
    expect(exp.errors, exp.log).toBe(notExported.length);
    expect(notExported).toContainEqual({ kind: 'ROLE', schema: null, name: role });
    for (const e of notExported) {
      const name = e.schema === null ? `"${e.name}"` : `"${e.schema}"."${e.name}"`;
      expect(exp.log).toContain(`Object type ${e.kind} ${name} was not exported: `);
    }

    const objects = (await jobItems(a, exp.jobName)).filter((r) => r.itemKind === 'METADATA').map((r) => (JSON.parse(r.payload) as { object: CatalogObject }).object);
    // A role's grants go with it: none is exported to be refused on the target.
    expect(objects.filter((o) => o.kind === 'GRANT' && JSON.stringify(o.detail).includes(role))).toEqual([]);
    const exported = exportKindCounts(objects, notExported, (o) => a.ddl.generateDdl(o, {}).join(';\n'));
    const source = await sourceKindCounts(a, db);
    expect(exported).toEqual(source);
    // The corpus is broad: these kinds are all there.
    for (const kind of [
      'TABLE InnoDB',
      'TABLE Aria',
      'TABLE MyISAM',
      'TABLE MEMORY',
      'TABLE MRG_MyISAM',
      'TABLE CSV',
      'SEQUENCE',
      'VIEW',
      'FUNCTION',
      'PROCEDURE',
      'TRIGGER',
      'EVENT',
      'PARTITION',
      'SUBPARTITION',
      'CHECK',
      'KEY PRIMARY',
      'KEY UNIQUE',
      'KEY INDEX',
      'KEY FULLTEXT',
      'KEY SPATIAL',
      'KEY IGNORED',
      'REF_CONSTRAINT',
      'USER',
      'ROLE',
    ]) {
      expect(source[kind], kind).toBeGreaterThan(0);
    }
  }, 90_000);
});
