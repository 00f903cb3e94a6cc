import net from 'node:net';

// Database tests never skip: if a server is down the whole run fails and says which one.
const servers = [
  { name: 'PostgreSQL', env: 'SLUICE_PG_URL', url: 'postgres://postgres@127.0.0.1:5432/postgres' },
  { name: 'MariaDB', env: 'SLUICE_MYSQL_URL', url: 'mysql://root@127.0.0.1:3306/test' },
];

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 3000 });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
    socket.once('error', () => resolve(false));
  });
}

export default async function requireServers(): Promise<void> {
  const down: string[] = [];
  for (const s of servers) {
    const url = new URL(process.env[s.env] ?? s.url);
    const port = Number(url.port || (url.protocol.startsWith('postgres') ? 5432 : 3306));
    if (!(await reachable(url.hostname, port))) down.push(`${s.name} at ${url.hostname}:${port} (set ${s.env} or start it; see shared/SERVICES.md)`);
  }
  if (down.length > 0) throw new Error(`Database servers not reachable: ${down.join('; ')}`);
}
