import { createServer, request, type ClientRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP pass-through in front of the S3 test server that can hold the requests a predicate picks (e.g.
 * the upload of one object), so a test stops a transfer at a known point: kill it there, or stop the
 * server and let the held requests go on to find it gone. Requests are forwarded byte for byte (the
 * SigV4 signature covers the Host header, which is passed on unchanged).
 */
export class S3Gate {
  readonly #held: Array<{ go: () => void; drop: () => void }> = [];
  readonly #upstream = new Set<ClientRequest>();
  #hold: ((req: IncomingMessage) => boolean) | null = null;
  /** How many requests have been held so far. */
  heldCount = 0;

  private constructor(
    readonly server: Server,
    readonly upstream: URL,
  ) {}

  /** Starts the pass-through on 127.0.0.1 and a free port, in front of `upstream` (`http://127.0.0.1:PORT`). */
  static async start(upstream: string): Promise<S3Gate> {
    let gate: S3Gate | null = null;
    const server = createServer((req, res) => gate!.handle(req, res));
    gate = new S3Gate(server, new URL(upstream));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return gate;
  }

  /** `http://127.0.0.1:PORT` of the pass-through. */
  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** From now on, requests `predicate` picks wait until release(). */
  hold(predicate: (req: IncomingMessage) => boolean): void {
    this.#hold = predicate;
  }

  /** Lets the held requests go on, and holds nothing more. */
  release(): void {
    this.#hold = null;
    for (const h of this.#held.splice(0)) h.go();
  }

  /** How many requests wait now. */
  get waiting(): number {
    return this.#held.length;
  }

  /** Lets the first `n` requests held go on (the earliest first); later ones stay held, and new ones are still held. */
  pass(n: number): void {
    for (const h of this.#held.splice(0, n)) h.go();
  }

  /** Waits (bounded) until `n` requests are held. */
  async waitHeld(n = 1, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.heldCount < n) {
      if (Date.now() > deadline) throw new Error(`no request was held in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    const forward = (): void => {
      // No keep-alive towards the server: stopping it must not wait for idle connections of the pass-through.
      const out = request({ host: this.upstream.hostname, port: this.upstream.port, method: req.method, path: req.url, headers: req.headers, agent: false }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      this.#upstream.add(out);
      out.on('close', () => this.#upstream.delete(out));
      // The server is gone: the client sees its connection dropped, as it would without the pass-through.
      out.on('error', () => req.socket.destroy());
      req.pipe(out);
    };
    if (this.#hold?.(req)) {
      this.heldCount++;
      this.#held.push({ go: forward, drop: () => req.socket.destroy() });
    } else forward();
  }

  /** Drops held requests and every connection both ways (a server being stopped must not wait for them). */
  async close(): Promise<void> {
    this.#hold = null;
    for (const h of this.#held.splice(0)) h.drop();
    for (const out of this.#upstream) out.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
