// Preload for a sluice process: `node -r ./bench/lib/process-meter.cjs apps/cli/dist/bin.js ...`.
// At exit appends one line to $SLUICE_METER (default ./meter.log):
//   `cpu_s=<user+system> user_s=.. sys_s=.. peak_rss_mb=.. connections=<n> (<port>:<n> ...) statements=<n>`
// Connections are TCP/Unix-socket connects made by the process (each database session is one);
// statements are calls of pg's Client.query and mysql2's query/execute (each at least one round trip).
// With SLUICE_METER_PHASES=1 it also logs `t=<s> rss=<MB> heap=<MB> ext=<MB> <first words of the call>`
// at every 1000th statement, to see where a run's memory grows.
const fs = require('node:fs');
const net = require('node:net');
const Module = require('node:module');
const out = process.env.SLUICE_METER || 'meter.log';
const phases = process.env.SLUICE_METER_PHASES === '1';
const t0 = Date.now();
const byPeer = new Map();
let statements = 0;
const mb = (n) => (n / 1048576).toFixed(0);

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const o = args[0];
  const peer = Array.isArray(o) ? String(o[0]?.port ?? o[0]?.path ?? '?') : typeof o === 'object' && o !== null ? String(o.port ?? o.path ?? '?') : String(o);
  byPeer.set(peer, (byPeer.get(peer) ?? 0) + 1);
  patchLoaded();
  return connect.apply(this, args);
};

function counted(fn) {
  return function (...args) {
    statements += 1;
    if (phases && statements % 1000 === 0) {
      const m = process.memoryUsage();
      const q = typeof args[0] === 'string' ? args[0] : typeof args[0]?.text === 'string' ? args[0].text : typeof args[0]?.sql === 'string' ? args[0].sql : '';
      fs.appendFileSync(out, `t=${((Date.now() - t0) / 1000).toFixed(1)} n=${statements} rss=${mb(m.rss)} heap=${mb(m.heapUsed)} ext=${mb(m.external)} ${q.replace(/\s+/g, ' ').slice(0, 40)}\n`);
    }
    return fn.apply(this, args);
  };
}
const patched = new WeakSet();
// Drivers imported from ES modules do not pass through Module._load: patched from the require cache
// (which ESM's CommonJS imports share) when the first connection opens.
function patchLoaded() {
  for (const [file, mod] of Object.entries(require.cache)) {
    const proto = mod?.exports?.prototype;
    if (!proto || patched.has(proto)) continue;
    if (/[\\/]mysql2[\\/]lib[\\/]base[\\/]connection\.js$/.test(file)) {
      patched.add(proto);
      for (const k of ['query', 'execute']) if (typeof proto[k] === 'function') proto[k] = counted(proto[k]);
    } else if (/[\\/]pg[\\/]lib[\\/]client\.js$/.test(file)) {
      patched.add(proto);
      proto.query = counted(proto.query);
    }
  }
}
const load = Module._load;
Module._load = function (request, parent, isMain) {
  const m = load.call(this, request, parent, isMain);
  try {
    if (request === 'pg' && m?.Client && !patched.has(m.Client.prototype)) {
      patched.add(m.Client.prototype);
      m.Client.prototype.query = counted(m.Client.prototype.query);
    }
  } catch {}
  return m;
};

process.on('exit', () => {
  const u = process.resourceUsage();
  const peers = [...byPeer].map(([p, n]) => `${p}:${n}`).join(' ');
  const conns = [...byPeer.values()].reduce((a, b) => a + b, 0);
  fs.appendFileSync(
    out,
    `cpu_s=${((u.userCPUTime + u.systemCPUTime) / 1e6).toFixed(2)} user_s=${(u.userCPUTime / 1e6).toFixed(2)} sys_s=${(u.systemCPUTime / 1e6).toFixed(2)} peak_rss_mb=${(u.maxRSS / 1024).toFixed(0)} connections=${conns} (${peers}) statements=${statements} wall_s=${((Date.now() - t0) / 1000).toFixed(2)}\n`,
  );
});
