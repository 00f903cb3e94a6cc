import type { MysqlConnection } from '../mysql-connection.js';
import type { MysqlRoutineDetail } from '../model/mysql-details.js';
import { qualify } from '../sql/mysql-quote.js';
import { tokenize } from '../sql/mysql-sql-lexer.js';
import { exactText } from './mysql-exact-text.js';
import { programContext } from './mysql-program-context.js';

/** A stored function or procedure with its native DDL. */
export interface RoutineFacts {
  readonly schema: string;
  readonly name: string;
  readonly detail: MysqlRoutineDetail;
  readonly ddl: string;
}

/** Stored functions and procedures of the databases. */
export async function introspectRoutines(conn: MysqlConnection, schemas: readonly string[]): Promise<RoutineFacts[]> {
  const rows = await conn.textRows(
    `SELECT ROUTINE_SCHEMA AS s, ROUTINE_NAME AS n, ROUTINE_TYPE AS type, ROUTINE_DEFINITION AS body, IS_DETERMINISTIC AS det,
            SQL_DATA_ACCESS AS access, SECURITY_TYPE AS sec, SQL_MODE AS mode, ROUTINE_COMMENT AS comment, DEFINER AS definer,
            CHARACTER_SET_CLIENT AS cs, COLLATION_CONNECTION AS coll, DATABASE_COLLATION AS dbcoll
       FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA IN (?) AND ROUTINE_TYPE IN ('FUNCTION', 'PROCEDURE')
      ORDER BY ROUTINE_SCHEMA, ROUTINE_TYPE, ROUTINE_NAME`,
    [schemas],
  );
  const out: RoutineFacts[] = [];
  for (const r of rows) {
    const schema = r['s'] as string;
    const name = r['n'] as string;
    const type = r['type'] === 'FUNCTION' ? 'FUNCTION' : 'PROCEDURE';
    const show = await conn.textRow(`SHOW CREATE ${type} ${qualify(schema, name)}`);
    const ddl = show?.[type === 'FUNCTION' ? 'Create Function' : 'Create Procedure'] ?? '';
    const body = exactText(r['body'] ?? '', ddl, { atEnd: true });
    const signature = parseSignature(ddl, body);
    out.push({
      schema,
      name,
      detail: {
        routineType: type,
        ...(type === 'FUNCTION' && isAggregate(ddl) ? { aggregate: true } : {}),
        params: signature.params,
        returns: type === 'FUNCTION' ? signature.returns : null,
        deterministic: r['det'] === 'YES',
        dataAccess: r['access'] ?? 'CONTAINS SQL',
        security: r['sec'] ?? 'DEFINER',
        comment: r['comment'] ?? '',
        body,
        ...programContext(r),
      },
      ddl,
    });
  }
  return out;
}

/** Whether a SHOW CREATE FUNCTION statement creates an AGGREGATE function (the word before FUNCTION). */
export function isAggregate(ddl: string): boolean {
  let previous = '';
  for (const t of tokenize(ddl)) {
    if (t.type !== 'word') continue;
    if (/^FUNCTION$/i.test(t.text)) return /^AGGREGATE$/i.test(previous);
    previous = t.text;
  }
  return false;
}

/**
 * The parameter list and return type as written, from SHOW CREATE FUNCTION/PROCEDURE: the text in
 * the first parentheses after the name, and for functions what follows RETURNS up to the line end.
 */
export function parseSignature(ddl: string, body: string): { params: string; returns: string | null } {
  const tokens = tokenize(ddl);
  let pos = 0;
  let i = 0;
  // Find FUNCTION/PROCEDURE, then the name (possibly qualified), then '('.
  for (; i < tokens.length; i++) {
    const t = tokens[i];
    pos += t?.text.length ?? 0;
    if (t?.type === 'word' && /^(FUNCTION|PROCEDURE)$/i.test(t.text)) break;
  }
  for (i++; i < tokens.length; i++) {
    const t = tokens[i] as { text: string };
    if (t.text === '(') break;
    pos += t.text.length;
  }
  const open = pos;
  let depth = 0;
  let close = open;
  for (; i < tokens.length; i++) {
    const t = tokens[i] as { text: string; type: string };
    if (t.type === 'punct' && t.text === '(') depth++;
    if (t.type === 'punct' && t.text === ')') depth--;
    close += t.text.length;
    if (depth === 0) break;
  }
  const params = ddl.slice(open + 1, close - 1);
  const rest = ddl.slice(close);
  const bodyAt = body === '' ? -1 : rest.lastIndexOf(body);
  const head = bodyAt < 0 ? rest : rest.slice(0, bodyAt);
  // sql_mode=ORACLE writes RETURN where the default grammar writes RETURNS.
  const m = /^\s*RETURNS?\s+([^\n]*)/i.exec(head);
  return { params, returns: m === null ? null : (m[1] as string).trim() };
}
