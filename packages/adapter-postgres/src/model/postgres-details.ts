import type { CatalogObject, ColumnDef, TableDetail, TableRef } from '@sluice/adapter-kit';

// The structured model the PostgreSQL introspector reports in `CatalogObject.detail` and the DDL
// generator consumes. SQL fragments held here (types, expressions, bodies) were printed by the
// server with an empty search_path, so references to user objects are schema-qualified.

/** What a GRANT, COMMENT or OWNER TO statement is about, e.g. `COLUMN "s"."t"."c"`. */
export interface ObjectTarget {
  /** The SQL object type: TABLE, VIEW, MATERIALIZED VIEW, SEQUENCE, COLUMN, INDEX, CONSTRAINT, TRIGGER, RULE, POLICY, STATISTICS, FUNCTION, PROCEDURE, AGGREGATE, TYPE, DOMAIN, SCHEMA, EXTENSION. */
  readonly type: string;
  readonly schema: string | null;
  readonly name: string;
  /** The table the target belongs to (COLUMN, CONSTRAINT ... ON, TRIGGER / RULE / POLICY ... ON, and TABLE itself), remapped by REMAP_TABLE. */
  readonly table?: string;
  /** For CONSTRAINT ... ON DOMAIN. */
  readonly domain?: string;
  /** For routines: the identity argument list; for operators: `left, right` (`NONE` for a prefix operator's left). */
  readonly args?: string;
  /** For operator classes and families: the index access method (`USING btree`). */
  readonly method?: string;
}

/** A column as PostgreSQL reports it, beyond the neutral ColumnDef. */
export interface PgColumn extends ColumnDef {
  /** Declared in this table (attislocal); false for columns only inherited from a parent. */
  readonly local: boolean;
  /** Inherited from a parent (or partitioned table). */
  readonly inherited: boolean;
  /** For inherited columns: whether a parent already makes it NOT NULL, and the parent's default. */
  readonly parentNotNull?: boolean;
  readonly parentDefault?: string | null;
  /** The identity column's sequence. */
  readonly identitySequence?: TableRef;
  /** ALTER COLUMN SET STATISTICS, when set. */
  readonly statistics?: number;
  /** ALTER COLUMN SET STORAGE, when it differs from the type's default. */
  readonly storage?: string;
  /** ALTER COLUMN SET COMPRESSION (pglz, lz4), when set on the column. */
  readonly compression?: string;
  /** ALTER COLUMN SET (n_distinct = ..., n_distinct_inherited = ...): attribute options. */
  readonly attributeOptions?: Readonly<Record<string, string>>;
  /** The collation, schema-qualified, when it differs from the type's default. */
  readonly collation?: string;
}

/** A CHECK constraint written inside CREATE TABLE. */
export interface PgInlineCheck {
  readonly name: string;
  /** `CHECK (...)` with `NO INHERIT` when so. */
  readonly definition: string;
}

/** TABLE detail. */
export interface PgTableDetail extends TableDetail {
  readonly columns: readonly PgColumn[];
  /** INHERITS parents, in order (not partition parents). */
  readonly inherits: readonly TableRef[];
  /** For a partitioned table: `RANGE (a)`, `LIST (b)`, `HASH (c)`. */
  readonly partitionKey?: string;
  /**
   * A partition whose columns are in another order than its parent's (it was attached from a table
   * of its own): created as that table and attached, as pg_dump does, since PARTITION OF would take
   * the parent's order.
   */
  readonly ownColumnOrder?: boolean;
  readonly checks: readonly PgInlineCheck[];
  /**
   * For a partition: the validated CHECKs it has from its parent. Its CREATE TABLE ... PARTITION OF
   * gets them from the parent; TRANSFORM unpartitioned declares them, the table standing alone.
   */
  readonly parentChecks?: readonly PgInlineCheck[];
  /** Sequences owned by a column of this table (serial columns), restored with ALTER SEQUENCE ... OWNED BY. */
  readonly ownedSequences: readonly { readonly sequence: TableRef; readonly column: string }[];
  /** For a typed table: the composite type it is `OF` (`format_type` text). */
  readonly ofType?: string;
  /** Table access method, when not `heap`. */
  readonly accessMethod?: string;
  /** REPLICA IDENTITY: d(efault), n(othing), f(ull), i(ndex; set by the index). */
  readonly replicaIdentity: string;
  readonly rowSecurity: boolean;
  readonly forceRowSecurity: boolean;
  /**
   * Import: a small table's primary key, unique and exclusion constraints and indexes (their own
   * objects, in source order), made right after its CREATE TABLE and before its rows (withKeysAtCreate).
   */
  readonly keysAtCreate?: readonly CatalogObject[];
}

/** VIEW detail. */
export interface PgViewDetail {
  /** The query, as pg_get_viewdef prints it (without the trailing semicolon). */
  readonly definition: string;
  /** View options: check_option, security_barrier, security_invoker. */
  readonly options: Readonly<Record<string, string>>;
  readonly comment?: string;
  /** Column defaults set with ALTER VIEW ... ALTER COLUMN ... SET DEFAULT, used by inserts through the view. */
  readonly columnDefaults?: readonly { readonly name: string; readonly default: string }[];
}

/** MATERIALIZED_VIEW detail. Populated views are created WITH DATA after table data (post-data). */
export interface PgMaterializedViewDetail {
  readonly definition: string;
  readonly populated: boolean;
  readonly tablespace: string | null;
  readonly options: Readonly<Record<string, string>>;
  readonly accessMethod?: string;
}

/** INDEX detail. */
export interface PgIndexDetail {
  readonly table: string;
  readonly unique: boolean;
  /** Access method: btree, hash, gist, gin, brin, spgist... */
  readonly method: string;
  /** The key list inside the parentheses, as the server prints it (columns/expressions, opclasses, order). */
  readonly keys: string;
  readonly include: readonly string[];
  readonly nullsNotDistinct: boolean;
  readonly predicate: string | null;
  readonly options: Readonly<Record<string, string>>;
  readonly tablespace: string | null;
  /** On a partitioned table: CREATE INDEX ... ON ONLY. */
  readonly only: boolean;
  /** For an index of a partition: the partitioned table's index it is attached to. */
  readonly attachTo?: TableRef;
  readonly clustered: boolean;
  readonly replicaIdentity: boolean;
  /** ALTER INDEX ... ALTER COLUMN n SET STATISTICS, by index column number. */
  readonly columnStatistics?: readonly IndexColumnStatistics[];
}

/** A statistics target set on an index column (expression columns only, by the server's rule). */
export interface IndexColumnStatistics {
  readonly column: number;
  readonly statistics: number;
}

/** A foreign key's reference. */
export interface PgReference {
  readonly table: TableRef;
  readonly columns: readonly string[];
  readonly match: 'FULL' | 'PARTIAL' | 'SIMPLE';
  readonly onUpdate: string;
  readonly onDelete: string;
  /** ON DELETE SET NULL (cols) / SET DEFAULT (cols), PostgreSQL 15. */
  readonly deleteSetColumns?: readonly string[];
}

/**
 * CONSTRAINT / REF_CONSTRAINT detail. Constraint and trigger names are unique per table only, so
 * their catalog objects are named `<table> <name>` (as pg_dump's table of contents names them) and
 * the real name is here.
 */
export interface PgConstraintDetail {
  readonly name: string;
  readonly table: string;
  /** p(rimary key), u(nique), x (exclusion), c(heck), f(oreign key). */
  readonly type: 'p' | 'u' | 'x' | 'c' | 'f';
  readonly columns: readonly string[];
  readonly include: readonly string[];
  readonly nullsNotDistinct: boolean;
  /** For CHECK and EXCLUDE: the clause as pg_get_constraintdef prints it. */
  readonly definition: string;
  readonly references?: PgReference;
  /** Index options and tablespace for PRIMARY KEY / UNIQUE. */
  readonly options: Readonly<Record<string, string>>;
  readonly tablespace: string | null;
  readonly deferrable: boolean;
  readonly deferred: boolean;
  readonly validated: boolean;
  /** ALTER TABLE ONLY (false for foreign keys of partitioned tables, which cascade to partitions). */
  readonly only: boolean;
  /** For a partition's key: the partitioned table's constraint index it is attached to. */
  readonly attachTo?: TableRef;
  /** The index behind a PRIMARY KEY, UNIQUE or EXCLUDE constraint, when the table is CLUSTERed ON it, uses it as REPLICA IDENTITY, or its columns have statistics targets. */
  readonly index?: { readonly name: string; readonly clustered: boolean; readonly replicaIdentity?: boolean; readonly columnStatistics: readonly IndexColumnStatistics[] };
}

/** TRIGGER detail. */
export interface PgTriggerDetail {
  readonly name: string;
  readonly table: string;
  /** pg_get_triggerdef. */
  readonly definition: string;
  /** tgenabled: O (origin, the default), D (disabled), R (replica), A (always). */
  readonly enabled: string;
  /**
   * The clone on a partition of a partitioned table's trigger, in another enabled state than the
   * trigger it was cloned from: only that state is written (ALTER TABLE partition DISABLE TRIGGER t).
   */
  readonly clone?: boolean;
}

/** RULE detail (any rule but a view's `_RETURN`, which is the view itself). */
export interface PgRuleDetail {
  readonly name: string;
  /** The table or view the rule is on. */
  readonly table: string;
  /** pg_get_ruledef, without its closing semicolon. */
  readonly definition: string;
  /** ev_enabled: O (origin, the default), D (disabled), R (replica), A (always). */
  readonly enabled: string;
}

/** POLICY detail (row-level security). */
export interface PgPolicyDetail {
  readonly name: string;
  readonly table: string;
  readonly permissive: boolean;
  /** ALL, SELECT, INSERT, UPDATE or DELETE. */
  readonly command: string;
  /** Role names, or `PUBLIC`. */
  readonly roles: readonly string[];
  /** The USING expression, or null. */
  readonly using: string | null;
  /** The WITH CHECK expression, or null. */
  readonly withCheck: string | null;
}

/** STATISTICS detail (extended statistics). */
export interface PgStatisticsDetail {
  readonly table: string;
  /** pg_get_statisticsobjdef: `CREATE STATISTICS s.n (kinds) ON a, b FROM s.t`. */
  readonly definition: string;
  /** stxstattarget when set (ALTER STATISTICS ... SET STATISTICS), else absent. */
  readonly statisticsTarget?: number;
}

/** SEQUENCE detail. */
export interface PgSequenceDetail {
  readonly dataType: string;
  readonly start: string;
  readonly increment: string;
  readonly minValue: string;
  readonly maxValue: string;
  readonly cache: string;
  readonly cycle: boolean;
  readonly unlogged: boolean;
}

/** SEQUENCE_VALUE detail: restored with setval after data. */
export interface PgSequenceValueDetail {
  readonly sequence: TableRef;
  readonly lastValue: string;
  readonly isCalled: boolean;
}

/** TYPE detail: enum, composite, range or base. */
export interface PgTypeDetail {
  readonly typeKind: 'enum' | 'composite' | 'range' | 'base';
  /** For a base type: its CREATE TYPE properties. */
  readonly base?: import('./postgres-definition-details.js').PgBaseTypeDetail;
  readonly labels?: readonly string[];
  readonly attributes?: readonly { readonly name: string; readonly type: string; readonly collation?: string }[];
  readonly range?: {
    readonly subtype: string;
    readonly subtypeOpclass?: string;
    readonly collation?: string;
    readonly canonical?: string;
    readonly subtypeDiff?: string;
    readonly multirangeTypeName?: string;
  };
}

/** DOMAIN detail. */
export interface PgDomainDetail {
  readonly baseType: string;
  readonly collation?: string;
  readonly default: string | null;
  readonly notNull: boolean;
  readonly constraints: readonly { readonly name: string; readonly definition: string }[];
}

/** FUNCTION / PROCEDURE detail. */
export interface PgRoutineDetail {
  /** pg_get_functiondef, starting `CREATE FUNCTION` / `CREATE PROCEDURE`. */
  readonly definition: string;
  readonly identityArguments: string;
}

/** AGGREGATE detail. */
export interface PgAggregateDetail {
  readonly arguments: string;
  readonly identityArguments: string;
  /** `[option, value]` pairs of CREATE AGGREGATE, values as SQL. */
  readonly options: readonly (readonly [string, string])[];
}

/** EXTENSION detail. */
export interface PgExtensionDetail {
  readonly version: string;
}

/** COMMENT detail. */
export interface PgCommentDetail {
  readonly target: ObjectTarget;
  readonly text: string;
}

/** One privilege granted. */
export interface PgPrivilege {
  /** A role name, or PUBLIC. */
  readonly grantee: string;
  readonly privilege: string;
  readonly grantable: boolean;
  readonly column?: string;
  /** The role that granted it, when not the object's owner (the import grants it as that role: SET ROLE). */
  readonly grantor?: string;
}

/** GRANT detail: what differs from the object's default privileges. */
export interface PgGrantDetail {
  readonly target: ObjectTarget;
  /** Grantees whose default privileges are revoked (REVOKE ALL ... FROM). */
  readonly revokes: readonly string[];
  readonly grants: readonly PgPrivilege[];
  /** Column privileges taken away (REVOKE priv(col) ... FROM): initdb's column privileges of a built-in relation that the source revoked. */
  readonly columnRevokes?: readonly PgPrivilege[];
}

/**
 * GRANT detail of ALTER DEFAULT PRIVILEGES (pg_default_acl): what a role's future objects of one
 * kind get, in one schema, or (FULL mode) database-wide as changes from the built-in defaults.
 */
export interface PgDefaultPrivilegesDetail {
  readonly defaultsFor: {
    readonly role: string;
    /** null: database-wide. */
    readonly schema: string | null;
    /** TABLES, SEQUENCES, FUNCTIONS, TYPES, SCHEMAS. */
    readonly objects: string;
  };
  readonly revokes: readonly string[];
  readonly grants: readonly PgPrivilege[];
  /** Column privileges taken away (REVOKE priv(col) ... FROM): initdb's column privileges of a built-in relation that the source revoked. */
  readonly columnRevokes?: readonly PgPrivilege[];
}
