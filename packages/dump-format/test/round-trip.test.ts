import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DumpSetReader, DumpSetWriter, getDumpfileInfo, verifyDumpSet, type ContentScope, type Frame } from '../src/index.js';
import { collect, fastKdf, job, noise, tableText, tempDir } from './helpers.js';

type Encryption = { scope: ContentScope; algorithm: 'AES128' | 'AES192' | 'AES256'; mode: 'PASSWORD' | 'KEY_FILE' } | null;

const scopes: ContentScope[] = ['ALL', 'DATA_ONLY', 'METADATA_ONLY', 'NONE'];
const encryptions: Encryption[] = [null];
for (const scope of ['ALL', 'DATA_ONLY', 'METADATA_ONLY'] as const) {
  for (const algorithm of ['AES128', 'AES192', 'AES256'] as const) for (const mode of ['PASSWORD', 'KEY_FILE'] as const) encryptions.push({ scope, algorithm, mode });
}
const cases = scopes.flatMap((compression) => encryptions.map((encryption) => ({ compression, encryption })));

const keyLength = { AES128: 16, AES192: 24, AES256: 32 } as const;
const covers = (scope: ContentScope, kind: Frame['kind']): boolean =>
  kind === 'data' ? scope === 'ALL' || scope === 'DATA_ONLY' : kind === 'metadata' || kind === 'master' ? scope === 'ALL' || scope === 'METADATA_ONLY' : false;

describe('round trips over every COMPRESSION x ENCRYPTION combination', () => {
  it.each(cases.map((c) => [`COMPRESSION=${c.compression} ENCRYPTION=${c.encryption ? `${c.encryption.scope} ${c.encryption.algorithm} ${c.encryption.mode}` : 'NONE'}`, c] as const))(
    '%s',
    async (_name, { compression, encryption }) => {
      const dir = await tempDir();
      const secret: { encryptionPassword?: string; keyFile?: string } = {};
      if (encryption?.mode === 'PASSWORD') secret.encryptionPassword = 'correct horse battery staple';
      if (encryption?.mode === 'KEY_FILE') {
        const key = randomBytes(keyLength[encryption.algorithm]);
        secret.keyFile = join(dir, 'key.bin');
        // Alternate the two key-file forms: raw bytes and hex text.
        await writeFile(secret.keyFile, encryption.algorithm === 'AES192' ? `${key.toString('hex')}\n` : key);
      }
      const writer = await DumpSetWriter.create({
        directory: dir,
        fileSpecs: ['rt%U.dmp'],
        job,
        compression,
        ...(encryption ? { encryption: encryption.scope, encryptionAlgorithm: encryption.algorithm, encryptionMode: encryption.mode } : {}),
        ...secret,
        kdf: fastKdf,
        checksum: true,
        blockSize: 4096,
        workers: 0,
      });
      const records = Array.from({ length: 5 }, (_, i) =>
        Buffer.from(JSON.stringify({ object: `TABLE/T${i}`, ddl: `CREATE TABLE t${i} (id int primary key, name text, note text, amount numeric(12,2))`.repeat(3) })),
      );
      for (const r of records) await writer.writeFrame('metadata', 1, r);
      const text = tableText(30_000);
      await pipeline(Readable.from([text.subarray(0, 10_000), text.subarray(10_000)]), writer.createStreamWriter(2));
      const random = noise(9_000);
      await writer.writeFrame('data', 3, random);
      await writer.writeFrame('data', 3, Buffer.alloc(0));
      const master = Buffer.from(JSON.stringify({ rows: Array.from({ length: 50 }, (_, i) => ({ i, object: `T${i}`, state: 'COMPLETED' })) }));
      const summary = await writer.close(master);
      expect(summary.files.map((f) => f.name)).toEqual(['rt01.dmp']);

      const info = await getDumpfileInfo(join(dir, 'rt01.dmp'));
      expect(info).toMatchObject({
        fileType: 1,
        metadataCompressed: covers(compression, 'metadata'),
        dataCompressed: covers(compression, 'data'),
        metadataEncrypted: encryption !== null && covers(encryption.scope, 'metadata'),
        dataEncrypted: encryption !== null && covers(encryption.scope, 'data'),
        encryptionMode: encryption?.mode ?? 'NONE',
        encryptionAlgorithm: encryption?.algorithm ?? 'NONE',
        fileChecksumAlgorithm: 'SHA256',
        masterPresent: true,
        complete: true,
      });

      const reader = await DumpSetReader.open({ directory: dir, files: ['rt%U.dmp'], ...secret });
      expect(reader.streams()).toEqual([1, 2, 3]);
      expect((await collect(reader.readStream(2))).equals(text)).toBe(true);
      expect((await collect(reader.readStream(3))).equals(random)).toBe(true);
      expect((await collect(reader.readStream(1))).equals(Buffer.concat(records))).toBe(true);
      expect((await reader.master()).equals(master)).toBe(true);
      const frames: Frame[] = [];
      for await (const f of reader.frames()) frames.push(f);
      expect(frames.filter((f) => f.kind === 'metadata').map((f) => f.payload.toString())).toEqual(records.map((r) => r.toString()));
      expect(frames.map((f) => f.sequence)).toEqual([...frames.map((f) => f.sequence)].sort((a, b) => a - b));
      for (const f of frames) {
        expect(f.encrypted).toBe(encryption !== null && covers(encryption.scope, f.kind));
        if (f.compressed) expect(covers(compression, f.kind)).toBe(true);
        // Text compresses; noise never does and is stored raw.
        if (f.kind === 'metadata' || (f.kind === 'data' && f.stream === 2)) expect(f.compressed).toBe(covers(compression, f.kind));
        if (f.kind === 'data' && f.stream === 3) expect(f.compressed).toBe(false);
      }
      await reader.close();

      const report = await verifyDumpSet({ directory: dir, files: ['rt01.dmp'], ...secret });
      expect(report.problems).toEqual([]);
      expect(report).toMatchObject({ ok: true, tagsChecked: true, guid: writer.guid });
      expect(report.files[0]!.sha256).toBe('ok');
    },
  );
});
