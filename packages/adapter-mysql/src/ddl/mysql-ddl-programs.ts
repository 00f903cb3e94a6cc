import type { DdlTransforms } from '@sluice/adapter-kit';
import { SESSION_SQL_MODE, SESSION_TIME_ZONE } from '../mysql-connection.js';
import type { MysqlServerFeatures } from '../mysql-server-features.js';
import type { MysqlEventDetail, MysqlPackageDetail, MysqlProgramContext, MysqlRoutineDetail, MysqlTriggerDetail, MysqlViewDetail } from '../model/mysql-details.js';
import { quoteIdent, quoteString } from '../sql/mysql-quote.js';

const NAME = /^[A-Za-z0-9_]+$/;
const UTF8 = /^utf8(mb[34])?$/i;

/** `user`@`host` from information_schema's `user@host`. */
export function definerSql(definer: string): string {
  const at = definer.lastIndexOf('@');
  return at < 0 ? quoteIdent(definer) : `${quoteIdent(definer.slice(0, at))}@${quoteIdent(definer.slice(at + 1))}`;
}

function definerClause(ctx: MysqlProgramContext, transforms: DdlTransforms): string {
  if (ctx.definer === null || transforms.omitDefiner === true || transforms.omitOwner === true) return '';
  return ` DEFINER=${definerSql(ctx.definer)}`;
}

/** The statement that puts a session back to the adapter's pinned settings. */
export const RESET_SESSION = `SET SESSION sql_mode = '${SESSION_SQL_MODE}', character_set_client = utf8mb4, collation_connection = utf8mb4_general_ci, time_zone = '${SESSION_TIME_ZONE}'`;

/**
 * Wrap a CREATE in the session context the program was created in (sql_mode, client character set,
 * collation, time zone), as mysqldump does, and restore the pinned session afterwards.
 */
function inContext(ctx: MysqlProgramContext, create: string, features: MysqlServerFeatures | undefined, timeZone?: string): string[] {
  const sets: string[] = [];
  if (ctx.sqlMode !== null) sets.push(`sql_mode = ${quoteString(features?.sqlModeFor(ctx.sqlMode) ?? ctx.sqlMode)}`);
  const cs = ctx.charsetClient;
  // Our text always travels as utf8mb4: another client character set is only safe for ASCII text.
  if (cs !== null && NAME.test(cs) && (UTF8.test(cs) || /^[\x00-\x7f]*$/.test(create))) sets.push(`character_set_client = ${cs}`);
  if (ctx.collationConnection !== null && NAME.test(ctx.collationConnection)) sets.push(`collation_connection = ${ctx.collationConnection}`);
  if (timeZone !== undefined) sets.push(`time_zone = ${quoteString(timeZone)}`);
  if (sets.length === 0) return [create];
  return [`SET SESSION ${sets.join(', ')}`, create, RESET_SESSION];
}

/** CREATE VIEW. */
export function createViewStatements(qualifiedName: string, v: MysqlViewDetail, body: string, transforms: DdlTransforms, features?: MysqlServerFeatures): string[] {
  let sql = `CREATE ALGORITHM=${v.algorithm}${definerClause(v, transforms)} SQL SECURITY ${v.security} VIEW ${qualifiedName} AS ${body}`;
  if (v.checkOption !== 'NONE' && v.checkOption !== '') sql += ` WITH ${v.checkOption} CHECK OPTION`;
  return inContext(v, sql, features);
}

/** CREATE FUNCTION / PROCEDURE. */
export function createRoutineStatements(qualifiedName: string, r: MysqlRoutineDetail, body: string, transforms: DdlTransforms, features?: MysqlServerFeatures): string[] {
  let sql = `CREATE${definerClause(r, transforms)} ${r.aggregate === true ? 'AGGREGATE ' : ''}${r.routineType} ${qualifiedName}(${r.params})`;
  // The ORACLE grammar (the mode the function was created in, and is created in again) says RETURN.
  if (r.routineType === 'FUNCTION' && r.returns !== null) sql += ` ${/\bORACLE\b/i.test(r.sqlMode ?? '') ? 'RETURN' : 'RETURNS'} ${r.returns}`;
  const traits: string[] = [];
  if (r.deterministic) traits.push('DETERMINISTIC');
  if (r.dataAccess !== 'CONTAINS SQL') traits.push(r.dataAccess);
  if (r.security !== 'DEFINER') traits.push(`SQL SECURITY ${r.security}`);
  if (r.comment !== '') traits.push(`COMMENT ${quoteString(r.comment)}`);
  for (const t of traits) sql += `\n    ${t}`;
  sql += `\n${body}`;
  return inContext(r, sql, features);
}

/** CREATE PACKAGE / PACKAGE BODY, in the sql_mode (ORACLE) it was created in. */
export function createPackageStatements(qualifiedName: string, p: MysqlPackageDetail, body: string, transforms: DdlTransforms, features?: MysqlServerFeatures): string[] {
  return inContext(p, `CREATE${definerClause(p, transforms)} ${p.packageType} ${qualifiedName}${body}`, features);
}

/** CREATE TRIGGER. */
export function createTriggerStatements(qualifiedName: string, qualifiedTable: string, t: MysqlTriggerDetail, body: string, transforms: DdlTransforms, features?: MysqlServerFeatures): string[] {
  const sql = `CREATE${definerClause(t, transforms)} TRIGGER ${qualifiedName} ${t.timing} ${t.event} ON ${qualifiedTable} FOR EACH ROW ${body}`;
  return inContext(t, sql, features);
}

/** CREATE TRIGGER from the original statement's header (its own spelling of names), in the current database. */
export function createTriggerFromHeader(header: string, t: MysqlTriggerDetail, body: string, transforms: DdlTransforms, features?: MysqlServerFeatures): string[] {
  return inContext(t, `CREATE${definerClause(t, transforms)} ${header}${body}`, features);
}

/** CREATE EVENT, in the event's own time zone so STARTS/ENDS/AT mean the same instant. */
export function createEventStatements(qualifiedName: string, e: MysqlEventDetail, body: string, transforms: DdlTransforms, features?: MysqlServerFeatures): string[] {
  let schedule: string;
  if (e.executeAt !== null) {
    schedule = `AT ${quoteString(e.executeAt)}`;
  } else {
    const value = e.intervalValue ?? '1';
    schedule = `EVERY ${/^\d+$/.test(value) ? value : quoteString(value)} ${e.intervalField ?? 'DAY'}`;
    if (e.starts !== null) schedule += ` STARTS ${quoteString(e.starts)}`;
    if (e.ends !== null) schedule += ` ENDS ${quoteString(e.ends)}`;
  }
  const status = e.status === 'ENABLED' ? 'ENABLE' : e.status === 'DISABLED' ? 'DISABLE' : 'DISABLE ON SLAVE';
  let sql = `CREATE${definerClause(e, transforms)} EVENT ${qualifiedName} ON SCHEDULE ${schedule} ON COMPLETION ${e.preserve ? '' : 'NOT '}PRESERVE ${status}`;
  if (e.comment !== '') sql += ` COMMENT ${quoteString(e.comment)}`;
  sql += ` DO ${body}`;
  return inContext(e, sql, features, e.timeZone);
}
