import { createMysqlAdapter } from '../../src/index.js';

/**
 * Run in a child process with a small heap: stream one table from a database into another through
 * the adapter (unload → load, no files) and print rows, bytes and the peak memory as JSON.
 */
async function main(): Promise<void> {
  const [url, schema, from, to] = process.argv.slice(2) as [string, string, string, string];
  const adapter = createMysqlAdapter({ url, applicationName: 'sluice memory test' });
  let peakHeap = 0;
  const sample = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 20);
  try {
    const source = await adapter.connector.connect('unload');
    const target = await adapter.connector.connect('load');
    const started = Date.now();
    const result = await adapter.data.load(
      target,
      { schema, name: to },
      adapter.data.unload(source, { table: { schema, name: from }, index: 0, count: 1, range: { kind: 'whole' }, estimatedBytes: 0 }),
    );
    process.stdout.write(`${JSON.stringify({ rows: result.rows, bytes: result.bytes, seconds: (Date.now() - started) / 1000, peakHeap, maxRss: process.resourceUsage().maxRSS * 1024 })}\n`);
  } finally {
    clearInterval(sample);
    await adapter.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${String((err as Error).stack ?? err)}\n`);
  process.exit(1);
});
