import type { CatalogObject } from '@sluice/adapter-kit';
import type { PgEventTriggerDetail, PgPublicationDetail, PgPublicationTableDetail, PgSubscriptionDetail } from '../model/postgres-global-details.js';
import { identList, quoteIdent, quoteLiteral } from '../sql/postgres-quote.js';
import type { PostgresRemapper } from '../sql/postgres-remapper.js';
import { ownerStatement } from './postgres-ddl-annotations.js';

/** CREATE PUBLICATION with what it publishes (its tables and schemas are added by PUBLICATION_TABLE objects). */
export function publicationDdl(o: CatalogObject, d: PgPublicationDetail, r: PostgresRemapper): string[] {
  const options = [`publish = ${quoteLiteral(d.publish.join(', '))}`];
  if (d.viaPartitionRoot) options.push('publish_via_partition_root = true');
  return [
    `CREATE PUBLICATION ${quoteIdent(o.name)}${d.allTables ? ' FOR ALL TABLES' : ''} WITH (${options.join(', ')})`,
    ...ownerStatement(o, 'PUBLICATION', { type: 'PUBLICATION', schema: null, name: o.name }, r),
  ];
}

/** ALTER PUBLICATION ... ADD TABLE ONLY t (columns) WHERE (filter), or ADD TABLES IN SCHEMA s, after remaps. */
export function publicationTableDdl(d: PgPublicationTableDetail, r: PostgresRemapper): string[] {
  const alter = `ALTER PUBLICATION ${quoteIdent(d.publication)} ADD`;
  if (d.table === undefined) return [`${alter} TABLES IN SCHEMA ${quoteIdent(r.schema(d.schema ?? ''))}`];
  let add = `${alter} TABLE ONLY ${r.qualifiedTable(d.table.schema, d.table.name)}`;
  if (d.columns !== undefined) add += ` (${identList(d.columns)})`;
  if (d.where !== undefined) add += ` WHERE (${r.sql(d.where, d.table.schema)})`;
  return [add];
}

/** CREATE SUBSCRIPTION as pg_dump writes it: `connect = false` (so disabled, no slot made, nothing copied), the same slot name. */
export function subscriptionDdl(o: CatalogObject, d: PgSubscriptionDetail, r: PostgresRemapper): string[] {
  const options = ['connect = false', `slot_name = ${d.slotName === null ? 'NONE' : quoteLiteral(d.slotName)}`];
  if (d.binary) options.push('binary = true');
  if (d.streaming === 't') options.push('streaming = on');
  else if (d.streaming === 'p') options.push('streaming = parallel');
  if (d.twoPhase) options.push('two_phase = on');
  if (d.disableOnError) options.push('disable_on_error = true');
  if (d.synchronousCommit !== 'off') options.push(`synchronous_commit = ${quoteIdent(d.synchronousCommit)}`);
  return [
    `CREATE SUBSCRIPTION ${quoteIdent(o.name)} CONNECTION ${quoteLiteral(d.conninfo)} PUBLICATION ${identList(d.publications)} WITH (${options.join(', ')})`,
    ...ownerStatement(o, 'SUBSCRIPTION', { type: 'SUBSCRIPTION', schema: null, name: o.name }, r),
  ];
}

/** CREATE EVENT TRIGGER, then its enabled state when not the default. */
export function eventTriggerDdl(o: CatalogObject, d: PgEventTriggerDetail, r: PostgresRemapper): string[] {
  const name = quoteIdent(o.name);
  const when = d.tags === null || d.tags.length === 0 ? '' : ` WHEN TAG IN (${d.tags.map(quoteLiteral).join(', ')})`;
  const out = [`CREATE EVENT TRIGGER ${name} ON ${quoteIdent(d.event)}${when} EXECUTE FUNCTION ${r.sql(d.function)}()`];
  const state: Record<string, string> = { D: 'DISABLE', R: 'ENABLE REPLICA', A: 'ENABLE ALWAYS' };
  const s = state[d.enabled];
  if (s !== undefined) out.push(`ALTER EVENT TRIGGER ${name} ${s}`);
  out.push(...ownerStatement(o, 'EVENT TRIGGER', { type: 'EVENT TRIGGER', schema: null, name: o.name }, r));
  return out;
}
