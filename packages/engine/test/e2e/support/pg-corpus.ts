import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Adapter } from '@sluice/adapter-kit';
import { sql } from './sql.js';

const run = promisify(execFile);

/** The folder of the PostgreSQL corpus (SQL files and manifest.json). */
export const CORPUS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'corpus', 'postgres');

interface Manifest {
  readonly roundTrip: readonly string[];
  readonly notCarriedYet: readonly string[];
}

/** The corpus files, as paths: the ones the round trip loads, or every one (with kinds not carried yet). */
export function corpusFiles(which: 'roundTrip' | 'all'): string[] {
  const m = JSON.parse(readFileSync(join(CORPUS_DIR, 'manifest.json'), 'utf8')) as Manifest;
  const names = which === 'roundTrip' ? m.roundTrip : [...m.roundTrip, ...m.notCarriedYet];
  return names.map((n) => join(CORPUS_DIR, n));
}

/** Load corpus files into a database with psql, stopping at the first error; `reader` and `writer` are roles the files grant to. */
export async function loadCorpus(url: string, files: readonly string[], roles: { reader: string; writer: string }): Promise<void> {
  await run('psql', ['-X', '-q', '-o', '/dev/null', '-v', 'ON_ERROR_STOP=1', '-v', `reader=${roles.reader}`, '-v', `writer=${roles.writer}`, '-d', url, ...files.flatMap((f) => ['-f', f])], {
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** A whole database as `pg_dump --schema-only` prints it (owners and privileges included), comments and session settings left out. */
export function databaseSchema(url: string): string {
  return execFileSync('pg_dump', ['--schema-only', '-d', url], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    .split('\n')
    .filter((l) => !l.startsWith('--') && !/^SET |^SELECT pg_catalog.set_config|^\\(un)?restrict /.test(l))
    .join('\n')
    .replace(/\n{2,}/g, '\n');
}

/**
 * Every table's and materialized view's rows as a count and an ordered hash (md5 of the rows' text
 * forms sorted bytewise), keyed by qualified name: equal maps mean every row came across unchanged.
 */
export async function rowHashes(adapter: Adapter): Promise<Record<string, string>> {
  // One statement for every relation (query_to_xml runs each table's query), not a round trip each.
  const rows = await sql(
    adapter,
    `SELECT rel, CASE WHEN populated THEN (xpath('/row/h/text()', query_to_xml(
               format('SELECT count(*) || '' rows '' || md5(coalesce(string_agg(t::text, E''\\n'' ORDER BY t::text COLLATE "C"), '''')) AS h FROM ONLY %s t', rel),
               false, true, '')))[1]::text ELSE 'not populated' END AS h
       FROM (SELECT format('%I.%I', n.nspname, c.relname) AS rel, c.relispopulated AS populated FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relkind IN ('r', 'm') AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1 LIMIT 500) AS r`,
  );
  // Large objects keep their oids (as pg_dump's do): their data is hashed with them.
  const [lo] = await sql(
    adapter,
    `SELECT count(DISTINCT loid) || ' large objects ' || md5(coalesce(string_agg(loid || ':' || pageno || ':' || encode(data, 'hex'), ',' ORDER BY loid, pageno), '')) AS h FROM pg_largeobject`,
  );
  return { ...Object.fromEntries(rows.map((r) => [String(r['rel']), String(r['h'])])), '(large objects)': String(lo?.['h']) };
}

/** Drop the subscriptions of a database (a database that has one cannot be dropped); their slot is NONE, so nothing connects. */
export async function dropSubscriptions(adapter: Adapter): Promise<void> {
  const subs = await sql(adapter, `SELECT quote_ident(subname) AS s FROM pg_subscription WHERE subdbid = (SELECT oid FROM pg_database WHERE datname = current_database()) LIMIT 100`);
  for (const s of subs) await sql(adapter, `DROP SUBSCRIPTION ${String(s['s'])}`);
}
