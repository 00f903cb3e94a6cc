import type { MysqlConnection, TextRow } from '../mysql-connection.js';
import type { MysqlIndexDetail, MysqlKeyPart } from '../model/mysql-details.js';

/** Every key of every table in the databases, in the server's key order, keyed by `schema\0table`. */
export async function introspectKeys(conn: MysqlConnection, schemas: readonly string[]): Promise<Map<string, MysqlIndexDetail[]>> {
  const f = conn.features;
  const hidden = f.hiddenIndexKeyword === 'IGNORED' ? ', IGNORED AS hidden' : f.hiddenIndexKeyword === 'INVISIBLE' ? ", IF(IS_VISIBLE = 'NO', 'YES', 'NO') AS hidden" : '';
  const expression = f.supportsFunctionalIndexes ? ', EXPRESSION AS expr' : '';
  // No ORDER BY across keys: the server lists a table's keys in its own key order, which SHOW CREATE TABLE follows.
  const byTable = new Map<string, Map<string, { name: string; nu: boolean; type: string; comment: string; hidden: boolean; parts: { seq: number; part: MysqlKeyPart }[] }>>();
  const onRow = (r: TextRow): void => {
    const key = `${r['s']}\0${r['t']}`;
    let indexes = byTable.get(key);
    if (indexes === undefined) byTable.set(key, (indexes = new Map()));
    const name = r['name'] as string;
    let index = indexes.get(name);
    if (index === undefined) {
      index = { name, nu: r['nu'] === '1', type: r['type'] ?? 'BTREE', comment: r['comment'] ?? '', hidden: r['hidden'] === 'YES', parts: [] };
      indexes.set(name, index);
    }
    const part: MysqlKeyPart = {
      column: r['col'] ?? null,
      ...(r['expr'] ? { expression: r['expr'] } : {}),
      // SPATIAL keys report the geometry's internal length as a prefix, which cannot be written back.
      ...(r['sub'] === null || r['sub'] === undefined || r['type'] === 'SPATIAL' ? {} : { length: Number(r['sub']) }),
      ...(r['coll'] === 'D' ? { descending: true } : {}),
    };
    index.parts.push({ seq: Number(r['seq']), part });
  };
  // Row by row: the keys of thousands of tables are never held as raw rows at once.
  await conn.eachTextRow(
    `SELECT TABLE_SCHEMA AS s, TABLE_NAME AS t, INDEX_NAME AS name, NON_UNIQUE AS nu, SEQ_IN_INDEX AS seq, COLUMN_NAME AS col,
            SUB_PART AS sub, COLLATION AS coll, INDEX_TYPE AS type, INDEX_COMMENT AS comment${hidden}${expression}
       FROM information_schema.STATISTICS WHERE TABLE_SCHEMA IN (?)`,
    [schemas],
    onRow,
  );
  const out = new Map<string, MysqlIndexDetail[]>();
  for (const [key, indexes] of byTable) {
    out.set(
      key,
      [...indexes.values()].map((ix) => ({
        name: ix.name,
        kind: ix.name === 'PRIMARY' ? 'PRIMARY' : ix.type === 'FULLTEXT' ? 'FULLTEXT' : ix.type === 'SPATIAL' ? 'SPATIAL' : ix.nu ? 'INDEX' : 'UNIQUE',
        parts: ix.parts.sort((a, b) => a.seq - b.seq).map((p) => p.part),
        ...(ix.type === 'HASH' || ix.type === 'BTREE' ? { using: ix.type } : {}),
        ...(ix.comment === '' ? {} : { comment: ix.comment }),
        ...(ix.hidden ? { hidden: true } : {}),
      })),
    );
  }
  return out;
}

/**
 * The `using` of an index kept only where it differs from the engine's default (HASH for MEMORY,
 * BTREE elsewhere), or where the table's SHOW CREATE TABLE spells it out (`USING HASH` written on a
 * MEMORY table), so the table is created again as it was written.
 */
export function withExplicitUsing(index: MysqlIndexDetail, engine: string | null, showCreate = ''): MysqlIndexDetail {
  if (index.using === undefined) return index;
  const memory = engine !== null && /^(memory|heap)$/i.test(engine);
  const defaultUsing = memory ? 'HASH' : 'BTREE';
  if (index.using !== defaultUsing) return index;
  if (new RegExp(`\\bUSING ${index.using}\\b`).test(keyLine(showCreate, index.name))) return index;
  const { using: _using, ...rest } = index;
  return rest;
}

/** The line of SHOW CREATE TABLE that defines the key `name`, or ''. */
function keyLine(showCreate: string, name: string): string {
  const head = name === 'PRIMARY' ? 'PRIMARY KEY (' : `KEY \`${name.replace(/`/g, '``')}\` (`;
  for (const line of showCreate.split('\n'))
    if (
      line
        .trimStart()
        .replace(/^(UNIQUE|FULLTEXT|SPATIAL) /, '')
        .startsWith(head)
    )
      return line;
  return '';
}
