import type { Adapter, CatalogObject } from '@sluice/adapter-kit';
import type { DumpSetReader } from '@sluice/dump-format';

// Objects holding a secret (a PostgreSQL user mapping's password, a subscription's connection
// password) are kept masked in the master table, which status, `sluice jobs` and the REST service
// read and KEEP_MASTER keeps; the whole object is in its metadata frame of the dump (encrypted with
// the set), as pg_dump keeps it in its dump, or is read again from the source over a network link.

/** The catalog object written whole as the metadata frame on `stream` of the set. */
export async function readObjectFrame(reader: DumpSetReader, stream: number): Promise<CatalogObject> {
  const parts: Buffer[] = [];
  for await (const part of reader.readStream(stream)) parts.push(part as Buffer);
  return JSON.parse(Buffer.concat(parts).toString('utf8')) as CatalogObject;
}

/** The object masked by `adapter`, and whether it was (it held a secret). */
export function maskedObject(adapter: Adapter, object: CatalogObject): { object: CatalogObject; masked?: true } {
  const masked = adapter.introspector.maskSecrets(object);
  return masked === undefined ? { object } : { object: masked, masked: true };
}
