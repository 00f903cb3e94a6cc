import type { MysqlConnection } from '../mysql-connection.js';
import type { MysqlViewDetail } from '../model/mysql-details.js';
import { qualify } from '../sql/mysql-quote.js';
import type { ResolvedScope } from './mysql-introspect-scope.js';
import { exactText } from './mysql-exact-text.js';
import { hasIntroducer, viewBodyWithIntroducers } from './mysql-view-introducers.js';

/** A view in scope with its native DDL. */
export interface ViewFacts {
  readonly schema: string;
  readonly name: string;
  readonly detail: MysqlViewDetail;
  readonly ddl: string;
}

/** Views in scope. */
export async function introspectViews(conn: MysqlConnection, scope: ResolvedScope): Promise<ViewFacts[]> {
  const algorithm = conn.features.viewsHaveAlgorithm ? ', ALGORITHM AS alg' : '';
  const rows = await conn.textRows(
    `SELECT TABLE_SCHEMA AS s, TABLE_NAME AS n, VIEW_DEFINITION AS body, CHECK_OPTION AS chk, DEFINER AS definer,
            SECURITY_TYPE AS sec, CHARACTER_SET_CLIENT AS cs, COLLATION_CONNECTION AS coll${algorithm}
       FROM information_schema.VIEWS WHERE TABLE_SCHEMA IN (?) ORDER BY TABLE_SCHEMA, TABLE_NAME`,
    [scope.schemas],
  );
  const out: ViewFacts[] = [];
  for (const r of rows) {
    const schema = r['s'] as string;
    const name = r['n'] as string;
    if (!scope.includesTable(schema, name)) continue;
    const show = await conn.textRow(`SHOW CREATE VIEW ${qualify(schema, name)}`);
    const ddl = show?.['Create View'] ?? '';
    const alg = r['alg'] ?? /\bALGORITHM=(\w+)/i.exec(ddl)?.[1] ?? 'UNDEFINED';
    const checkOption = r['chk'] ?? 'NONE';
    // Introducers (`_binary'abc'`) decide the view's column types; information_schema drops them.
    const exact = hasIntroducer(ddl) ? await viewBodyWithIntroducers(conn, schema, name, checkOption) : undefined;
    out.push({
      schema,
      name,
      detail: {
        algorithm: alg.toUpperCase(),
        security: r['sec'] ?? 'DEFINER',
        checkOption,
        body: exact ?? exactText(r['body'] ?? '', ddl),
        definer: r['definer'] ?? null,
        sqlMode: null,
        charsetClient: r['cs'] ?? null,
        collationConnection: r['coll'] ?? null,
        databaseCollation: null,
      },
      ddl,
    });
  }
  return out;
}
