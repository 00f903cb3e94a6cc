import type { CatalogObject } from '@sluice/adapter-kit';
import type { PostgresRemapper } from '../sql/postgres-remapper.js';
import { ownerStatement } from './postgres-ddl-annotations.js';

/** `lo_create` with the source's oid (as pg_dump restores it), then its owner; the data comes as chunks. */
export function largeObjectDdl(o: CatalogObject, r: PostgresRemapper): string[] {
  if (!/^\d+$/.test(o.name)) throw new RangeError(`A large object is named by its oid, got ${JSON.stringify(o.name)}`);
  return [`SELECT pg_catalog.lo_create('${o.name}')`, ...ownerStatement(o, 'LARGE OBJECT', { type: 'LARGE OBJECT', schema: null, name: o.name }, r)];
}
