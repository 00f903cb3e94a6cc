/** Quote an identifier with backticks, doubling any backtick inside. */
export function quoteIdent(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

/** `schema`.`name`. */
export function qualify(schema: string | null, name: string): string {
  return schema === null ? quoteIdent(name) : `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/**
 * `schema`.`name` as a row source, narrowed to one partition with `PARTITION (p)` when given (which
 * also covers the partition's subpartitions).
 */
export function qualifyPartition(schema: string, name: string, partition: string | undefined): string {
  return qualify(schema, name) + (partition === undefined ? '' : ` PARTITION (${quoteIdent(partition)})`);
}

/**
 * A string literal that survives any sql_mode: backslashes and quotes are escaped by doubling
 * quotes and escaping backslashes (NO_BACKSLASH_ESCAPES is never set on our sessions).
 */
export function quoteString(value: string): string {
  let out = "'";
  for (const ch of value) {
    switch (ch) {
      case "'":
        out += "''";
        break;
      case '\\':
        out += '\\\\';
        break;
      case '\0':
        out += '\\0';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\x1a':
        out += '\\Z';
        break;
      default:
        out += ch;
    }
  }
  return `${out}'`;
}

/** A binary literal `X'...'` for raw bytes. */
export function quoteBytes(value: Uint8Array): string {
  return `X'${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}'`;
}

/** An account name `'user'@'host'`. */
export function quoteAccount(user: string, host: string): string {
  return `${quoteString(user)}@${quoteString(host)}`;
}
