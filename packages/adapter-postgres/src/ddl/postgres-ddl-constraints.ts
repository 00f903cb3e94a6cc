import type { CatalogObject } from '@sluice/adapter-kit';
import type { PgConstraintDetail, PgTriggerDetail } from '../model/postgres-details.js';
import { identList, quoteIdent } from '../sql/postgres-quote.js';
import type { PostgresRemapper } from '../sql/postgres-remapper.js';
import { isKeyword, matchingParen, tokenizeSql } from '../sql/postgres-sql-lexer.js';
import { tablespaceClause, withOptions } from './postgres-ddl-annotations.js';
import { indexStatisticsDdl } from './postgres-ddl-relations.js';

/** ALTER TABLE ... ADD CONSTRAINT, built from the model. */
export function constraintDdl(o: CatalogObject, d: PgConstraintDetail, r: PostgresRemapper): string[] {
  const schema = o.schema ?? '';
  const table = r.qualifiedTable(schema, d.table);
  let clause: string;
  switch (d.type) {
    case 'p':
    case 'u':
      clause = `${d.type === 'p' ? 'PRIMARY KEY' : `UNIQUE${d.nullsNotDistinct ? ' NULLS NOT DISTINCT' : ''}`} (${identList(d.columns)})`;
      if (d.include.length > 0) clause += ` INCLUDE (${identList(d.include)})`;
      clause += withOptions(d.options, r) + tablespaceClause(d.tablespace, r, 'USING INDEX TABLESPACE') + deferral(d);
      break;
    case 'f': {
      const ref = d.references!;
      clause = `FOREIGN KEY (${identList(d.columns)}) REFERENCES ${r.qualifiedTable(ref.table.schema, ref.table.name)}(${identList(ref.columns)})`;
      if (ref.match !== 'SIMPLE') clause += ` MATCH ${ref.match}`;
      if (ref.onUpdate !== 'NO ACTION') clause += ` ON UPDATE ${ref.onUpdate}`;
      if (ref.onDelete !== 'NO ACTION') clause += ` ON DELETE ${ref.onDelete}${ref.deleteSetColumns ? ` (${identList(ref.deleteSetColumns)})` : ''}`;
      clause += deferral(d) + (d.validated ? '' : ' NOT VALID');
      break;
    }
    case 'x':
      clause = exclusionClause(r.sql(d.definition, schema), r);
      break;
    case 'c':
      clause = r.sql(d.definition, schema);
      break;
  }
  const out = [`ALTER TABLE ${d.only ? 'ONLY ' : ''}${table} ADD CONSTRAINT ${quoteIdent(d.name)} ${clause}`];
  if (d.attachTo !== undefined) out.push(`ALTER INDEX ${r.qualified(d.attachTo.schema, d.attachTo.name)} ATTACH PARTITION ${r.qualified(schema, d.name)}`);
  if (d.index !== undefined) {
    if (d.index.clustered) out.push(`ALTER TABLE ${table} CLUSTER ON ${quoteIdent(d.index.name)}`);
    if (d.index.replicaIdentity === true) out.push(`ALTER TABLE ONLY ${table} REPLICA IDENTITY USING INDEX ${quoteIdent(d.index.name)}`);
    out.push(...indexStatisticsDdl(r.qualified(schema, d.index.name), d.index.columnStatistics));
  }
  return out;
}

function deferral(d: PgConstraintDetail): string {
  return d.deferrable ? ` DEFERRABLE${d.deferred ? ' INITIALLY DEFERRED' : ''}` : '';
}

/**
 * An EXCLUDE clause as the server printed it, with its index tablespace remapped or left out and its
 * storage parameters left out when asked (found token by token, at the top level only).
 */
function exclusionClause(definition: string, r: PostgresRemapper): string {
  const tokens = tokenizeSql(definition);
  const out = tokens.map((t) => t.text);
  let depth = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    if (depth !== 0 || t.kind !== 'ident') continue;
    const words = nextWords(tokens, k, 4);
    if (t.value === 'using' && isKeyword(words[1]?.token, 'index') && isKeyword(words[2]?.token, 'tablespace') && words[3] !== undefined) {
      const ts = r.tablespace(words[3].token.value);
      if (ts === null) blank(out, tokens, k, words[3].index);
      else out[words[3].index] = quoteIdent(ts);
    } else if (t.value === 'with' && words[1]?.token.text === '(' && r.transforms.omitStorage) {
      blank(out, tokens, k, matchingParen(tokens, words[1].index));
    }
  }
  return out.join('');
}

/** Drop tokens from..to and the space before them. */
function blank(out: string[], tokens: ReturnType<typeof tokenizeSql>, from: number, to: number): void {
  const start = tokens[from - 1]?.kind === 'space' ? from - 1 : from;
  for (let j = start; j <= to; j++) out[j] = '';
}

function nextWords(tokens: ReturnType<typeof tokenizeSql>, k: number, n: number): { token: ReturnType<typeof tokenizeSql>[number]; index: number }[] {
  const out = [];
  for (let j = k; j < tokens.length && out.length < n; j++) if (tokens[j]!.kind !== 'space') out.push({ token: tokens[j]!, index: j });
  return out;
}

/** CREATE TRIGGER as the server printed it, then its enabled state; for a clone on a partition, its state only. */
export function triggerDdl(o: CatalogObject, d: PgTriggerDetail, r: PostgresRemapper): string[] {
  const schema = o.schema ?? '';
  const table = o.table !== undefined ? r.qualifiedTable(schema, d.table) : r.qualified(schema, d.table);
  const state: Record<string, string> = { O: 'ENABLE', D: 'DISABLE', R: 'ENABLE REPLICA', A: 'ENABLE ALWAYS' };
  const alter = `ALTER TABLE ${table} ${state[d.enabled] ?? 'ENABLE'} TRIGGER ${quoteIdent(d.name)}`;
  // Without partitioning a partition is a table of its own, which the trigger was never cloned onto.
  if (d.clone === true) return r.transforms.unpartitioned ? [] : [alter];
  return d.enabled === 'O' ? [r.sql(d.definition, schema)] : [r.sql(d.definition, schema), alter];
}
