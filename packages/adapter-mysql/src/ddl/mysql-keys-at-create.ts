import { AdapterError, type CatalogObject } from '@sluice/adapter-kit';
import type { MysqlIndexDetail, MysqlTableIndexDetail } from '../model/mysql-details.js';
import { asMysqlObject } from '../model/mysql-object.js';

/**
 * A table whose CREATE TABLE also creates `keys` (its secondary INDEX and unique CONSTRAINT objects),
 * in the source's key order with the key its AUTO_INCREMENT column needs. The server orders a table's
 * keys by kind (primary, unique, the rest) and otherwise keeps the order they are written in, the same
 * in CREATE TABLE as for keys added one ALTER at a time: given in source order, SHOW CREATE TABLE
 * shows them as on the source.
 */
export function withKeysAtCreate(table: CatalogObject, keys: readonly CatalogObject[]): CatalogObject {
  const t = asMysqlObject(table);
  if (t.kind !== 'TABLE' || !('createKeys' in t.detail)) {
    throw new AdapterError('UNSUPPORTED', `TABLE ${table.name} was not introspected by the MySQL adapter; its keys cannot go into its CREATE TABLE`, { object: table.name });
  }
  const detail = t.detail;
  const added = keys.map((k): MysqlIndexDetail => {
    const d = secondaryKeyOf(k);
    if (d === undefined) {
      throw new AdapterError('UNSUPPORTED', `${k.kind} ${k.name} of ${table.name} is not a secondary key; it cannot go into the table's CREATE TABLE`, { object: k.name });
    }
    // The table it belongs to is the one being created; `versionedTable` only matters to an ALTER.
    const { table: _table, versionedTable: _versioned, ...key } = d;
    return key;
  });
  // In the source's key order: a key an AUTO_INCREMENT column needs is not always the first.
  const order = detail.keyOrder ?? [];
  const at = (k: MysqlIndexDetail): number => (order.includes(k.name) ? order.indexOf(k.name) : order.length);
  const createKeys = [...detail.createKeys, ...added]
    .map((k, i) => ({ k, i }))
    .sort((a, b) => at(a.k) - at(b.k) || a.i - b.i)
    .map((x) => x.k);
  return { ...t, detail: { ...detail, createKeys } };
}

/** An INDEX's or a unique CONSTRAINT's key, or undefined for any other object (a CHECK, a primary key). */
function secondaryKeyOf(object: CatalogObject): MysqlTableIndexDetail | undefined {
  const o = asMysqlObject(object);
  if (o.kind !== 'INDEX' && o.kind !== 'CONSTRAINT') return undefined;
  const d = o.detail;
  return 'parts' in d && Array.isArray(d.parts) && d.kind !== 'PRIMARY' ? d : undefined;
}

/**
 * The first of a table's secondary keys (in source order), carrying the others (`alsoKeys`): its DDL
 * is one ALTER TABLE adding them all in that order, so the server reads the loaded rows once for
 * every key. The engine may hand that object to whichever of the keys' items runs first.
 */
export function keysTogether(keys: readonly CatalogObject[]): CatalogObject {
  const [first, ...rest] = keys;
  if (first === undefined) throw new AdapterError('BAD_ARGUMENT', 'keysTogether needs at least one key');
  const details = keys.map((k) => {
    const d = secondaryKeyOf(k);
    if (d === undefined || k.table !== first.table || k.schema !== first.schema) {
      throw new AdapterError('UNSUPPORTED', `${k.kind} ${k.name} is not a secondary key of ${first.table ?? '?'}; it cannot be added with its other keys`, { object: k.name });
    }
    return d;
  });
  const also = details.slice(1).map(({ table: _table, alsoKeys: _also, ...key }): MysqlIndexDetail => key);
  return rest.length === 0 ? first : { ...first, detail: { ...first.detail, alsoKeys: also } };
}
