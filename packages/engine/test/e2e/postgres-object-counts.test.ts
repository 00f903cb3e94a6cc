import { randomBytes } from 'node:crypto';
import type { Adapter } from '@sluice/adapter-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresAdapter, POSTGRES_OBJECT_KINDS } from '@sluice/adapter-postgres';
import { createScratch, PG_URL, type Scratch } from './support/engines.js';
import { runJob, tempDir } from './support/jobs.js';
import { corpusFiles, dropSubscriptions, loadCorpus } from './support/pg-corpus.js';
import { accountFor, dumpEntries, notExportedGroup, type NotExported } from './support/pg-dump-kinds.js';
import { sql } from './support/sql.js';

// Issue 10, item 8 and "what must be shown": no kind can vanish with exit 0. The whole corpus, with
// every kind Sluice cannot carry yet, is exported in FULL mode; pg_dump's entries, counted by kind,
// must equal what the export's master table lists (objects exported, and objects named as not
// exported in the job row), and every object not exported is an error named in the log.
describe('PostgreSQL: every object pg_dump sees is exported or named as not exported', () => {
  const files = tempDir('pg-counts');
  const tag = randomBytes(3).toString('hex');
  const roles = { reader: `pgc_${tag}_reader`, writer: `pgc_${tag}_writer` };
  let control: Scratch;
  let src: Scratch;
  let home: Adapter;

  beforeAll(async () => {
    const admin = createPostgresAdapter({ url: PG_URL });
    for (const role of Object.values(roles)) await sql(admin, `CREATE ROLE ${role} NOLOGIN`);
    await admin.close();
    control = await createScratch('postgres');
    src = await createScratch('postgres');
    home = control.adapter();
    await loadCorpus(src.url, corpusFiles('all'), roles);
  }, 60_000);

  afterAll(async () => {
    if (src !== undefined) await dropSubscriptions(src.adapter()).catch(() => undefined);
    await src?.drop();
    await control?.drop();
    const admin = createPostgresAdapter({ url: PG_URL });
    for (const role of Object.values(roles)) await sql(admin, `DROP ROLE IF EXISTS ${role}`);
    await admin.close();
    files.cleanup();
  });

  it('pg_dump entries by kind equal the master table objects plus the ones named as not exported, each an error in the log', async () => {
    const exp = await runJob(
      { operation: 'EXPORT', mode: 'FULL', home, source: src.adapter() },
      async (job) => {
        await job.addFile({ kind: 'DUMP', name: 'all%U.dmp', directory: files.dir });
        await job.setParameter('KEEP_MASTER', 1);
      },
      { dir: files.dir, log: 'export.log' },
    );
    expect(exp.state).toBe('COMPLETED');
    const rows = await sql(home, `SELECT row_type, item_kind, payload FROM "public"."${exp.jobName}" WHERE row_type = 'JOB' OR item_kind = 'METADATA' ORDER BY id LIMIT 5000`);
    const job = rows.find((r) => r['row_type'] === 'JOB');
    const notExported = (JSON.parse(String(job?.['payload'])) as { run: { notExported?: NotExported[] } }).run.notExported ?? [];
    const exported = rows.filter((r) => r['item_kind'] === 'METADATA').map((r) => (JSON.parse(String(r['payload'])) as { object: { kind: string } }).object.kind);

    const entries = dumpEntries(src.url);
    const { pgDump, sluice } = accountFor(entries, exported, notExported);
    expect(sluice).toEqual(pgDump);
    // The comparison sees one object gone, exported or named: had it vanished, the counts would differ.
    expect(accountFor(entries, exported.slice(1), notExported).sluice).not.toEqual(pgDump);
    const counted = notExported.findIndex((o) => notExportedGroup(o.kind) !== null);
    expect(accountFor(entries, exported, notExported.filter((_, i) => i !== counted)).sluice).not.toEqual(pgDump);

    // Each object not exported is an error named in the log: the job completed with errors (exit 5).
    expect(notExported.length).toBeGreaterThan(0);
    expect(exp.errors, exp.log).toBe(notExported.length);
    for (const o of notExported) {
      const name = o.schema === null ? `"${o.name}"` : `"${o.schema}"."${o.name}"`;
      expect(exp.log).toContain(`Object type ${o.kind} ${name} was not exported: `);
    }
    expect(exp.log).toMatch(new RegExp(`completed with ${notExported.length} error\\(s\\)`));

    // The corpus has every kind the adapter says it cannot carry, and nothing it says it carries is missing from that list.
    expect([...new Set(notExported.map((o) => o.kind))].sort()).toEqual(POSTGRES_OBJECT_KINDS.notCarried.map((k) => k.kind).sort());
    const carried = new Set(POSTGRES_OBJECT_KINDS.carried.map((k) => k.kind));
    expect([...new Set(exported)].filter((k) => !carried.has(k))).toEqual([]);
  }, 90_000);
});
