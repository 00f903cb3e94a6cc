import type { Row, RowValue } from '@sluice/adapter-kit';

/**
 * The values of a text-protocol row packet (`bytesAt.length` length-coded values from `offset`:
 * a length-coded integer, 0xfb for NULL, then the bytes), read in place: text decoded as UTF-8 (the
 * session's results are utf8mb4), bytes copied out, with no Buffer per value as the driver makes.
 */
export function packetValues(packet: Uint8Array, offset: number, bytesAt: readonly boolean[]): Row {
  const buf = Buffer.isBuffer(packet) ? packet : Buffer.from(packet.buffer, packet.byteOffset, packet.byteLength);
  const n = bytesAt.length;
  const row: RowValue[] = new Array(n);
  let off = offset;
  for (let i = 0; i < n; i++) {
    const b = buf[off] as number;
    let len: number;
    if (b < 0xfb) {
      len = b;
      off += 1;
    } else if (b === 0xfb) {
      row[i] = null;
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
    row[i] = bytesAt[i] === true ? new Uint8Array(buf.buffer.slice(buf.byteOffset + off, buf.byteOffset + off + len)) : buf.toString('utf8', off, off + len);
    off += len;
  }
  return row;
}
