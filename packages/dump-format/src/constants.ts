// Byte-level constants of dump format 1.x. The package README draws the layout these describe.

/** The current format version this package writes by default. */
export const FORMAT_VERSION = { major: 1, minor: 0 } as const;

/** Every format version this package can write (VERSION=...), newest last. */
export const WRITABLE_VERSIONS = ['1.0'] as const;

/** First 8 bytes of every dump file: 0x89 "SLDP" CR LF 0x1A, PNG-style so text-mode copies are caught. */
export const FILE_MAGIC = Buffer.from([0x89, 0x53, 0x4c, 0x44, 0x50, 0x0d, 0x0a, 0x1a]);

/** The header occupies one fixed 4 KiB block so it can be rewritten in place when the set is closed. */
export const HEADER_SIZE = 4096;

/** Offset of the header's CRC-32: the last 4 bytes of the header block. */
export const HEADER_CRC_OFFSET = HEADER_SIZE - 4;

/** First 4 bytes of every frame: the marker a reader searches for to resynchronise after damage. */
export const FRAME_SYNC = Buffer.from([0xd5, 0x53, 0x46, 0x52]); // 0xD5 "SFR"

/** Fixed size of a frame header: sync 4, kind 1, flags 1, reserved 2, stream 4, sequence 8, stored 4, plain 4, payload crc 4, header crc 4. */
export const FRAME_HEADER_SIZE = 36;

/** Bytes of the frame header that are authenticated by AES-GCM (everything before the two CRCs). */
export const FRAME_AAD_HEADER_BYTES = 28;

/** Offset of the payload CRC inside the frame header. */
export const FRAME_PAYLOAD_CRC_OFFSET = 28;

/** Offset of the header CRC inside the frame header. */
export const FRAME_HEADER_CRC_OFFSET = 32;

/** AES-GCM nonce bytes stored in front of each encrypted payload. */
export const NONCE_SIZE = 12;

/** AES-GCM tag bytes stored after each encrypted payload. */
export const TAG_SIZE = 16;

/** Extra stored bytes an encrypted frame carries: nonce + tag. */
export const ENCRYPTION_OVERHEAD = NONCE_SIZE + TAG_SIZE;

/** Largest plain payload of one frame (bounds a reader's memory whatever the file says). */
export const MAX_FRAME_PAYLOAD = 64 * 1024 * 1024;

/** Largest stored payload of one frame: LZ4's worst case never applies because incompressible frames are stored raw. */
export const MAX_STORED_PAYLOAD = MAX_FRAME_PAYLOAD + ENCRYPTION_OVERHEAD;

/** Bytes of one index entry: offset 8, sequence 8, stream 4, kind 1, flags 1, stored 4, plain 4. */
export const INDEX_ENTRY_SIZE = 30;

/** Index frame payload = entry count (4) + entries. */
export const INDEX_PAYLOAD_FIXED = 4;

/** Trailer payload: index offset 8, entry count 4, file checksum algorithm 1, SHA-256 32. */
export const TRAILER_PAYLOAD_SIZE = 45;

/** A trailer frame is always this many bytes, so a reader finds it by reading the file's last bytes. */
export const TRAILER_FRAME_SIZE = FRAME_HEADER_SIZE + TRAILER_PAYLOAD_SIZE;

/** Fixed part of a master piece payload: number 4, count 4, master length 8, piece offset 8, master SHA-256 32, name count 4. */
export const MASTER_PIECE_FIXED = 60;

/** Room every file keeps free for its master piece frame while data is written (FILESIZE accounting). */
export const MASTER_RESERVE = 4096;

/** Oracle's Data Pump block (4 KB); FILESIZE may not be smaller than ten of them. */
export const ORACLE_BLOCK_SIZE = 4096;

/** Smallest FILESIZE accepted: ten 4 KB blocks, as Oracle Data Pump requires. */
export const MIN_FILE_SIZE = 10 * ORACLE_BLOCK_SIZE;

/** Default target payload bytes per data frame (measured: LZ4 is ~40% faster on 1 MiB blocks than on 256 KiB). */
export const DEFAULT_BLOCK_SIZE = 1024 * 1024;

/** Smallest blockSize accepted. */
export const MIN_BLOCK_SIZE = 1024;

/** Largest blockSize accepted. */
export const MAX_BLOCK_SIZE = 16 * 1024 * 1024;

/** Frame kinds and their byte values. */
export const FrameKindCode = {
  metadata: 1,
  data: 2,
  master: 3,
  index: 4,
  trailer: 5,
} as const;

/** A frame's kind. */
export type FrameKind = keyof typeof FrameKindCode;

/** Frame flag bits. */
export const FrameFlag = {
  COMPRESSED: 0x01, // payload is an LZ4 block (the set's algorithm)
  ENCRYPTED: 0x02, // payload is nonce || AES-GCM ciphertext || tag
} as const;

/** Every frame flag bit a 1.x reader understands; any other bit means a newer writer. */
export const KNOWN_FRAME_FLAGS = FrameFlag.COMPRESSED | FrameFlag.ENCRYPTED;

/** Header flag bits (header item FLAGS). */
export const HeaderFlag = {
  MASTER_PRESENT: 0x01,
  METADATA_COMPRESSED: 0x02,
  DATA_COMPRESSED: 0x04,
  METADATA_ENCRYPTED: 0x08,
  DATA_ENCRYPTED: 0x10,
  FILE_CHECKSUM: 0x20,
  CLOSED: 0x40, // the writer finished this file: master piece, index and trailer are present
} as const;

/** Compression algorithm byte values. */
export const CompressionCode = { none: 0, lz4: 1 } as const;

/** Encryption mode byte values. */
export const EncryptionModeCode = { NONE: 0, PASSWORD: 1, KEY_FILE: 2 } as const;

/** Encryption algorithm byte values and key lengths. */
export const EncryptionAlgorithmCode = { NONE: 0, AES128: 1, AES192: 2, AES256: 3 } as const;

/** AES key length in bytes per algorithm. */
export const KEY_LENGTH = { AES128: 16, AES192: 24, AES256: 32 } as const;

/** KDF algorithm byte values. */
export const KdfCode = { none: 0, scrypt: 1 } as const;

/** Frame checksum algorithm byte values. */
export const FrameChecksumCode = { CRC32: 1 } as const;

/** File checksum algorithm byte values. */
export const FileChecksumCode = { NONE: 0, SHA256: 1 } as const;
