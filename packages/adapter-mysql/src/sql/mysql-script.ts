const DELIMITERS = ['$$', '//', '$$$', '@@'];

/** A statement without its trailing `;` and whitespace. */
function bare(statement: string): string {
  return statement.trimEnd().replace(/;+$/, '').trimEnd();
}

/**
 * Statements as a script `mariadb < file.sql` (or `mysql <`) runs. The client splits on `;`, so a
 * statement with one inside (a procedure, function, trigger or event body) is written between
 * `DELIMITER $$` and `DELIMITER ;`, as mysqldump does; others end with `;`.
 */
export function mysqlScript(statements: readonly string[]): string {
  const out: string[] = [];
  let open: string | null = null;
  for (const statement of statements.map(bare).filter((s) => s !== '')) {
    if (!statement.includes(';')) {
      if (open !== null) out.push('DELIMITER ;\n');
      open = null;
      out.push(`${statement};\n`);
      continue;
    }
    const delimiter = DELIMITERS.find((d) => !statement.includes(d)) ?? `$$${statement.length}$$`;
    if (open !== delimiter) {
      if (open !== null) out.push('DELIMITER ;\n');
      out.push(`DELIMITER ${delimiter}\n`);
      open = delimiter;
    }
    out.push(`${statement}\n${delimiter}\n`);
  }
  if (open !== null) out.push('DELIMITER ;\n');
  return out.join('');
}
