import type { MysqlColumnDef } from '../model/mysql-details.js';
import { quoteIdent } from '../sql/mysql-quote.js';
import { exactText } from './mysql-exact-text.js';
import { parseEnumValues } from './mysql-neutral-type.js';

/**
 * A column as information_schema.COLUMNS gave it, with every text a 4-byte character turned into
 * `?` (ENUM / SET members, the default, the generation expression, the comment) taken from the
 * column's own line of SHOW CREATE TABLE instead, so it is not matched against another column's.
 */
export function exactColumn(c: MysqlColumnDef, ddl: string): MysqlColumnDef {
  const lossy = [c.nativeType, c.default, c.generated?.expression, c.comment].some((t) => t?.includes('?') === true);
  if (!lossy) return c;
  const line = ddl.split('\n').find((l) => l.startsWith(`  ${quoteIdent(c.name)} `));
  if (line === undefined) return c;
  const exact = (text: string): string => exactText(text, line);
  const nativeType = exact(c.nativeType);
  const type = (c.type.kind === 'enum' || c.type.kind === 'set') && nativeType !== c.nativeType ? { ...c.type, values: parseEnumValues(nativeType) } : c.type;
  return {
    ...c,
    nativeType,
    type,
    default: c.default === null ? null : exact(c.default),
    ...(c.generated === undefined ? {} : { generated: { ...c.generated, expression: exact(c.generated.expression) } }),
    ...(c.comment === undefined ? {} : { comment: exact(c.comment) }),
  };
}
