// Repeated, alternated measurements (A B A B A B) and what is reported from them.
import { mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { measure } from './proc.mjs';
import { SLUICE_BIN } from './tools.mjs';

/** Where run-all puts the many-objects run's objects_* fields in an engine's summary line (or nothing). */
export const OBJECTS_HOOK = '{objects}';

export const median = (xs) => {
  const s = xs.filter((v) => v != null).sort((a, b) => a - b);
  if (!s.length) return null;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Reference time ÷ sluice time, "1.08x"; "fail" when either is missing. */
export const times = (ref, val) => (ref && val ? `${(ref / val).toFixed(2)}x` : 'fail');

/**
 * Named series of measurements. `add(key, r)` records one run ({ seconds, rssMb } or null for a failed
 * run); `s(key)` is the median seconds, `rss(key)` the largest peak.
 */
export class Series {
  constructor() {
    this.runs = new Map();
  }
  add(key, r) {
    if (!this.runs.has(key)) this.runs.set(key, []);
    this.runs.get(key).push(r ?? null);
    return r;
  }
  /** Median seconds, or null when any run failed (a failed step never hides behind a median). */
  s(key) {
    const rs = this.runs.get(key) ?? [];
    if (!rs.length || rs.some((r) => r == null)) return null;
    return median(rs.map((r) => r.seconds));
  }
  /** Median CPU seconds (user + system), or null when any run failed or was not timed by GNU time. */
  cpu(key) {
    const rs = this.runs.get(key) ?? [];
    if (!rs.length || rs.some((r) => r == null || r.cpuS == null)) return null;
    return median(rs.map((r) => r.cpuS));
  }
  rss(key) {
    const rs = (this.runs.get(key) ?? []).filter(Boolean);
    return rs.length ? Math.max(...rs.map((r) => r.rssMb ?? 0)) : null;
  }
  all(key) {
    return (this.runs.get(key) ?? []).map((r) => (r == null ? 'fail' : r.seconds.toFixed(2))).join(' ');
  }
  keys() {
    return [...this.runs.keys()];
  }
}

/** Several commands at once; resolves { seconds } of the whole (the slowest), rejects if one fails. */
export async function together(fns) {
  const t0 = process.hrtime.bigint();
  const rs = await Promise.all(fns.map((fn) => fn()));
  const cpu = rs.every((r) => r.cpuS != null) ? rs.reduce((a, r) => a + r.cpuS, 0) : null;
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, rssMb: Math.max(...rs.map((r) => r.rssMb ?? 0)), cpuS: cpu };
}

/** Split `items` ({ cost }) over n sessions, largest first onto the least loaded (LPT). */
export function spread(items, n) {
  const bins = Array.from({ length: n }, () => ({ cost: 0, items: [] }));
  for (const it of [...items].sort((a, b) => b.cost - a.cost)) {
    const bin = bins.reduce((a, b) => (b.cost < a.cost ? b : a));
    bin.items.push(it);
    bin.cost += it.cost;
  }
  return bins.map((b) => b.items);
}

/**
 * Process start-up alone, medians of `runs`: `sluice --version`, and an export of an empty schema
 * (`emptyArgs`: the source and SCHEMAS=...). Returns { version, empty, versionCpu, emptyCpu, rssMb } (CPU seconds
 * null without GNU time).
 */
export async function startup({ work, runs, emptyArgs, log }) {
  const version = [];
  const empty = [];
  const versionCpu = [];
  const emptyCpu = [];
  let rssMb = 0;
  for (let i = 0; i < runs; i++) {
    const v = await measure(process.execPath, [SLUICE_BIN, '--version'], { log, label: 'sluice --version' });
    version.push(v.seconds);
    versionCpu.push(v.cpuS);
    const dir = join(work, `empty-${i}`);
    mkdirSync(dir, { recursive: true });
    const e = await measure(process.execPath, [SLUICE_BIN, 'export', ...emptyArgs, `DIRECTORY=${dir}`, 'DUMPFILE=empty.dmp', 'NOLOGFILE=YES'], { log, label: 'sluice export (empty schema)' });
    empty.push(e.seconds);
    emptyCpu.push(e.cpuS);
    rssMb = Math.max(rssMb, v.rssMb, e.rssMb);
    rmSync(dir, { recursive: true, force: true });
  }
  const cpu = (xs) => (xs.some((x) => x == null) ? null : median(xs));
  return { version: median(version), empty: median(empty), versionCpu: cpu(versionCpu), emptyCpu: cpu(emptyCpu), rssMb };
}

/** The load average, for the record. */
export const loadNow = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ');
