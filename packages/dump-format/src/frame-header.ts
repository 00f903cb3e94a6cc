import { crc32 } from './checksum.js';
import { FRAME_HEADER_CRC_OFFSET, FRAME_HEADER_SIZE, FRAME_PAYLOAD_CRC_OFFSET, FRAME_SYNC, FrameKindCode, type FrameKind } from './constants.js';

/** A decoded 36-byte frame header. */
export interface FrameHeader {
  /** The kind, or null for a kind byte this reader does not know (a newer minor; such frames are skipped). */
  readonly kind: FrameKind | null;
  readonly kindCode: number;
  readonly flags: number;
  readonly stream: number;
  readonly sequence: number;
  readonly storedLength: number;
  readonly plainLength: number;
  readonly payloadCrc: number;
}

/** The fields a writer chooses; the CRCs are computed when the frame is finished. */
export type FrameHeaderFields = Omit<FrameHeader, 'kind' | 'payloadCrc'>;

const kindByCode = new Map<number, FrameKind>(Object.entries(FrameKindCode).map(([k, v]) => [v, k as FrameKind]));

/** The FrameKind of a kind byte, or null when unknown. */
export function kindOf(code: number): FrameKind | null {
  return kindByCode.get(code) ?? null;
}

/** Writes the first 28 bytes of a frame header (everything the CRCs do not cover) into `out` at `at`. */
export function writeFrameHeaderFields(out: Buffer, at: number, f: FrameHeaderFields): void {
  FRAME_SYNC.copy(out, at);
  out[at + 4] = f.kindCode;
  out[at + 5] = f.flags;
  out.writeUInt16BE(0, at + 6); // reserved, zero in 1.x
  out.writeUInt32BE(f.stream >>> 0, at + 8);
  out.writeUInt32BE(Math.floor(f.sequence / 0x1_0000_0000), at + 12);
  out.writeUInt32BE(f.sequence >>> 0, at + 16);
  out.writeUInt32BE(f.storedLength >>> 0, at + 20);
  out.writeUInt32BE(f.plainLength >>> 0, at + 24);
}

/** Fills in the payload CRC and the header CRC of a frame whose header sits at `at` and payload follows it. */
export function sealFrameHeader(out: Buffer, at: number, payloadCrc: number): void {
  out.writeUInt32BE(payloadCrc >>> 0, at + FRAME_PAYLOAD_CRC_OFFSET);
  out.writeUInt32BE(crc32(out.subarray(at, at + FRAME_HEADER_CRC_OFFSET)), at + FRAME_HEADER_CRC_OFFSET);
}

/** Why a 36-byte region is not a valid frame header. */
export type FrameHeaderProblem = 'NO_SYNC' | 'HEADER_CRC' | 'BAD_SEQUENCE';

/** Decodes the frame header at `at` (36 bytes must be present), or says what is wrong with it. */
export function readFrameHeader(buf: Buffer, at: number): FrameHeader | FrameHeaderProblem {
  if (buf[at] !== FRAME_SYNC[0] || buf[at + 1] !== FRAME_SYNC[1] || buf[at + 2] !== FRAME_SYNC[2] || buf[at + 3] !== FRAME_SYNC[3]) {
    return 'NO_SYNC';
  }
  if (crc32(buf.subarray(at, at + FRAME_HEADER_CRC_OFFSET)) !== buf.readUInt32BE(at + FRAME_HEADER_CRC_OFFSET)) return 'HEADER_CRC';
  const hi = buf.readUInt32BE(at + 12);
  if (hi > 0x1fffff) return 'BAD_SEQUENCE';
  const kindCode = buf[at + 4]!;
  return {
    kind: kindOf(kindCode),
    kindCode,
    flags: buf[at + 5]!,
    stream: buf.readUInt32BE(at + 8),
    sequence: hi * 0x1_0000_0000 + buf.readUInt32BE(at + 16),
    storedLength: buf.readUInt32BE(at + 20),
    plainLength: buf.readUInt32BE(at + 24),
    payloadCrc: buf.readUInt32BE(at + FRAME_PAYLOAD_CRC_OFFSET),
  };
}

/** Size of a whole frame on disk. */
export function frameSize(h: Pick<FrameHeader, 'storedLength'>): number {
  return FRAME_HEADER_SIZE + h.storedLength;
}
