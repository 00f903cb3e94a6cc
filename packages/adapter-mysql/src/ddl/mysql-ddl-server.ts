import type { MysqlServerDetail } from '../model/mysql-details.js';
import { quoteIdent, quoteString } from '../sql/mysql-quote.js';

/**
 * CREATE SERVER as MariaDB's SHOW CREATE SERVER writes it: the options that are set (an empty string
 * or port 0 is the server's default), in the order of mysql.servers.
 */
export function createServerStatement(name: string, d: MysqlServerDetail): string {
  const options: string[] = [];
  const text = (key: string, value: string): void => {
    if (value !== '') options.push(`${key} ${quoteString(value)}`);
  };
  text('HOST', d.host);
  text('DATABASE', d.database);
  text('USER', d.user);
  text('PASSWORD', d.password);
  if (d.port !== 0) options.push(`PORT ${d.port}`);
  text('SOCKET', d.socket);
  text('OWNER', d.owner);
  // The statement needs one option at least.
  if (options.length === 0) options.push("HOST ''");
  return `CREATE SERVER ${quoteIdent(name)} FOREIGN DATA WRAPPER ${quoteIdent(d.wrapper)} OPTIONS (${options.join(', ')})`;
}
