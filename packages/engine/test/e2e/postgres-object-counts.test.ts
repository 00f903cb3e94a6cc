import type { Adapter } from '@sluice/adapter-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresAdapter, POSTGRES_OBJECT_KINDS } from '@sluice/adapter-postgres';
import { scratchName } from '../../../../test-support/scratch.js';
import { createScratch, PG_URL, type Scratch } from './support/engines.js';
import { runJob, tempDir } from './support/jobs.js';
import { corpusFiles, dropSubscriptions, loadCorpus } from './support/pg-corpus.js';
import { accountFor, dumpEntries, type NotExported } from './support/pg-dump-kinds.js';
import { sql } from './support/sql.js';

// Issue 10, item 8 and "what must be shown": no kind can vanish with exit 0. The whole corpus is
// exported in FULL mode; pg_dump's entries, counted by kind, must equal what the export's master
// table lists (objects exported, and objects named as not exported in the job row), and every object
// not exported is an error named in the log. A superuser's export carries every kind; what is left to
// name as not exported is what a user without superuser cannot read (subscriptions' connections,
// user mappings' options).
describe('PostgreSQL: every object pg_dump sees is exported or named as not exported', () => {
  const files = tempDir('pg-counts');
  const roleBase = scratchName();
  const roles = { reader: `${roleBase}_reader`, writer: `${roleBase}_writer` };
  /** The exporting user of the second test: no superuser. */
  const reader = `${roleBase}_exporter`;
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
    for (const role of [...Object.values(roles), reader]) await sql(admin, `DROP ROLE IF EXISTS ${role}`);
    await admin.close();
    files.cleanup();
  });

  /** A FULL export of the corpus by `source`, with what its master table lists. */
  async function exportCorpus(source: Adapter, name: string): Promise<{ exported: string[]; notExported: NotExported[]; errors: number; log: string }> {
    const exp = await runJob(
      { operation: 'EXPORT', mode: 'FULL', home, source },
      async (job) => {
        await job.addFile({ kind: 'DUMP', name: `${name}%U.dmp`, directory: files.dir });
        await job.setParameter('KEEP_MASTER', 1);
      },
      { dir: files.dir, log: `${name}.log` },
    );
    expect(exp.state).toBe('COMPLETED');
    const rows = await sql(home, `SELECT row_type, item_kind, payload FROM "public"."${exp.jobName}" WHERE row_type = 'JOB' OR item_kind = 'METADATA' ORDER BY id LIMIT 5000`);
    const job = rows.find((r) => r['row_type'] === 'JOB');
    const notExported = (JSON.parse(String(job?.['payload'])) as { run: { notExported?: NotExported[] } }).run.notExported ?? [];
    const exported = rows.filter((r) => r['item_kind'] === 'METADATA').map((r) => (JSON.parse(String(r['payload'])) as { object: { kind: string } }).object.kind);
    return { exported, notExported, errors: exp.errors, log: exp.log };
  }

  it('a superuser exports every object pg_dump writes, by kind, and names none as not exported', async () => {
    const { exported, notExported, errors, log } = await exportCorpus(src.adapter(), 'superuser');
    expect(notExported).toEqual([]);
    expect(errors, log).toBe(0);
    const entries = dumpEntries(src.url);
    const { pgDump, sluice } = accountFor(entries, exported, notExported);
    expect(sluice).toEqual(pgDump);
    // The comparison sees one object gone: had it vanished, the counts would differ.
    expect(accountFor(entries, exported.slice(1), notExported).sluice).not.toEqual(pgDump);
    // Nothing exported is of a kind the adapter does not say it carries.
    const carried = new Set(POSTGRES_OBJECT_KINDS.carried.map((k) => k.kind));
    expect([...new Set(exported)].filter((k) => !carried.has(k))).toEqual([]);
  }, 90_000);

  it("a user who may read everything but subscriptions' connections and user mappings' options names each of those as not exported, an error each (exit 5)", async () => {
    // The user may read every schema, table and sequence (pg_read_all_data would read subscriptions'
    // connections too), past row-level security, and every large object (lo_compat_privileges), as the
    // superuser does; a subscription's connection string stays a superuser's to read.
    const admin = createPostgresAdapter({ url: PG_URL });
    await sql(admin, `CREATE ROLE ${reader} LOGIN BYPASSRLS`);
    await sql(admin, `ALTER ROLE ${reader} SET lo_compat_privileges = on`);
    await admin.close();
    const owner = src.adapter();
    const schemas = await sql(owner, `SELECT quote_ident(nspname) AS s FROM pg_namespace WHERE nspname !~ '^pg_' AND nspname <> 'information_schema' ORDER BY 1 LIMIT 100`);
    for (const { s: schema } of schemas) {
      await sql(owner, `GRANT USAGE ON SCHEMA ${String(schema)} TO ${reader}`);
      await sql(owner, `GRANT SELECT ON ALL TABLES IN SCHEMA ${String(schema)} TO ${reader}`);
      await sql(owner, `GRANT SELECT ON ALL SEQUENCES IN SCHEMA ${String(schema)} TO ${reader}`);
    }
    const url = new URL(src.url);
    url.username = reader;
    const source = createPostgresAdapter({ url: url.toString() });
    try {
      const { exported, notExported, errors, log } = await exportCorpus(source, 'reader');
      // The corpus's user mappings are of servers the user does not own: their options are unreadable too.
      expect([...new Set(notExported.map((o) => o.kind))].sort()).toEqual(['SUBSCRIPTION', 'USER_MAPPING']);
      const entries = dumpEntries(src.url);
      const { pgDump, sluice } = accountFor(entries, exported, notExported);
      expect(sluice).toEqual(pgDump);
      // Had they been dropped instead of named, the counts would differ.
      expect(accountFor(entries, exported, []).sluice).not.toEqual(pgDump);
      // Each object not exported is an error named in the log: the job completed with errors (exit 5).
      expect(errors, log).toBe(notExported.length);
      for (const o of notExported) {
        const name = o.schema === null ? `"${o.name}"` : `"${o.schema}"."${o.name}"`;
        expect(log).toContain(`Object type ${o.kind} ${name} was not exported: `);
      }
      expect(log).toMatch(new RegExp(`completed with ${notExported.length} error\\(s\\)`));
      // What is named as not exported is what the adapter lists as not carried.
      expect([...new Set(notExported.map((o) => o.kind))].sort()).toEqual(POSTGRES_OBJECT_KINDS.notCarried.map((k) => k.kind).sort());
    } finally {
      await source.close();
    }
  }, 90_000);
});
