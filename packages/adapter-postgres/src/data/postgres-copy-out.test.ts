import { type AddressInfo, createServer, type Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { rawReadSocket } from '../postgres-socket.js';
import { COPY_OUT_BLOCK, CopyOutStream } from './postgres-copy-out.js';

function message(code: string, body: Buffer | string): Buffer {
  const payload = typeof body === 'string' ? Buffer.from(body) : body;
  const header = Buffer.alloc(5);
  header[0] = code.charCodeAt(0);
  header.writeUInt32BE(payload.length + 4, 1);
  return Buffer.concat([header, payload]);
}

interface Parsed {
  data: string;
  handedBack: string;
  ended: boolean;
  rows: number;
}

/**
 * Run a CopyOutStream over a socket that delivers `pieces`, as `pg` would submit it: pg's data
 * listener on the socket gets what the stream hands back. `raw` uses the sessions' RawReadSocket
 * (over a real TCP connection), else a plain stream in flowing mode (as a TLS session's).
 */
async function parse(pieces: Buffer[], raw: boolean): Promise<Parsed> {
  const stream = new CopyOutStream('COPY t TO STDOUT');
  const handed: Buffer[] = [];
  let socket: Socket | PassThrough;
  let close = (): void => {};
  if (raw) {
    const server = createServer((peer) => {
      let k = 0;
      // One piece per write, a little apart, so the reads see the pieces' boundaries.
      const next = (): void => {
        if (k === pieces.length) return;
        peer.write(pieces[k++]!, () => setTimeout(next, 2));
      };
      next();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const s = rawReadSocket();
    s.connect((server.address() as AddressInfo).port, '127.0.0.1');
    await new Promise((resolve) => s.once('connect', resolve));
    socket = s;
    close = () => {
      s.destroy();
      server.close();
    };
  } else {
    const p = new PassThrough();
    socket = p;
    setImmediate(async () => {
      for (const piece of pieces) {
        p.write(piece);
        await new Promise((resolve) => setImmediate(resolve));
      }
    });
  }
  socket.on('data', (b: Buffer) => handed.push(Buffer.from(b)));
  stream.submit({ stream: socket as never, query: () => undefined });
  const out: Buffer[] = [];
  let ended = false;
  stream.on('data', (b: Buffer) => out.push(Buffer.from(b)));
  stream.on('end', () => {
    ended = true;
  });
  // Done when pg has the rest up to ReadyForQuery and, unless the COPY failed, the stream ended.
  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      const back = Buffer.concat(handed).toString('latin1');
      if (/Z\0\0\0\x05[IE]$/.test(back) && (ended || back.startsWith('E'))) {
        clearInterval(check);
        resolve();
      }
    }, 1);
  });
  close();
  return { data: Buffer.concat(out).toString(), handedBack: Buffer.concat(handed).toString('latin1'), ended, rows: stream.rowCount };
}

describe('CopyOutStream', () => {
  const wire = Buffer.concat([
    message('H', Buffer.from([0, 0, 2, 0, 0, 0, 0])),
    message('d', 'a\tb\n'),
    message('N', 'Snotice\0\0'),
    message('d', 'ünï\\n\n'),
    message('d', ''),
    message('c', ''),
    message('C', 'COPY 2\0'),
    message('Z', 'I'),
  ]);

  for (const raw of [false, true]) {
    const how = raw ? 'reading its socket first-hand' : 'reading socket chunks';
    it(`strips the protocol and hands the rest back to pg, wherever the socket splits the bytes (${how})`, async () => {
      const splits = raw ? [0, 1, 5, 9, 13, 20, 31, wire.length - 7, wire.length - 1] : Array.from({ length: wire.length + 1 }, (_, i) => i);
      for (const i of splits) {
        for (const j of [i, Math.min(wire.length, i + 3)]) {
          const r = await parse(
            [wire.subarray(0, i), wire.subarray(i, j), wire.subarray(j)].filter((p) => p.length > 0),
            raw,
          );
          expect(r.data, `split at ${i}/${j}`).toBe('a\tb\nünï\\n\n');
          // one CopyData message per row (an escaped newline inside a value is not a row)
          expect(r.rows, `split at ${i}/${j}`).toBe(2);
          expect(r.ended).toBe(true);
          expect(r.handedBack.startsWith('C')).toBe(true);
          expect(r.handedBack.endsWith('Z\0\0\0\x05I')).toBe(true);
        }
      }
    });

    it(`gives an ErrorResponse back to pg untouched (${how})`, async () => {
      const failing = Buffer.concat([message('H', Buffer.alloc(3)), message('d', 'x\n'), message('E', 'SERROR\0'), message('Z', 'E')]);
      const r = await parse([failing], raw);
      expect(r.ended).toBe(false);
      expect(r.handedBack.startsWith('E')).toBe(true);
      expect(r.handedBack.endsWith('Z\0\0\0\x05E')).toBe(true);
    });

    it(`passes rows bigger than its blocks, and many blocks, byte for byte (${how})`, async () => {
      const big = `${'x'.repeat(COPY_OUT_BLOCK + 12345)}\n`;
      const rows = Array.from({ length: 3000 }, (_, i) => `${i}\t${'y'.repeat(i % 500)}\n`);
      const body = [message('H', Buffer.alloc(3)), message('d', big), ...rows.map((row) => message('d', row)), message('c', ''), message('C', 'COPY 3001\0'), message('Z', 'I')];
      const all = Buffer.concat(body);
      const pieces: Buffer[] = [];
      for (let at = 0; at < all.length; at += 70_001) pieces.push(all.subarray(at, at + 70_001));
      const r = await parse(pieces, raw);
      expect(r.data).toBe(big + rows.join(''));
      expect(r.rows).toBe(3001);
      expect(r.handedBack.endsWith('Z\0\0\0\x05I')).toBe(true);
    });
  }
});
