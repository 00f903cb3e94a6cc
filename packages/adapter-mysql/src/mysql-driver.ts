import type { Readable } from 'node:stream';

/**
 * The parts of a mysql2 connection the adapter uses, described structurally so the package does not
 * pin its users to one mysql2 version (as Kysely's MysqlDialect does).
 */
export interface MysqlDriverConnection {
  readonly threadId: number | null;
  /** The socket; its write buffer tells when LOAD DATA LOCAL must wait. */
  readonly stream?: {
    readonly writableLength: number;
    readonly destroyed?: boolean;
    once(event: 'drain' | 'close', listener: () => void): unknown;
    off?(event: 'drain' | 'close', listener: () => void): unknown;
  };
  connect(callback: (err: Error | null) => void): void;
  query(options: MysqlQueryOptions, callback?: (err: Error | null, rows: unknown, fields: unknown) => void): MysqlDriverQuery;
  pause(): void;
  resume(): void;
  end(callback?: (err?: Error | null) => void): void;
  destroy(): void;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

/** Per-query options of mysql2 that the adapter sets. */
export interface MysqlQueryOptions {
  readonly sql: string;
  readonly values?: unknown[];
  readonly typeCast?: boolean;
  readonly rowsAsArray?: boolean;
  readonly dateStrings?: boolean;
  readonly supportBigNumbers?: boolean;
  readonly bigNumberStrings?: boolean;
  readonly infileStreamFactory?: (path: string) => Readable;
}

/** A running query whose rows arrive as events. */
export interface MysqlDriverQuery {
  on(event: 'result', listener: (row: unknown) => void): this;
  on(event: 'fields', listener: (fields: unknown) => void): this;
  on(event: 'end', listener: () => void): this;
  on(event: 'error', listener: (err: Error) => void): this;
  /** The connection forwards a fatal error to the query it is streaming (the driver does not). */
  emit(event: 'error', err: Error): boolean;
}
