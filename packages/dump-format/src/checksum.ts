import { createHash, type Hash } from 'node:crypto';
import zlib from 'node:zlib';

// zlib.crc32 arrived in Node 20.15; older Node 20 builds fall back to a table-driven CRC-32 (same polynomial).
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

let table: Uint32Array | undefined;

/** CRC-32 (ISO-HDLC, the zlib/PNG polynomial) in pure JavaScript; the reference the native one is tested against. */
export function crc32Js(data: Uint8Array, value = 0): number {
  table ??= makeTable();
  let c = ~value >>> 0;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** CRC-32 of `data`, continuing from `value`: the per-frame checksum. */
export function crc32(data: Uint8Array, value = 0): number {
  // zlib's crc32(crc, NULL, 0) means "initial value" and returns 0: an empty buffer with no backing
  // store (e.g. an empty AES-GCM ciphertext) would reset a running CRC. Empty input changes nothing.
  if (data.length === 0) return value >>> 0;
  return nativeCrc32 ? nativeCrc32(data, value) >>> 0 : crc32Js(data, value);
}

/** A fresh incremental SHA-256: the file checksum of CHECKSUM=YES. */
export function sha256Hasher(): Hash {
  return createHash('sha256');
}

/** SHA-256 of one buffer. */
export function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

function makeTable(): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}
