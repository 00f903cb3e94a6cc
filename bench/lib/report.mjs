// Formatting of the results table.
export const fmt = (n, d = 1) => (n == null || Number.isNaN(n) ? '-' : n.toFixed(d));
export const mb = (bytes) => bytes / (1024 * 1024);

/** rows: [{ tool, exportS, importS, dumpBytes, rssMb, note }]; ref: the reference row. dataMb: source data size. */
export function printTable(title, rows, ref, dataMb) {
  const refTotal = (ref?.exportS ?? 0) + (ref?.importS ?? 0);
  const head = ['tool', 'export s', 'import s', 'total s', 'MB/s', 'dump size', 'peak RSS', 'ratio vs ref'];
  const body = rows.map((r) => {
    const total = r.failed ? null : (r.exportS ?? 0) + (r.importS ?? 0);
    return [
      r.tool,
      r.exportS == null ? '-' : fmt(r.exportS),
      r.importS == null ? '-' : fmt(r.importS),
      total == null ? 'FAILED' : fmt(total),
      total ? fmt(dataMb / total) : '-',
      r.dumpBytes == null ? '-' : `${fmt(mb(r.dumpBytes), 0)} MB`,
      r.rssMb == null ? '-' : `${fmt(r.rssMb, 0)} MB`,
      total && refTotal ? fmt(refTotal / total, 2) : '-',
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\n${title}  (source data ${fmt(dataMb, 0)} MB; MB/s = data / total; ratio = reference total / tool total, >1 faster)`);
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
  for (const r of rows) if (r.note) console.log(`  note (${r.tool}): ${r.note}`);
}

export const ratio = (ref, val) => (ref && val ? (ref / val).toFixed(2) : 'fail');
