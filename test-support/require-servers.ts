import net from 'node:net';
import { ENGINES, SERVERS } from './servers.js';

// Database tests never skip: if a server is down the whole run fails and says which one.

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 3000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Vitest global setup of the projects that talk to the database servers: fail at once, naming the server that is down. */
export default async function requireServers(): Promise<void> {
  const down: string[] = [];
  for (const s of SERVERS.filter((server) => ENGINES.includes(server.engine))) {
    const url = new URL(s.url);
    const port = Number(url.port || (s.engine === 'postgres' ? 5432 : 3306));
    if (!(await reachable(url.hostname, port))) down.push(`${s.name} at ${url.hostname}:${port} (set ${s.env} or start it; see shared/SERVICES.md)`);
  }
  if (down.length > 0) throw new Error(`Database servers not reachable: ${down.join('; ')}`);
}
