import type { MysqlConnection } from '../mysql-connection.js';
import type { MysqlEventDetail } from '../model/mysql-details.js';
import { qualify } from '../sql/mysql-quote.js';
import { exactText } from './mysql-exact-text.js';
import { programContext } from './mysql-program-context.js';

/** An event with its native DDL. */
export interface EventFacts {
  readonly schema: string;
  readonly name: string;
  readonly detail: MysqlEventDetail;
  readonly ddl: string;
}

/** Events of the databases. STARTS/ENDS/AT are read as text in the event's own time zone. */
export async function introspectEvents(conn: MysqlConnection, schemas: readonly string[]): Promise<EventFacts[]> {
  const rows = await conn.textRows(
    `SELECT EVENT_SCHEMA AS s, EVENT_NAME AS n, DEFINER AS definer, TIME_ZONE AS tz, EVENT_DEFINITION AS body,
            EVENT_TYPE AS type, EXECUTE_AT AS at, INTERVAL_VALUE AS iv, INTERVAL_FIELD AS iff, SQL_MODE AS mode,
            STARTS AS starts, ENDS AS ends, STATUS AS status, ON_COMPLETION AS completion, EVENT_COMMENT AS comment,
            CHARACTER_SET_CLIENT AS cs, COLLATION_CONNECTION AS coll, DATABASE_COLLATION AS dbcoll
       FROM information_schema.EVENTS WHERE EVENT_SCHEMA IN (?) ORDER BY EVENT_SCHEMA, EVENT_NAME`,
    [schemas],
  );
  const out: EventFacts[] = [];
  for (const r of rows) {
    const schema = r['s'] as string;
    const name = r['n'] as string;
    const show = await conn.textRow(`SHOW CREATE EVENT ${qualify(schema, name)}`);
    const ddl = show?.['Create Event'] ?? '';
    const recurring = r['type'] === 'RECURRING';
    out.push({
      schema,
      name,
      detail: {
        timeZone: r['tz'] ?? 'SYSTEM',
        executeAt: recurring ? null : (r['at'] ?? null),
        intervalValue: recurring ? (r['iv'] ?? null) : null,
        intervalField: recurring ? (r['iff'] ?? null) : null,
        starts: recurring ? (r['starts'] ?? null) : null,
        ends: recurring ? (r['ends'] ?? null) : null,
        status: r['status'] ?? 'ENABLED',
        preserve: r['completion'] === 'PRESERVE',
        comment: r['comment'] ?? '',
        body: exactText(r['body'] ?? '', ddl, { atEnd: true }),
        ...programContext(r),
      },
      ddl,
    });
  }
  return out;
}
