import type { CatalogObject } from '@sluice/adapter-kit';
import type { PgPolicyDetail, PgRuleDetail, PgStatisticsDetail } from '../model/postgres-details.js';
import { quoteIdent } from '../sql/postgres-quote.js';
import type { PostgresRemapper } from '../sql/postgres-remapper.js';
import { ownerStatement } from './postgres-ddl-annotations.js';

/** CREATE RULE as the server printed it, then its enabled state (as pg_dump writes it). */
export function ruleDdl(o: CatalogObject, d: PgRuleDetail, r: PostgresRemapper): string[] {
  const schema = o.schema ?? '';
  const out = [r.sql(d.definition, schema)];
  const table = o.table !== undefined ? r.qualifiedTable(schema, d.table) : r.qualified(schema, d.table);
  const state: Record<string, string> = { D: 'DISABLE', R: 'ENABLE REPLICA', A: 'ENABLE ALWAYS' };
  const s = state[d.enabled];
  if (s !== undefined) out.push(`ALTER TABLE ${table} ${s} RULE ${quoteIdent(d.name)}`);
  return out;
}

/** CREATE POLICY ... AS PERMISSIVE|RESTRICTIVE FOR ... TO ... USING (...) WITH CHECK (...). */
export function policyDdl(o: CatalogObject, d: PgPolicyDetail, r: PostgresRemapper): string[] {
  const schema = o.schema ?? '';
  const roles = d.roles.map((role) => (role === 'PUBLIC' ? 'PUBLIC' : quoteIdent(role))).join(', ');
  return [
    `CREATE POLICY ${quoteIdent(d.name)} ON ${r.qualifiedTable(schema, d.table)} AS ${d.permissive ? 'PERMISSIVE' : 'RESTRICTIVE'} FOR ${d.command} TO ${roles}` +
      (d.using === null ? '' : ` USING (${r.sql(d.using, schema)})`) +
      (d.withCheck === null ? '' : ` WITH CHECK (${r.sql(d.withCheck, schema)})`),
  ];
}

/** CREATE STATISTICS as the server printed it, its statistics target, and its owner. */
export function statisticsDdl(o: CatalogObject, d: PgStatisticsDetail, r: PostgresRemapper): string[] {
  const schema = o.schema ?? '';
  const name = r.qualified(schema, o.name);
  return [
    r.sql(d.definition, schema),
    ...(d.statisticsTarget === undefined ? [] : [`ALTER STATISTICS ${name} SET STATISTICS ${d.statisticsTarget}`]),
    ...ownerStatement(o, 'STATISTICS', { type: 'STATISTICS', schema, name: o.name }, r),
  ];
}
