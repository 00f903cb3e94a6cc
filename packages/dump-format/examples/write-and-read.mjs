// Writes a compressed, encrypted, checksummed two-file dump file set, shows its header items, verifies
// it and reads it back. Run after `pnpm build`:  pnpm --filter @sluice/dump-format example
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DumpSetReader, DumpSetWriter, dumpfileInfoItems, getDumpfileInfo, verifyDumpSet } from '../dist/index.js';

const password = process.env.SLUICE_EXAMPLE_PASSWORD || 'sluice-demo-password';
const dir = await mkdtemp(join(tmpdir(), 'sluice-example-'));

/** A table's rows in PostgreSQL COPY text format. */
function copyRows(table, count) {
  let out = '';
  for (let i = 1; i <= count; i++) out += `${i}\t${table} row ${i}\t${(i * 7.25).toFixed(2)}\t2025-01-${String(1 + (i % 28)).padStart(2, '0')}\n`;
  return Buffer.from(out);
}

try {
  // Export side: FILESIZE=64K makes the set span two files (example01.dmp, example02.dmp).
  const writer = await DumpSetWriter.create({
    directory: dir,
    fileSpecs: ['example%U.dmp'],
    fileSize: 64 * 1024,
    job: { name: 'SYS_EXPORT_SCHEMA_01', sourceEngine: 'postgresql', sourceVersion: '15.6', charset: 'UTF8' },
    compression: 'ALL',
    encryption: 'ALL',
    encryptionAlgorithm: 'AES256',
    encryptionPassword: password,
    checksum: true,
  });
  const tables = { 'app.customers': copyRows('customer', 2500), 'app.orders': copyRows('order', 2000) };
  let stream = 1;
  const streams = {};
  for (const [name, rows] of Object.entries(tables)) {
    streams[name] = ++stream;
    await writer.writeFrame('metadata', 1, Buffer.from(JSON.stringify({ object: 'SCHEMA_EXPORT/TABLE/TABLE', name, stream })));
    await pipeline(Readable.from([rows]), writer.createStreamWriter(stream));
  }
  const master = Buffer.from(JSON.stringify({ job: 'SYS_EXPORT_SCHEMA_01', tables: streams }));
  const summary = await writer.close(master);
  console.log(`wrote dump file set ${summary.guid}: ${summary.files.map((f) => `${f.name} (${f.bytes} bytes)`).join(', ')}`);

  // sluice info: the header items of each file, readable without the password.
  for (const f of summary.files) {
    const info = await getDumpfileInfo(join(dir, f.name));
    console.log(`\n${f.name}`);
    for (const item of dumpfileInfoItems(info)) console.log(`  ${item.name.padEnd(20)} ${item.value}`);
  }

  // sluice verify: every frame's checksum and GCM tag, each file's SHA-256, the master.
  const report = await verifyDumpSet({ directory: dir, files: ['example%U.dmp'], encryptionPassword: password });
  console.log(`\nverify: ${report.ok ? 'OK' : 'FAILED'} (${report.files.map((f) => `${f.file} sha256 ${f.sha256}, ${f.frames} frames`).join('; ')})`);
  if (!report.ok) throw new Error(report.problems.map((p) => p.message).join('\n'));

  // Import side: %U finds the files, the master says which stream holds which table.
  const reader = await DumpSetReader.open({ directory: dir, files: ['example%U.dmp'], encryptionPassword: password });
  const back = JSON.parse((await reader.master()).toString());
  for (const [name, s] of Object.entries(back.tables)) {
    const chunks = [];
    for await (const c of reader.readStream(s)) chunks.push(c);
    const rows = Buffer.concat(chunks);
    if (!rows.equals(tables[name])) throw new Error(`${name} came back different`);
    console.log(`read back ${name}: ${rows.toString().split('\n').length - 1} rows, ${rows.length} bytes, identical`);
  }
  await reader.close();
  if (summary.files.length !== 2) throw new Error(`expected a two-file set, got ${summary.files.length} files`);
  console.log('\nexample OK: compressed, encrypted, checksummed two-file set written, verified and read back');
} finally {
  await rm(dir, { recursive: true, force: true });
}
