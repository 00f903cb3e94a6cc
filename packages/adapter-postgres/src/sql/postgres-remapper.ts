import type { DdlOptions, DdlTransforms, TableRef } from '@sluice/adapter-kit';
import { isIdentToken, isKeyword, tokenizeSql, type SqlToken } from './postgres-sql-lexer.js';
import { qualify, quoteIdent, quoteLiteral } from './postgres-quote.js';

const NAME_CASTS = new Set(['regclass', 'regtype', 'regproc', 'regnamespace', 'regconfig', 'regdictionary', 'regcollation']);

/**
 * Applies REMAP_SCHEMA, REMAP_TABLE and REMAP_TABLESPACE to the pieces of the catalog model. Names
 * held as fields are mapped directly; SQL text held in the model (view bodies, defaults, index keys,
 * function definitions) was introspected with an empty search_path, so every reference to a user
 * object is schema-qualified there, and `sql()` rewrites those qualified references token by token,
 * never inside string literals, dollar-quoted bodies or comments.
 */
export class PostgresRemapper {
  readonly transforms: DdlTransforms;
  private readonly schemas: ReadonlyMap<string, string>;
  private readonly tables: ReadonlyMap<string, string>;
  private readonly tablespaces: ReadonlyMap<string, string>;
  /** Source schemas a bare `table` key of REMAP_TABLE is looked up under. */
  private readonly knownSchemas: Set<string>;

  constructor(options: DdlOptions = {}) {
    this.transforms = options.transforms ?? {};
    this.schemas = options.remapSchema ?? new Map();
    this.tables = options.remapTable ?? new Map();
    this.tablespaces = options.remapTablespace ?? new Map();
    this.knownSchemas = new Set(this.schemas.keys());
    for (const key of this.tables.keys()) {
      // Keys are raw names, `schema.table` or `table`.
      const dot = key.indexOf('.');
      if (dot > 0) this.knownSchemas.add(key.slice(0, dot));
    }
  }

  /** Whether any name changes at all (fast path for SQL text). */
  get renames(): boolean {
    return this.schemas.size > 0 || this.tables.size > 0;
  }

  /** The target name of a schema. */
  schema(name: string): string {
    return this.schemas.get(name) ?? name;
  }

  /** The target of a table: REMAP_TABLE first (by `schema.table` or `table`), then REMAP_SCHEMA. */
  table(ref: TableRef): TableRef {
    const renamed = this.tables.get(`${ref.schema}.${ref.name}`) ?? this.tables.get(ref.name) ?? ref.name;
    return { schema: this.schema(ref.schema), name: renamed };
  }

  /** A table's qualified name after remaps. */
  qualifiedTable(schema: string, name: string): string {
    const t = this.table({ schema, name });
    return qualify(t.schema, t.name);
  }

  /** A non-table object's qualified name after REMAP_SCHEMA. */
  qualified(schema: string, name: string): string {
    return qualify(this.schema(schema), name);
  }

  /** The target tablespace, or null for "the default" (also when TRANSFORM omits tablespaces). */
  tablespace(name: string | null | undefined): string | null {
    if (this.transforms.omitTablespace || name === null || name === undefined || name === '') return null;
    return this.tablespaces.get(name) ?? name;
  }

  /** Rewrite schema-qualified references in SQL text held by the model. */
  sql(text: string, ownSchema?: string): string {
    if (!this.renames) return text;
    const tokens = tokenizeSql(text);
    const out = tokens.map((t) => t.text);
    for (let k = 0; k < tokens.length; k++) {
      const t = tokens[k] as SqlToken;
      if (isKeyword(t, 'search_path') && isKeyword(previousWord(tokens, k), 'set')) {
        k = this.rewriteSearchPath(tokens, out, k);
      } else if (isIdentToken(t) && !isDot(tokens[k - 1])) {
        const chain = [k];
        while (isDot(tokens[chain[chain.length - 1]! + 1]) && isIdentToken(tokens[chain[chain.length - 1]! + 2])) {
          chain.push(chain[chain.length - 1]! + 2);
        }
        if (chain.length >= 2) this.rewriteChain(tokens, out, chain, ownSchema);
        // A qualified operator (`OPERATOR(app.===)`, `app.<(integer, bigint)`): its schema is remapped too.
        else if (isDot(tokens[k + 1]) && tokens[k + 2]?.kind === 'op' && this.schemas.has(t.value)) out[k] = quoteIdent(this.schema(t.value));
        k = chain[chain.length - 1]!;
      } else if (t.kind === 'string' && tokens[k + 1]?.text === '::' && NAME_CASTS.has(tokens[k + 2]?.value ?? '')) {
        out[k] = quoteLiteral(this.rewriteNameText(t.value, tokens[k + 2]!.value === 'regnamespace', ownSchema));
      }
    }
    return out.join('');
  }

  private rewriteChain(tokens: readonly SqlToken[], out: string[], chain: readonly number[], ownSchema?: string): void {
    const first = tokens[chain[0]!]!.value;
    const second = tokens[chain[1]!]!.value;
    const known = this.knownSchemas.has(first) || first === ownSchema;
    if (known) {
      const renamed = this.tables.get(`${first}.${second}`) ?? this.tables.get(second);
      if (renamed !== undefined && renamed !== second) {
        // `FROM app.customers WHERE customers.x ...`: the server qualifies columns with the table's
        // name when it has no alias, so a renamed table keeps its old name as an alias.
        const alias = chain.length === 2 && isTableReference(tokens, chain[0]!) && !hasAlias(tokens, chain[1]!);
        out[chain[1]!] = quoteIdent(renamed) + (alias ? ` AS ${quoteIdent(second)}` : '');
      }
    }
    const schema = this.schemas.get(first);
    if (schema !== undefined) out[chain[0]!] = quoteIdent(schema);
  }

  private rewriteNameText(name: string, schemaOnly: boolean, ownSchema?: string): string {
    const parts = splitQualified(name);
    if (schemaOnly && parts.length === 1) return quoteIdent(this.schema(parts[0]!));
    if (parts.length !== 2) return name;
    const [schema, object] = parts as [string, string];
    const known = this.knownSchemas.has(schema) || schema === ownSchema;
    const renamed = known ? (this.tables.get(`${schema}.${object}`) ?? this.tables.get(object) ?? object) : object;
    return qualify(this.schema(schema), renamed);
  }

  /** `SET search_path TO 'a', b`: remap each listed schema. Returns the last index consumed. */
  private rewriteSearchPath(tokens: readonly SqlToken[], out: string[], k: number): number {
    let j = k + 1;
    while (tokens[j]?.kind === 'space') j++;
    if (!(isKeyword(tokens[j], 'to') || tokens[j]?.text === '=')) return k;
    for (j++; j < tokens.length; j++) {
      const t = tokens[j] as SqlToken;
      if (t.kind === 'space' || t.text === ',') continue;
      if (t.kind === 'string') out[j] = quoteLiteral(this.schema(t.value));
      else if (isIdentToken(t)) out[j] = quoteIdent(this.schema(t.value));
      else break;
      if (!isCommaNext(tokens, j)) return j;
    }
    return j;
  }
}

/** Words after which a relation name is a table reference that may carry an alias. */
const TABLE_CONTEXT = new Set(['from', 'join', 'update', 'into']);
/** Words that may follow a table reference and are not an alias. */
const NOT_ALIAS = new Set([
  'where',
  'join',
  'inner',
  'left',
  'right',
  'full',
  'cross',
  'natural',
  'on',
  'using',
  'group',
  'having',
  'window',
  'order',
  'limit',
  'offset',
  'fetch',
  'for',
  'union',
  'intersect',
  'except',
  'returning',
  'tablesample',
  'with',
  'set',
  'default',
  'values',
  'select',
  'overriding',
]);

/** Whether the name starting at `k` follows FROM / JOIN / UPDATE / INTO (or a comma or parenthesis after one). */
function isTableReference(tokens: readonly SqlToken[], k: number): boolean {
  for (let j = k - 1; j >= 0; j--) {
    const t = tokens[j]!;
    if (t.kind === 'space' || t.kind === 'comment' || t.text === '(' || isKeyword(t, 'only') || isKeyword(t, 'lateral')) continue;
    if (t.text === ',') return true;
    return t.kind === 'ident' && TABLE_CONTEXT.has(t.value);
  }
  return false;
}

/** Whether the table reference ending at `k` is followed by an alias. */
function hasAlias(tokens: readonly SqlToken[], k: number): boolean {
  let j = k + 1;
  while (tokens[j]?.kind === 'space' || tokens[j]?.kind === 'comment') j++;
  const t = tokens[j];
  if (t === undefined) return false;
  if (t.kind === 'qident') return true;
  return t.kind === 'ident' && (t.value === 'as' || !NOT_ALIAS.has(t.value));
}

function isDot(t: SqlToken | undefined): boolean {
  return t !== undefined && t.kind === 'punct' && t.text === '.';
}

function isCommaNext(tokens: readonly SqlToken[], j: number): boolean {
  let k = j + 1;
  while (tokens[k]?.kind === 'space') k++;
  return tokens[k]?.text === ',';
}

function previousWord(tokens: readonly SqlToken[], k: number): SqlToken | undefined {
  let j = k - 1;
  while (j >= 0 && (tokens[j]!.kind === 'space' || tokens[j]!.kind === 'comment')) j--;
  return tokens[j];
}

/** Split `a.b` / `"A"."b.c"` into its unquoted parts. */
export function splitQualified(name: string): string[] {
  const tokens = tokenizeSql(name).filter((t) => t.kind !== 'space');
  const parts: string[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as SqlToken;
    if (k % 2 === 0) {
      if (!isIdentToken(t)) return [name];
      parts.push(t.value);
    } else if (!isDot(t)) {
      return [name];
    }
  }
  return parts;
}
