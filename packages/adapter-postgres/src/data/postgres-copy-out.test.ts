import { describe, expect, it } from 'vitest';
import { CopyOutStream } from './postgres-copy-out.js';

function message(code: string, body: Buffer | string): Buffer {
  const payload = typeof body === 'string' ? Buffer.from(body) : body;
  const header = Buffer.alloc(5);
  header[0] = code.charCodeAt(0);
  header.writeUInt32BE(payload.length + 4, 1);
  return Buffer.concat([header, payload]);
}

/** Feed protocol bytes to the parser in the given pieces; returns the COPY bytes and what was handed back to pg. */
function parse(pieces: Buffer[]): { data: string; handedBack: string; ended: boolean; detached: boolean; rows: number } {
  const stream = new CopyOutStream('COPY t TO STDOUT');
  const out: Buffer[] = [];
  let ended = false;
  let detached = false;
  const handed: Buffer[] = [];
  const internals = stream as unknown as { _buffer: { push(b: Buffer): void }; _detach(): void; _cleanup(): void; push(b: Buffer | null): boolean; _parse(b: Buffer): unknown };
  internals._buffer = { push: (b: Buffer) => handed.push(Buffer.from(b)) };
  internals._detach = () => (detached = true);
  internals._cleanup = () => undefined;
  internals.push = (b: Buffer | null) => {
    if (b === null) ended = true;
    else out.push(Buffer.from(b));
    return true;
  };
  for (const p of pieces) {
    // Once detached, pg reads the socket itself.
    if (detached) handed.push(Buffer.from(p));
    else internals._parse(Buffer.from(p));
  }
  return { data: Buffer.concat(out).toString(), handedBack: Buffer.concat(handed).toString('latin1'), ended, detached, rows: stream.rowCount };
}

describe('CopyOutStream parser', () => {
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

  it('strips the protocol and hands the rest back to pg, wherever the socket splits the bytes', () => {
    for (let i = 0; i <= wire.length; i++) {
      for (const j of [i, Math.min(wire.length, i + 3), Math.min(wire.length, i + 7)]) {
        const r = parse([wire.subarray(0, i), wire.subarray(i, j), wire.subarray(j)]);
        expect(r.data, `split at ${i}/${j}`).toBe('a\tb\nünï\\n\n');
        // one CopyData message per row (an escaped newline inside a value is not a row)
        expect(r.rows, `split at ${i}/${j}`).toBe(2);
        expect(r.ended).toBe(true);
        expect(r.handedBack.startsWith('C')).toBe(true);
        expect(r.handedBack.endsWith('Z\0\0\0\x05I')).toBe(true);
      }
    }
  });

  it('gives an ErrorResponse back to pg untouched', () => {
    const failing = Buffer.concat([message('H', Buffer.alloc(3)), message('d', 'x\n'), message('E', 'SERROR\0'), message('Z', 'E')]);
    const r = parse([failing]);
    expect(r.detached).toBe(true);
    expect(r.ended).toBe(false);
    expect(r.handedBack.startsWith('E')).toBe(true);
  });
});
