// Formatting of the results table.
export const fmt = (n, d = 1) => (n == null || Number.isNaN(n) ? '-' : n.toFixed(d));
export const mb = (bytes) => bytes / (1024 * 1024);

/**
 * rows: [{ tool, exportS, importS, dumpBytes, rssMb, failed, note }]; ref: the reference row; dataMb: the
 * source data size. Each phase has its own ratio: reference time ÷ tool time, > 1 means faster.
 */
export function printTable(title, rows, ref, dataMb) {
  const head = ['tool', 'export s', 'import s', 'export MB/s', 'dump size', 'peak RSS', 'export vs ref', 'import vs ref'];
  const x = (a, b) => (a && b ? `${(a / b).toFixed(2)}x` : '-');
  const body = rows.map((r) => [
    r.tool + (r.failed ? ' (FAILED)' : ''),
    fmt(r.exportS, 2),
    fmt(r.importS, 2),
    r.exportS ? fmt(dataMb / r.exportS) : '-',
    r.dumpBytes == null ? '-' : `${fmt(mb(r.dumpBytes), 0)} MB`,
    r.rssMb == null ? '-' : `${fmt(r.rssMb, 0)} MB`,
    x(ref?.exportS, r.exportS),
    x(ref?.importS, r.importS),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\n${title}  (source data ${fmt(dataMb, 0)} MB; medians; ratio = reference time / tool time, > 1 faster)`);
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
  for (const r of rows) if (r.note) console.log(`  note (${r.tool}): ${r.note}`);
}
