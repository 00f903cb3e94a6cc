import type { ConnectionOptions } from '@sluice/adapter-kit';
import { AdapterError, decodeUrlPart, hasAtAfterHost, PERCENT_ENCODING_ADVICE, redactUrl } from '@sluice/adapter-kit';

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
    throw new AdapterError(
      'BAD_ARGUMENT',
      `Not a valid connection URL: ${redactUrl(options.url)}; expected mysql://user@host:3306/database (a user name or password holding reserved characters must ${PERCENT_ENCODING_ADVICE})`,
      { cause },
    );
  }
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') {
    throw new AdapterError('BAD_ARGUMENT', `The MySQL adapter takes mysql:// or mariadb:// URLs, not ${url.protocol}//`);
  }
  if (hasAtAfterHost(options.url)) {
    throw new AdapterError('BAD_ARGUMENT', `${redactUrl(options.url)} has an @ after the host: a user name or password holding /, ? or # must ${PERCENT_ENCODING_ADVICE}`);
  }
  const decode = (part: string, what: string): string => {
    const decoded = decodeUrlPart(part);
    if (decoded === undefined) throw new AdapterError('BAD_ARGUMENT', `The ${what} in ${redactUrl(options.url)} is not valid percent-encoding; ${PERCENT_ENCODING_ADVICE}`);
    return decoded;
  };
  const database = decode(url.pathname.replace(/^\//, ''), 'database name');
  const socketPath = url.searchParams.get('socket') ?? url.searchParams.get('socketPath') ?? undefined;
  const urlPassword = url.password === '' ? undefined : decode(url.password, 'password');
  const password = options.password ?? urlPassword;
  return {
    host: url.hostname === '' ? 'localhost' : url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? 3306 : Number(url.port),
    ...(socketPath === undefined ? {} : { socketPath }),
    user: url.username === '' ? 'root' : decode(url.username, 'user name'),
    ...(password === undefined ? {} : { password }),
    database: database === '' ? null : database,
    ...(options.applicationName === undefined ? {} : { applicationName: options.applicationName }),
    ...(url.searchParams.get('ssl') === 'true' ? { ssl: true } : {}),
  };
}
