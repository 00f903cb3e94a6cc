import type { CatalogObject } from '@sluice/adapter-kit';
import type { IndexColumnStatistics, PgIndexDetail, PgMaterializedViewDetail, PgSequenceDetail, PgSequenceValueDetail, PgViewDetail } from '../model/postgres-details.js';
import { identList, quoteIdent, quoteLiteral } from '../sql/postgres-quote.js';
import type { PostgresRemapper } from '../sql/postgres-remapper.js';
import { ownerStatement, tablespaceClause, withOptions } from './postgres-ddl-annotations.js';

/** CREATE VIEW. */
export function viewDdl(o: CatalogObject, d: PgViewDetail, r: PostgresRemapper): string[] {
  const schema = o.schema ?? '';
  return [
    `CREATE VIEW ${r.qualified(schema, o.name)}${withOptions(d.options, r, false)} AS\n${r.sql(d.definition, schema)}`,
    // Defaults used by inserts through the view, written as pg_dump writes them.
    ...(d.columnDefaults ?? []).map((c) => `ALTER TABLE ONLY ${r.qualified(schema, o.name)} ALTER COLUMN ${quoteIdent(c.name)} SET DEFAULT ${r.sql(c.default, schema)}`),
    ...ownerStatement(o, 'VIEW', { type: 'VIEW', schema, name: o.name }, r),
  ];
}

/** CREATE MATERIALIZED VIEW, WITH DATA when the source's was populated. */
export function materializedViewDdl(o: CatalogObject, d: PgMaterializedViewDetail, r: PostgresRemapper): string[] {
  const schema = o.schema ?? '';
  const using = d.accessMethod === undefined ? '' : ` USING ${quoteIdent(d.accessMethod)}`;
  return [
    `CREATE MATERIALIZED VIEW ${r.qualified(schema, o.name)}${using}${withOptions(d.options, r)}${tablespaceClause(d.tablespace, r)} AS\n` +
      `${r.sql(d.definition, schema)}\nWITH ${d.populated ? '' : 'NO '}DATA`,
    ...ownerStatement(o, 'MATERIALIZED VIEW', { type: 'MATERIALIZED VIEW', schema, name: o.name }, r),
  ];
}

/** CREATE SEQUENCE with every option spelled out. */
export function sequenceDdl(o: CatalogObject, d: PgSequenceDetail, r: PostgresRemapper): string[] {
  const schema = o.schema ?? '';
  return [
    `CREATE ${d.unlogged ? 'UNLOGGED ' : ''}SEQUENCE ${r.qualified(schema, o.name)} AS ${d.dataType}` +
      ` START WITH ${d.start} INCREMENT BY ${d.increment} MINVALUE ${d.minValue} MAXVALUE ${d.maxValue} CACHE ${d.cache}${d.cycle ? ' CYCLE' : ''}`,
    ...ownerStatement(o, 'SEQUENCE', { type: 'SEQUENCE', schema, name: o.name }, r),
  ];
}

/** The sequence's position, restored after the data. */
export function sequenceValueDdl(d: PgSequenceValueDetail, r: PostgresRemapper): string[] {
  const seq = r.qualified(d.sequence.schema, d.sequence.name);
  return [`SELECT pg_catalog.setval(${quoteLiteral(seq)}, ${d.lastValue}, ${d.isCalled})`];
}

/** CREATE INDEX, then clustering, replica identity and attachment to a partitioned table's index. */
export function indexDdl(o: CatalogObject, d: PgIndexDetail, r: PostgresRemapper): string[] {
  const schema = o.schema ?? '';
  const onTable = o.table !== undefined;
  const relation = onTable ? r.qualifiedTable(schema, d.table) : r.qualified(schema, d.table);
  let s = `CREATE ${d.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(o.name)} ON ${d.only ? 'ONLY ' : ''}${relation} USING ${quoteIdent(d.method)} (${r.sql(d.keys, schema)})`;
  if (d.include.length > 0) s += ` INCLUDE (${identList(d.include)})`;
  if (d.nullsNotDistinct) s += ' NULLS NOT DISTINCT';
  s += withOptions(d.options, r) + tablespaceClause(d.tablespace, r);
  if (d.predicate !== null) s += ` WHERE ${r.sql(d.predicate, schema)}`;
  const out = [s];
  if (d.attachTo !== undefined) out.push(`ALTER INDEX ${r.qualified(d.attachTo.schema, d.attachTo.name)} ATTACH PARTITION ${r.qualified(schema, o.name)}`);
  if (d.clustered) out.push(`ALTER TABLE ${relation} CLUSTER ON ${quoteIdent(o.name)}`);
  if (d.replicaIdentity) out.push(`ALTER TABLE ONLY ${relation} REPLICA IDENTITY USING INDEX ${quoteIdent(o.name)}`);
  out.push(...indexStatisticsDdl(r.qualified(schema, o.name), d.columnStatistics));
  return out;
}

/** ALTER INDEX ... ALTER COLUMN n SET STATISTICS for each index column with a target of its own. */
export function indexStatisticsDdl(index: string, columns: readonly IndexColumnStatistics[] | undefined): string[] {
  return (columns ?? []).map((c) => `ALTER INDEX ${index} ALTER COLUMN ${c.column} SET STATISTICS ${c.statistics}`);
}
