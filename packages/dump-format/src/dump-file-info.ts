import { open } from 'node:fs/promises';
import { assertString } from './assert.js';
import { HEADER_SIZE, HeaderFlag } from './constants.js';
import { DumpFormatError, ioError } from './errors.js';
import { decodeHeader, type DumpfileHeader } from './header.js';
import type { DumpfileHeaderInfo, DumpfileInfo } from './types.js';
import { formatGuid } from './writer-options.js';
import type { LocationReader } from './location.js';
import { isLocationUrl, resolveLocation } from './location-schemes.js';

/** The GET_DUMPFILE_INFO items of a decoded header. */
export function headerInfo(h: DumpfileHeader, fileName: string): DumpfileHeaderInfo {
  return {
    fileType: 1,
    fileName,
    formatVersion: `${h.major}.${h.minor}`,
    masterPresent: (h.flags & HeaderFlag.MASTER_PRESENT) !== 0,
    guid: formatGuid(h.guid),
    fileNumber: h.fileNumber,
    charset: h.charset,
    createdAt: new Date(h.createdAt),
    flags: h.flags,
    jobName: h.jobName,
    platform: h.platform,
    host: h.host,
    language: h.language,
    blockSize: h.blockSize,
    metadataCompressed: (h.flags & HeaderFlag.METADATA_COMPRESSED) !== 0,
    dataCompressed: (h.flags & HeaderFlag.DATA_COMPRESSED) !== 0,
    sourceEngine: h.sourceEngine,
    sourceVersion: h.sourceVersion,
    masterPieceCount: h.masterPieceCount,
    masterPieceNumber: h.masterPieceNumber,
    metadataEncrypted: (h.flags & HeaderFlag.METADATA_ENCRYPTED) !== 0,
    dataEncrypted: (h.flags & HeaderFlag.DATA_ENCRYPTED) !== 0,
    encryptionMode: h.encryptionMode,
    encryptionAlgorithm: h.encryptionAlgorithm,
    compressionAlgorithm: h.compressionAlgorithm,
    compressionLevel: h.compressionLevel,
    frameChecksumAlgorithm: 'CRC32',
    fileChecksumAlgorithm: h.fileChecksum,
    complete: (h.flags & HeaderFlag.CLOSED) !== 0,
    writer: h.writer,
  };
}

/**
 * GET_DUMPFILE_INFO: the header items of one file, read from its header alone. Anything that is not a
 * readable Sluice dump file (random bytes, a damaged header, a newer major version) is reported as
 * fileType 0 with the reason; only a path that cannot be opened at all throws (MISSING_FILE, IO_ERROR).
 */
export async function getDumpfileInfo(path: string): Promise<DumpfileInfo> {
  assertString(path, 'path');
  let block: Buffer;
  try {
    if (isLocationUrl(path)) {
      // s3://bucket/prefix/name: a ranged read of the header block only.
      const cut = path.lastIndexOf('/');
      const location = await resolveLocation(path.slice(0, cut));
      block = await readHead(await location.openRead(path.slice(cut + 1)));
    } else {
      const handle = await open(path, 'r');
      const st = await handle.stat();
      if (!st.isFile()) {
        await handle.close();
        return notADumpfile(path, 'BAD_MAGIC', `${path} is not a regular file`);
      }
      block = await readHead({ size: st.size, read: (b, o, l, p) => handle.read(b, o, l, p), close: () => handle.close() });
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EISDIR') return notADumpfile(path, 'BAD_MAGIC', `${path} is a directory`);
    throw ioError(e, path, 'reading its header');
  }
  try {
    return headerInfo(decodeHeader(block, path), path);
  } catch (e) {
    if (!(e instanceof DumpFormatError)) return notADumpfile(path, 'BAD_HEADER', String(e));
    const version = e.code === 'UNSUPPORTED_VERSION' && block.length >= 12 ? `${block.readUInt16BE(8)}.${block.readUInt16BE(10)}` : undefined;
    return notADumpfile(path, e.code, e.message, version);
  }
}

/** The header block of a file (shorter when the file is), closing the reader. */
async function readHead(handle: LocationReader): Promise<Buffer> {
  try {
    const block = Buffer.alloc(Math.min(HEADER_SIZE, handle.size));
    let done = 0;
    while (done < block.length) {
      const { bytesRead } = await handle.read(block, done, block.length - done, done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return block.subarray(0, done);
  } finally {
    await handle.close();
  }
}

function notADumpfile(fileName: string, code: DumpFormatError['code'], reason: string, formatVersion?: string): DumpfileInfo {
  return formatVersion === undefined ? { fileType: 0, fileName, code, reason } : { fileType: 0, fileName, code, reason, formatVersion };
}

/** One GET_DUMPFILE_INFO item: code, name and value, for printing (`sluice info`). */
export interface DumpfileInfoItem {
  readonly code: number;
  readonly name: string;
  readonly value: string | number | boolean;
}

const ITEM_ORDER: ReadonlyArray<[number, keyof DumpfileHeaderInfo, string]> = [
  [1, 'formatVersion', 'FILE_VERSION'],
  [2, 'masterPresent', 'MASTER_PRESENT'],
  [3, 'guid', 'GUID'],
  [4, 'fileNumber', 'FILE_NUMBER'],
  [5, 'charset', 'CHARSET'],
  [6, 'createdAt', 'CREATION_DATE'],
  [7, 'flags', 'FLAGS'],
  [8, 'jobName', 'JOB_NAME'],
  [9, 'platform', 'PLATFORM'],
  [10, 'host', 'INSTANCE'],
  [11, 'language', 'LANGUAGE'],
  [12, 'blockSize', 'BLOCKSIZE'],
  [14, 'metadataCompressed', 'METADATA_COMPRESSED'],
  [15, 'sourceVersion', 'DB_VERSION'],
  [16, 'masterPieceCount', 'MASTER_PIECE_COUNT'],
  [17, 'masterPieceNumber', 'MASTER_PIECE_NUMBER'],
  [18, 'dataCompressed', 'DATA_COMPRESSED'],
  [19, 'metadataEncrypted', 'METADATA_ENCRYPTED'],
  [20, 'dataEncrypted', 'DATA_ENCRYPTED'],
  [22, 'encryptionMode', 'ENCRYPTION_MODE'],
  [23, 'compressionAlgorithm', 'COMPRESSION_ALG'],
  [100, 'sourceEngine', 'SOURCE_ENGINE'],
  [101, 'encryptionAlgorithm', 'ENCRYPTION_ALG'],
  [102, 'compressionLevel', 'COMPRESSION_LEVEL'],
  [103, 'frameChecksumAlgorithm', 'FRAME_CHECKSUM_ALG'],
  [104, 'fileChecksumAlgorithm', 'FILE_CHECKSUM_ALG'],
  [105, 'complete', 'COMPLETE'],
  [106, 'writer', 'WRITER'],
];

/** The info as GET_DUMPFILE_INFO-style items (Oracle's KU$_DFHDR item numbers where one exists, 100+ for ours). */
export function dumpfileInfoItems(info: DumpfileInfo): DumpfileInfoItem[] {
  if (info.fileType === 0) return [{ code: 0, name: 'FILE_TYPE', value: 0 }];
  const items: DumpfileInfoItem[] = [{ code: 0, name: 'FILE_TYPE', value: 1 }];
  for (const [code, key, name] of ITEM_ORDER) {
    const v = info[key];
    items.push({ code, name, value: v instanceof Date ? v.toISOString() : (v as string | number | boolean) });
  }
  return items;
}
