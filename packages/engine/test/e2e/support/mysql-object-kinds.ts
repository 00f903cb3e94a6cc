import type { Adapter, CatalogObject } from '@sluice/adapter-kit';
import { sql } from './sql.js';

/** Counts by kind, e.g. `{ 'TABLE InnoDB': 48, 'TRIGGER': 5, 'KEY UNIQUE': 9 }`. */
export type KindCounts = Record<string, number>;

/** What an exported catalog object stands for, with its DDL as the target adapter writes it. */
type Carried = (o: CatalogObject, ddl: string) => readonly string[];

/** A not-exported entry as the master table's run state lists it. */
export interface NotExportedEntry {
  readonly kind: string;
  readonly schema: string | null;
  readonly name: string;
}

interface TableDetailLike {
  readonly options?: Readonly<Record<string, string>>;
  readonly columns?: readonly { readonly check?: string }[];
  readonly primaryKey?: KeyLike | null;
  readonly createKeys?: readonly KeyLike[];
  readonly partitioning?: { readonly partitions: readonly { readonly subpartitions: readonly unknown[] }[] } | null;
}
interface KeyLike {
  readonly kind?: string;
  readonly hidden?: boolean;
  readonly clause?: string;
}

const keyKinds = (k: KeyLike): string[] => [`KEY ${k.kind ?? 'INDEX'}`, ...(k.hidden === true ? ['KEY IGNORED'] : [])];
const times = (n: number, kind: string): string[] => Array.from({ length: n }, () => kind);

// information_schema compares names without case (utf8mb3_general_ci): BINARY keeps `Foo` and `foo` apart.

/**
 * The one map from MariaDB's catalog to Sluice's object kinds. Each row: how information_schema
 * (or mysql.*, or SHOW CREATE) counts a kind in a database, as `(k, n)` rows; which kinds an exported
 * object stands for; which not-exported kinds (from the log / the master table) stand for it.
 */
export const MYSQL_KIND_MAP: readonly { readonly source: string; readonly carried: Carried; readonly notExported?: Readonly<Record<string, string>> }[] = [
  {
    // Tables by engine (a system-versioned table is a table; its versioning is its own row below).
    source: `SELECT CONCAT('TABLE ', ENGINE) AS k, COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED') GROUP BY ENGINE`,
    carried: (o) => (o.kind === 'TABLE' ? [`TABLE ${(o.detail as TableDetailLike).options?.['ENGINE'] ?? '?'}`] : []),
  },
  {
    source: `SELECT 'SYSTEM VERSIONING' AS k, COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'SYSTEM VERSIONED'`,
    carried: (o, ddl) => (o.kind === 'TABLE' && /\bWITH SYSTEM VERSIONING\b/i.test(ddl) ? ['SYSTEM VERSIONING'] : []),
  },
  {
    // The history of a transaction-precise versioned table (its ROW START / ROW END are BIGINT
    // transaction ids) is named as not exported; every such table
    // of the corpus holds history.
    source: `SELECT 'TABLE HISTORY' AS k, COUNT(DISTINCT BINARY c.TABLE_NAME) AS n FROM information_schema.COLUMNS c
               JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
              WHERE c.TABLE_SCHEMA = ? AND t.TABLE_TYPE = 'SYSTEM VERSIONED' AND c.DATA_TYPE = 'bigint'
                AND c.GENERATION_EXPRESSION = 'ROW START'`,
    carried: () => [],
    notExported: { 'TABLE HISTORY': 'TABLE HISTORY' },
  },
  {
    source: `SELECT 'SEQUENCE' AS k, COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'SEQUENCE'`,
    carried: (o) => (o.kind === 'SEQUENCE' ? ['SEQUENCE'] : []),
  },
  {
    source: `SELECT 'VIEW' AS k, COUNT(*) AS n FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ?`,
    carried: (o) => (o.kind === 'VIEW' ? ['VIEW'] : []),
  },
  {
    // FUNCTION (aggregate ones too), PROCEDURE, PACKAGE, PACKAGE BODY.
    source: `SELECT ROUTINE_TYPE AS k, COUNT(*) AS n FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ? GROUP BY ROUTINE_TYPE`,
    carried: (o) => (/^(FUNCTION|PROCEDURE|AGGREGATE|PACKAGE)/.test(o.kind) ? [o.kind === 'AGGREGATE' ? 'FUNCTION' : o.kind.replace('_', ' ')] : []),
  },
  {
    source: `SELECT 'TRIGGER' AS k, COUNT(*) AS n FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?`,
    carried: (o) => (o.kind === 'TRIGGER' ? ['TRIGGER'] : []),
  },
  {
    source: `SELECT 'EVENT' AS k, COUNT(*) AS n FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?`,
    carried: (o) => (o.kind === 'EVENT' ? ['EVENT'] : []),
  },
  {
    source: `SELECT 'PARTITION' AS k, COUNT(DISTINCT BINARY TABLE_NAME, BINARY PARTITION_NAME) AS n FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = ? AND PARTITION_NAME IS NOT NULL
             UNION ALL SELECT 'SUBPARTITION', COUNT(SUBPARTITION_NAME) FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = ?`,
    carried: (o) => {
      const parts = o.kind === 'TABLE' ? ((o.detail as TableDetailLike).partitioning?.partitions ?? []) : [];
      return [...times(parts.length, 'PARTITION'), ...parts.flatMap((p) => times(p.subpartitions.length, 'SUBPARTITION'))];
    },
  },
  {
    // Column-level (MariaDB's JSON columns included) and table-level CHECKs.
    source: `SELECT 'CHECK' AS k, COUNT(*) AS n FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?`,
    carried: (o) => {
      if (o.kind === 'TABLE') return times((o.detail as TableDetailLike).columns?.filter((c) => c.check !== undefined).length ?? 0, 'CHECK');
      return o.kind === 'CONSTRAINT' && (o.detail as KeyLike).clause !== undefined ? ['CHECK'] : [];
    },
  },
  {
    // Keys by kind (PRIMARY, UNIQUE, INDEX, FULLTEXT, SPATIAL), and the IGNORED ones again.
    source: `SELECT k, COUNT(*) AS n FROM (
               SELECT DISTINCT BINARY TABLE_NAME, BINARY INDEX_NAME,
                      CONCAT('KEY ', CASE WHEN INDEX_NAME = 'PRIMARY' THEN 'PRIMARY' WHEN INDEX_TYPE IN ('FULLTEXT', 'SPATIAL') THEN INDEX_TYPE WHEN NON_UNIQUE = 0 THEN 'UNIQUE' ELSE 'INDEX' END) AS k
                 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?
               UNION ALL SELECT DISTINCT BINARY TABLE_NAME, BINARY INDEX_NAME, 'KEY IGNORED' FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND IGNORED = 'YES'
             ) keys_by_kind GROUP BY k`,
    carried: (o) => {
      if (o.kind === 'TABLE') {
        const d = o.detail as TableDetailLike;
        return [...(d.primaryKey ? [d.primaryKey] : []), ...(d.createKeys ?? [])].flatMap(keyKinds);
      }
      return o.kind === 'INDEX' || (o.kind === 'CONSTRAINT' && (o.detail as KeyLike).clause === undefined) ? keyKinds(o.detail as KeyLike) : [];
    },
  },
  {
    source: `SELECT 'REF_CONSTRAINT' AS k, COUNT(*) AS n FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?`,
    carried: (o) => (o.kind === 'REF_CONSTRAINT' ? ['REF_CONSTRAINT'] : []),
  },
  {
    // Accounts holding privileges in the database (USER_METADATA): users, and MariaDB roles (host '').
    source: `SELECT IF(u.is_role = 'Y', 'ROLE', 'USER') AS k, COUNT(DISTINCT p.GRANTEE) AS n
               FROM (SELECT GRANTEE FROM information_schema.SCHEMA_PRIVILEGES WHERE TABLE_SCHEMA = ?
                     UNION SELECT GRANTEE FROM information_schema.TABLE_PRIVILEGES WHERE TABLE_SCHEMA = ?) p
               JOIN mysql.user u ON p.GRANTEE = CONCAT('''', u.User, '''@''', u.Host, '''')
              GROUP BY 1`,
    carried: (o) => (o.kind === 'USER' ? ['USER'] : []),
    notExported: { ROLE: 'ROLE' },
  },
];

/** Application-time periods, from each table's SHOW CREATE TABLE (10.11 has no information_schema view of them). */
async function periods(a: Adapter, db: string): Promise<number> {
  const tables = await sql(a, `SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED') LIMIT 10000`, [db]);
  let n = 0;
  for (const t of tables) {
    const ddl = String((await sql(a, `SHOW CREATE TABLE \`${db}\`.\`${String(t['t']).replaceAll('`', '``')}\``))[0]?.['Create Table'] ?? '');
    if (hasPeriod(ddl)) n++;
  }
  return n;
}
const hasPeriod = (ddl: string): boolean => /\bPERIOD FOR (?!`?SYSTEM_TIME\b)/i.test(ddl);

const add = (counts: KindCounts, kind: string, n = 1): void => {
  if (n !== 0) counts[kind] = (counts[kind] ?? 0) + n;
};

/** What database `db` holds, by kind, as the server's catalog counts it. */
export async function sourceKindCounts(a: Adapter, db: string): Promise<KindCounts> {
  const counts: KindCounts = {};
  for (const row of MYSQL_KIND_MAP) {
    const params = Array.from({ length: row.source.split('?').length - 1 }, () => db);
    for (const r of await sql(a, row.source, params)) add(counts, String(r['k']), Number(r['n']));
  }
  const periodCount = await periods(a, db);
  add(counts, 'PERIOD', periodCount);
  // information_schema lists a CHECK for each application-time period (one per table); it is part of
  // the table's PERIOD FOR clause, not a constraint of its own.
  add(counts, 'CHECK', -periodCount);
  return counts;
}

/** What an export carried (its master table's objects, DDL as `generate` writes it) plus what it named as not exported, by the same kinds. */
export function exportKindCounts(objects: readonly CatalogObject[], notExported: readonly NotExportedEntry[], generate: (o: CatalogObject) => string): KindCounts {
  const counts: KindCounts = {};
  for (const o of objects) {
    const ddl = o.kind === 'TABLE' ? generate(o) : '';
    for (const row of MYSQL_KIND_MAP) for (const k of row.carried(o, ddl)) add(counts, k);
    if (o.kind === 'TABLE' && hasPeriod(ddl)) add(counts, 'PERIOD');
  }
  const aliases: Record<string, string> = { PERIOD: 'PERIOD' };
  for (const row of MYSQL_KIND_MAP) Object.assign(aliases, row.notExported ?? {});
  for (const e of notExported) add(counts, aliases[e.kind] ?? `not mapped: ${e.kind}`);
  return counts;
}
