import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Adapter } from '@sluice/adapter-kit';
import { DumpSetReader } from '@sluice/dump-format';
import { readMasterDocument } from '@sluice/engine';
import { expect } from 'vitest';
import { runJob } from './jobs.js';

// What the secrets tests (PostgreSQL user mappings and subscriptions, MariaDB server definitions)
// read back to show that passwords stay out of what users and other sessions can read.

/** A check that a text (a master table, a log, a file) holds none of `secrets`, naming `what` when one is found. */
export function noSecretIn(secrets: readonly string[]): (text: string, what: string) => void {
  return (text, what) => {
    for (const secret of secrets) expect(text.includes(secret), `${what} holds ${secret}`).toBe(false);
  };
}

/** A job's whole master table as text (bounded): what status, `sluice jobs` and the REST service read from. */
export async function masterText(home: Adapter, jobName: string): Promise<string> {
  const conn = await home.connector.connect('sluice e2e test');
  try {
    const table = home.masterTable.tableName(conn, jobName);
    const rows = (await home.masterTable.query(conn, `SELECT * FROM ${table} ORDER BY id LIMIT 10000`)).rows;
    expect(rows.length).toBeGreaterThan(1);
    return JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
  } finally {
    await conn.close();
  }
}

/** An encrypted dump set as a test reads it: its master pieces as JSON text, its metadata frames' payloads, and each file's bytes as latin1 text. */
export interface DumpSetTexts {
  readonly pieces: string;
  readonly metadata: readonly string[];
  readonly files: readonly { readonly name: string; readonly bytes: string }[];
}

/** Read the dump set in `dir` (every `.dmp` file) with its encryption password. */
export async function readEncryptedDump(dir: string, encryptionPassword: string): Promise<DumpSetTexts> {
  const names = readdirSync(dir).filter((f) => f.endsWith('.dmp'));
  const files = names.map((name) => ({ name, bytes: readFileSync(join(dir, name)).toString('latin1') }));
  const reader = await DumpSetReader.open({ directory: dir, files: names, encryptionPassword });
  try {
    const pieces = JSON.stringify(readMasterDocument(await reader.master()));
    const metadata: string[] = [];
    for await (const frame of reader.frames()) if (frame.kind === 'metadata') metadata.push(frame.payload.toString('utf8'));
    return { pieces, metadata, files };
  } finally {
    await reader.close();
  }
}

/** A FULL SQLFILE job over the dump set `sec%U.dmp` in `dir` writing `sec.sql`, its master table kept: the job and the script. */
export async function sqlFileOfDump(home: Adapter, dir: string, encryptionPassword: string): Promise<{ job: Awaited<ReturnType<typeof runJob>>; script: string }> {
  const job = await runJob(
    { operation: 'SQL_FILE', mode: 'FULL', home },
    async (j) => {
      await j.addFile({ kind: 'DUMP', name: 'sec%U.dmp', directory: dir });
      await j.addFile({ kind: 'SQL', name: 'sec.sql', directory: dir });
      await j.setParameter('ENCRYPTION_PASSWORD', encryptionPassword);
      await j.setParameter('KEEP_MASTER', 1);
    },
    { dir, log: 'sqlfile.log' },
  );
  expect(job.errors, job.log).toBe(0);
  return { job, script: readFileSync(join(dir, 'sec.sql'), 'utf8') };
}
