import type { MysqlConnection } from '../mysql-connection.js';
import type { MysqlGrantDetail, MysqlUserDetail } from '../model/mysql-details.js';
import { quoteAccount, quoteIdent } from '../sql/mysql-quote.js';
import type { ResolvedScope } from './mysql-introspect-scope.js';

/** Accounts that hold privileges in the exported databases, and those privileges. */
export interface UserFacts {
  readonly users: readonly MysqlUserDetail[];
  readonly grants: readonly MysqlGrantDetail[];
  /** MariaDB roles holding privileges there: not exported (their grants neither), named so. */
  readonly roles: readonly string[];
}

/** Parse a GRANTEE such as `'app'@'%'`. */
export function parseGrantee(grantee: string): { user: string; host: string } | null {
  const m = /^'((?:[^']|'')*)'@'((?:[^']|'')*)'$/.exec(grantee);
  if (m === null) return null;
  return { user: (m[1] as string).replaceAll("''", "'"), host: (m[2] as string).replaceAll("''", "'") };
}

/** Users and grants for the databases in scope (Oracle's USER_METADATA). */
export async function introspectUsers(conn: MysqlConnection, scope: ResolvedScope): Promise<UserFacts> {
  const schemas = scope.schemas;
  const grants = new Map<string, { detail: Omit<MysqlGrantDetail, 'privileges' | 'grantOption'>; privileges: string[]; grantOption: boolean }>();
  const add = (grantee: string, level: MysqlGrantDetail['level'], schema: string, object: string | null, privilege: string, grantable: boolean): void => {
    const account = parseGrantee(grantee);
    if (account === null) return;
    const key = JSON.stringify([account.user, account.host, level, schema, object]);
    let g = grants.get(key);
    if (g === undefined) grants.set(key, (g = { detail: { ...account, level, schema, object }, privileges: [], grantOption: false }));
    if (privilege !== 'USAGE' && !g.privileges.includes(privilege)) g.privileges.push(privilege);
    g.grantOption ||= grantable;
  };

  if (scope.includesSchemaObjects) {
    const rows = await conn.textRows('SELECT GRANTEE AS g, TABLE_SCHEMA AS s, PRIVILEGE_TYPE AS p, IS_GRANTABLE AS o FROM information_schema.SCHEMA_PRIVILEGES WHERE TABLE_SCHEMA IN (?)', [schemas]);
    for (const r of rows) add(r['g'] as string, 'SCHEMA', r['s'] as string, null, r['p'] as string, r['o'] === 'YES');
  }
  const tableRows = await conn.textRows(
    'SELECT GRANTEE AS g, TABLE_SCHEMA AS s, TABLE_NAME AS t, PRIVILEGE_TYPE AS p, IS_GRANTABLE AS o FROM information_schema.TABLE_PRIVILEGES WHERE TABLE_SCHEMA IN (?)',
    [schemas],
  );
  for (const r of tableRows) {
    if (scope.includesTable(r['s'] as string, r['t'] as string)) add(r['g'] as string, 'TABLE', r['s'] as string, r['t'] as string, r['p'] as string, r['o'] === 'YES');
  }
  const columnRows = await conn.textRows(
    `SELECT GRANTEE AS g, TABLE_SCHEMA AS s, TABLE_NAME AS t, PRIVILEGE_TYPE AS p, IS_GRANTABLE AS o, COLUMN_NAME AS c
       FROM information_schema.COLUMN_PRIVILEGES WHERE TABLE_SCHEMA IN (?) ORDER BY GRANTEE, TABLE_SCHEMA, TABLE_NAME, PRIVILEGE_TYPE, COLUMN_NAME`,
    [schemas],
  );
  const columnGroups = new Map<string, { g: string; s: string; t: string; p: string; o: boolean; cols: string[] }>();
  for (const r of columnRows) {
    if (!scope.includesTable(r['s'] as string, r['t'] as string)) continue;
    const key = JSON.stringify([r['g'], r['s'], r['t'], r['p']]);
    let grp = columnGroups.get(key);
    if (grp === undefined) columnGroups.set(key, (grp = { g: r['g'] as string, s: r['s'] as string, t: r['t'] as string, p: r['p'] as string, o: false, cols: [] }));
    grp.cols.push(r['c'] as string);
    grp.o ||= r['o'] === 'YES';
  }
  for (const grp of columnGroups.values()) add(grp.g, 'TABLE', grp.s, grp.t, `${grp.p} (${grp.cols.map(quoteIdent).join(', ')})`, grp.o);

  if (scope.includesSchemaObjects) {
    // Routine privileges have no information_schema view; mysql.procs_priv needs SELECT on mysql.
    try {
      const procRows = await conn.textRows('SELECT User AS u, Host AS h, Db AS s, Routine_name AS n, Routine_type AS t, Proc_priv AS p FROM mysql.procs_priv WHERE Db IN (?)', [schemas]);
      for (const r of procRows) {
        const grantee = `'${(r['u'] ?? '').replaceAll("'", "''")}'@'${(r['h'] ?? '').replaceAll("'", "''")}'`;
        const privs = (r['p'] ?? '').split(',').filter((p) => p !== '');
        const grantable = privs.includes('Grant');
        for (const p of privs) if (p !== 'Grant') add(grantee, r['t'] === 'FUNCTION' ? 'FUNCTION' : 'PROCEDURE', r['s'] as string, r['n'] as string, p.toUpperCase(), grantable);
      }
    } catch {
      // Without access to mysql.procs_priv routine grants are not exported.
    }
  }

  const users: MysqlUserDetail[] = [];
  const roles: string[] = [];
  const seen = new Set<string>();
  for (const g of grants.values()) {
    const account = quoteAccount(g.detail.user, g.detail.host);
    if (seen.has(account)) continue;
    seen.add(account);
    try {
      const row = await conn.textRows(`SHOW CREATE USER ${account}`);
      const createUser = Object.values(row[0] ?? {})[0];
      if (typeof createUser === 'string') users.push({ user: g.detail.user, host: g.detail.host, createUser });
    } catch {
      // A MariaDB role (named with an empty host, its grants shown by its bare name), or an account
      // we may not read: the account's grants are still exported, a role's are not.
      if (g.detail.host === '' && (await isRole(conn, g.detail.user))) roles.push(g.detail.user);
    }
  }
  return {
    users,
    grants: [...grants.values()]
      .filter((g) => (g.privileges.length > 0 || g.grantOption) && !(g.detail.host === '' && roles.includes(g.detail.user)))
      .map((g) => ({ ...g.detail, privileges: g.privileges.length > 0 ? g.privileges : ['USAGE'], grantOption: g.grantOption })),
    roles,
  };
}

/** Whether `name` is a MariaDB role: SHOW GRANTS takes a role by its bare name. */
async function isRole(conn: MysqlConnection, name: string): Promise<boolean> {
  try {
    await conn.textRows(`SHOW GRANTS FOR ${quoteIdent(name)}`);
    return true;
  } catch {
    return false;
  }
}
