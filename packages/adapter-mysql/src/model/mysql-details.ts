import type { ColumnDef, TableDetail } from '@sluice/adapter-kit';

/**
 * The structured models the MySQL introspector reports in `CatalogObject.detail` and the DDL
 * generator consumes. Plain JSON data: they travel in the dump file set.
 */

/** A database (MySQL's schema). */
export interface MysqlSchemaDetail {
  readonly charset: string;
  readonly collation: string;
  readonly comment?: string;
}

/** A column, with what MySQL adds to the neutral column. */
export interface MysqlColumnDef extends ColumnDef {
  /** A column-level CHECK written inline (MariaDB; also how MariaDB marks JSON columns). */
  readonly check?: string;
  /** MySQL 8 spatial column SRID attribute. */
  readonly srid?: number;
  /** A system-versioning period column (MariaDB `GENERATED ALWAYS AS ROW START` / `ROW END`). */
  readonly rowPeriod?: 'START' | 'END';
  /**
   * The server's own hidden ROW_START / ROW_END of a table made `WITH SYSTEM VERSIONING` without
   * period columns: never written in CREATE TABLE, but its values travel with the rows.
   */
  readonly implicitPeriod?: boolean;
  /** `WITHOUT SYSTEM VERSIONING`: changes to the column make no history rows. */
  readonly withoutVersioning?: boolean;
}

/** One key part of an index. */
export interface MysqlKeyPart {
  /** The column, or null for an expression key part. */
  readonly column: string | null;
  readonly expression?: string;
  /** Prefix length in characters (bytes for binary columns). */
  readonly length?: number;
  readonly descending?: boolean;
}

/** An index or key. PRIMARY lives in the table; the others are INDEX or CONSTRAINT objects. */
export interface MysqlIndexDetail {
  readonly name: string;
  readonly kind: 'PRIMARY' | 'UNIQUE' | 'INDEX' | 'FULLTEXT' | 'SPATIAL';
  readonly parts: readonly MysqlKeyPart[];
  /** `BTREE`, `HASH`, `RTREE`, `FULLTEXT`: written as USING only where it is not the engine's default. */
  readonly using?: string;
  readonly comment?: string;
  /** Ignored by the optimizer (MariaDB IGNORED, MySQL INVISIBLE). */
  readonly hidden?: boolean;
  /** The application-time period the key holds `WITHOUT OVERLAPS` (written after the parts). */
  readonly withoutOverlaps?: string;
  /** A unique key of a system-versioned table: MariaDB adds it only with system_versioning_alter_history = KEEP. */
  readonly versionedTable?: boolean;
}

/** A RANGE/LIST/HASH/KEY partitioning scheme with its partitions. */
export interface MysqlPartitioning {
  /** e.g. `RANGE`, `LIST COLUMNS`, `LINEAR HASH`, `KEY`. */
  readonly method: string;
  /** The expression or column list, as the server prints it. */
  readonly expression: string;
  readonly subMethod?: string;
  readonly subExpression?: string;
  /** SYSTEM_TIME partitioning's rotation as the server writes it (`LIMIT 100`, `INTERVAL 1 HOUR STARTS TIMESTAMP'...' AUTO`), or ''. */
  readonly rotation?: string;
  /** Partitions are named p0..pN-1 and can be written as `PARTITIONS n` (HASH/KEY; SYSTEM_TIME where the server writes it so). */
  readonly defaultNames: boolean;
  readonly subDefaultNames: boolean;
  readonly partitions: readonly MysqlPartition[];
}

/** One partition and its subpartitions. */
export interface MysqlPartition {
  readonly name: string;
  /** VALUES LESS THAN / VALUES IN contents, `MAXVALUE`, `DEFAULT`, or null for HASH/KEY. */
  readonly description: string | null;
  readonly comment?: string;
  /** MAX_ROWS / MIN_ROWS of the partition (MyISAM, Aria). */
  readonly maxRows?: string;
  readonly minRows?: string;
  readonly subpartitions: readonly { readonly name: string; readonly comment?: string; readonly maxRows?: string; readonly minRows?: string }[];
}

/** A base table. `options` holds ENGINE, DEFAULT CHARSET, COLLATE and the explicit CREATE_OPTIONS. */
export interface MysqlTableDetail extends TableDetail {
  readonly columns: readonly MysqlColumnDef[];
  readonly primaryKey: MysqlIndexDetail | null;
  /** Keys that must exist when the table is created (the one holding an AUTO_INCREMENT column). */
  readonly createKeys: readonly MysqlIndexDetail[];
  /** With createKeys and other keys: every key's name in the source's key order (sets written before it was kept have none). */
  readonly keyOrder?: readonly string[];
  readonly partitioning: MysqlPartitioning | null;
  /** The AUTO_INCREMENT counter at introspection, restored post-data. */
  readonly autoIncrement: string | null;
  /** `WITH SYSTEM VERSIONING` (MariaDB); its rows move with their history (see MysqlSystemVersioning). */
  readonly systemVersioning?: MysqlSystemVersioning;
  /** Application-time periods, `PERIOD FOR p (s, e)` (MariaDB). */
  readonly periods?: readonly MysqlPeriod[];
}

/** How a table keeps its history. */
export interface MysqlSystemVersioning {
  /**
   * `timestamp`: rows carry TIMESTAMP(6) ROW START / ROW END values, and history rows can be written
   * again (MariaDB 10.11+). `transaction`: BIGINT UNSIGNED transaction ids (InnoDB), meaningless on
   * another server: only the current rows move.
   */
  readonly precision: 'timestamp' | 'transaction';
  /** The explicit period columns, absent for the implicit ROW_START / ROW_END. */
  readonly start?: string;
  readonly end?: string;
}

/** An application-time period. */
export interface MysqlPeriod {
  readonly name: string;
  readonly start: string;
  readonly end: string;
}

/** A secondary index (INDEX) or a unique key (CONSTRAINT). */
export interface MysqlTableIndexDetail extends MysqlIndexDetail {
  readonly table: string;
  /** Import: more keys of the same table added by the same ALTER TABLE (keysTogether). */
  readonly alsoKeys?: readonly MysqlIndexDetail[];
}

/** A CHECK constraint written as ALTER TABLE ... ADD CONSTRAINT right after the table. */
export interface MysqlCheckDetail {
  readonly table: string;
  readonly name: string;
  readonly clause: string;
}

/** A FOREIGN KEY. */
export interface MysqlForeignKeyDetail {
  readonly table: string;
  readonly name: string;
  readonly columns: readonly string[];
  readonly refSchema: string;
  readonly refTable: string;
  readonly refColumns: readonly string[];
  /** RESTRICT, CASCADE, SET NULL, NO ACTION, SET DEFAULT. */
  readonly onDelete: string;
  readonly onUpdate: string;
}

/** The session context a stored program was created in; it is recreated in the same one. */
export interface MysqlProgramContext {
  readonly definer: string | null;
  readonly sqlMode: string | null;
  readonly charsetClient: string | null;
  readonly collationConnection: string | null;
  readonly databaseCollation: string | null;
}

/** A view. The body names objects fully qualified, as the server stores it. */
export interface MysqlViewDetail extends MysqlProgramContext {
  readonly algorithm: string;
  readonly security: string;
  readonly checkOption: string;
  readonly body: string;
}

/** A stored function or procedure. */
export interface MysqlRoutineDetail extends MysqlProgramContext {
  readonly routineType: 'FUNCTION' | 'PROCEDURE';
  /** A MariaDB aggregate stored function (`CREATE AGGREGATE FUNCTION`, a body with FETCH GROUP NEXT ROW). */
  readonly aggregate?: boolean;
  /** The parameter list as written, without the outer parentheses. */
  readonly params: string;
  /** Function return type as written, e.g. `varchar(20) CHARSET utf8mb4`. */
  readonly returns: string | null;
  readonly deterministic: boolean;
  /** CONTAINS SQL, NO SQL, READS SQL DATA, MODIFIES SQL DATA. */
  readonly dataAccess: string;
  readonly security: string;
  readonly comment: string;
  readonly body: string;
}

/** An Oracle-mode package specification or body (MariaDB, created under sql_mode=ORACLE). */
export interface MysqlPackageDetail extends MysqlProgramContext {
  readonly packageType: 'PACKAGE' | 'PACKAGE BODY';
  /** Everything after the package's name as SHOW CREATE writes it: characteristics, AS, the declarations, END. */
  readonly body: string;
}

/** A trigger. */
export interface MysqlTriggerDetail extends MysqlProgramContext {
  readonly table: string;
  readonly timing: string;
  readonly event: string;
  readonly order: number;
  readonly body: string;
  /**
   * The original statement from `TRIGGER` up to the body (`TRIGGER trg BEFORE INSERT ON t FOR EACH ROW `),
   * kept so the trigger is recreated as it was written; names in it are remapped like a body.
   */
  readonly header?: string;
}

/** An event of the event scheduler. */
export interface MysqlEventDetail extends MysqlProgramContext {
  /** The time zone STARTS/ENDS/AT are written in. */
  readonly timeZone: string;
  readonly executeAt: string | null;
  readonly intervalValue: string | null;
  readonly intervalField: string | null;
  readonly starts: string | null;
  readonly ends: string | null;
  /** ENABLED, DISABLED, SLAVESIDE_DISABLED. */
  readonly status: string;
  readonly preserve: boolean;
  readonly comment: string;
  readonly body: string;
}

/** The AUTO_INCREMENT counter, restored after the rows are loaded. */
export interface MysqlAutoIncrementDetail {
  readonly table: string;
  readonly value: string;
}

/** A MariaDB sequence, as `SELECT ... FROM seq` and SHOW CREATE SEQUENCE give it (numbers as text: they span BIGINT). */
export interface MysqlSequenceDetail {
  /** The value type where the server writes one (`AS smallint unsigned`, MariaDB 11.5+). */
  readonly valueType?: string;
  readonly start: string;
  readonly minValue: string;
  readonly maxValue: string;
  readonly increment: string;
  /** 0: NOCACHE. */
  readonly cache: string;
  readonly cycle: boolean;
  readonly engine: string | null;
  readonly comment?: string;
}

/**
 * A sequence's position, restored after the rows with `SETVAL(seq, next, 0, round)` as mariadb-dump
 * does: the next value drawn is `next_not_cached_value` in the round the source was in.
 */
export interface MysqlSequenceValueDetail {
  readonly sequence: string;
  readonly next: string;
  readonly round: string;
}

/** An account, recreated with CREATE USER IF NOT EXISTS from SHOW CREATE USER. */
export interface MysqlUserDetail {
  readonly user: string;
  readonly host: string;
  /** The server's CREATE USER statement (it carries the password hash, never a password). */
  readonly createUser: string;
}

/**
 * A server definition (`CREATE SERVER`, mysql.servers) for FEDERATED/FEDERATEDX, CONNECT and
 * Spider tables. Its password is masked in the master table (see mysql-secrets.ts).
 */
export interface MysqlServerDetail {
  /** The FOREIGN DATA WRAPPER (`mysql`...). */
  readonly wrapper: string;
  readonly host: string;
  readonly database: string;
  readonly user: string;
  readonly password: string;
  /** 0: not given. */
  readonly port: number;
  readonly socket: string;
  readonly owner: string;
}

/** Privileges of one account on one object. */
export interface MysqlGrantDetail {
  readonly user: string;
  readonly host: string;
  /** SCHEMA: db.*; TABLE: db.table; FUNCTION/PROCEDURE: a routine. */
  readonly level: 'SCHEMA' | 'TABLE' | 'FUNCTION' | 'PROCEDURE';
  readonly schema: string;
  readonly object: string | null;
  /** Privileges, with column lists for column privileges: `SELECT (a, b)`. */
  readonly privileges: readonly string[];
  readonly grantOption: boolean;
}
