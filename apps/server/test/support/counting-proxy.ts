import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a database server that counts the connections made through it: what the
 * service's logins actually reach. While held, a new connection waits (its bytes kept) until `release`.
 */
export interface CountingProxy {
  /** host:port to put in a configured database URL instead of the server's. */
  readonly host: string;
  readonly port: number;
  /** Connections accepted so far. */
  connections(): number;
  /** Connections from now on wait until `release`. */
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

export async function startCountingProxy(target: { host: string; port: number }): Promise<CountingProxy> {
  let count = 0;
  let gate: { promise: Promise<void>; open: () => void } | undefined;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    count += 1;
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.pause();
    const wait = gate?.promise ?? Promise.resolve();
    void wait.then(() => {
      const upstream = connect(target.port, target.host);
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      client.pipe(upstream).on('error', () => client.destroy());
      upstream.pipe(client).on('error', () => upstream.destroy());
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      client.resume();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no port');
  return {
    host: '127.0.0.1',
    port: address.port,
    connections: () => count,
    hold() {
      let open = (): void => undefined;
      const promise = new Promise<void>((resolve) => (open = resolve));
      gate = { promise, open };
    },
    release() {
      gate?.open();
      gate = undefined;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
