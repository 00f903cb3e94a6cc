import type { ObjectKind } from './object-kind.js';

/** Names one catalog object: kind, schema (null for server-level objects) and name. */
export interface ObjectRef {
  readonly kind: ObjectKind;
  readonly schema: string | null;
  readonly name: string;
}

/** Names one table (or view) by schema and name. */
export interface TableRef {
  readonly schema: string;
  readonly name: string;
}

/** A stable text key for an object reference, e.g. `TABLE:"hr"."emp"`, for maps and sets. */
export function refKey(ref: ObjectRef): string {
  return `${ref.kind}:${ref.schema === null ? '' : `${JSON.stringify(ref.schema)}.`}${JSON.stringify(ref.name)}`;
}

/** A display name for a table such as `"hr"."emp"`, the shape Data Pump logs use. */
export function tableLabel(ref: TableRef): string {
  return `"${ref.schema}"."${ref.name}"`;
}
