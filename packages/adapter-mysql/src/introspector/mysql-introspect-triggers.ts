import type { MysqlConnection } from '../mysql-connection.js';
import type { MysqlTriggerDetail } from '../model/mysql-details.js';
import { qualify } from '../sql/mysql-quote.js';
import { tokenize } from '../sql/mysql-sql-lexer.js';
import type { ResolvedScope } from './mysql-introspect-scope.js';
import { exactText } from './mysql-exact-text.js';
import { programContext } from './mysql-program-context.js';

/** A trigger in scope with its native DDL. */
export interface TriggerFacts {
  readonly schema: string;
  readonly name: string;
  readonly detail: MysqlTriggerDetail;
  readonly ddl: string;
}

/** Triggers on tables in scope, in table and action order (the order they fire in). */
export async function introspectTriggers(conn: MysqlConnection, scope: ResolvedScope): Promise<TriggerFacts[]> {
  const rows = await conn.textRows(
    `SELECT TRIGGER_SCHEMA AS s, TRIGGER_NAME AS n, EVENT_OBJECT_TABLE AS t, ACTION_TIMING AS timing,
            EVENT_MANIPULATION AS event, ACTION_ORDER AS ord, ACTION_STATEMENT AS body, SQL_MODE AS mode, DEFINER AS definer,
            CHARACTER_SET_CLIENT AS cs, COLLATION_CONNECTION AS coll, DATABASE_COLLATION AS dbcoll
       FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA IN (?)
      ORDER BY TRIGGER_SCHEMA, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER`,
    [scope.schemas],
  );
  const out: TriggerFacts[] = [];
  for (const r of rows) {
    const schema = r['s'] as string;
    const table = r['t'] as string;
    if (!scope.includesTable(schema, table)) continue;
    const name = r['n'] as string;
    const show = await conn.textRow(`SHOW CREATE TRIGGER ${qualify(schema, name)}`);
    const original = show?.['SQL Original Statement'] ?? '';
    const body = exactText(r['body'] ?? '', original, { atEnd: true });
    const header = triggerHeader(original, body);
    out.push({
      schema,
      name,
      detail: {
        table,
        timing: r['timing'] ?? 'BEFORE',
        event: r['event'] ?? 'INSERT',
        order: Number(r['ord'] ?? 0),
        body,
        ...(header === null ? {} : { header }),
        ...programContext(r),
      },
      ddl: original,
    });
  }
  return out;
}

/** The part of a CREATE TRIGGER from the TRIGGER keyword to the body, or null if it cannot be found. */
export function triggerHeader(statement: string, body: string): string | null {
  let pos = 0;
  for (const t of tokenize(statement)) {
    if (t.type === 'word' && /^TRIGGER$/i.test(t.text)) {
      const end = body === '' ? -1 : statement.lastIndexOf(body);
      return end > pos ? statement.slice(pos, end) : null;
    }
    pos += t.text.length;
  }
  return null;
}
