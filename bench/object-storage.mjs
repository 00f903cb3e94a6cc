// Object storage: sluice export/import through an S3 bucket vs the same through a local folder, in one
// run, with wall time, peak RSS and CPU seconds. The bucket is the test S3 server (s3rver, the workspace
// root's devDependency) on 127.0.0.1 in a process of its own (test-support/s3-server-process.mjs), so
// its CPU is measured apart from sluice's; it shares the machine's cores with sluice and PostgreSQL:
// the ratio is a floor for a real store on its own machines.
// Then `sluice transfer` of the folder's set up to the bucket and back down to another folder (the
// upload_to_s3 / download_from_s3 analogue), with the same clock and peak RSS.
//   node bench/object-storage.mjs            (after pnpm build; SLUICE_BENCH_MB=200 by default)
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onCleanup, runCleanup } from './lib/cleanup.mjs';
import { dirSizeBytes, randomSuffix, sluice, step, tempDir } from './lib/common.mjs';
import { sh } from './lib/proc.mjs';
import { fmt, mb } from './lib/report.mjs';

const serverScript = new URL('../test-support/s3-server-process.mjs', import.meta.url);

/** Starts the S3 server process; resolves { port, cpuS() (its CPU seconds so far), close() }. */
function startS3Server(config) {
  const child = fork(serverScript, [JSON.stringify(config)], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = () =>
    new Promise((resolve) => {
      const on = (m) => {
        if (m.cpu) {
          child.off('message', on);
          resolve((m.cpu.user + m.cpu.system) / 1e6);
        }
      };
      child.on('message', on);
      child.send('cpu');
    });
  return new Promise((resolve, reject) => {
    child.on('message', (m) => {
      if (typeof m.port === 'number') {
        resolve({
          port: m.port,
          cpuS: ask,
          close: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', done);
              child.send('stop');
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`the S3 server exited (${code}) before it listened`)));
  });
}

const targetMb = Number(process.env.SLUICE_BENCH_MB ?? 200);
const base = new URL(process.env.SLUICE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const urlFor = (db) => {
  const u = new URL(base);
  u.pathname = `/${db}`;
  return u.toString();
};
const psql = (db, sql) => sh('psql', [urlFor(db), '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', sql]).trim();

async function main() {
  const id = randomSuffix();
  // SLUICE_BENCH_DB_PREFIX: the scratch databases' name prefix (a shared server: each user keeps to its own).
  const src = `${process.env.SLUICE_BENCH_DB_PREFIX ?? 'sluice_bench_s3_'}${id}`;
  const targets = { folder: `${src}_f`, bucket: `${src}_b` };
  for (const db of [src, ...Object.values(targets)]) {
    onCleanup(`DROP DATABASE ${db}`, () => psql('postgres', `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`));
    psql('postgres', `CREATE DATABASE "${db}"`);
  }
  console.log(`\n== object storage vs folder (${targetMb} MB of table data, PostgreSQL ${base.host})`);
  const rows = Math.round((targetMb * 1024 * 1024) / 120);
  psql(
    src,
    `CREATE SCHEMA b; CREATE TABLE b.big (id bigint PRIMARY KEY, v text, w text);
    INSERT INTO b.big SELECT g, md5(g::text) || md5((g * 7)::text), repeat(md5((g % 1000)::text), 1) FROM generate_series(1, ${rows}) g;`,
  );
  psql(src, 'VACUUM ANALYZE b.big');
  const dataMb = mb(Number(psql(src, `SELECT pg_table_size('b.big')`)));

  // The S3 server, with a key pair of its own.
  const store = mkdtempSync(join(tmpdir(), 'sluice-bench-s3-'));
  onCleanup(`rm -rf ${store}`, () => rmSync(store, { recursive: true, force: true }));
  const accessKeyId = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`;
  const secretAccessKey = randomBytes(20).toString('base64url');
  const server = await startS3Server({ directory: store, port: 0, buckets: ['bench'], accessKeyId, secretAccessKey });
  const { port } = server;
  onCleanup('stop the S3 server', () => server.close());
  // The sluice children inherit these (the folder runs ignore them).
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`, AWS_REGION: 'us-east-1' });

  const work = tempDir(`sluice-bench-s3-${id}-`);
  const failures = [];
  const result = {};
  // The S3 server process's CPU seconds during a step.
  const serverCpu = async (fn) => {
    const before = await server.cpuS();
    const r = await fn();
    return r && { ...r, serverCpuS: (await server.cpuS()) - before };
  };
  for (const [kind, where] of [
    ['folder', [`DIRECTORY=${work}`, 'DUMPFILE=f%U.dmp']],
    ['bucket', ['DUMPFILE=s3://bench/run/f%U.dmp']],
  ]) {
    const exp = await step(`export to a ${kind}`, failures, () =>
      serverCpu(() => sluice(['export', '--source', urlFor(src), 'SCHEMAS=b', 'PARALLEL=2', ...where, 'NOLOGFILE=Y'], { log: join(work, `${kind}-export.log`), label: `export ${kind}` })),
    );
    const imp = await step(`import from the ${kind}`, failures, () =>
      serverCpu(() => sluice(['import', '--target', urlFor(targets[kind]), 'PARALLEL=2', ...where, 'NOLOGFILE=Y'], { log: join(work, `${kind}-import.log`), label: `import ${kind}` })),
    );
    result[kind] = { exp, imp };
  }
  const size = dirSizeBytes(work);
  console.log(`\n  table data ${fmt(dataMb)} MB, dump set ${fmt(mb(size))} MB\n`);
  console.log('  where    export s  MB/s   peak RSS   import s  MB/s   peak RSS');
  for (const kind of ['folder', 'bucket']) {
    const { exp, imp } = result[kind];
    const rate = (r) => (r ? fmt(dataMb / r.seconds) : '-');
    console.log(
      `  ${kind.padEnd(7)}  ${fmt(exp?.seconds).padStart(8)}  ${rate(exp).padStart(5)}  ${`${fmt(exp?.rssMb, 0)} MB`.padStart(8)}   ${fmt(imp?.seconds).padStart(8)}  ${rate(imp).padStart(5)}  ${`${fmt(imp?.rssMb, 0)} MB`.padStart(8)}`,
    );
  }
  console.log('\n  CPU seconds   sluice export  S3 server   sluice import  S3 server');
  const cpu = (v) => (v == null ? '-' : v.toFixed(2));
  for (const kind of ['folder', 'bucket']) {
    const { exp, imp } = result[kind];
    console.log(`  ${kind.padEnd(12)}  ${cpu(exp?.cpuS).padStart(13)}  ${cpu(exp?.serverCpuS).padStart(9)}   ${cpu(imp?.cpuS).padStart(13)}  ${cpu(imp?.serverCpuS).padStart(9)}`);
  }
  const r = (a, b) => (a && b ? `${((a.seconds / b.seconds) * 100).toFixed(0)}%` : '-');
  console.log(`\n  bucket rate as a share of the folder rate: export ${r(result.folder.exp, result.bucket.exp)}, import ${r(result.folder.imp, result.bucket.imp)}`);

  // File transfer of the folder's set: up to the bucket, then down into another folder (each file is
  // read, checked as it streams, written, and read back to be verified at the destination).
  const down = tempDir(`sluice-bench-s3-${id}-down-`);
  const setFiles = ['DUMPFILE=f%U.dmp', 'NOLOGFILE=Y'];
  const up = await step('transfer folder -> bucket', failures, () =>
    sluice(['transfer', `DIRECTORY=${work}`, ...setFiles, 'TO=s3://bench/transfer'], { log: join(work, 'transfer-up.log'), label: 'transfer up' }),
  );
  const dn = await step('transfer bucket -> folder', failures, () =>
    sluice(['transfer', 'DIRECTORY=s3://bench/transfer', ...setFiles, `TO=${down}`], { log: join(work, 'transfer-down.log'), label: 'transfer down' }),
  );
  const setMb = mb(dirSizeBytes(down));
  console.log(`\n  transfer of the ${fmt(setMb)} MB set  seconds   MB/s   peak RSS`);
  for (const [label, t] of [
    ['folder -> bucket', up],
    ['bucket -> folder', dn],
  ]) {
    console.log(`  ${label.padEnd(27)}  ${fmt(t?.seconds).padStart(7)}  ${(t ? fmt(setMb / t.seconds) : '-').padStart(5)}  ${`${fmt(t?.rssMb, 0)} MB`.padStart(8)}`);
  }
  if (failures.length) process.exitCode = 1;
}

try {
  await main();
} finally {
  await runCleanup();
}
