import { createHash } from 'node:crypto';
import type { PostgresConnection } from '../postgres-connection.js';

/**
 * The advisory-lock keys of a job's liveness locks on PostgreSQL. Each process running the job holds
 * `pg_advisory_lock(jobKey, holderKey)` on its own session:
 *
 * - jobKey: the first 4 bytes (big-endian, signed int4) of SHA-256 of `sluice job <schema>.<table>`,
 *   the master table's schema and name;
 * - holderKey: the first 4 bytes of SHA-256 of `sluice holder <token>`, the process's own token.
 *
 * Advisory locks are scoped to the database, so the database needs no part in the key. pg_locks
 * shows such a lock as locktype 'advisory', classid = jobKey, objid = holderKey (both as unsigned
 * oids), objsubid = 2.
 */
export function jobLockKeys(schema: string, jobName: string, holder: string): { job: number; holder: number } {
  return { job: int4Of(`sluice job ${schema}.${jobName}`), holder: int4Of(`sluice holder ${holder}`) };
}

function int4Of(text: string): number {
  return createHash('sha256').update(text, 'utf8').digest().readInt32BE(0);
}

/** An int4 as pg_locks shows it in an oid column. */
function asOid(key: number): number {
  return key >>> 0;
}

/** Take this session's job lock; false when another session holds it. */
export async function lockJob(conn: PostgresConnection, jobName: string, holder: string): Promise<boolean> {
  const keys = jobLockKeys(conn.homeSchema, jobName, holder);
  const r = await conn.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::int4, $2::int4) AS ok', [keys.job, keys.holder], { action: 'job lock' });
  return r.rows[0]?.ok === true;
}

/** Release this session's job lock. */
export async function unlockJob(conn: PostgresConnection, jobName: string, holder: string): Promise<void> {
  const keys = jobLockKeys(conn.homeSchema, jobName, holder);
  await conn.query('SELECT pg_advisory_unlock($1::int4, $2::int4)', [keys.job, keys.holder], { action: 'job lock' });
}

/** Of `holders`, those whose lock a session of this database holds (one bounded look at pg_locks). */
export async function heldJobLocks(conn: PostgresConnection, jobName: string, holders: readonly string[]): Promise<string[]> {
  if (holders.length === 0) return [];
  const keyOf = (holder: string): number => asOid(jobLockKeys(conn.homeSchema, jobName, holder).holder);
  const job = asOid(jobLockKeys(conn.homeSchema, jobName, '').job);
  const r = await conn.query<{ objid: string }>(
    `SELECT l.objid::int8::text AS objid FROM pg_locks l
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.classid::int8 = $1::int8 AND l.objid::int8 = ANY($2::int8[])`,
    [job, holders.map(keyOf)],
    { action: 'job lock' },
  );
  const held = new Set(r.rows.map((row) => Number(row.objid)));
  return holders.filter((h) => held.has(keyOf(h)));
}
