import { FRAME_AAD_HEADER_BYTES, FRAME_HEADER_SIZE, FrameFlag, NONCE_SIZE, TAG_SIZE, ENCRYPTION_OVERHEAD } from './constants.js';
import type { FrameCipher } from './cipher.js';
import { decompressBlock } from './compression.js';
import { DumpFormatError } from './errors.js';
import { writeFrameHeaderFields, type FrameHeader } from './frame-header.js';
import { frameParts, type FrameParts } from './frame-serializer.js';

/** What a frame needs to be sealed or opened: the set's GUID, the file it lives in, the set's key. */
export interface FrameContext {
  readonly guid: Buffer;
  readonly fileNumber: number;
  readonly cipher: FrameCipher | null;
}

/** Associated data of an encrypted frame: its first 28 header bytes, the job GUID and the file number. */
export function frameAad(headerPrefix: Uint8Array, guid: Uint8Array, fileNumber: number): Buffer {
  const aad = Buffer.allocUnsafe(FRAME_AAD_HEADER_BYTES + guid.length + 4);
  aad.set(headerPrefix.subarray(0, FRAME_AAD_HEADER_BYTES), 0);
  aad.set(guid, FRAME_AAD_HEADER_BYTES);
  aad.writeUInt32BE(fileNumber >>> 0, FRAME_AAD_HEADER_BYTES + guid.length);
  return aad;
}

/** The input of sealFrame: a payload and, when compression shrank it, its compressed form. */
export interface FrameBody {
  readonly kindCode: number;
  readonly stream: number;
  readonly sequence: number;
  readonly payload: Uint8Array;
  readonly compressed: Uint8Array | null;
  readonly encrypt: boolean;
}

/** Stored size of a frame body before it is sealed (used to choose the file it goes to). */
export function sealedSize(body: Pick<FrameBody, 'payload' | 'compressed' | 'encrypt'>): number {
  return FRAME_HEADER_SIZE + (body.compressed ?? body.payload).length + (body.encrypt ? ENCRYPTION_OVERHEAD : 0);
}

/** Builds a frame as buffers to write (no payload copy): header, then the (compressed) payload, encrypted with a fresh nonce when asked. */
export function sealFrame(ctx: FrameContext, body: FrameBody, nonce: () => Uint8Array): FrameParts {
  const inner = toBuffer(body.compressed ?? body.payload);
  let flags = body.compressed ? FrameFlag.COMPRESSED : 0;
  if (!body.encrypt) {
    return frameParts({ kindCode: body.kindCode, flags, stream: body.stream, sequence: body.sequence, plainLength: body.payload.length }, [inner]);
  }
  if (!ctx.cipher) throw new Error('sealFrame: encryption asked without a key');
  flags |= FrameFlag.ENCRYPTED;
  const fields = { kindCode: body.kindCode, flags, stream: body.stream, sequence: body.sequence, plainLength: body.payload.length, storedLength: inner.length + ENCRYPTION_OVERHEAD };
  const prefix = Buffer.allocUnsafe(FRAME_HEADER_SIZE);
  writeFrameHeaderFields(prefix, 0, fields);
  const n = toBuffer(nonce());
  const [ct, tag] = ctx.cipher.seal(n, frameAad(prefix, ctx.guid, ctx.fileNumber), inner);
  return frameParts(fields, [n, toBuffer(ct), toBuffer(tag)]);
}

/** Builds a whole frame in one buffer (tests, small frames). */
export function sealFrameBuffer(ctx: FrameContext, body: FrameBody, nonce: () => Uint8Array): Buffer {
  return Buffer.concat(sealFrame(ctx, body, nonce).parts);
}

function toBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

/**
 * Recovers a frame's payload: checks the GCM tag (AUTH_FAILED when it fails: wrong key, or the frame was
 * altered, reordered or spliced from another file), decompresses, and checks the length.
 */
export function openFrame(ctx: FrameContext, header: FrameHeader, rawHeader: Uint8Array, stored: Buffer, file: string, offset: number): Buffer {
  const where = { file, offset, sequence: header.sequence };
  let inner = stored;
  if (header.flags & FrameFlag.ENCRYPTED) {
    if (!ctx.cipher) {
      throw new DumpFormatError('PASSWORD_REQUIRED', `${file}: frame ${header.sequence} at offset ${offset} is encrypted; supply ENCRYPTION_PASSWORD or the key file`, where);
    }
    if (stored.length < ENCRYPTION_OVERHEAD) {
      throw new DumpFormatError('BAD_FRAME', `${file}: encrypted frame ${header.sequence} at offset ${offset} is too short (${stored.length} bytes) to hold a nonce and tag`, where);
    }
    const opened = ctx.cipher.open(
      stored.subarray(0, NONCE_SIZE),
      frameAad(rawHeader, ctx.guid, ctx.fileNumber),
      stored.subarray(NONCE_SIZE, stored.length - TAG_SIZE),
      stored.subarray(stored.length - TAG_SIZE),
    );
    if (!opened) {
      throw new DumpFormatError(
        'AUTH_FAILED',
        `${file}: frame ${header.sequence} at offset ${offset} failed AES-GCM authentication: it was altered, or moved from another file or dump file set; the file cannot be trusted`,
        where,
      );
    }
    inner = opened;
  }
  if (header.flags & FrameFlag.COMPRESSED) {
    const plain = decompressBlock(inner, header.plainLength);
    if (!plain) {
      throw new DumpFormatError('BAD_FRAME', `${file}: frame ${header.sequence} at offset ${offset} does not decompress to its ${header.plainLength} bytes; the file is damaged`, where);
    }
    return plain;
  }
  if (inner.length !== header.plainLength) {
    throw new DumpFormatError('BAD_FRAME', `${file}: frame ${header.sequence} at offset ${offset} holds ${inner.length} bytes but its header says ${header.plainLength}; the file is damaged`, where);
  }
  return inner;
}
