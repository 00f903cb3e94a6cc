import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DumpSetReader, DumpSetWriter, type ContentScope } from '../src/index.js';
import { collect, fastKdf, job } from './helpers.js';

const payload = fc.oneof(
  fc.uint8Array({ maxLength: 6000 }),
  // Repetitive bytes, so compression has something to do.
  fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 50 }), fc.nat(300)).map(([unit, n]) => Uint8Array.from(Buffer.concat(Array.from({ length: n + 1 }, () => Buffer.from(unit))))),
);

const write = fc.record({
  stream: fc.integer({ min: 0, max: 3 }),
  kind: fc.constantFrom('data' as const, 'metadata' as const),
  viaStream: fc.boolean(),
  bytes: payload,
});

const setup = fc.record({
  blockSize: fc.integer({ min: 1024, max: 9000 }),
  fileSize: fc.option(fc.integer({ min: 40960, max: 120_000 }), { nil: undefined }),
  compression: fc.constantFrom<ContentScope>('ALL', 'DATA_ONLY', 'METADATA_ONLY', 'NONE'),
  encryption: fc.constantFrom<ContentScope>('ALL', 'DATA_ONLY', 'METADATA_ONLY', 'NONE'),
  master: fc.uint8Array({ maxLength: 20_000 }),
});

describe('property: random payloads, block sizes, file sizes and transformations round trip', () => {
  it('every stream reads back exactly what was written, in order', async () => {
    await fc.assert(
      fc.asyncProperty(setup, fc.array(write, { maxLength: 25 }), async (s, writes) => {
        const dir = await mkdtemp(join(tmpdir(), 'sluice-prop-'));
        try {
          const w = await DumpSetWriter.create({
            directory: dir,
            fileSpecs: ['p%L.dmp'],
            job,
            blockSize: s.blockSize,
            fileSize: s.fileSize,
            compression: s.compression,
            ...(s.encryption === 'NONE' ? {} : { encryption: s.encryption, encryptionPassword: 'pw' }),
            kdf: fastKdf,
            checksum: true,
            workers: 0,
          });
          const expected = new Map<number, Buffer[]>();
          for (const op of writes) {
            const bytes = Buffer.from(op.bytes);
            // Stream writers carry data frames; records are written whole. Each stream keeps one kind.
            const kind = op.stream % 2 === 0 ? 'data' : op.kind === 'data' ? 'data' : 'metadata';
            if (op.viaStream) {
              const sw = w.createStreamWriter(op.stream, kind);
              await new Promise<void>((resolve, reject) => {
                sw.on('error', reject);
                sw.end(bytes, resolve);
              });
            } else {
              if (bytes.length > w.maxFramePayload(kind)) continue;
              await w.writeFrame(kind, op.stream, bytes);
            }
            expected.set(op.stream, [...(expected.get(op.stream) ?? []), bytes]);
          }
          const master = Buffer.from(s.master);
          await w.close(master);
          const r = await DumpSetReader.open({ directory: dir, files: ['p%L.dmp'], encryptionPassword: 'pw' });
          try {
            for (const [stream, parts] of expected) {
              const got = await collect(r.readStream(stream));
              expect(got.equals(Buffer.concat(parts))).toBe(true);
            }
            expect((await r.master()).equals(master)).toBe(true);
          } finally {
            await r.close();
          }
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 60 },
    );
  });
});
