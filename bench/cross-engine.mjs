// Cross-engine import against same-engine import of the same data: one MariaDB dump file set imported
// into MariaDB (bytes through LOAD DATA) and into PostgreSQL (rows decoded, converted, written with
// COPY), and one PostgreSQL set the other way, alternately (A B A B ...), medians of wall time and
// peak RSS, and the CPU seconds of the sluice process (less swayed by other load than wall time).
// With SLUICE_BENCH_VIA=link (or dump,link) the same imports read over NETWORK_LINK instead of a dump
// file set. The issue asks for at least half the same-engine rate.
//   node bench/cross-engine.mjs            (after pnpm build; SLUICE_BENCH_ROWS=300000, SLUICE_BENCH_RUNS=3, SLUICE_BENCH_VIA=dump,
//                                           SLUICE_BENCH_DB_PREFIX=sluice_bench_x_)
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { onCleanup, runCleanup } from './lib/cleanup.mjs';
import { dirSizeBytes, mariadbClient, randomSuffix, sluice, step, tempDir } from './lib/common.mjs';
import { sh } from './lib/proc.mjs';
import { fmt, mb } from './lib/report.mjs';

const rows = Number(process.env.SLUICE_BENCH_ROWS ?? 300000);
const runs = Number(process.env.SLUICE_BENCH_RUNS ?? 3);
const vias = (process.env.SLUICE_BENCH_VIA ?? 'dump').split(',').map((v) => v.trim());
// Scratch databases are named with this prefix (a shared server: each user keeps to their own).
const prefix = process.env.SLUICE_BENCH_DB_PREFIX ?? 'sluice_bench_x_';
const pgBase = new URL(process.env.SLUICE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const pgUrl = (db) => {
  const u = new URL(pgBase);
  u.pathname = `/${db}`;
  return u.toString();
};
const psql = (db, q) => sh('psql', [pgUrl(db), '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', q]).trim();
const my = mariadbClient(process.env.SLUICE_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test');
const mariadb = (q, db) => sh('mariadb', [...my.conn, '-N', '-B', ...(db ? ['-D', db] : []), '-e', q], { env: { ...process.env, ...my.env } }).trim();
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
const median = (xs) => {
  const s = xs.filter((x) => x != null).sort((a, b) => a - b);
  return s.length === 0 ? null : s[Math.floor(s.length / 2)];
};

async function main() {
  const id = randomSuffix();
  const names = { mySrc: `${prefix}${id}_mys`, pgSrc: `${prefix}${id}_pgs`, myHome: `${prefix}${id}_myh`, pgTarget: `${prefix}${id}_pgt` };
  const myTargets = [];
  onCleanup('DROP MariaDB databases', () => {
    for (const db of [names.mySrc, names.myHome, ...myTargets]) mariadb(`DROP DATABASE IF EXISTS \`${db}\``);
  });
  onCleanup('DROP PostgreSQL databases', () => {
    for (const db of [names.pgSrc, names.pgTarget]) psql('postgres', `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  });
  const work = tempDir(`sluice-bench-cross-${id}-`);
  const failures = [];
  console.log(`\n== cross-engine import: ${rows} rows per source table, ${runs} runs each, work dir ${work}, load average ${load()}`);

  // The same table on both engines: integers, decimal, text, a timestamp, a boolean, JSON.
  mariadb(`CREATE DATABASE \`${names.mySrc}\` CHARACTER SET utf8mb4; CREATE DATABASE \`${names.myHome}\``);
  mariadb(
    `CREATE TABLE events (id BIGINT PRIMARY KEY, account_id INT NOT NULL, kind VARCHAR(16) NOT NULL, amount DECIMAL(14,2) NOT NULL,
      created_at DATETIME(6) NOT NULL, flag TINYINT(1) NOT NULL, note TEXT, payload JSON NOT NULL);
    INSERT INTO events SELECT seq, 1 + (seq * 7919) % 20000, ELT(1 + seq % 5, 'click', 'view', 'purchase', 'refund', 'signup'),
      ((seq * 37) % 1000000) / 100.0, TIMESTAMP'2024-01-01 00:00:00' + INTERVAL seq SECOND, seq % 2,
      IF(seq % 10 = 0, NULL, CONCAT(MD5(seq), REPEAT(' lorem ipsum', seq % 6))), JSON_OBJECT('sku', CONCAT('SKU-', seq % 5000), 'score', seq % 1000)
    FROM seq_1_to_${rows};`,
    names.mySrc,
  );
  psql('postgres', `CREATE DATABASE "${names.pgSrc}"`);
  psql('postgres', `CREATE DATABASE "${names.pgTarget}"`);
  psql(
    names.pgSrc,
    `CREATE TABLE events (id bigint PRIMARY KEY, account_id int NOT NULL, kind varchar(16) NOT NULL, amount numeric(14,2) NOT NULL,
      created_at timestamp(6) NOT NULL, flag boolean NOT NULL, note text, payload jsonb NOT NULL);
    INSERT INTO events SELECT i, 1 + (i::bigint * 7919) % 20000, (ARRAY['click', 'view', 'purchase', 'refund', 'signup'])[1 + i % 5], ((i::bigint * 37) % 1000000) / 100.0,
      timestamp '2024-01-01' + i * interval '1 second', i % 2 = 1, CASE WHEN i % 10 = 0 THEN NULL ELSE md5(i::text) || repeat(' lorem ipsum', i % 6) END,
      jsonb_build_object('sku', 'SKU-' || (i % 5000), 'score', i % 1000) FROM generate_series(1, ${rows}) i`,
  );

  const exported = {};
  for (const [engine, url, schema] of [
    ['mysql', my.urlFor(names.mySrc), names.mySrc],
    ['postgres', pgUrl(names.pgSrc), 'public'],
  ]) {
    const dir = join(work, engine);
    mkdirSync(dir, { recursive: true });
    await step(`export ${engine}`, failures, () =>
      sluice(['export', '--source', url, `SCHEMAS=${schema}`, `DIRECTORY=${dir}`, 'DUMPFILE=x%U.dmp', 'NOLOGFILE=Y'], { log: join(work, `export-${engine}.log`), label: `export ${engine}` }),
    );
    exported[engine] = { dir, schema, mb: mb(dirSizeBytes(dir)) };
  }

  // One import: into a fresh schema/database named after the run.
  let n = 0;
  const sourceUrl = { mysql: my.urlFor(names.mySrc), postgres: pgUrl(names.pgSrc) };
  const importInto = async (sourceEngine, targetEngine, via) => {
    const { dir, schema } = exported[sourceEngine];
    const into = `${prefix}${id}_r${n++}`;
    let target;
    if (targetEngine === 'mysql') {
      myTargets.push(into);
      target = my.urlFor(names.myHome);
    } else {
      target = pgUrl(names.pgTarget);
    }
    const from = via === 'link' ? ['--network-link', sourceUrl[sourceEngine], `SCHEMAS=${schema}`] : ['DUMPFILE=x%U.dmp'];
    const r = await sluice(['import', '--target', target, `DIRECTORY=${dir}`, ...from, `REMAP_SCHEMA=${schema}:${into}`, 'NOLOGFILE=Y'], {
      log: join(work, `import-${n}.log`),
      label: `import ${sourceEngine}->${targetEngine} (${via})`,
    });
    if (targetEngine === 'postgres') psql(names.pgTarget, `DROP SCHEMA "${into}" CASCADE`);
    else mariadb(`DROP DATABASE \`${into}\``);
    return r;
  };

  const results = [];
  for (const via of vias) {
    for (const source of ['mysql', 'postgres']) {
      const other = source === 'mysql' ? 'postgres' : 'mysql';
      const same = [];
      const cross = [];
      for (let i = 0; i < runs; i++) {
        same.push(await step(`import ${source}->${source} (${via}) #${i + 1}`, failures, () => importInto(source, source, via)));
        cross.push(await step(`import ${source}->${other} (${via}) #${i + 1}`, failures, () => importInto(source, other, via)));
      }
      results.push({ via, source, same, cross, other });
    }
  }

  console.log('\n  via   from        into          median s   rows/s    MB/s   peak RSS   sluice CPU s');
  for (const { via, source, same, cross, other } of results) {
    for (const [label, list] of [
      [source, same],
      [other, cross],
    ]) {
      const s = median(list.map((r) => r?.seconds));
      const rss = median(list.map((r) => r?.rssMb));
      const cpu = median(list.map((r) => r?.cpuS));
      console.log(
        `  ${via.padEnd(4)}  ${source.padEnd(10)}  ${label.padEnd(10)}  ${fmt(s, 2).padStart(9)}  ${fmt(s ? rows / s : null, 0).padStart(7)}  ${fmt(s ? exported[source].mb / s : null).padStart(6)}  ${`${fmt(rss, 0)} MB`.padStart(8)}  ${fmt(cpu, 2).padStart(12)}`,
      );
    }
    const ratio = median(same.map((r) => r?.seconds)) / median(cross.map((r) => r?.seconds));
    const cpu = [same, cross].map((list) => median(list.map((r) => r?.cpuS)));
    const cpuText = cpu.every((c) => c != null) ? ` (sluice CPU ${fmt(cpu[1], 2)} s cross, ${fmt(cpu[0], 2)} s same)` : '';
    console.log(`  cross_engine_rate_${source}_${via}_into_${other}: ${Number.isFinite(ratio) ? `${(ratio * 100).toFixed(0)}% of the same-engine import rate${cpuText}` : '-'}`);
  }
  console.log(`  load average at the end: ${load()}`);
  if (failures.length) process.exitCode = 1;
}

try {
  await main();
} finally {
  await runCleanup();
}
