import { Socket, type ConnectOpts, type SocketConstructorOpts } from 'node:net';

/** Bytes one read of a session's socket can take (Node's own reads take at most 64 KiB). */
export const SOCKET_READ_BUFFER = 256 * 1024;

/**
 * Where a plain (non-TLS) session's socket delivers what it reads while a reader has taken it over:
 * the bytes are `buffer[0, n)` of a buffer the socket reuses for its next read, so they must be used
 * (or copied) before returning. Returning false pauses the socket until `resume()`.
 */
export type RawReader = (buffer: Buffer, n: number) => boolean | undefined;

/** A socket that reads into one buffer of its own; `rawReader`, when set, gets the bytes first-hand. */
export interface RawReadSocket extends Socket {
  rawReader: RawReader | null;
}

/**
 * The socket of a plain session: it reads into one reused buffer (`onread`), so a long COPY TO costs
 * no allocation per read. Its bytes go to the reader that took it over (a COPY), else, as a fresh
 * buffer each, to its 'data' listeners (pg's protocol parser), as a plain socket's would.
 */
export function rawReadSocket(): RawReadSocket {
  const buffer = Buffer.allocUnsafe(SOCKET_READ_BUFFER);
  // `onread` is a Socket constructor option since Node 15 (the types only list it for connect()).
  const options: SocketConstructorOpts & ConnectOpts = {
    onread: {
      buffer,
      callback: (n: number, buf: Uint8Array): boolean => {
        const raw = socket.rawReader;
        if (raw !== null) return raw(buf as Buffer, n) !== false;
        socket.emit('data', Buffer.from(buf.subarray(0, n)));
        return true;
      },
    },
  };
  const socket = new Socket(options) as RawReadSocket;
  socket.rawReader = null;
  return socket;
}

/** Whether a socket is a RawReadSocket. */
export function isRawReadSocket(socket: unknown): socket is RawReadSocket {
  return socket instanceof Socket && 'rawReader' in socket;
}

/**
 * The `stream` of a `pg` client configuration: a RawReadSocket for a plain session; a TLS session
 * (which wraps the socket it starts on) gets the plain socket `pg` would make.
 */
export function sessionSocket(config: { ssl?: unknown }): Socket {
  return config.ssl ? new Socket() : rawReadSocket();
}
