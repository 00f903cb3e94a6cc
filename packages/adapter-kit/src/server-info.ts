/** Facts about the server an adapter is connected to; the dump header records them. */
export interface ServerInfo {
  /** The adapter's engine name, e.g. `postgres`, `mysql`. */
  readonly engine: string;
  /** The product as the server names itself, e.g. `PostgreSQL`, `MariaDB`, `MySQL`. */
  readonly product: string;
  /** The version string, e.g. `15.19`, `10.11.19-MariaDB`. */
  readonly version: string;
  /** The version as one comparable number, e.g. 150019, 101119. */
  readonly versionNumber: number;
  /** The database's character set, e.g. `UTF8`, `utf8mb4`. */
  readonly charset: string;
  readonly timeZone: string;
  /** The server's platform, e.g. `x86_64-pc-linux-gnu`. */
  readonly platform: string;
  /** The database connected to. */
  readonly database: string;
  /** The user connected as. */
  readonly user: string;
  readonly host: string;
}
