import type { PgColumn, PgConstraintDetail, PgIndexDetail, PgTableDetail } from '../model/postgres-details.js';
import type { PgObject } from '../model/postgres-object.js';

// TRANSFORM unpartitioned (PARTITION_OPTIONS=MERGE or DEPARTITION) is applied to the model, as the
// other transforms are: partitioned tables, partitions and their keys and indexes are described as
// an ordinary table's, and the generators write what they would for one.

/** An object as it is without partitioning; objects of other kinds as they are. */
export function unpartitioned(o: PgObject): PgObject {
  switch (o.kind) {
    case 'TABLE':
      return { ...o, detail: ordinaryTable(o.detail) };
    case 'INDEX':
      return { ...o, detail: ordinaryIndex(o.detail) };
    case 'CONSTRAINT':
    case 'REF_CONSTRAINT':
      return { ...o, detail: ordinaryConstraint(o.detail) };
    default:
      return o;
  }
}

/**
 * A partitioned table loses PARTITION BY; a partition (sub-partitioned or not) loses PARTITION OF
 * and declares every column, with the NOT NULL, default and CHECKs it has from its parent.
 */
function ordinaryTable(d: PgTableDetail): PgTableDetail {
  const { partitionOf, partitionKey, partitions, parentChecks, ...table } = d;
  if (partitionOf === undefined && partitionKey === undefined) return d;
  return {
    ...table,
    tableKind: 'regular',
    columns: partitionOf === undefined ? d.columns : d.columns.map(ownColumn),
    checks: [...(parentChecks ?? []), ...d.checks],
  };
}

/**
 * A partition as a table of its own that is then attached (its columns in its own order): every
 * column declared, with the CHECKs it has from its parent, which ATTACH PARTITION requires.
 */
export function standalonePartition(d: PgTableDetail): PgTableDetail {
  const { partitionOf, parentChecks, ownColumnOrder, ...table } = d;
  return { ...table, tableKind: d.partitionKey === undefined ? 'regular' : 'partitioned', columns: d.columns.map(ownColumn), checks: [...(parentChecks ?? []), ...d.checks] };
}

/** A partition's column as declared by the table itself: its NOT NULL and default are its own. */
function ownColumn(c: PgColumn): PgColumn {
  const { parentNotNull, parentDefault, ...column } = c;
  return { ...column, local: true, inherited: false };
}

/** No ON ONLY (nothing to recurse into) and no attachment to a parent's index. */
function ordinaryIndex(d: PgIndexDetail): PgIndexDetail {
  const { attachTo, ...index } = d;
  return { ...index, only: false };
}

/** A key created on its own table, not attached to a parent's. (ALTER TABLE ONLY is valid on any table.) */
function ordinaryConstraint(d: PgConstraintDetail): PgConstraintDetail {
  const { attachTo, ...constraint } = d;
  return constraint;
}
