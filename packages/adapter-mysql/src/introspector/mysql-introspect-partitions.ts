import type { MysqlConnection } from '../mysql-connection.js';
import type { MysqlPartition, MysqlPartitioning } from '../model/mysql-details.js';

/** Partitioning of every partitioned table in the databases, keyed by `schema\0table`. */
export async function introspectPartitions(conn: MysqlConnection, schemas: readonly string[]): Promise<Map<string, MysqlPartitioning>> {
  const rows = await conn.textRows(
    `SELECT TABLE_SCHEMA AS s, TABLE_NAME AS t, PARTITION_NAME AS p, SUBPARTITION_NAME AS sp, PARTITION_METHOD AS m,
            SUBPARTITION_METHOD AS sm, PARTITION_EXPRESSION AS e, SUBPARTITION_EXPRESSION AS se,
            PARTITION_DESCRIPTION AS d, PARTITION_COMMENT AS c
       FROM information_schema.PARTITIONS
      WHERE TABLE_SCHEMA IN (?) AND PARTITION_NAME IS NOT NULL
      ORDER BY TABLE_SCHEMA, TABLE_NAME, PARTITION_ORDINAL_POSITION, SUBPARTITION_ORDINAL_POSITION`,
    [schemas],
  );
  const building = new Map<string, { first: Record<string, string | null>; partitions: { name: string; description: string | null; comment: string; subs: { name: string; comment: string }[] }[] }>();
  for (const r of rows) {
    const key = `${r['s']}\0${r['t']}`;
    let b = building.get(key);
    if (b === undefined) building.set(key, (b = { first: r, partitions: [] }));
    let last = b.partitions[b.partitions.length - 1];
    if (last === undefined || last.name !== r['p']) {
      // With subpartitions the listed comment is each subpartition's own (a partition's COMMENT is
      // handed down to the subpartitions that have none, as SHOW CREATE TABLE then shows them).
      const subpartitioned = r['sp'] !== null && r['sp'] !== undefined;
      last = { name: r['p'] as string, description: r['d'] ?? null, comment: subpartitioned ? '' : (r['c'] ?? ''), subs: [] };
      b.partitions.push(last);
    }
    if (r['sp'] !== null && r['sp'] !== undefined) last.subs.push({ name: r['sp'], comment: r['c'] ?? '' });
  }
  const out = new Map<string, MysqlPartitioning>();
  for (const [key, b] of building) {
    const method = (b.first['m'] ?? '').toUpperCase();
    const subMethod = b.first['sm']?.toUpperCase();
    const hashLike = /HASH|KEY/.test(method);
    const defaultNames = hashLike && b.partitions.every((p, i) => p.name === `p${i}`);
    const subDefaultNames = b.partitions.every((p) => p.subs.every((s, j) => s.name === `${p.name}sp${j}`));
    const partitions: MysqlPartition[] = b.partitions.map((p) => {
      // One comment on every subpartition is the partition's (SHOW CREATE TABLE writes it so);
      // otherwise each subpartition has its own, and the partition none.
      const shared = p.subs.length > 0 && p.subs.every((s) => s.comment === p.subs[0]?.comment) ? (p.subs[0]?.comment ?? '') : '';
      const comment = p.subs.length > 0 ? shared : p.comment;
      return {
        name: p.name,
        description: hashLike ? null : p.description,
        ...(comment === '' ? {} : { comment }),
        subpartitions: p.subs.map((s) => ({ name: s.name, ...(s.comment === '' || s.comment === shared ? {} : { comment: s.comment }) })),
      };
    });
    out.set(key, {
      method,
      expression: b.first['e'] ?? '',
      ...(subMethod ? { subMethod, subExpression: b.first['se'] ?? '' } : {}),
      defaultNames,
      subDefaultNames,
      partitions,
    });
  }
  return out;
}
