import type { MysqlConnection } from '../mysql-connection.js';
import type { MysqlPackageDetail } from '../model/mysql-details.js';
import { qualify } from '../sql/mysql-quote.js';
import { programContext } from './mysql-program-context.js';

/** An Oracle-mode package specification or body with its native DDL. */
export interface PackageFacts {
  readonly schema: string;
  readonly name: string;
  readonly detail: MysqlPackageDetail;
  readonly ddl: string;
}

/** `CREATE [DEFINER=...] PACKAGE [BODY] "name"`: what comes after it is the package's own text. */
const HEAD =
  /^CREATE\s+(?:DEFINER\s*=\s*(?:"(?:[^"]|"")*"|`(?:[^`]|``)*`|'(?:[^']|'')*'|[^\s@]+)@(?:"(?:[^"]|"")*"|`(?:[^`]|``)*`|'(?:[^']|'')*'|\S+)\s+)?PACKAGE(?:\s+BODY)?\s+(?:"(?:[^"]|"")*"|`(?:[^`]|``)*`|\w+)/;

/**
 * The package text after its name in a SHOW CREATE PACKAGE [BODY] statement (characteristics, AS,
 * declarations and END), or undefined when the statement is not shaped as expected.
 */
export function packageBody(ddl: string): string | undefined {
  const m = HEAD.exec(ddl);
  return m === null ? undefined : ddl.slice(m[0].length);
}

/**
 * Oracle-mode packages (MariaDB 10.3+, `CREATE PACKAGE` under sql_mode=ORACLE): specifications
 * before bodies, each with the sql_mode and character set it was created with.
 */
export async function introspectPackages(conn: MysqlConnection, schemas: readonly string[]): Promise<PackageFacts[]> {
  const rows = await conn.textRows(
    `SELECT ROUTINE_SCHEMA AS s, ROUTINE_NAME AS n, ROUTINE_TYPE AS type, SQL_MODE AS mode, DEFINER AS definer,
            CHARACTER_SET_CLIENT AS cs, COLLATION_CONNECTION AS coll, DATABASE_COLLATION AS dbcoll
       FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA IN (?) AND ROUTINE_TYPE IN ('PACKAGE', 'PACKAGE BODY')
      ORDER BY ROUTINE_SCHEMA, ROUTINE_TYPE, ROUTINE_NAME LIMIT 100000`,
    [schemas],
  );
  const out: PackageFacts[] = [];
  for (const r of rows) {
    const schema = r['s'] as string;
    const name = r['n'] as string;
    const packageType = r['type'] === 'PACKAGE BODY' ? 'PACKAGE BODY' : 'PACKAGE';
    const show = await conn.textRow(`SHOW CREATE ${packageType} ${qualify(schema, name)}`);
    const ddl = show?.[packageType === 'PACKAGE' ? 'Create Package' : 'Create Package Body'] ?? '';
    const body = packageBody(ddl);
    if (body === undefined) throw new Error(`SHOW CREATE ${packageType} ${qualify(schema, name)} is not shaped as expected: ${ddl.slice(0, 200)}`);
    out.push({
      schema,
      name,
      detail: {
        packageType,
        body,
        ...programContext(r),
      },
      ddl,
    });
  }
  return out;
}
