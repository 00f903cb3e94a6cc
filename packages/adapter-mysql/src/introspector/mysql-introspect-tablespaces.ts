import type { MysqlConnection } from '../mysql-connection.js';

// InnoDB's tablespaces, for TABLESPACE_EXPR and TABLESPACES=: a table is in `innodb_system` (the
// shared system tablespace), in a general tablespace by its name (MySQL 8's CREATE TABLESPACE;
// MariaDB has none), or in its own file-per-table tablespace, named `schema/table`. InnoDB's
// dictionary names tables `schema/table` in its file-name encoding (`@002d` for `-`), partitions with
// `#P#` after the name. MariaDB has the dictionary in INNODB_SYS_*, MySQL 8 in INNODB_*; both are
// shown only to users with the PROCESS privilege: without it the tablespaces are left unknown.

/** The dictionary queries to try, MariaDB's first; `?where` becomes the schemas' LIKE patterns. */
const QUERIES = [
  `SELECT t.NAME AS n, t.SPACE AS space, s.NAME AS ts FROM information_schema.INNODB_SYS_TABLES t
     LEFT JOIN information_schema.INNODB_SYS_TABLESPACES s ON s.SPACE = t.SPACE WHERE ?where`,
  `SELECT t.NAME AS n, t.SPACE AS space, s.NAME AS ts FROM information_schema.INNODB_TABLES t
     LEFT JOIN information_schema.INNODB_TABLESPACES s ON s.SPACE = t.SPACE WHERE ?where`,
];
/** Schemas per query (each is one LIKE). */
const SCHEMAS_PER_QUERY = 200;

/** A schema name in InnoDB's file-name encoding, for ASCII (`-` → `@002d`); other characters are left as they are. */
function encodePart(text: string): string {
  return text.replace(/[^A-Za-z0-9_\u0080-\uffff]/g, (c) => `@${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A name part in InnoDB's file-name encoding decoded (`@002d` → `-`); other forms are left as they are. */
function decodePart(text: string): string {
  return text.replace(/@([0-9a-f]{4})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/**
 * The tablespace of each InnoDB table of `schemas`, keyed `schema\0table`; undefined when the
 * dictionary cannot be read (no PROCESS privilege).
 */
export async function innodbTablespaces(conn: MysqlConnection, schemas: readonly string[]): Promise<Map<string, string> | undefined> {
  const out = new Map<string, string>();
  for (const query of QUERIES) {
    try {
      for (let i = 0; i < schemas.length; i += SCHEMAS_PER_QUERY) {
        const batch = schemas.slice(i, i + SCHEMAS_PER_QUERY);
        const patterns = batch.map((schema) => `${encodePart(schema).replace(/[\\%_]/g, (c) => `\\${c}`)}/%`);
        const sql = query.replace('?where', batch.map(() => 't.NAME LIKE ?').join(' OR '));
        for (const r of await conn.textRows(sql, patterns)) {
          const raw = r['n'] ?? '';
          const slash = raw.indexOf('/');
          if (slash < 0) continue;
          const schema = decodePart(raw.slice(0, slash));
          const table = decodePart(raw.slice(slash + 1).replace(/#[Pp]#.*$/, ''));
          const key = `${schema}\0${table}`;
          if (out.has(key)) continue;
          const named = r['ts'] ?? '';
          out.set(key, r['space'] === '0' ? 'innodb_system' : named !== '' && !named.includes('/') ? named : `${schema}/${table}`);
        }
      }
      return out;
    } catch {
      // Not this server's dictionary, or not shown to this user: try the other, else unknown.
      out.clear();
    }
  }
  return undefined;
}
