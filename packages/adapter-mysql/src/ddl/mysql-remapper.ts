import type { DdlOptions } from '@sluice/adapter-kit';
import { quoteIdent } from '../sql/mysql-quote.js';
import { qualifiedNames, tokenize } from '../sql/mysql-sql-lexer.js';

/**
 * REMAP_SCHEMA and REMAP_TABLE applied to names in the model, and to the fully qualified names
 * the server writes into view bodies (and any qualified names in routine and trigger bodies).
 */
export class MysqlRemapper {
  private readonly schemas: ReadonlyMap<string, string>;
  private readonly tables: ReadonlyMap<string, string>;

  constructor(options: DdlOptions) {
    this.schemas = options.remapSchema ?? new Map();
    this.tables = options.remapTable ?? new Map();
  }

  /** The target schema of a source schema. */
  schema(schema: string): string {
    return this.schemas.get(schema) ?? schema;
  }

  /** The target name of a source table (the schema is remapped separately). */
  table(schema: string, name: string): string {
    return this.tables.get(`${schema}.${name}`) ?? this.tables.get(name) ?? name;
  }

  /** Whether nothing is remapped. */
  get identity(): boolean {
    return this.schemas.size === 0 && this.tables.size === 0;
  }

  /** Rewrite `schema`.`table`[.`column`] references in SQL text; strings and comments are left alone. */
  body(sql: string): string {
    if (this.identity) return sql;
    const tokens = tokenize(sql);
    const replaced = new Map<number, string>();
    for (const q of qualifiedNames(tokens)) {
      const [schema, table] = q.parts;
      if (schema === undefined || table === undefined || q.parts.length > 3) continue;
      const isSchemaRef = this.schemas.has(schema) || this.tables.has(`${schema}.${table}`) || (!q.call && this.tables.has(table));
      if (!isSchemaRef) continue;
      const newSchema = this.schema(schema);
      if (newSchema !== schema) replaced.set(q.tokenIndexes[0] as number, quoteIdent(newSchema));
      if (!q.call) {
        const newTable = this.table(schema, table);
        if (newTable !== table) replaced.set(q.tokenIndexes[1] as number, quoteIdent(newTable));
      }
    }
    return tokens.map((t, i) => replaced.get(i) ?? t.text).join('');
  }
}
