import type { ConnectionOptions } from '@sluice/adapter-kit';
import { AdapterError } from '@sluice/adapter-kit';

/** Where and how to connect, parsed from a `mysql://` or `mariadb://` URL. The password is kept apart. */
export interface MysqlConnectionSettings {
  readonly host: string;
  readonly port: number;
  readonly socketPath?: string;
  readonly user: string;
  readonly password?: string;
  readonly database: string | null;
  readonly applicationName?: string;
  readonly ssl?: boolean;
}

/** Parse connection options; URL parameters `socket`/`socketPath` and `ssl=true` are understood. */
export function parseConnectionOptions(options: ConnectionOptions): MysqlConnectionSettings {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch (cause) {
    throw new AdapterError('BAD_ARGUMENT', `Not a valid connection URL: ${redactUrl(options.url)}; expected mysql://user@host:3306/database`, { cause });
  }
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') {
    throw new AdapterError('BAD_ARGUMENT', `The MySQL adapter takes mysql:// or mariadb:// URLs, not ${url.protocol}//`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  const socketPath = url.searchParams.get('socket') ?? url.searchParams.get('socketPath') ?? undefined;
  const urlPassword = url.password === '' ? undefined : decodeURIComponent(url.password);
  const password = options.password ?? urlPassword;
  return {
    host: url.hostname === '' ? 'localhost' : url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? 3306 : Number(url.port),
    ...(socketPath === undefined ? {} : { socketPath }),
    user: url.username === '' ? 'root' : decodeURIComponent(url.username),
    ...(password === undefined ? {} : { password }),
    database: database === '' ? null : database,
    ...(options.applicationName === undefined ? {} : { applicationName: options.applicationName }),
    ...(url.searchParams.get('ssl') === 'true' ? { ssl: true } : {}),
  };
}

/** The URL with any password replaced by `***`, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}
