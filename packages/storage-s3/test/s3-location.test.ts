import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ListMultipartUploadsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DumpSetReader, DumpSetWriter, getDumpfileInfo, registerLocationScheme, verifyDumpSet, type JobIdentity } from '@sluice/dump-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type TestS3Server } from '../../../test-support/s3-server.js';
import { openS3Location, parseS3Url } from '../src/index.js';

const job: JobIdentity = { name: 'SYS_EXPORT_TABLE_01', sourceEngine: 'postgresql', sourceVersion: '16', charset: 'UTF8' };
const MiB = 1024 * 1024;

let server: TestS3Server;
let client: S3Client;
const clientFor = (s: TestS3Server, secret = s.secretAccessKey, accessKeyId = s.accessKeyId): S3Client =>
  new S3Client({ endpoint: s.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId, secretAccessKey: secret }, maxAttempts: 1 });

beforeAll(async () => {
  server = await startS3Server(['dumps']);
  client = clientFor(server);
  // One part in flight: frames wait for upload slots, so writes queue up behind each other.
  registerLocationScheme('s3', (url) => openS3Location(url, { client, partSize: 5 * MiB, partsInFlight: 1 }));
});
afterAll(async () => {
  client?.destroy();
  await server?.close();
});

async function keys(prefix: string): Promise<string[]> {
  const r = await client.send(new ListObjectsV2Command({ Bucket: 'dumps', Prefix: prefix }));
  return (r.Contents ?? []).map((o) => o.Key!).sort();
}

/** The keys of the multipart uploads in progress under `prefix` (what the store keeps, and bills, until they are completed or aborted). */
async function uploads(prefix: string): Promise<string[]> {
  const r = await client.send(new ListMultipartUploadsCommand({ Bucket: 'dumps', Prefix: prefix }));
  return (r.Uploads ?? []).map((u) => u.Key!).sort();
}

/** Stream `n` bytes of pseudo-random data (incompressible) into a stream writer; returns its SHA-256. */
async function writeData(writer: DumpSetWriter, stream: number, n: number): Promise<string> {
  const hash = createHash('sha256');
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let done = 0; done < n; done += 256 * 1024) {
      const b = randomBytes(Math.min(256 * 1024, n - done));
      hash.update(b);
      yield b;
    }
  }
  await pipeline(Readable.from(chunks()), writer.createStreamWriter(stream));
  return hash.digest('hex');
}

async function readData(reader: DumpSetReader, stream: number): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of reader.readStream(stream)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

describe('a dump file set in an S3 bucket', () => {
  it('is written as multipart uploads that appear only when complete, and reads back with ranged GETs', async () => {
    const writer = await DumpSetWriter.create({ directory: 's3://dumps/rt/set1', fileSpecs: ['exp%U.dmp'], fileSize: 12 * MiB, job, checksum: true, workers: 0, compression: 'NONE' });
    await writer.writeFrame('metadata', 1, Buffer.from('{"object":"TABLE/T"}'));
    const sha = await writeData(writer, 2, 30 * MiB);
    // A full file is parked (an object with an open header); the one being written is not visible.
    expect(writer.fileNames().length).toBeGreaterThanOrEqual(3);
    expect(await keys('rt/set1/')).toEqual(
      writer
        .fileNames()
        .slice(0, -1)
        .map((n) => `rt/set1/${n}`),
    );
    expect(await getDumpfileInfo('s3://dumps/rt/set1/exp01.dmp')).toMatchObject({ fileNumber: 1, complete: false, guid: writer.guid });
    const summary = await writer.close(Buffer.from('{"master":true}'));
    expect(await keys('rt/set1/')).toEqual(summary.files.map((f) => `rt/set1/${f.name}`).sort());

    const info = await getDumpfileInfo('s3://dumps/rt/set1/exp01.dmp');
    expect(info).toMatchObject({ fileType: 1, fileNumber: 1, complete: true, guid: writer.guid });
    const report = await verifyDumpSet({ directory: 's3://dumps/rt/set1', files: ['exp%U.dmp'] });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);

    const reader = await DumpSetReader.open({ directory: 's3://dumps/rt/set1', files: ['exp%U.dmp'] });
    expect((await reader.master()).toString()).toBe('{"master":true}');
    expect(await readData(reader, 2)).toBe(sha);
    await reader.close();
  });

  it('a writer that died is resumed from the files it parked: kept frames are copied inside the store, the set reads whole', async () => {
    const opts = { directory: 's3://dumps/rs', fileSpecs: ['r%U.dmp'], fileSize: 12 * MiB, job, checksum: true, workers: 0, compression: 'NONE' } as const;
    const dead = await DumpSetWriter.create(opts);
    await dead.writeFrame('metadata', 1, Buffer.from('{"object":"TABLE/T"}'));
    await writeData(dead, 2, 14 * MiB);
    // The process dies here: r01 was parked at the rollover, r02's upload never completes.
    expect(await keys('rs/')).toEqual(['rs/r01.dmp']);
    const parked = (await getDumpfileInfo('s3://dumps/rs/r01.dmp')) as { complete: boolean };
    expect(parked.complete).toBe(false);

    const resumed = await DumpSetWriter.resume({ ...opts, guid: dead.guid });
    expect(resumed.fileNames()).toEqual(['r01.dmp']);
    const sha3 = await writeData(resumed, 3, 8 * MiB);
    const summary = await resumed.close(Buffer.from('{"master":"resumed"}'));
    expect(summary.files.map((f) => f.name)).toEqual(['r01.dmp', 'r02.dmp']);
    const report = await verifyDumpSet({ directory: 's3://dumps/rs', files: ['r%U.dmp'] });
    expect(report.problems).toEqual([]);
    const reader = await DumpSetReader.open({ directory: 's3://dumps/rs', files: ['r%U.dmp'] });
    expect((await reader.master()).toString()).toBe('{"master":"resumed"}');
    expect(await readData(reader, 3)).toBe(sha3);
    await reader.close();
    await dead.abort();
  });

  it('an aborted writer leaves no object; an existing object is FILE_EXISTS unless REUSE_DUMPFILES', async () => {
    const writer = await DumpSetWriter.create({ directory: 's3://dumps/ab', fileSpecs: ['a%U.dmp'], job, workers: 0, compression: 'NONE' });
    await writeData(writer, 2, 12 * MiB);
    await writer.abort();
    expect(await keys('ab/')).toEqual([]);
    expect(await uploads('ab/')).toEqual([]);

    const w1 = await DumpSetWriter.create({ directory: 's3://dumps/ab', fileSpecs: ['b.dmp'], job, workers: 0 });
    await w1.close(Buffer.from('m1'));
    const again = DumpSetWriter.create({ directory: 's3://dumps/ab', fileSpecs: ['b.dmp'], job, workers: 0 });
    await expect(again).rejects.toMatchObject({ code: 'FILE_EXISTS', message: expect.stringContaining('s3://dumps/ab/b.dmp already exists') });
    await expect(again).rejects.toThrow(/REUSE_DUMPFILES=YES/);
    const w2 = await DumpSetWriter.create({ directory: 's3://dumps/ab', fileSpecs: ['b.dmp'], job, workers: 0, reuseDumpfiles: true });
    await w2.close(Buffer.from('m2'));
    const reader = await DumpSetReader.open({ directory: 's3://dumps/ab', files: ['b.dmp'] });
    expect((await reader.master()).toString()).toBe('m2');
    await reader.close();
  });

  it('the uploads a killed writer left are found and aborted (only those of the files named), and nothing of them stays stored', async () => {
    const location = openS3Location('s3://dumps/left', { client, partSize: 5 * MiB, partsInFlight: 1 });
    // Writers that never commit nor abort (their process was killed): each has sent its second part
    // (part 1 waits for the final header, kept until commit), the marker in it.
    const marker = `left-behind-${randomBytes(8).toString('hex')}`;
    const parts = [randomBytes(5 * MiB), Buffer.from(marker), randomBytes(6 * MiB)];
    for (const name of ['exp01.dmp', 'exp02.dmp', 'other.dmp']) await (await location.create(name, { overwrite: false })).write(parts, 0);
    // A write returns once its bytes are queued: the uploads start (and their parts reach the store) soon after.
    for (let i = 0; (await uploads('left/')).length < 3; i++) {
      if (i === 300) throw new Error('the uploads never started');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await uploads('left/')).toEqual(['left/exp01.dmp', 'left/exp02.dmp', 'left/other.dmp']);
    // Their second parts reach the store (the writes only started them): each upload holds its part 2, checksum written last.
    const uploadsFolder = join(server.directory, 'dumps', '._S3rver_uploads');
    const stored = (): number => readdirSync(uploadsFolder).filter((id) => existsSync(join(uploadsFolder, id, '2.md5'))).length;
    for (let i = 0; stored() < 3; i++) {
      if (i === 300) throw new Error('the second parts never reached the store');
      await new Promise((r) => setTimeout(r, 100));
    }
    const dropped = await location.dropUnfinished((name) => name.startsWith('exp'));
    expect(dropped.sort()).toEqual(['exp01.dmp', 'exp02.dmp']);
    expect(await uploads('left/')).toEqual(['left/other.dmp']);
    expect(await location.dropUnfinished(() => true)).toEqual(['other.dmp']);
    expect(await uploads('left/')).toEqual([]);
    expect(await keys('left/')).toEqual([]);
    expect(server.storesText(marker)).toBe(false);
  });

  it('says which object and what to do: wrong access key, unknown bucket, truncated object', async () => {
    const wrong = openS3Location('s3://dumps/x', { client: clientFor(server, server.secretAccessKey, 'AKIAWRONGWRONGWRONG0') });
    const e1 = (await wrong.list().catch((e: unknown) => e)) as Error;
    expect(e1).toMatchObject({ code: 'IO_ERROR' });
    expect(e1.message).toMatch(/s3:\/\/dumps\/x.*InvalidAccessKeyId.*AWS_ACCESS_KEY_ID/);
    const badSecret = openS3Location('s3://dumps/x', { client: clientFor(server, 'not-the-secret') });
    await expect(badSecret.list()).rejects.toThrow(/SignatureDoesNotMatch.*secret access key/);

    await expect(DumpSetWriter.create({ directory: 's3://no-such-bucket/p', fileSpecs: ['a.dmp'], job })).rejects.toThrow(
      /bucket no-such-bucket of s3:\/\/no-such-bucket\/p does not exist; create it/,
    );

    const w = await DumpSetWriter.create({ directory: 's3://dumps/tr', fileSpecs: ['t.dmp'], job, workers: 0, compression: 'NONE' });
    await writeData(w, 2, 2 * MiB);
    await w.close(Buffer.from('m'));
    // Cut the stored object short behind the server's back.
    const file = findFile(server.directory, 't.dmp');
    truncateSync(file, statSync(file).size - 1000);
    await expect(DumpSetReader.open({ directory: 's3://dumps/tr', files: ['t.dmp'] })).rejects.toThrow(/t\.dmp.*(truncated|trailer)/);
  });

  it('parses bucket URLs', () => {
    expect(parseS3Url('s3://bucket/a/b/')).toEqual({ bucket: 'bucket', prefix: 'a/b' });
    expect(parseS3Url('https://my-bucket.s3.eu-west-1.amazonaws.com/exports')).toEqual({ bucket: 'my-bucket', prefix: 'exports', region: 'eu-west-1' });
    expect(parseS3Url('https://s3.us-east-2.amazonaws.com/my-bucket/x')).toEqual({ bucket: 'my-bucket', prefix: 'x', region: 'us-east-2' });
    expect(parseS3Url('http://127.0.0.1:9000/b12/p')).toEqual({ bucket: 'b12', prefix: 'p', endpoint: 'http://127.0.0.1:9000' });
    expect(() => parseS3Url('s3://AB/p')).toThrow(/not a bucket name/);
    expect(() => parseS3Url('s3://key:secret@bucket/p')).toThrow(/keys do not belong in the URL/);
  });
});

/** The file s3rver keeps an object's bytes in. */
function findFile(dir: string, name: string): string {
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name === `${name}._S3rver_object`) return join(e.parentPath, e.name);
  }
  throw new Error(`${name} not found under ${dir}`);
}
