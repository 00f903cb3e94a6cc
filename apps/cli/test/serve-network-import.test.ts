import { describe, expect, it } from 'vitest';
import { bigDigest, bigSource } from './support/big-table.js';
import { CliProcess, ensureBuilt } from './support/cli.js';
import { postgres } from '../../../test-support/sql-clients.js';
import { Gate } from './support/gate.js';

// A network-link import (no dump files) served by a second process: with CONSISTENT=Y (the default)
// the serving process joins the snapshot of the source the process that started the job exported,
// so rows changed in the source after it was taken never reach the target, whichever process loads them.

const ROWS = 20_000;

describe('a network-link import served by a second process (postgres)', () => {
  const big = bigSource(postgres, 'srvnet', ROWS);
  const { source, target, schema, dir } = big;
  const env = { SLUICE_CHUNK_TARGET_BYTES: String(64 * 1024) };

  it("joins the job's snapshot of the source: every row as of it, once, whichever process loaded it", async () => {
    ensureBuilt();
    const gate = new Gate(postgres, source, ROWS);
    await gate.closed();
    const link = ['--network-link', postgres.url(source)];
    // The primary's items are held 400 ms each, so it claims them one at a time (a batch holds about
    // 300 ms of recent work) and the chunks past the gate stay PENDING for the serving process.
    const primary = new CliProcess(
      ['import', '--target', postgres.url(target), ...link, `SCHEMAS=${schema}`, `REMAP_SCHEMA=${schema}:net_copy`, `DIRECTORY=${dir}`, 'JOB_NAME=SERVE_NET', gate.query(`${schema}.big`)],
      { env: { ...env, SLUICE_TEST_ITEM_DELAY_MS: '400' } },
    );
    await gate.waiting(1, [primary]);
    // The source changes after the job's snapshot was taken, before the serving process starts.
    postgres.exec(source, `UPDATE ${schema}.big SET v = 'changed after the snapshot' WHERE id > ${ROWS / 2}; DELETE FROM ${schema}.big WHERE id % 97 = 0;`);
    const server = new CliProcess(['attach', 'SERVE_NET', '--target', postgres.url(target), ...link, '--serve'], { env });
    await gate.waiting(2, [primary, server]);
    await gate.open();
    const s = await server.done(180_000);
    const p = await primary.done(180_000);
    expect(s.code, s.stdout + s.stderr).toBe(0);
    expect(p.code, p.stdout + p.stderr).toBe(0);
    const id = /Snapshot (\S+) exported at WAL position/.exec(p.stdout)?.[1];
    expect(id).toBeDefined();
    expect(s.stdout).toContain(`This process joined the job's snapshot of the source (snapshot ${id!}): the rows it loads are read as of the same point in time as the rest of the import.`);
    // Its worker waited at the gate with a chunk, and loaded it as of the snapshot: the target holds the source as it was.
    expect(bigDigest(postgres, target, 'net_copy')).toBe(big.expected);
  }, 300_000);
});
