import { crc32 } from './checksum.js';
import { FRAME_HEADER_SIZE } from './constants.js';
import { sealFrameHeader, writeFrameHeaderFields, type FrameHeaderFields } from './frame-header.js';

/** A frame as the buffers to write, in order: the 36-byte header, then the stored payload parts. */
export interface FrameParts {
  readonly parts: readonly Buffer[];
  readonly length: number;
}

/**
 * Builds a frame without copying its payload: a fresh 36-byte header (CRCs filled in) followed by the
 * given stored parts (nonce, ciphertext, tag, or just the payload). Write the parts in order.
 */
export function frameParts(fields: Omit<FrameHeaderFields, 'storedLength'>, stored: readonly Buffer[]): FrameParts {
  let storedLength = 0;
  let crc = 0;
  for (const part of stored) {
    storedLength += part.length;
    crc = crc32(part, crc);
  }
  const header = Buffer.allocUnsafe(FRAME_HEADER_SIZE);
  writeFrameHeaderFields(header, 0, { ...fields, storedLength });
  sealFrameHeader(header, 0, crc);
  return { parts: [header, ...stored], length: FRAME_HEADER_SIZE + storedLength };
}

/** Builds one whole frame (header + stored payload) in a single buffer. */
export function serializeFrame(fields: Omit<FrameHeaderFields, 'storedLength'>, stored: readonly Uint8Array[]): Buffer {
  const { parts } = frameParts(
    fields,
    stored.map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(p.buffer, p.byteOffset, p.byteLength))),
  );
  return Buffer.concat(parts);
}
