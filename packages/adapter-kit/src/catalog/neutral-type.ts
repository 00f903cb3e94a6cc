import type { ObjectRef } from './object-ref.js';

/**
 * An engine-neutral description of a column type, detailed enough to map PostgreSQL and MySQL types
 * both ways. Adapters always keep the exact native spelling beside it (`ColumnDef.nativeType`) and
 * use that for same-engine DDL; the neutral form is for cross-engine moves and for filters.
 */
export type NeutralType =
  | { readonly kind: 'boolean' }
  | { readonly kind: 'integer'; readonly bytes: 1 | 2 | 3 | 4 | 8; readonly unsigned?: boolean; readonly zerofill?: boolean; readonly displayWidth?: number }
  | { readonly kind: 'decimal'; readonly precision?: number; readonly scale?: number; readonly unsigned?: boolean; readonly zerofill?: boolean }
  | { readonly kind: 'float'; readonly bytes: 4 | 8; readonly unsigned?: boolean }
  | { readonly kind: 'char'; readonly length?: number; readonly fixed: boolean; readonly charset?: string; readonly collation?: string }
  | { readonly kind: 'text'; readonly maxBytes?: number; readonly charset?: string; readonly collation?: string }
  | { readonly kind: 'binary'; readonly length?: number; readonly fixed: boolean }
  | { readonly kind: 'blob'; readonly maxBytes?: number }
  | { readonly kind: 'date' }
  | { readonly kind: 'time'; readonly precision?: number; readonly withTimeZone: boolean }
  | { readonly kind: 'timestamp'; readonly precision?: number; readonly withTimeZone: boolean }
  | { readonly kind: 'datetime'; readonly precision?: number }
  | { readonly kind: 'year' }
  | { readonly kind: 'interval'; readonly fields?: string; readonly precision?: number }
  | { readonly kind: 'json'; readonly binary: boolean }
  | { readonly kind: 'uuid' }
  | { readonly kind: 'bit'; readonly length?: number; readonly varying: boolean }
  | { readonly kind: 'enum'; readonly values: readonly string[]; readonly type?: ObjectRef }
  | { readonly kind: 'set'; readonly values: readonly string[] }
  | { readonly kind: 'array'; readonly element: NeutralType; readonly dimensions: number }
  | { readonly kind: 'spatial'; readonly subtype: string; readonly srid?: number }
  | { readonly kind: 'network'; readonly subtype: 'inet' | 'cidr' | 'macaddr' | 'macaddr8' }
  | { readonly kind: 'money' }
  | { readonly kind: 'xml' }
  | { readonly kind: 'user'; readonly type: ObjectRef; readonly shape?: UserTypeShape } // a domain, composite, range or enum type defined in the catalog
  | { readonly kind: 'other'; readonly native: string };

/**
 * What a range or composite type is made of, given by a source adapter for a move into another
 * engine, which stores such values as JSON (see the type mapping in the adapter-kit README).
 */
export type UserTypeShape =
  | { readonly kind: 'range'; readonly subtype: NeutralType; readonly multi?: boolean }
  | { readonly kind: 'composite'; readonly attributes: readonly { readonly name: string; readonly type: NeutralType }[] };

/** The kinds of neutral types. */
export type NeutralTypeKind = NeutralType['kind'];
