import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Adapter } from '@sluice/adapter-kit';
import { createPostgresAdapter } from '@sluice/adapter-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchName } from '../../../../test-support/scratch.js';
import { createScratch, PG_URL, type Scratch } from './support/engines.js';
import { runJob, tempDir } from './support/jobs.js';
import { masterText, noSecretIn, readEncryptedDump, sqlFileOfDump } from './support/secrets.js';
import { sql } from './support/sql.js';

/**
 * Secrets never reach the master table: a user mapping's password and a subscription's connection
 * password travel in the dump's metadata frames (encrypted with the set, as pg_dump carries them in
 * its dump), while the master table (kept with KEEP_MASTER), the set's master pieces and the logs
 * hold them masked; neither do the job's encryption password nor its connection URL's password.
 * Export, import from the dump, import over a network link and SQLFILE.
 */
describe('secrets stay out of the master table (PostgreSQL user mappings and subscriptions)', () => {
  const files = tempDir('secrets');
  const tag = randomBytes(3).toString('hex');
  const role = scratchName('user');
  const mappingSecret = `map-${tag}-Secret`;
  const subscriptionSecret = `sub-${tag}-Secret`;
  const encryptionSecret = `enc-${tag}-Secret`;
  // Trust authentication never asks for it, so it can stand in for the password of the job's own connections.
  const urlSecret = `url-${tag}-Secret`;
  const secrets = [mappingSecret, subscriptionSecret, encryptionSecret, urlSecret];
  let source: Scratch;
  const targets: Scratch[] = [];

  /** The scratch database's URL with a password in it. */
  function urlOf(db: Scratch): string {
    const u = new URL(db.url);
    u.password = urlSecret;
    return u.toString();
  }
  /** An adapter on the scratch database whose URL carries a password. */
  function withUrlPassword(db: Scratch): Adapter {
    return createPostgresAdapter({ url: urlOf(db) });
  }

  const expectNoSecret = noSecretIn(secrets);

  async function target(): Promise<Scratch> {
    const t = await createScratch('postgres');
    targets.push(t);
    return t;
  }

  /** What the target holds of the two secrets, read as a superuser. */
  async function carried(home: Adapter): Promise<unknown> {
    const mapping = await sql(home, `SELECT umoptions::text[] AS o FROM pg_user_mappings WHERE usename = '${role}'`);
    const sub = await sql(home, "SELECT subconninfo FROM pg_subscription WHERE subname = 'sec_sub' AND subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())");
    return { mapping, sub };
  }
  const expected = {
    mapping: [{ o: ['user=remote_user', `password=${mappingSecret}`] }],
    sub: [{ subconninfo: `host=127.0.0.1 port=1 dbname=nowhere user=rep password=${subscriptionSecret}` }],
  };

  let exportJob = '';

  beforeAll(async () => {
    const admin = createPostgresAdapter({ url: PG_URL });
    await sql(admin, `CREATE ROLE ${role}`);
    await admin.close();
    source = await createScratch('postgres');
    const src = source.adapter();
    for (const statement of [
      'CREATE TABLE public.t (id int PRIMARY KEY, v text)',
      "INSERT INTO public.t SELECT g, 'v' || g FROM generate_series(1, 10) g",
      'CREATE FOREIGN DATA WRAPPER sec_w',
      "CREATE SERVER sec_s FOREIGN DATA WRAPPER sec_w OPTIONS (host 'remote.example')",
      `CREATE USER MAPPING FOR ${role} SERVER sec_s OPTIONS (user 'remote_user', password '${mappingSecret}')`,
      "CREATE USER MAPPING FOR PUBLIC SERVER sec_s OPTIONS (user 'guest')",
      `CREATE SUBSCRIPTION sec_sub CONNECTION 'host=127.0.0.1 port=1 dbname=nowhere user=rep password=${subscriptionSecret}' PUBLICATION p WITH (connect = false)`,
    ])
      await sql(src, statement);
    const home = withUrlPassword(source);
    try {
      const exp = await runJob(
        { operation: 'EXPORT', mode: 'FULL', home },
        async (job) => {
          await job.addFile({ kind: 'DUMP', name: 'sec%U.dmp', directory: files.dir });
          await job.setParameter('ENCRYPTION_PASSWORD', encryptionSecret);
          await job.setParameter('KEEP_MASTER', 1);
          await job.setParameter('CLIENT_COMMAND', `sluice export FULL=Y ENCRYPTION_PASSWORD=${encryptionSecret} --source ${urlOf(source)}`);
        },
        { dir: files.dir, log: 'export.log' },
      );
      expect(exp.errors, exp.log).toBe(0);
      exportJob = exp.jobName;
      expectNoSecret(exp.log, 'the export log');
    } finally {
      await home.close();
    }
  });

  afterAll(async () => {
    // A database with subscriptions cannot be dropped; a subscription with a slot would connect to drop it.
    for (const db of [source, ...targets]) {
      if (db === undefined) continue;
      const a = db.adapter();
      for (const row of await sql(a, 'SELECT subname FROM pg_subscription WHERE subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())')) {
        await sql(a, `ALTER SUBSCRIPTION ${String(row['subname'])} SET (slot_name = NONE)`);
        await sql(a, `DROP SUBSCRIPTION ${String(row['subname'])}`);
      }
      await db.drop();
    }
    const admin = createPostgresAdapter({ url: PG_URL });
    await sql(admin, `DROP ROLE IF EXISTS ${role}`);
    await admin.close();
    files.cleanup();
  });

  it('export: the master table and the master pieces hold the secrets masked; the metadata frames hold them, encrypted', async () => {
    const master = await masterText(source.adapter(), exportJob);
    expectNoSecret(master, 'the export master table');
    expect(master).toContain('********');
    const dump = await readEncryptedDump(files.dir, encryptionSecret);
    expectNoSecret(dump.pieces, "the dump set's master pieces");
    expect(dump.pieces).toContain(`password '********'`);
    // The definitions themselves carry the passwords, as pg_dump's dump does.
    expect(dump.metadata.filter((m) => m.includes(mappingSecret) || m.includes(subscriptionSecret))).toHaveLength(2);
    // ENCRYPTION=ALL: not one of them is readable in the files' bytes.
    for (const f of dump.files) expectNoSecret(f.bytes, f.name);
  });

  it('import from the dump: the target gets the same passwords; its master table and log hold none', async () => {
    const t = await target();
    const home = withUrlPassword(t);
    try {
      const imp = await runJob(
        { operation: 'IMPORT', mode: 'FULL', home },
        async (job) => {
          await job.addFile({ kind: 'DUMP', name: 'sec%U.dmp', directory: files.dir });
          await job.setParameter('ENCRYPTION_PASSWORD', encryptionSecret);
          await job.setParameter('KEEP_MASTER', 1);
        },
        { dir: files.dir, log: 'import.log' },
      );
      expect(imp.errors, imp.log).toBe(0);
      expectNoSecret(imp.log, 'the import log');
      expectNoSecret(await masterText(home, imp.jobName), 'the import master table');
      expect(await carried(home)).toEqual(expected);
    } finally {
      await home.close();
    }
  });

  it('import over a network link: the passwords are read again from the source, never stored', async () => {
    const t = await target();
    const home = withUrlPassword(t);
    const link = withUrlPassword(source);
    try {
      const imp = await runJob(
        { operation: 'IMPORT', mode: 'FULL', home, networkLink: link },
        async (job) => {
          await job.setParameter('KEEP_MASTER', 1);
          await job.setParameter('CLIENT_COMMAND', `sluice import FULL=Y NETWORK_LINK=${urlOf(source)}`);
        },
        { dir: files.dir, log: 'network.log' },
      );
      expect(imp.errors, imp.log).toBe(0);
      expectNoSecret(imp.log, 'the network import log');
      const master = await masterText(home, imp.jobName);
      expectNoSecret(master, 'the network import master table');
      expect(master).toContain('********');
      expect(await carried(home)).toEqual(expected);
    } finally {
      await link.close();
      await home.close();
    }
  });

  it('SQLFILE writes the passwords into the script, as pg_dump does, and keeps them out of its master table', async () => {
    const home = withUrlPassword(source);
    try {
      const { job, script } = await sqlFileOfDump(home, files.dir, encryptionSecret);
      expect(script).toContain(`password '${mappingSecret}'`);
      expect(script).toContain(`password=${subscriptionSecret}`);
      expectNoSecret(job.log, 'the SQLFILE log');
      expectNoSecret(await masterText(home, job.jobName), 'the SQLFILE master table');
      await sql(home, `DROP TABLE "${job.jobName}"`);

      // Over a network link: the script from the source's catalog, the master table masked.
      const t = await target();
      const targetHome = withUrlPassword(t);
      try {
        const net = await runJob(
          { operation: 'SQL_FILE', mode: 'FULL', home: targetHome, networkLink: home },
          async (j) => {
            await j.addFile({ kind: 'SQL', name: 'sec-net.sql', directory: files.dir });
            await j.setParameter('KEEP_MASTER', 1);
          },
          { dir: files.dir, log: 'sqlfile-net.log' },
        );
        expect(net.errors, net.log).toBe(0);
        const netScript = readFileSync(join(files.dir, 'sec-net.sql'), 'utf8');
        expect(netScript).toContain(`password '${mappingSecret}'`);
        expect(netScript).toContain(`password=${subscriptionSecret}`);
        expectNoSecret(net.log, 'the network SQLFILE log');
        expectNoSecret(await masterText(targetHome, net.jobName), 'the network SQLFILE master table');
      } finally {
        await targetHome.close();
      }
    } finally {
      await home.close();
    }
  });
});
