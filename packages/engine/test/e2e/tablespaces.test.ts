import { randomBytes } from 'node:crypto';
import type { Adapter } from '@sluice/adapter-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchTablespace, type ScratchTablespace } from '../../../../test-support/pg-tablespace.js';
import { postgres } from '../../../../test-support/sql-clients.js';
import { scratchName } from '../../../../test-support/scratch.js';
import { ENGINES, createScratch, type Scratch } from './support/engines.js';
import { exportSchemas, importDump, runJob, tempDir } from './support/jobs.js';
import { sql, tableRows } from './support/sql.js';

/**
 * Tables chosen by their tablespace (TABLESPACE mode with TABLESPACE_LIST, TABLESPACE_EXPR on an
 * import). PostgreSQL: a tablespace of the test's own beside pg_default. MariaDB, which has no
 * general tablespaces: each InnoDB table is in its own file-per-table tablespace `schema/table`
 * (a partitioned one's partitions too), an Aria table in none.
 */
for (const engine of ENGINES) {
  describe(`tables chosen by tablespace (${engine})`, () => {
    const pg = engine === 'postgres';
    let s: Scratch;
    let a: Adapter;
    let src: string;
    let space: ScratchTablespace | undefined;
    const files = tempDir(`tablespaces-${engine}`);
    /** The tables the tablespace picks (not slow_t, in pg_default; not aria_t, in no tablespace). */
    const chosen = pg ? ['fast_t'] : ['inno_t', 'part-t'];

    beforeAll(async () => {
      s = await createScratch(engine);
      a = s.adapter();
      await s.createSchema('ts');
      src = s.schema('ts');
      const q = `${s.q(src)}.`;
      if (pg) {
        space = await createScratchTablespace(async (text) => postgres.query('postgres', text)[0]?.[0]);
        await sql(a, `CREATE TABLE ${q}fast_t (id int PRIMARY KEY, v text) TABLESPACE ${space.name}`);
        await sql(a, `CREATE INDEX fast_v ON ${q}fast_t (v)`);
        await sql(a, `INSERT INTO ${q}fast_t SELECT g, 'f' || g FROM generate_series(1, 300) g`);
        await sql(a, `CREATE TABLE ${q}slow_t (id int PRIMARY KEY, v text)`);
        await sql(a, `INSERT INTO ${q}slow_t SELECT g, 's' || g FROM generate_series(1, 50) g`);
      } else {
        await sql(a, `CREATE TABLE ${q}inno_t (id int PRIMARY KEY, v varchar(20)) ENGINE=InnoDB`);
        await sql(a, `INSERT INTO ${q}inno_t SELECT seq, concat('i', seq) FROM seq_1_to_300`);
        await sql(a, `CREATE TABLE ${q}\`part-t\` (id int PRIMARY KEY, v varchar(20)) ENGINE=InnoDB PARTITION BY HASH (id) PARTITIONS 2`);
        await sql(a, `INSERT INTO ${q}\`part-t\` SELECT seq, concat('p', seq) FROM seq_1_to_40`);
        await sql(a, `CREATE TABLE ${q}aria_t (id int PRIMARY KEY, v varchar(20)) ENGINE=Aria`);
        await sql(a, `INSERT INTO ${q}aria_t VALUES (1, 'a')`);
      }
    });
    afterAll(async () => {
      await s?.drop();
      await space?.drop();
      files.cleanup();
    });

    it('exports the tables of the listed tablespaces, and imports the tables of a dump by their recorded tablespace', async () => {
      // PostgreSQL: the test's tablespace; MariaDB: the file-per-table tablespace of one table, and of the partitioned one.
      const list = pg ? `'${space?.name}'` : `'${src}/inno_t','${src}/part-t','nosuch'`;
      const byList = await runJob(
        { operation: 'EXPORT', mode: 'TABLESPACE', home: a },
        async (job) => {
          await job.addFile({ kind: 'DUMP', name: 'ts%U.dmp', directory: files.dir });
          await job.metadataFilter({ name: 'TABLESPACE_LIST', value: list });
          // Only this test's schema is read (a shared server's other databases come and go).
          await job.metadataFilter({ name: 'SCHEMA_LIST', value: `'${src}'` });
        },
        { dir: files.dir, log: 'ts.log' },
      );
      expect(byList.log).toMatch(/Processing object type TABLESPACE_EXPORT\/TABLE\n/);
      const exported = [...new Set([...byList.log.matchAll(/\. \. exported "[^"]+"\."([^"]+)"/g)].map((m) => m[1]))].sort();
      expect(exported).toEqual(chosen);
      if (!pg) expect(byList.log).toContain('Object TABLESPACE nosuch was not found');
      expect(byList.state).toBe('COMPLETED');

      // The whole schema exported; the import keeps the tables whose recorded tablespace the expression accepts.
      const whole = await exportSchemas(a, [src], files.dir, 'whole%U.dmp');
      expect(whole.state).toBe('COMPLETED');
      await s.createSchema('copy');
      const copy = s.schema('copy');
      const expression = pg ? `!= 'pg_default'` : `LIKE '${src}/%'`;
      const imported = await importDump(a, files.dir, 'whole%U.dmp', async (job) => {
        await job.metadataFilter({ name: 'TABLESPACE_EXPR', value: expression });
        await job.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: copy });
      });
      expect(imported.state, imported.log).toBe('COMPLETED');
      const tables = await sql(
        a,
        pg ? `SELECT tablename AS t FROM pg_tables WHERE schemaname = '${copy}' ORDER BY 1` : `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = '${copy}' ORDER BY 1`,
      );
      expect(tables.map((r) => String(r['t'] ?? r['T'] ?? r['TABLE_NAME']))).toEqual(chosen);
      for (const t of chosen) expect(await tableRows(a, `${s.q(copy)}.${s.q(t)}`)).toEqual(await tableRows(a, `${s.q(src)}.${s.q(t)}`));
    });

    // InnoDB's dictionary is shown to users with PROCESS only: without it no table is chosen by a guess.
    if (!pg) {
      it('fails naming the table whose tablespace a user without PROCESS cannot be shown', async () => {
        const user = scratchName('np');
        const password = `Pw-${randomBytes(6).toString('hex')}`;
        await sql(a, `CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
        const { createMysqlAdapter } = await import('@sluice/adapter-mysql');
        const url = new URL(s.url);
        url.username = user;
        url.password = password;
        const limited = createMysqlAdapter({ url: url.toString() });
        try {
          await sql(a, `GRANT ALL ON \`${s.database}\`.* TO '${user}'@'%'`);
          await sql(a, `GRANT SELECT ON \`${src}\`.* TO '${user}'@'%'`);
          const failure = await runJob(
            { operation: 'EXPORT', mode: 'TABLESPACE', home: limited },
            async (job) => {
              await job.addFile({ kind: 'DUMP', name: 'np%U.dmp', directory: files.dir });
              await job.metadataFilter({ name: 'TABLESPACE_LIST', value: `'${src}/inno_t'` });
              await job.metadataFilter({ name: 'SCHEMA_LIST', value: `'${src}'` });
            },
            { dir: files.dir, log: 'np.log' },
          ).then(
            (r) => r.log,
            (e: unknown) => String((e as Error).message),
          );
          expect(failure).toContain(`TABLESPACE_LIST: the tablespace of table "${src}"."inno_t" is not known, so it cannot be chosen by its tablespace`);
          expect(failure).not.toMatch(/exported "/);
        } finally {
          await limited.close();
          await sql(a, `DROP USER IF EXISTS '${user}'@'%'`);
        }
      });
    }
  });
}
