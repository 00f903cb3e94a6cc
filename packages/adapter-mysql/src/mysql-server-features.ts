/**
 * What the connected server can do, from its version. Version-specific SQL lives behind these
 * getters (Kysely's `supportsReturning` style): the base class describes MySQL 8, MariaDB overrides.
 */
export class MysqlServerFeatures {
  /** e.g. `8.0.36` or `10.11.19-MariaDB-0+deb12u1`. */
  readonly version: string;
  /** major * 10000 + minor * 100 + patch, e.g. 80036 or 101119. */
  readonly versionNumber: number;

  constructor(version: string) {
    this.version = version;
    const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
    this.versionNumber = m === null ? 0 : Number(m[1]) * 10000 + Number(m[2]) * 100 + Number(m[3]);
  }

  protected atLeast(major: number, minor: number, patch = 0): boolean {
    return this.versionNumber >= major * 10000 + minor * 100 + patch;
  }

  /** The product as the server names itself. */
  get product(): 'MySQL' | 'MariaDB' {
    return 'MySQL';
  }
  /** Columns can be INVISIBLE. */
  get supportsInvisibleColumns(): boolean {
    return this.atLeast(8, 0, 23);
  }
  /** MariaDB's BACKUP STAGE (a lighter global lock than FLUSH TABLES WITH READ LOCK). */
  get supportsBackupStage(): boolean {
    return false;
  }
  /** MySQL's LOCK INSTANCE FOR BACKUP, which blocks DDL for the length of an export. */
  get supportsLockInstanceForBackup(): boolean {
    return this.atLeast(8, 0, 0);
  }
  /** `SELECT ... FOR UPDATE SKIP LOCKED`. */
  get supportsSkipLocked(): boolean {
    return this.atLeast(8, 0, 1);
  }
  /** Index key parts can be DESC. */
  get supportsDescendingIndexes(): boolean {
    return this.atLeast(8, 0, 0);
  }
  /** CHECK constraints are enforced and listed in information_schema.CHECK_CONSTRAINTS. */
  get supportsCheckConstraints(): boolean {
    return this.atLeast(8, 0, 16);
  }
  /** CHECK_CONSTRAINTS has TABLE_NAME and LEVEL (column-level checks are written inline). */
  get checkConstraintsHaveLevel(): boolean {
    return false;
  }
  /** information_schema.COLUMNS.COLUMN_DEFAULT is an SQL expression (quoted literals, NULL as `NULL`). */
  get columnDefaultIsExpression(): boolean {
    return false;
  }
  /** JSON is a native binary type (MySQL), not LONGTEXT with a json_valid check (MariaDB). */
  get hasNativeJson(): boolean {
    return true;
  }
  /** A JSON column refuses bytes loaded with CHARACTER SET binary; it must be converted from utf8mb4. */
  get jsonNeedsTextOnLoad(): boolean {
    return this.hasNativeJson;
  }
  /** information_schema statistics are cached unless `information_schema_stats_expiry` is 0. */
  get supportsStatsExpiry(): boolean {
    return this.atLeast(8, 0, 3);
  }
  /** The keyword for an index the optimizer ignores (`INVISIBLE` or `IGNORED`), or null. */
  get hiddenIndexKeyword(): string | null {
    return this.atLeast(8, 0, 0) ? 'INVISIBLE' : null;
  }
  /** Expression (functional) index key parts are listed in STATISTICS.EXPRESSION. */
  get supportsFunctionalIndexes(): boolean {
    return this.atLeast(8, 0, 13);
  }
  /** information_schema.VIEWS has an ALGORITHM column. */
  get viewsHaveAlgorithm(): boolean {
    return false;
  }
  /** SCHEMATA has SCHEMA_COMMENT. */
  get supportsSchemaComments(): boolean {
    return false;
  }
  /** The statement that reports the current binary log file and position. */
  get binlogStatusSql(): string {
    return this.atLeast(8, 2, 0) ? 'SHOW BINARY LOG STATUS' : 'SHOW MASTER STATUS';
  }
  /** The statement that reads the executed GTID set. */
  get gtidPositionSql(): string {
    return 'SELECT @@GLOBAL.gtid_executed AS gtid';
  }
  /**
   * The session variable that turns CHECK constraints off for a load (MariaDB's
   * `check_constraint_checks`, which mariadb-dump's output relies on), or null where there is none.
   */
  get checkConstraintChecksVariable(): string | null {
    return null;
  }
  /** SRS_ID of spatial columns in information_schema.COLUMNS. */
  get supportsColumnSrid(): boolean {
    return this.atLeast(8, 0, 0);
  }
  /** System-versioned tables (MariaDB 10.3.4+): `WITH SYSTEM VERSIONING`, `FOR SYSTEM_TIME ALL`. */
  get supportsSystemVersioning(): boolean {
    return false;
  }
  /** History rows can be written back with their ROW START / ROW END (`system_versioning_insert_history`, MariaDB 10.11+). */
  get supportsInsertHistory(): boolean {
    return false;
  }
  /** `SET STATEMENT var = value FOR stmt` (MariaDB 10.1.2+): session values for one statement, given back by the server after it. */
  get supportsSetStatement(): boolean {
    return false;
  }
  /** SQL modes this server does not know (a program recorded on another server) taken out of a mode list. */
  sqlModeFor(mode: string): string {
    return mode
      .split(',')
      .map((m) => SQL_MODE_SPELLINGS[m.toUpperCase()] ?? m)
      .filter((m) => m !== '' && !this.unknownSqlModes.includes(m.toUpperCase()))
      .join(',');
  }
  /** Modes the server refuses. */
  protected get unknownSqlModes(): readonly string[] {
    return this.atLeast(8, 0, 0) ? ['NO_AUTO_CREATE_USER', 'SIMULTANEOUS_ASSIGNMENT', 'EMPTY_STRING_IS_NULL', 'TIME_ROUND_FRACTIONAL'] : [];
  }
}

/**
 * Modes information_schema reports under a name SET sql_mode refuses: MariaDB lists a program's
 * ALLOW_INVALID_DATES as INVALID_DATES.
 */
const SQL_MODE_SPELLINGS: Readonly<Record<string, string>> = { INVALID_DATES: 'ALLOW_INVALID_DATES' };

/** MariaDB: BACKUP STAGE, IGNORED indexes, JSON as LONGTEXT, defaults as expressions. */
export class MariadbServerFeatures extends MysqlServerFeatures {
  override get product(): 'MySQL' | 'MariaDB' {
    return 'MariaDB';
  }
  override get supportsInvisibleColumns(): boolean {
    return this.atLeast(10, 3, 3);
  }
  override get supportsBackupStage(): boolean {
    return this.atLeast(10, 4, 1);
  }
  override get supportsLockInstanceForBackup(): boolean {
    return false;
  }
  override get supportsSkipLocked(): boolean {
    return this.atLeast(10, 6, 0);
  }
  override get supportsDescendingIndexes(): boolean {
    return this.atLeast(10, 8, 1);
  }
  override get supportsCheckConstraints(): boolean {
    return this.atLeast(10, 2, 1);
  }
  override get checkConstraintsHaveLevel(): boolean {
    return this.atLeast(10, 5, 10);
  }
  override get columnDefaultIsExpression(): boolean {
    return this.atLeast(10, 2, 7);
  }
  override get hasNativeJson(): boolean {
    return false;
  }
  override get checkConstraintChecksVariable(): string | null {
    return this.atLeast(10, 2, 1) ? 'check_constraint_checks' : null;
  }
  override get supportsStatsExpiry(): boolean {
    return false;
  }
  override get hiddenIndexKeyword(): string | null {
    return this.atLeast(10, 6, 0) ? 'IGNORED' : null;
  }
  override get supportsFunctionalIndexes(): boolean {
    return false;
  }
  override get viewsHaveAlgorithm(): boolean {
    return true;
  }
  override get supportsSchemaComments(): boolean {
    return this.atLeast(10, 5, 0);
  }
  override get binlogStatusSql(): string {
    return 'SHOW MASTER STATUS';
  }
  override get gtidPositionSql(): string {
    return 'SELECT @@GLOBAL.gtid_current_pos AS gtid';
  }
  override get supportsColumnSrid(): boolean {
    return false;
  }
  override get supportsSystemVersioning(): boolean {
    return this.atLeast(10, 3, 4);
  }
  override get supportsInsertHistory(): boolean {
    return this.atLeast(10, 11, 0);
  }
  override get supportsSetStatement(): boolean {
    return this.atLeast(10, 1, 2);
  }
  protected override get unknownSqlModes(): readonly string[] {
    return ['TIME_TRUNCATE_FRACTIONAL'];
  }
}

/** The features object for a server version string. */
export function featuresFor(version: string): MysqlServerFeatures {
  return /mariadb/i.test(version) ? new MariadbServerFeatures(version) : new MysqlServerFeatures(version);
}
