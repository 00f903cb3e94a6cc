// Running measured commands: wall time, peak RSS, output captured to a log file.
// Peak RSS comes from `/usr/bin/time -v` ("Maximum resident set size": the largest single
// process of the tree) when present, else from polling VmHWM in /proc/<pid>/status of the
// process and its descendants.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync, readdirSync, rmSync, writeSync } from 'node:fs';

const TIME = '/usr/bin/time';
export const hasGnuTime = existsSync(TIME) && spawnSync(TIME, ['-v', 'true'], { encoding: 'utf8' }).stderr?.includes('Maximum resident set size');

/** Children we started, so a signal handler can stop them (by pid, nothing else). */
export const liveChildren = new Set();
/** Set once a signal arrived: nothing new is started after that. */
export const abortState = { aborted: false };
const refuse = () => Promise.reject(new Error('interrupted: not started'));

export class CommandError extends Error {
  constructor(label, code, tail) {
    super(`${label} exited with code ${code}${tail ? `\n${tail}` : ''}`);
    this.code = code;
    this.tail = tail;
  }
}

function tailOf(file, lines = 25) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

function descendants(pid) {
  const kids = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push(Number(d));
    } catch {
      /* gone */
    }
  }
  const out = [];
  const todo = [pid];
  while (todo.length) {
    const p = todo.pop();
    out.push(p);
    todo.push(...(kids.get(p) ?? []));
  }
  return out;
}

function hwmKb(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * Run cmd with args; resolves { seconds, rssMb, cpuS (null without GNU time), code, log }.
 * opts: { label, log (file for stdout+stderr), stdinFile, stdoutFile, env, okCodes=[0], cwd }
 */
export function measure(cmd, args, opts = {}) {
  if (abortState.aborted) return refuse();
  const label = opts.label ?? cmd;
  const okCodes = opts.okCodes ?? [0];
  const log = opts.log;
  const timeOut = log ? `${log}.time` : null;
  const fds = [];
  const open = (f, mode) => {
    const fd = openSync(f, mode);
    fds.push(fd);
    return fd;
  };
  const logFd = log ? open(log, 'a') : 'ignore';
  if (log) writeSync(logFd, `$ ${[cmd, ...args].join(' ')}\n`);
  const stdin = opts.stdinFile ? open(opts.stdinFile, 'r') : 'ignore';
  const stdout = opts.stdoutFile ? open(opts.stdoutFile, 'w') : logFd;
  const useTime = hasGnuTime && timeOut;
  const [exe, argv] = useTime ? [TIME, ['-v', '-o', timeOut, cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(exe, argv, {
      stdio: [stdin, stdout, logFd],
      env: { ...process.env, ...(opts.env ?? {}) },
      cwd: opts.cwd,
    });
    liveChildren.add(child);
    let polledKb = 0;
    const poll = useTime
      ? null
      : setInterval(() => {
          for (const p of descendants(child.pid)) polledKb = Math.max(polledKb, hwmKb(p));
        }, 100);
    child.on('error', (e) => {
      liveChildren.delete(child);
      if (poll) clearInterval(poll);
      fds.forEach(closeSync);
      reject(e);
    });
    child.on('close', (code, signal) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      liveChildren.delete(child);
      if (poll) clearInterval(poll);
      fds.forEach((fd) => closeSync(fd));
      let rssKb = polledKb;
      // CPU seconds (user + system) of the command and the children it waited for: steadier than wall
      // time on a shared machine, and what the tool costs the cores the database server also needs.
      let cpuS = null;
      let exit = code ?? (signal ? 128 : 1);
      if (useTime) {
        const t = existsSync(timeOut) ? readFileSync(timeOut, 'utf8') : '';
        const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(t);
        if (m) rssKb = Number(m[1]);
        const user = /User time \(seconds\): ([\d.]+)/.exec(t);
        const sys = /System time \(seconds\): ([\d.]+)/.exec(t);
        if (user && sys) cpuS = Number(user[1]) + Number(sys[1]);
        const ex = /Exit status: (\d+)/.exec(t);
        if (ex) exit = Number(ex[1]);
        if (/Command terminated by signal/.test(t)) exit = exit || 128;
        rmSync(timeOut, { force: true });
      }
      if (!okCodes.includes(exit)) {
        reject(new CommandError(label, exit, log ? tailOf(log) : ''));
        return;
      }
      resolve({ seconds, rssMb: rssKb / 1024, cpuS, code: exit, log });
    });
  });
}

/** Run a quick command synchronously, returning stdout; throws with stderr on failure. */
export function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${(r.stderr || r.stdout || '').trim()}`);
  }
  return r.stdout;
}

/** Async variant for long SQL (data generation) so a signal can interrupt it. */
export function shAsync(cmd, args, opts = {}) {
  if (abortState.aborted) return refuse();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...(opts.env ?? {}) } });
    liveChildren.add(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', (e) => {
      liveChildren.delete(child);
      reject(e);
    });
    child.on('close', (code) => {
      liveChildren.delete(child);
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} failed (${code}): ${err.trim()}`));
    });
    if (opts.input != null) child.stdin.end(opts.input);
    else child.stdin.end();
  });
}

export function which(name) {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

export function dirSizeBytes(dir) {
  const out = spawnSync('du', ['-sb', dir], { encoding: 'utf8' }).stdout;
  return Number(out.split(/\s/)[0]) || 0;
}
