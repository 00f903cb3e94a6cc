import { AdapterError, type CatalogObject, type DdlOptions } from '@sluice/adapter-kit';
import type { MysqlServerFeatures } from '../mysql-server-features.js';
import type { MysqlTableDetail } from '../model/mysql-details.js';
import { asMysqlObject } from '../model/mysql-object.js';
import { qualify, quoteAccount, quoteIdent, quoteString } from '../sql/mysql-quote.js';
import { addCheckStatement, addForeignKeyStatement, addKeyStatements } from './mysql-ddl-keys.js';
import {
  RESET_SESSION,
  createEventStatements,
  createPackageStatements,
  createRoutineStatements,
  createTriggerFromHeader,
  createTriggerStatements,
  createViewStatements,
} from './mysql-ddl-programs.js';
import { parseEnumValues } from '../introspector/mysql-neutral-type.js';
import { SESSION_SQL_MODE } from '../mysql-connection.js';
import { tokenize } from '../sql/mysql-sql-lexer.js';
import { createSequenceStatement, setSequenceStatement } from './mysql-ddl-sequences.js';
import { createServerStatement } from './mysql-ddl-server.js';
import { createTableStatement } from './mysql-ddl-table.js';
import { MysqlRemapper } from './mysql-remapper.js';

/**
 * The statements that create one catalog object, generated from its model with remaps and
 * transforms applied (never by editing the source's DDL text). `features` describes the target
 * server when known (INVISIBLE, IGNORED, DESC keys are left out where it lacks them).
 */
export function generateMysqlDdl(object: CatalogObject, options: DdlOptions, features?: MysqlServerFeatures): string[] {
  const remap = new MysqlRemapper(options);
  const transforms = options.transforms ?? {};
  const sourceSchema = object.schema ?? '';
  const schema = remap.schema(sourceSchema);
  const tableName = (name: string): string => qualify(schema, remap.table(sourceSchema, name));
  // The table an object belongs to: the object's own `table` before the one its detail recorded, since
  // the engine re-points copies at other tables (PARTITION_OPTIONS=DEPARTITION: `t_p0`, `t_p1`...).
  const owner = (recorded: string): string => object.table ?? recorded;
  if (object.kind === 'TABLE' && !('createKeys' in object.detail)) {
    throw new AdapterError('UNSUPPORTED', `TABLE ${object.name} was not introspected by the MySQL adapter; DDL across engines is not supported yet`, { object: object.name });
  }
  const o = asMysqlObject(object);
  switch (o.kind) {
    case 'SCHEMA': {
      const d = o.detail;
      const name = remap.schema(object.name);
      let sql = `CREATE DATABASE IF NOT EXISTS ${quoteIdent(name)}`;
      if (transforms.omitTableOptions !== true) sql += ` CHARACTER SET ${d.charset} COLLATE ${d.collation}`;
      if (d.comment !== undefined && transforms.omitComments !== true) sql += ` COMMENT ${quoteString(d.comment)}`;
      return [sql];
    }
    case 'SERVER':
      return [createServerStatement(object.name, o.detail)];
    case 'USER': {
      const d = o.detail;
      return [d.createUser.replace(/^CREATE USER\s+(IF NOT EXISTS\s+)?/i, 'CREATE USER IF NOT EXISTS ')];
    }
    case 'TABLE': {
      const d = withRemappedSequences(o.detail, remap);
      const create = createTableStatement(tableName(object.name), d, transforms, features);
      // Strict mode refuses ENUM/SET members that repeat (a non-strict server accepted them, as it
      // does on mariadb-dump's non-strict load): such a table is created without it.
      // A MERGE table's UNION names its tables unqualified when they are in its own database: they
      // resolve against the current database, as in mysqldump's output.
      const use = d.options?.['UNION'] === undefined ? [] : [`USE ${quoteIdent(schema)}`];
      return d.columns.some((c) => hasRepeatedMembers(c.nativeType)) ? [...use, `SET SESSION sql_mode = ${quoteString(LENIENT_SQL_MODE)}`, create, RESET_SESSION] : [...use, create];
    }
    case 'VIEW': {
      const d = o.detail;
      // Unqualified names in the body (stored functions) resolve against the current database, as in mysqldump.
      return [`USE ${quoteIdent(schema)}`, ...createViewStatements(qualify(schema, object.name), d, remap.body(d.body), transforms, features)];
    }
    case 'FUNCTION':
    case 'PROCEDURE': {
      const d = o.detail;
      return createRoutineStatements(qualify(schema, object.name), d, remap.body(d.body), transforms, features);
    }
    case 'PACKAGE':
    case 'PACKAGE_BODY': {
      const d = o.detail;
      return createPackageStatements(qualify(schema, object.name), d, remap.body(d.body), transforms, features);
    }
    case 'INDEX': {
      const d = o.detail;
      return addKeyStatements(tableName(owner(d.table)), d, transforms, features);
    }
    case 'CONSTRAINT': {
      const d = o.detail;
      if ('clause' in d) return [addCheckStatement(tableName(owner(d.table)), d.name, d.clause)];
      return addKeyStatements(tableName(owner(d.table)), d, transforms, features);
    }
    case 'REF_CONSTRAINT': {
      const d = o.detail;
      return [addForeignKeyStatement(tableName(owner(d.table)), d, remap.schema(d.refSchema), remap.table(d.refSchema, d.refTable))];
    }
    case 'TRIGGER': {
      const d = o.detail;
      if (d.header !== undefined) {
        const target = remap.table(sourceSchema, owner(d.table));
        const header = remapTriggerHeader(d.header, target === d.table ? null : target, remap);
        return [`USE ${quoteIdent(schema)}`, ...createTriggerFromHeader(header, d, remap.body(d.body), transforms, features)];
      }
      return createTriggerStatements(qualify(schema, object.name), tableName(owner(d.table)), d, remap.body(d.body), transforms, features);
    }
    case 'EVENT': {
      const d = o.detail;
      return createEventStatements(qualify(schema, object.name), d, remap.body(d.body), transforms, features);
    }
    case 'SEQUENCE':
      return [createSequenceStatement(tableName(object.name), o.detail, transforms)];
    case 'SEQUENCE_VALUE': {
      const d = o.detail;
      if ('sequence' in d) return [setSequenceStatement(tableName(d.sequence), d)];
      if (!/^\d+$/.test(d.value)) throw new AdapterError('BAD_ARGUMENT', `AUTO_INCREMENT value ${JSON.stringify(d.value)} of ${object.name} is not a number`);
      return [`ALTER TABLE ${tableName(owner(d.table))} AUTO_INCREMENT = ${d.value}`];
    }
    case 'GRANT': {
      if (transforms.omitGrants === true) return [];
      const d = o.detail;
      const target =
        d.level === 'SCHEMA'
          ? `${quoteIdent(remap.schema(d.schema))}.*`
          : `${d.level === 'TABLE' ? '' : `${d.level} `}${qualify(remap.schema(d.schema), d.level === 'TABLE' ? remap.table(d.schema, d.object ?? '') : (d.object ?? ''))}`;
      return [`GRANT ${d.privileges.join(', ')} ON ${target} TO ${quoteAccount(d.user, d.host)}${d.grantOption ? ' WITH GRANT OPTION' : ''}`];
    }
    default:
      throw new AdapterError('UNSUPPORTED', `The MySQL adapter cannot create ${object.kind} objects (${object.name})`, { object: object.name });
  }
}

/** A table whose column defaults draw from sequences (`nextval(`db`.`s`)`), drawing from the remapped ones. */
function withRemappedSequences(d: MysqlTableDetail, remap: MysqlRemapper): MysqlTableDetail {
  const draws = (c: MysqlTableDetail['columns'][number]): boolean => c.default !== null && /\bnextval\s*\(/i.test(c.default);
  if (remap.identity || !d.columns.some(draws)) return d;
  return { ...d, columns: d.columns.map((c) => (draws(c) ? { ...c, default: remap.body(c.default as string) } : c)) };
}

/** Remap names in a trigger header: qualified names as in bodies, and an unqualified table after ON. */
function remapTriggerHeader(header: string, newTable: string | null, remap: MysqlRemapper): string {
  const remapped = remap.names(header);
  if (newTable === null) return remapped;
  const tokens = tokenize(remapped);
  const on = tokens.findIndex((t) => t.type === 'word' && /^ON$/i.test(t.text));
  let i = on + 1;
  while (tokens[i]?.type === 'space') i++;
  const name = tokens[i];
  const qualified = tokens[i + 1]?.text === '.';
  if (on < 0 || name === undefined || (name.type !== 'ident' && name.type !== 'word') || qualified) return remapped;
  return tokens.map((t, k) => (k === i ? quoteIdent(newTable) : t.text)).join('');
}

/** The session's pinned sql_mode without strictness, for tables a strict server would refuse. */
const LENIENT_SQL_MODE = SESSION_SQL_MODE.split(',')
  .filter((m) => m !== 'STRICT_ALL_TABLES' && m !== 'STRICT_TRANS_TABLES')
  .join(',');

/** Whether an ENUM or SET type lists a member twice (compared without case, as the server's default collations do). */
export function hasRepeatedMembers(nativeType: string): boolean {
  if (!/^(enum|set)\(/i.test(nativeType)) return false;
  const members = parseEnumValues(nativeType).map((m) => m.toLowerCase());
  return new Set(members).size !== members.length;
}
