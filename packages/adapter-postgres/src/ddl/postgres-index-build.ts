/**
 * Sort memory for the index builds of an import (CREATE INDEX, and ADD CONSTRAINT of a primary key,
 * unique or exclusion constraint, which builds one). PostgreSQL's default of 64 MB makes a build of a
 * million-row table sort on disk; at 512 MB it sorts in memory, in about half the time. pgcopydb
 * raises it likewise. A larger server setting is kept.
 */
const INDEX_BUILD_MEMORY_KB = 512 * 1024;

/** A statement that builds an index (not CONCURRENTLY: that one cannot share a round trip). */
const BUILDS_INDEX = /^\s*(?:CREATE\s+(?:UNIQUE\s+)?INDEX(?!\s+CONCURRENTLY)\b|ALTER\s+TABLE\b[^;]*?\bADD\s+CONSTRAINT\b[^;]*?\b(?:PRIMARY\s+KEY|UNIQUE|EXCLUDE)\b)/i;

const RAISE_MEMORY = `SELECT set_config('maintenance_work_mem', GREATEST(pg_size_bytes(current_setting('maintenance_work_mem')) / 1024, ${INDEX_BUILD_MEMORY_KB})::bigint || 'kB', false)`;

/**
 * The statement as sent: an index build goes with the raise of maintenance_work_mem for the session,
 * in the same round trip (simple query protocol); anything else as it is.
 */
export function withIndexBuildMemory(sql: string): string {
  return BUILDS_INDEX.test(sql) ? `${RAISE_MEMORY}; ${sql}` : sql;
}
