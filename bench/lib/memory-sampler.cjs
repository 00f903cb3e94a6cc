// Preload for a sluice process: `node -r ./bench/lib/memory-sampler.cjs apps/cli/dist/bin.js ...`.
// Appends `seconds rss=MB heap=used/total ext=MB ab=MB` every 0.5 s to $SLUICE_MEMLOG (default
// ./memory.log) and the peak RSS at exit; SLUICE_HEAPSNAP_AT=10,60 also writes heap snapshots
// (heap-<s>.heapsnapshot in the working folder) at those seconds, to see what holds the memory.
const fs = require('node:fs');
const out = process.env.SLUICE_MEMLOG || 'memory.log';
const t0 = Date.now();
const mb = (n) => (n / 1048576).toFixed(0);
let peak = 0;
const tick = () => {
  const m = process.memoryUsage();
  peak = Math.max(peak, m.rss);
  fs.appendFileSync(
    out,
    `${((Date.now() - t0) / 1000).toFixed(1)} rss=${mb(m.rss)} heap=${mb(m.heapUsed)}/${mb(m.heapTotal)} ext=${mb(m.external)} ab=${mb(m.arrayBuffers)} ${new Date().toISOString().slice(11, 19)}\n`,
  );
};
setInterval(tick, 500).unref();
process.on('exit', () => {
  tick();
  fs.appendFileSync(out, `peak ${mb(peak)}\n`);
});
for (const at of (process.env.SLUICE_HEAPSNAP_AT || '').split(',').filter(Boolean)) {
  setTimeout(() => fs.appendFileSync(out, `snapshot ${require('node:v8').writeHeapSnapshot(`heap-${at}.heapsnapshot`)}\n`), Number(at) * 1000).unref();
}
