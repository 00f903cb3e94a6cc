import { describe, expect, it } from 'vitest';
import { crc32 } from './checksum.js';
import { HEADER_CRC_OFFSET, HEADER_SIZE } from './constants.js';
import { decodeHeader, encodeHeader, type DumpfileHeader } from './header.js';

const header: DumpfileHeader = {
  major: 1,
  minor: 0,
  guid: Buffer.from('00112233445566778899aabbccddeeff', 'hex'),
  fileNumber: 3,
  jobName: 'SYS_EXPORT_FULL_01',
  createdAt: Date.UTC(2024, 0, 2, 3, 4, 5),
  sourceEngine: 'mysql',
  sourceVersion: '10.11.6-MariaDB',
  platform: 'linux/x64',
  host: 'db.example',
  language: 'fr-FR',
  charset: 'utf8mb4',
  blockSize: 1 << 20,
  flags: 0x7f,
  compressionAlgorithm: 'lz4',
  compressionLevel: 9,
  encryptionMode: 'PASSWORD',
  encryptionAlgorithm: 'AES192',
  kdf: { algorithm: 'scrypt', log2N: 15, r: 8, p: 1, salt: Buffer.alloc(16, 7) },
  keyCheck: Buffer.alloc(16, 9),
  fileChecksum: 'SHA256',
  masterPieceNumber: 3,
  masterPieceCount: 4,
  writer: 'test',
};

/** Re-seals a header block after editing it. */
function reseal(block: Buffer): Buffer {
  block.writeUInt32BE(crc32(block.subarray(0, HEADER_CRC_OFFSET)), HEADER_CRC_OFFSET);
  return block;
}

describe('file header', () => {
  it('round trips every item in one 4 KiB block', () => {
    const block = encodeHeader(header);
    expect(block.length).toBe(HEADER_SIZE);
    expect(decodeHeader(block, 'x.dmp')).toEqual(header);
  });

  it('refuses a file without the magic as BAD_MAGIC naming the file', () => {
    expect(() => decodeHeader(Buffer.from('PGDMP custom dump'), 'other.dmp')).toThrow(expect.objectContaining({ code: 'BAD_MAGIC', file: 'other.dmp', message: expect.stringContaining('other.dmp') }));
  });

  it('detects a flipped bit anywhere in the header', () => {
    const good = encodeHeader(header);
    for (const at of [8, 12, 17, 40, 200, 1000, HEADER_CRC_OFFSET - 1, HEADER_CRC_OFFSET + 2]) {
      const bad = Buffer.from(good);
      bad[at]! ^= 0x04;
      expect(() => decodeHeader(bad, 'x.dmp')).toThrow(expect.objectContaining({ code: 'CHECKSUM_MISMATCH', file: 'x.dmp', offset: 0 }));
    }
  });

  it('refuses a newer major naming both versions, and reads a newer minor skipping unknown items', () => {
    const newer = Buffer.from(encodeHeader(header));
    newer.writeUInt16BE(2, 8);
    newer.writeUInt16BE(3, 10);
    reseal(newer);
    expect(() => decodeHeader(newer, 'new.dmp')).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_VERSION', message: expect.stringMatching(/2\.3.*1\.x.*1\.0/) }));
    // A 1.7 file with an extra item code 999 inserted before the others.
    const minor = Buffer.from(encodeHeader(header));
    minor.writeUInt16BE(7, 10);
    const count = minor.readUInt16BE(16);
    const items = Buffer.from(minor.subarray(18, HEADER_CRC_OFFSET - 8));
    minor.writeUInt16BE(count + 1, 16);
    minor.writeUInt16BE(999, 18);
    minor.writeUInt16BE(4, 20);
    minor.write('new!', 22);
    items.copy(minor, 26);
    reseal(minor);
    expect(decodeHeader(minor, 'x.dmp')).toEqual({ ...header, minor: 7 });
  });

  it('reports a header cut short as TRUNCATED', () => {
    expect(() => decodeHeader(encodeHeader(header).subarray(0, 100), 'cut.dmp')).toThrow(expect.objectContaining({ code: 'TRUNCATED', file: 'cut.dmp' }));
  });

  it('refuses strings that do not fit', () => {
    expect(() => encodeHeader({ ...header, jobName: 'j'.repeat(300) })).toThrow(expect.objectContaining({ code: 'BAD_ARGUMENT' }));
  });
});
