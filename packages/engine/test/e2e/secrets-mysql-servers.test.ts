import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Adapter } from '@sluice/adapter-kit';
import { DumpSetReader } from '@sluice/dump-format';
import { readMasterDocument } from '@sluice/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratch, ENGINES, type Scratch } from './support/engines.js';
import { runJob, tempDir } from './support/jobs.js';
import { sql } from './support/sql.js';

/**
 * MariaDB's secrets never reach the master table: a server definition's PASSWORD (CREATE SERVER,
 * which a table's CONNECTION='server/table' names) and a password in a table's CONNECTION= URL travel
 * in the dump's metadata frames (encrypted with the set), while the master table (kept with
 * KEEP_MASTER), the set's master pieces and the logs hold them masked. FEDERATED is not installed on
 * the test server: CONNECTION= is stored for a MyISAM table as well, which is all the export reads.
 */
if (ENGINES.includes('mysql')) {
  describe('secrets stay out of the master table (MariaDB server definitions and CONNECTION= strings)', () => {
    const files = tempDir('secrets-mysql');
    const tag = randomBytes(3).toString('hex');
    const server = `sluice_sec_${tag}`;
    const serverSecret = `srv-${tag}-Secret`;
    const urlSecret = `url-${tag}-Secret`;
    const encryptionSecret = `enc-${tag}-Secret`;
    const secrets = [serverSecret, urlSecret, encryptionSecret];
    let s: Scratch;
    let a: Adapter;
    let src: string;
    let exportJob = '';

    /** A job's whole master table as text (bounded): what status, `sluice jobs` and the REST service read from. */
    async function masterText(jobName: string): Promise<string> {
      const conn = await a.connector.connect('sluice e2e test');
      try {
        const table = a.masterTable.tableName(conn, jobName);
        const rows = (await a.masterTable.query(conn, `SELECT * FROM ${table} ORDER BY id LIMIT 10000`)).rows;
        expect(rows.length).toBeGreaterThan(1);
        return JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
      } finally {
        await conn.close();
      }
    }

    function expectNoSecret(text: string, what: string): void {
      for (const secret of secrets) expect(text.includes(secret), `${what} holds ${secret}`).toBe(false);
    }

    /** The server definition as the target holds it. */
    const definition = async (): Promise<unknown[]> =>
      sql(a, 'SELECT Host AS host, Db AS db, Username AS user, Password AS password, Port AS port, Wrapper AS wrapper FROM mysql.servers WHERE Server_name = ?', [server]);
    const expected = [{ host: 'remote.example', db: 'sales', user: 'app', password: serverSecret, port: 3307, wrapper: 'mysql' }];

    beforeAll(async () => {
      s = await createScratch('mysql');
      a = s.adapter();
      await s.createSchema('src');
      src = s.schema('src');
      await sql(a, `CREATE SERVER ${server} FOREIGN DATA WRAPPER mysql OPTIONS (HOST 'remote.example', DATABASE 'sales', USER 'app', PASSWORD '${serverSecret}', PORT 3307)`);
      await sql(a, `CREATE TABLE ${s.q(src)}.by_server (id int PRIMARY KEY) ENGINE=MyISAM CONNECTION='${server}/orders'`);
      await sql(a, `CREATE TABLE ${s.q(src)}.by_url (id int PRIMARY KEY) ENGINE=MyISAM CONNECTION='mysql://app:${urlSecret}@remote.example:3307/sales/orders'`);
      await sql(a, `INSERT INTO ${s.q(src)}.by_url (id) VALUES (1), (2)`);
      const exp = await runJob(
        { operation: 'EXPORT', mode: 'SCHEMA', home: a },
        async (job) => {
          await job.addFile({ kind: 'DUMP', name: 'sec%U.dmp', directory: files.dir });
          await job.metadataFilter({ name: 'SCHEMA_LIST', value: `'${src}'` });
          // A SCHEMA export carries global objects (users, the servers its tables name) with USER_METADATA.
          await job.setParameter('USER_METADATA', 1);
          await job.setParameter('ENCRYPTION_PASSWORD', encryptionSecret);
          await job.setParameter('KEEP_MASTER', 1);
        },
        { dir: files.dir, log: 'export.log' },
      );
      expect(exp.errors, exp.log).toBe(0);
      exportJob = exp.jobName;
      expectNoSecret(exp.log, 'the export log');
    });

    afterAll(async () => {
      await sql(a, `DROP SERVER IF EXISTS ${server}`).catch(() => undefined);
      await s?.drop();
      files.cleanup();
    });

    it('export: the master table and the master pieces hold the secrets masked; the metadata frames hold them, encrypted', async () => {
      const master = await masterText(exportJob);
      expectNoSecret(master, 'the export master table');
      expect(master).toContain(`PASSWORD '********'`);
      expect(master).toContain('mysql://app:********@remote.example');
      const dumpFiles = readdirSync(files.dir).filter((f) => f.endsWith('.dmp'));
      const reader = await DumpSetReader.open({ directory: files.dir, files: dumpFiles, encryptionPassword: encryptionSecret });
      try {
        const pieces = JSON.stringify(readMasterDocument(await reader.master()));
        expectNoSecret(pieces, "the dump set's master pieces");
        expect(pieces).toContain(`PASSWORD '********'`);
        const metadata: string[] = [];
        for await (const frame of reader.frames()) if (frame.kind === 'metadata') metadata.push(frame.payload.toString('utf8'));
        expect(metadata.filter((m) => m.includes(serverSecret))).toHaveLength(1);
        expect(metadata.filter((m) => m.includes(urlSecret))).toHaveLength(1);
      } finally {
        await reader.close();
      }
      for (const f of dumpFiles) expectNoSecret(readFileSync(join(files.dir, f)).toString('latin1'), f);
    });

    it('import from the dump: the server is created with its password; the master table and the log hold none', async () => {
      await sql(a, `DROP SERVER ${server}`);
      const imp = await runJob(
        { operation: 'IMPORT', mode: 'FULL', home: a },
        async (job) => {
          await job.addFile({ kind: 'DUMP', name: 'sec%U.dmp', directory: files.dir });
          await job.setParameter('ENCRYPTION_PASSWORD', encryptionSecret);
          await job.setParameter('KEEP_MASTER', 1);
          await job.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: s.schema('imported') });
        },
        { dir: files.dir, log: 'import.log' },
      );
      expect(imp.errors, imp.log).toBe(0);
      expectNoSecret(imp.log, 'the import log');
      expectNoSecret(await masterText(imp.jobName), 'the import master table');
      expect(await definition()).toEqual(expected);
      expect(await sql(a, `SELECT id FROM ${s.q(s.schema('imported'))}.by_url ORDER BY id`)).toEqual([{ id: 1 }, { id: 2 }]);
      // The tables keep their CONNECTION= strings, the password in it too.
      const created = async (name: string): Promise<string> => String((await sql(a, `SHOW CREATE TABLE ${s.q(s.schema('imported'))}.${name}`))[0]?.['Create Table']);
      expect(await created('by_url')).toContain(`CONNECTION='mysql://app:${urlSecret}@remote.example:3307/sales/orders'`);
      expect(await created('by_server')).toContain(`CONNECTION='${server}/orders'`);
    });

    it('import over a network link: the passwords are read again from the source, never stored', async () => {
      const link = s.adapter();
      const imp = await runJob(
        { operation: 'IMPORT', mode: 'SCHEMA', home: a, networkLink: link },
        async (job) => {
          await job.metadataFilter({ name: 'SCHEMA_LIST', value: `'${src}'` });
          await job.setParameter('USER_METADATA', 1);
          await job.setParameter('KEEP_MASTER', 1);
          await job.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: s.schema('linked') });
        },
        { dir: files.dir, log: 'network.log' },
      );
      // Source and target are one server here: the server definition is there already (one error, named).
      expect(imp.errors, imp.log).toBe(1);
      expect(imp.log).toContain(`"${server}"`);
      expect(imp.log).toMatch(/already exists/);
      expectNoSecret(imp.log, 'the network import log');
      const master = await masterText(imp.jobName);
      expectNoSecret(master, 'the network import master table');
      expect(master).toContain('mysql://app:********@remote.example');
      const created = String((await sql(a, `SHOW CREATE TABLE ${s.q(s.schema('linked'))}.by_url`))[0]?.['Create Table']);
      expect(created).toContain(`CONNECTION='mysql://app:${urlSecret}@remote.example:3307/sales/orders'`);
    });

    it('SQLFILE writes the server with its password into the script, as mariadb-dump --system=servers does, and keeps it out of its master table', async () => {
      const job = await runJob(
        { operation: 'SQL_FILE', mode: 'FULL', home: a },
        async (j) => {
          await j.addFile({ kind: 'DUMP', name: 'sec%U.dmp', directory: files.dir });
          await j.addFile({ kind: 'SQL', name: 'sec.sql', directory: files.dir });
          await j.setParameter('ENCRYPTION_PASSWORD', encryptionSecret);
          await j.setParameter('KEEP_MASTER', 1);
        },
        { dir: files.dir, log: 'sqlfile.log' },
      );
      expect(job.errors, job.log).toBe(0);
      const script = readFileSync(join(files.dir, 'sec.sql'), 'utf8');
      expect(script).toContain(`CONNECTION='mysql://app:${urlSecret}@remote.example:3307/sales/orders'`);
      expect(script).toContain(`CREATE SERVER \`${server}\` FOREIGN DATA WRAPPER \`mysql\` OPTIONS (HOST 'remote.example', DATABASE 'sales', USER 'app', PASSWORD '${serverSecret}', PORT 3307)`);
      expectNoSecret(job.log, 'the SQLFILE log');
      expectNoSecret(await masterText(job.jobName), 'the SQLFILE master table');
    });
  });
}
