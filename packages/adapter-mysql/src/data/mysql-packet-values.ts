import type { Row, RowValue } from '@sluice/adapter-kit';

// Where each value of the current packet is: reused from packet to packet.
let starts = new Int32Array(64);
let ends = new Int32Array(64);
let wide = new Uint8Array(64);

/**
 * The values of a text-protocol row packet (`bytesAt.length` length-coded values from `offset`:
 * a length-coded integer, 0xfb for NULL, then the bytes), read in place, with no Buffer per value as
 * the driver makes: text is UTF-8 (the session's results are utf8mb4), bytes are copied out. The row's
 * bytes are read as one Latin-1 string and ASCII values (numbers, dates, most text) are cut out of
 * it, so the usual value costs a slice, not a call into the decoder of its own; other text is
 * decoded as UTF-8 value by value.
 */
export function packetValues(packet: Uint8Array, offset: number, bytesAt: readonly boolean[]): Row {
  const buf = Buffer.isBuffer(packet) ? packet : Buffer.from(packet.buffer, packet.byteOffset, packet.byteLength);
  const n = bytesAt.length;
  if (starts.length < n) {
    starts = new Int32Array(n);
    ends = new Int32Array(n);
    wide = new Uint8Array(n);
  }
  let off = offset;
  for (let i = 0; i < n; i++) {
    const b = buf[off] as number;
    let len: number;
    if (b < 0xfb) {
      len = b;
      off += 1;
    } else if (b === 0xfb) {
      starts[i] = -1;
      off += 1;
      continue;
    } else if (b === 0xfc) {
      len = (buf[off + 1] as number) | ((buf[off + 2] as number) << 8);
      off += 3;
    } else if (b === 0xfd) {
      len = (buf[off + 1] as number) | ((buf[off + 2] as number) << 8) | ((buf[off + 3] as number) << 16);
      off += 4;
    } else {
      len = 0;
      for (let k = 8; k >= 1; k--) len = len * 256 + (buf[off + k] as number);
      off += 9;
    }
    starts[i] = off;
    ends[i] = off + len;
    wide[i] = 0;
    if (bytesAt[i] !== true)
      for (let j = off; j < off + len; j++) {
        if ((buf[j] as number) >= 0x80) {
          wide[i] = 1;
          break;
        }
      }
    off += len;
  }
  const line = buf.toString('latin1', offset, off);
  const row: RowValue[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const start = starts[i] as number;
    const end = ends[i] as number;
    if (start < 0) row[i] = null;
    else if (bytesAt[i] === true) row[i] = new Uint8Array(buf.buffer.slice(buf.byteOffset + start, buf.byteOffset + end));
    else row[i] = wide[i] === 0 ? line.slice(start - offset, end - offset) : buf.toString('utf8', start, end);
  }
  return row;
}
