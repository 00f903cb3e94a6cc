import type { TableRef } from '../catalog/object-ref.js';
import type { NeutralType } from '../catalog/neutral-type.js';
import type { ForeignType } from './foreign-type.js';

/**
 * A catalog object in terms both engines understand, for a move into the other engine: the source
 * adapter describes its own objects so (`neutralCatalog`), the target adapter creates them
 * (`generateNeutralDdl`). Plain JSON: it travels in the master table.
 */
export type NeutralObject =
  | { readonly kind: 'schema'; readonly name: string; readonly comment?: string }
  | NeutralTable
  | NeutralKey
  | NeutralIndex
  | NeutralCheck
  | NeutralForeignKey
  | NeutralCounter
  /** Created with something else (a serial's sequence becomes AUTO_INCREMENT): nothing to do, said in the log. */
  | { readonly kind: 'absorbed'; readonly reason: string }
  /** Not translated across engines (views, routines, triggers, events, rules, policies...): named in the log, counted as an error. */
  | { readonly kind: 'not-translated'; readonly reason: string };

/** A column default that means the same on both engines; others are left out, said in the log. */
export type NeutralDefault =
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'number'; readonly value: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'current-timestamp' }
  | { readonly kind: 'current-date' }
  /** The source's expression, not translated: the column is created without a default. */
  | { readonly kind: 'expression'; readonly sql: string };

/** A column in neutral terms. */
export interface NeutralColumn {
  readonly name: string;
  readonly type: NeutralType;
  readonly nullable: boolean;
  readonly default: NeutralDefault | null;
  /** Identity, serial or AUTO_INCREMENT: values come from a counter; `next` is its next value when known. */
  readonly identity?: NeutralIdentity;
  readonly comment?: string;
  /** Filled by the engine: how the target stores the column (the target's `foreignType`, or a TRANSFORM=COLUMN_TYPE override). */
  readonly target?: ForeignType;
}

/** A column's counter (identity, serial, AUTO_INCREMENT). */
export interface NeutralIdentity {
  /** The next value the counter gives, when known (the start value when it was never used). */
  readonly next?: string;
  /** GENERATED ALWAYS: only the counter gives values (an INSERT naming the column is refused). */
  readonly always?: boolean;
  /**
   * The counter's options that differ from an ascending count by 1 up to the type's maximum, in the
   * source's words (`INCREMENT BY 5`, `MAXVALUE 1000`, `CYCLE`): a target without them names them as not carried.
   */
  readonly options?: readonly string[];
}

/** A table with its columns and primary key. */
export interface NeutralTable {
  readonly kind: 'table';
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly NeutralColumn[];
  readonly primaryKey: { readonly name: string; readonly columns: readonly string[] } | null;
  /** CHECK constraints written with the table (PostgreSQL keeps them in the table's definition). */
  readonly checks?: readonly Omit<NeutralCheck, 'kind' | 'schema' | 'table'>[];
  readonly comment?: string;
  /** What the move leaves behind on this table (source attributes with no translation, target limits): each a counted error. */
  readonly notCarried?: readonly NotCarried[];
}

/**
 * An attribute of a carried table that does not arrive on the target (MySQL's ON UPDATE
 * CURRENT_TIMESTAMP, a domain's CHECK, row-level security...): the engine names each in the log as
 * a counted error (the job ends with exit 5) and shows it as a comment in a SQLFILE.
 */
export interface NotCarried {
  /** The column it belongs to; absent for the table's own. */
  readonly column?: string;
  /** What is left behind, in the source's terms (`ON UPDATE CURRENT_TIMESTAMP`). */
  readonly what: string;
  /** What the user can do about it, in their words. */
  readonly advice: string;
  /**
   * The column's counter itself stays behind (MariaDB keeps one AUTO_INCREMENT column per table): the
   * engine creates the column as a plain one that keeps its values, and sets no counter for it.
   */
  readonly counter?: true;
}

/** A PRIMARY KEY or UNIQUE constraint added after the data (the primary key normally comes with the table). */
export interface NeutralKey {
  readonly kind: 'key';
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  readonly primary: boolean;
  readonly columns: readonly string[];
}

/** An index. Expression and partial indexes carry the source's SQL, which the target may refuse. */
export interface NeutralIndex {
  readonly kind: 'index';
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  readonly unique: boolean;
  readonly parts: readonly { readonly column?: string; readonly expression?: string; readonly descending?: boolean; readonly length?: number }[];
  readonly predicate?: string;
}

/** A CHECK constraint, its clause in the source's SQL (casts left out); the target may refuse what it cannot parse, counted as an error. */
export interface NeutralCheck {
  readonly kind: 'check';
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  readonly clause: string;
  /** The identifier quote character the clause uses (`"` or a backtick). */
  readonly quote: string;
}

/**
 * A column's counter set to the source's next value after the data (a PostgreSQL sequence's
 * SEQUENCE_VALUE, a MySQL table's AUTO_INCREMENT): a table created by the import already starts
 * there; one that existed (TABLE_EXISTS_ACTION=APPEND or TRUNCATE) is moved forward to it, never back.
 */
export interface NeutralCounter {
  readonly kind: 'counter';
  readonly schema: string;
  readonly table: string;
  readonly column: string;
  readonly next: string;
}

/** A FOREIGN KEY. */
export interface NeutralForeignKey {
  readonly kind: 'foreign-key';
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  readonly columns: readonly string[];
  readonly references: TableRef;
  readonly referencedColumns: readonly string[];
  /** NO ACTION, RESTRICT, CASCADE, SET NULL, SET DEFAULT. */
  readonly onDelete: string;
  readonly onUpdate: string;
}
