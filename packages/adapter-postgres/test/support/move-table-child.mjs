// Run by memory.test.ts as `node --max-old-space-size=64 move-table-child.mjs ENTRY SOURCE_URL TARGET_URL`:
// moves public.big from SOURCE to TARGET twice, as bytes (unload -> load) and as rows
// (readRows -> writeRows), and prints what it moved and its peak memory as JSON.
const [entry, sourceUrl, targetUrl] = process.argv.slice(2);
const { createPostgresAdapter } = await import(entry);
const source = createPostgresAdapter({ url: sourceUrl });
const target = createPostgresAdapter({ url: targetUrl });
const whole = (name) => ({ table: { schema: 'public', name }, index: 0, count: 1, range: { kind: 'whole' }, estimatedBytes: 0 });
try {
  const from = await source.connector.connect('memory test source');
  const to = await target.connector.connect('memory test target');
  let t = performance.now();
  const bytes = await target.data.load(to, { schema: 'public', name: 'big' }, source.data.unload(from, whole('big')));
  const bytesSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const rows = await target.data.writeRows(to, { schema: 'public', name: 'big_rows' }, ['id', 'payload'], source.data.readRows(from, whole('big')));
  const rowsSeconds = (performance.now() - t) / 1000;
  const usage = process.resourceUsage();
  console.log(JSON.stringify({ bytes, rows, bytesSeconds, rowsSeconds, maxRssKb: usage.maxRSS, heapLimitMb: 64 }));
} finally {
  await source.close();
  await target.close();
}
