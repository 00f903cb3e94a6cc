/**
 * Relations a catalog query over many relations (`= ANY($1::oid[])`) reads per statement: the rows
 * of 10,000 tables' columns are then never all in memory at once, only one page's, for a handful of
 * statements instead of one.
 */
export const OID_PAGE = 2_000;

/** `oids` in pages of at most `size`, in order (one empty page for none, so the query still runs once). */
export function oidPages(oids: readonly number[], size = OID_PAGE): (readonly number[])[] {
  if (oids.length <= size) return [oids];
  const pages: (readonly number[])[] = [];
  for (let i = 0; i < oids.length; i += size) pages.push(oids.slice(i, i + size));
  return pages;
}
