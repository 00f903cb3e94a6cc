import type { CatalogObject } from '@sluice/adapter-kit';
import type { ObjectTarget, PgCommentDetail, PgGrantDetail, PgPrivilege } from '../model/postgres-details.js';
import { quoteIdent, quoteLiteral } from '../sql/postgres-quote.js';
import type { PostgresRemapper } from '../sql/postgres-remapper.js';

/** The SQL naming a target after remaps, e.g. `"s"."t"."c"` for a column, `f(integer)` for a function. */
export function renderTarget(t: ObjectTarget, r: PostgresRemapper): string {
  const schema = t.schema ?? '';
  switch (t.type) {
    case 'SCHEMA':
      return quoteIdent(r.schema(t.name));
    case 'LARGE OBJECT':
      return t.name;
    case 'EXTENSION':
    case 'FOREIGN DATA WRAPPER':
    case 'SERVER':
    case 'FOREIGN SERVER':
    case 'PUBLICATION':
    case 'SUBSCRIPTION':
    case 'EVENT TRIGGER':
    case 'LANGUAGE':
      return quoteIdent(t.name);
    case 'COLUMN':
      return `${r.qualifiedTable(schema, t.table ?? '')}.${quoteIdent(t.name)}`;
    case 'CONSTRAINT':
      return `${quoteIdent(t.name)} ON ${t.domain !== undefined ? `DOMAIN ${r.qualified(schema, t.domain)}` : r.qualifiedTable(schema, t.table ?? '')}`;
    case 'TRIGGER':
    case 'RULE':
    case 'POLICY':
      return `${quoteIdent(t.name)} ON ${r.qualifiedTable(schema, t.table ?? '')}`;
    case 'FUNCTION':
    case 'PROCEDURE':
      return `${r.qualified(schema, t.name)}(${r.sql(t.args ?? '', schema)})`;
    case 'AGGREGATE':
      // An aggregate over no arguments is written `name(*)` (`count(*)`), never `name()`.
      return `${r.qualified(schema, t.name)}(${(t.args ?? '') === '' ? '*' : r.sql(t.args ?? '', schema)})`;
    case 'OPERATOR':
      return `${quoteIdent(r.schema(schema))}.${t.name} (${r.sql(t.args ?? '', schema)})`;
    case 'OPERATOR CLASS':
    case 'OPERATOR FAMILY':
      return `${r.qualified(schema, t.name)} USING ${quoteIdent(t.method ?? '')}`;
    case 'CAST':
      return `(${r.sql(t.name)} AS ${r.sql(t.args ?? '')})`;
    case 'TRANSFORM':
      return `FOR ${r.sql(t.name)} LANGUAGE ${quoteIdent(t.args ?? '')}`;
    case 'ACCESS METHOD':
      return quoteIdent(t.name);
    default:
      return t.table !== undefined ? r.qualifiedTable(schema, t.table) : r.qualified(schema, t.name);
  }
}

/** `ALTER ... OWNER TO`, unless TRANSFORM omits owners. */
export function ownerStatement(o: CatalogObject, type: string, target: ObjectTarget, r: PostgresRemapper): string[] {
  if (r.transforms.omitOwner || o.owner === undefined) return [];
  return [`ALTER ${type} ${renderTarget(target, r)} OWNER TO ${quoteIdent(o.owner)}`];
}

/** COMMENT ON ... IS ... */
export function commentDdl(d: PgCommentDetail, r: PostgresRemapper): string[] {
  if (r.transforms.omitComments) return [];
  return [`COMMENT ON ${d.target.type} ${renderTarget(d.target, r)} IS ${quoteLiteral(d.text)}`];
}

/** REVOKE / GRANT statements bringing an object's privileges to what the source had. */
export function grantDdl(d: PgGrantDetail, r: PostgresRemapper): string[] {
  if (r.transforms.omitGrants) return [];
  const on = `${d.target.type} ${renderTarget(d.target, r)}`;
  const grantee = (g: string): string => (g === 'PUBLIC' ? 'PUBLIC' : quoteIdent(g));
  const out = d.revokes.map((g) => `REVOKE ALL ON ${on} FROM ${grantee(g)}`);
  for (const p of d.columnRevokes ?? []) out.push(`REVOKE ${p.privilege}(${quoteIdent(p.column ?? '')}) ON ${on} FROM ${grantee(p.grantee)}`);
  // Consecutive privileges for the same grantee (and grant option, and column-ness) share a statement.
  const groups: PgPrivilege[][] = [];
  for (const p of d.grants) {
    const last = groups[groups.length - 1];
    const head = last?.[0];
    if (head !== undefined && head.grantee === p.grantee && head.grantable === p.grantable && head.grantor === p.grantor && (head.column === undefined) === (p.column === undefined)) last!.push(p);
    else groups.push([p]);
  }
  // Grants by another role than the owner go last, each as that role (SET ROLE is undone with the
  // statements' transaction if one fails); with owners omitted they are the importing user's own.
  const grantorOf = (p: PgPrivilege): string | undefined => (r.transforms.omitOwner ? undefined : p.grantor);
  const byOwner = groups.filter((g) => grantorOf(g[0]!) === undefined);
  const byOthers = groups.filter((g) => grantorOf(g[0]!) !== undefined);
  for (const g of [...byOwner, ...byOthers]) {
    const head = g[0]!;
    const privileges = g.map((p) => (p.column === undefined ? p.privilege : `${p.privilege}(${quoteIdent(p.column)})`)).join(', ');
    const grant = `GRANT ${privileges} ON ${on} TO ${grantee(head.grantee)}${head.grantable ? ' WITH GRANT OPTION' : ''}`;
    const by = grantorOf(head);
    out.push(...(by === undefined ? [grant] : [`SET ROLE ${quoteIdent(by)}`, grant, 'RESET ROLE']));
  }
  return out;
}

/** `WITH (k='v', ...)` for storage parameters, or '' (also when TRANSFORM omits storage). */
export function withOptions(options: Readonly<Record<string, string>> | undefined, r: PostgresRemapper, storage = true): string {
  if (options === undefined || (storage && r.transforms.omitStorage)) return '';
  const entries = Object.entries(options);
  if (entries.length === 0) return '';
  return ` WITH (${entries.map(([k, v]) => `${k}=${quoteLiteral(v)}`).join(', ')})`;
}

/** ` TABLESPACE x` after REMAP_TABLESPACE, or ''. */
export function tablespaceClause(name: string | null | undefined, r: PostgresRemapper, prefix = 'TABLESPACE'): string {
  const ts = r.tablespace(name);
  return ts === null ? '' : ` ${prefix} ${quoteIdent(ts)}`;
}
