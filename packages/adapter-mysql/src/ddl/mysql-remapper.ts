import type { DdlOptions } from '@sluice/adapter-kit';
import { quoteIdent } from '../sql/mysql-quote.js';
import { namePositions, type NamePosition } from '../sql/mysql-name-positions.js';
import { qualifiedNames, tokenize } from '../sql/mysql-sql-lexer.js';

/**
 * REMAP_SCHEMA and REMAP_TABLE applied to names in the model, and to the fully qualified names
 * the server writes into view bodies and the qualified names in routine, trigger and event bodies.
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

  /**
   * Rewrite the names of remapped schemas (and REMAP_TABLE tables) in SQL text: `schema`.`table`.`column`
   * anywhere, `schema`.`table` where a table stands (after FROM, JOIN, INTO, UPDATE, TABLE, a comma in
   * a table list, NEXT VALUE FOR, in nextval(...)), `schema`.`routine` in a call. Elsewhere a two-part
   * name is a table's column (`orders.id` in schema `orders` stays as it is); strings and comments
   * are left alone.
   */
  body(sql: string): string {
    return this.rewrite(sql, false);
  }

  /** As body(), for text that holds names only (a trigger's header): every two-part name is `schema`.`object`. */
  names(sql: string): string {
    return this.rewrite(sql, true);
  }

  private rewrite(sql: string, namesOnly: boolean): string {
    if (this.identity) return sql;
    const tokens = tokenize(sql);
    const positions = namesOnly ? new Map<number, NamePosition>() : namePositions(tokens);
    const replaced = new Map<number, string>();
    for (const q of qualifiedNames(tokens)) {
      const [schema, table] = q.parts;
      if (schema === undefined || table === undefined || q.parts.length > 3) continue;
      const first = q.tokenIndexes[0] as number;
      const last = q.tokenIndexes[q.tokenIndexes.length - 1] as number;
      const starred = tokens[last + 1]?.text === '.' && tokens[last + 2]?.text === '*';
      const position = positions.get(first);
      const isTable = q.parts.length === 3 || starred || position === 'table' || (namesOnly && !q.call);
      const isRoutine = !isTable && (q.call || position === 'routine' || namesOnly);
      if (!isTable && !isRoutine) continue;
      const isSchemaRef = this.schemas.has(schema) || this.tables.has(`${schema}.${table}`) || (isTable && this.tables.has(table));
      if (!isSchemaRef) continue;
      const newSchema = this.schema(schema);
      if (newSchema !== schema) replaced.set(first, quoteIdent(newSchema));
      if (isTable) {
        const newTable = this.table(schema, table);
        if (newTable !== table) replaced.set(q.tokenIndexes[1] as number, quoteIdent(newTable));
      }
    }
    return tokens.map((t, i) => replaced.get(i) ?? t.text).join('');
  }
}
