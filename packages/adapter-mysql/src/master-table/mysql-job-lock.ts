import { createHash } from 'node:crypto';

/** GET_LOCK names are at most this long (MySQL 5.7+ refuses longer ones). */
const MAX_LOCK_NAME = 64;

/**
 * The GET_LOCK name of one process's liveness lock on job `jobName` whose master table is in
 * `database`: `sluice.<database>.<job>.<holder>`. GET_LOCK is exclusive and its names are global to
 * the server, so each process holds its own name (its holder token) and the database is part of it.
 * A name longer than 64 characters becomes `sluice.` and the first 57 hex digits of its SHA-256.
 */
export function jobLockName(database: string | null, jobName: string, holder: string): string {
  const name = `sluice.${database ?? ''}.${jobName}.${holder}`;
  if (name.length <= MAX_LOCK_NAME) return name;
  return `sluice.${createHash('sha256')
    .update(name, 'utf8')
    .digest('hex')
    .slice(0, MAX_LOCK_NAME - 7)}`;
}
