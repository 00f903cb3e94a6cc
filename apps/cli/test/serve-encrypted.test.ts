import { afterAll, describe, expect, it } from 'vitest';
import { bigDigest, bigSource } from './support/big-table.js';
import { CliProcess, runCli } from './support/cli.js';
import { postgres } from '../../../test-support/sql-clients.js';
import { Gate } from './support/gate.js';

// An encrypted export served by a second process (`attach JOB --serve`), the set in a shared folder:
// the serving process derives the set's key from the job's password with the salt the master table
// keeps (never the key), so its files open with the one password like the rest of the set.

const ROWS = 20_000;
const PASSWORD = 'serve-me-encrypted';

describe('an encrypted export served by a second process (postgres)', () => {
  const big = bigSource(postgres, 'srvenc', ROWS);
  const { source, sourceUrl, target, schema, dir } = big;
  const files = [`DIRECTORY=${dir}`, 'DUMPFILE=enc%U.dmp'];
  const env = (password?: string): Record<string, string | undefined> => ({ SLUICE_ENCRYPTION_PASSWORD: password, SLUICE_CHUNK_TARGET_BYTES: String(64 * 1024) });
  afterAll(() => postgres.exec(source, 'DROP TABLE IF EXISTS public."SERVE_ENC"'));

  it('writes files of the set with the same key: the set imports with the one password, every row once; a wrong or missing password is refused', async () => {
    const gate = new Gate(postgres, source, ROWS);
    await gate.closed();
    // The chunk the primary holds at the gate does not keep the rest of its batch: those go back for the serving processes.
    const primary = new CliProcess(['export', '--source', sourceUrl, `SCHEMAS=${schema}`, ...files, 'ENCRYPTION=ALL', 'KEEP_MASTER=Y', 'JOB_NAME=SERVE_ENC', gate.query(`${schema}.big`)], {
      env: env(PASSWORD),
    });
    await gate.waiting(1, [primary]);

    // Without the password, or with another one, this process writes nothing of the set.
    const none = await runCli(['attach', 'SERVE_ENC', '--source', sourceUrl, '--serve'], { env: env() });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("Job SERVE_ENC encrypts its dump files: a process serving it needs the job's encryption password to write files of the set. Set SLUICE_ENCRYPTION_PASSWORD");
    const wrong = await runCli(['attach', 'SERVE_ENC', '--source', sourceUrl, '--serve'], { env: env('not-the-password') });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout + wrong.stderr).toContain('the ENCRYPTION_PASSWORD is not the one dump file set');
    expect(wrong.stdout).not.toContain('This process wrote');

    const server = new CliProcess(['attach', 'SERVE_ENC', '--source', sourceUrl, '--serve'], { env: env(PASSWORD) });
    await gate.waiting(2, [primary, server]);
    await gate.open();
    const s = await server.done(180_000);
    const p = await primary.done(180_000);
    expect(s.code, s.stdout + s.stderr).toBe(0);
    expect(p.code, p.stdout + p.stderr).toBe(0);
    const wrote = /This process wrote (.+) of the dump file set/.exec(s.stdout)?.[1]?.split(', ') ?? [];
    expect(wrote.length).toBeGreaterThan(0);
    // The serving process's chunks are in its own files, which carry the set's key check.
    const chunksInServed = postgres.query(
      source,
      `SELECT count(*) FROM public."SERVE_ENC" WHERE row_type = 'ITEM' AND item_kind = 'DATA' AND state = 'DONE' AND dump_file IN (${wrote.map((n) => `'${n}'`).join(', ')})`,
    );
    expect(Number(chunksInServed[0]?.[0])).toBeGreaterThan(0);
    const info = await runCli(['info', `${dir}/${wrote[0]!}`]);
    expect(info.stdout).toMatch(/^ {2}ENCRYPTION_MODE:\s+PASSWORD$/m);

    // The master table keeps the salt and key check, never the password.
    expect(JSON.stringify(postgres.query(source, 'SELECT payload FROM public."SERVE_ENC"'))).not.toContain(PASSWORD);

    const imp = await runCli(['import', '--target', postgres.url(target), ...files, `REMAP_SCHEMA=${schema}:enc_copy`], { env: env(PASSWORD), timeoutMs: 180_000 });
    expect(imp.code, imp.stdout + imp.stderr).toBe(0);
    expect(bigDigest(postgres, target, 'enc_copy')).toBe(big.expected);
  }, 300_000);
});
