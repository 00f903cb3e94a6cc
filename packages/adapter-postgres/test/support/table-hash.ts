import { querySql } from './scratch-database.js';

/**
 * An ordered hash of every leaf table's rows, computed by the server from each row's text form
 * (sorted bytewise), so it does not depend on the adapter being tested.
 */
export async function tableHashes(database: string, schemas: readonly string[]): Promise<Record<string, string>> {
  const tables = await querySql<{ name: string }>(
    database,
    `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY($1) AND c.relkind = 'r' ORDER BY 1`,
    [schemas],
  );
  const out: Record<string, string> = {};
  for (const t of tables) {
    const [row] = await querySql<{ rows: string; hash: string | null }>(
      database,
      `SELECT count(*)::text AS rows, md5(string_agg(x::text, E'\\n' ORDER BY x::text COLLATE "C")) AS hash FROM ONLY ${t.name} x`,
    );
    out[t.name] = `${row!.rows} rows ${row!.hash ?? 'empty'}`;
  }
  return out;
}
