import lz4 from 'lz4';

/** Compression algorithms a set can use. */
export type CompressionAlgorithm = 'lz4' | 'none';

/** Levels 1-2 use LZ4's fast compressor, 3-12 LZ4-HC (the lz4 binding applies HC level 9 to all of them). */
export const HC_THRESHOLD = 3;

/**
 * Compresses `input` as one LZ4 block into `out` (which must hold at least input.length - 1 bytes).
 * Returns the compressed length, or 0 when the block would not be smaller (the frame is stored raw).
 * The output capacity is capped one byte below the input, so LZ4 itself gives up when it cannot shrink.
 */
export function compressInto(input: Buffer, out: Buffer, level: number): number {
  if (input.length < 2) return 0;
  const cap = out.subarray(0, input.length - 1);
  if (cap.length < input.length - 1) throw new RangeError(`compression output must hold ${input.length - 1} bytes, got ${out.length}`);
  const n = level >= HC_THRESHOLD ? lz4.encodeBlockHC(input, cap, level) : lz4.encodeBlock(input, cap);
  return n > 0 && n < input.length ? n : 0;
}

/** Compresses into a fresh buffer: the compressed block, or null when it would not shrink. */
export function compressBlock(input: Uint8Array, level = 1): Buffer | null {
  const src = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (src.length < 2) return null;
  const out = Buffer.allocUnsafe(src.length - 1);
  const n = compressInto(src, out, level);
  return n > 0 ? out.subarray(0, n) : null;
}

/** Decompresses one LZ4 block that must decode to exactly `plainLength` bytes; null when it does not. */
export function decompressBlock(stored: Uint8Array, plainLength: number): Buffer | null {
  const src = Buffer.isBuffer(stored) ? stored : Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  const out = Buffer.allocUnsafe(plainLength);
  if (plainLength === 0) return src.length === 0 ? out : null;
  let n: number;
  try {
    n = lz4.decodeBlock(src, out);
  } catch {
    return null;
  }
  return n === plainLength ? out : null;
}
