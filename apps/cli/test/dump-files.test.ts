import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DumpSetWriter } from '@sluice/dump-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from './support/cli.js';

// `sluice info` and `sluice verify` on a set written with @sluice/dump-format directly, so these run
// whatever state the engine is in; the round-trip tests check them on sets a real export wrote.
const dir = mkdtempSync(join(tmpdir(), 'sluice-info-'));
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  ensureBuilt();
  const writer = await DumpSetWriter.create({
    directory: dir,
    fileSpecs: ['set%U.dmp'],
    fileSize: 64 * 1024,
    job: { name: 'SYS_EXPORT_SCHEMA_01', sourceEngine: 'postgres', sourceVersion: '15.0', charset: 'UTF8' },
    compression: 'ALL',
    encryptionPassword: PASSWORD,
    encryptionAlgorithm: 'AES256',
    checksum: true,
    kdf: { N: 1024 },
    blockSize: 16 * 1024,
  });
  const rows = Buffer.from(Array.from({ length: 20_000 }, (_, i) => `${i}\trow number ${i}\t${(i * 7919) % 1000}\n`).join(''));
  const stream = writer.createStreamWriter(1);
  await new Promise<void>((resolve, reject) => stream.end(rows, () => resolve()).on('error', reject));
  await writer.writeFrame('metadata', 0, Buffer.from('{"kind":"TABLE"}'));
  await writer.close(Buffer.from('{"master":"opaque"}'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sluice info', () => {
  it('prints every header item of each file, aligned', async () => {
    const r = await runCli(['info', join(dir, 'set01.dmp'), join(dir, 'set02.dmp')]);
    expect(r.code).toBe(0);
    const blocks = r.stdout.trim().split('\n\n');
    expect(blocks).toHaveLength(2);
    for (const name of [
      'FILE_TYPE',
      'FILE_VERSION',
      'GUID',
      'FILE_NUMBER',
      'CHARSET',
      'CREATION_DATE',
      'JOB_NAME',
      'PLATFORM',
      'INSTANCE',
      'BLOCKSIZE',
      'METADATA_COMPRESSED',
      'DB_VERSION',
      'MASTER_PIECE_COUNT',
      'MASTER_PIECE_NUMBER',
      'DATA_ENCRYPTED',
      'ENCRYPTION_MODE',
      'COMPRESSION_ALG',
      'SOURCE_ENGINE',
      'FILE_CHECKSUM_ALG',
    ]) {
      expect(blocks[0]).toMatch(new RegExp(`^  ${name}:\\s+\\S`, 'm'));
    }
    expect(blocks[0]).toMatch(/^ {2}FILE_TYPE:\s+1 \(Sluice dump file\)$/m);
    expect(blocks[0]).toMatch(/^ {2}JOB_NAME:\s+SYS_EXPORT_SCHEMA_01$/m);
    expect(blocks[1]).toMatch(/^ {2}FILE_NUMBER:\s+2$/m);
    expect(blocks[0]).toMatch(/^ {2}ENCRYPTION_MODE:\s+PASSWORD$/m);
    // Aligned: every value starts in the same column.
    const columns = new Set(
      blocks[0]!
        .split('\n')
        .slice(1)
        .map((l) => /^\s+\S+:\s+/.exec(l)![0].length),
    );
    expect(columns.size).toBe(1);
    expect(r.stdout).not.toContain(PASSWORD);
  });

  it('takes DIRECTORY= and a DUMPFILE template too', async () => {
    const r = await runCli(['info', `DIRECTORY=${dir}`, 'DUMPFILE=set%U.dmp']);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/FILE_TYPE:/g)!.length).toBeGreaterThanOrEqual(2);
  });

  it('reports a file that is not a dump file with file type 0 and exit 1', async () => {
    const other = join(dir, 'notes.txt');
    writeFileSync(other, 'hello');
    const r = await runCli(['info', other]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FILE_TYPE:\s+0 \(not a Sluice dump file\)/);
  });

  it('names a missing file', async () => {
    const r = await runCli(['info', join(dir, 'nope.dmp')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`sluice: ${join(dir, 'nope.dmp')} does not exist. Check the file name.\n`);
  });
});

describe('sluice verify', () => {
  it('passes a sound set, with the password checking the AES-GCM tags', async () => {
    const r = await runCli(['verify', `DIRECTORY=${dir}`, 'DUMPFILE=set%U.dmp'], { env: { SLUICE_ENCRYPTION_PASSWORD: PASSWORD } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^OK: \d+ files, every checksum matches\.$/m);
    expect(r.stdout).not.toContain('tags were not checked');
  });

  it('without the password still checks every frame checksum, and says the tags were not checked', async () => {
    const r = await runCli(['verify', join(dir, 'set01.dmp'), join(dir, 'set02.dmp'), join(dir, 'set03.dmp')]);
    expect(r.stdout).toContain('tags were not checked');
  });

  it('catches one corrupted byte, names the frame, exits 1', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'sluice-verify-'));
    try {
      const names = ['set01.dmp', 'set02.dmp', 'set03.dmp'];
      for (const n of names) writeFileSync(join(copy, n), readFileSync(join(dir, n)));
      const bytes = readFileSync(join(copy, 'set02.dmp'));
      bytes[Math.floor(bytes.length / 2)]! ^= 0x40;
      writeFileSync(join(copy, 'set02.dmp'), bytes);
      const r = await runCli(['verify', `DIRECTORY=${copy}`, 'DUMPFILE=set%U.dmp'], { env: { SLUICE_ENCRYPTION_PASSWORD: PASSWORD } });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/BAD \w+ at set02\.dmp, offset \d+/);
      expect(r.stdout).toMatch(/set02\.dmp\s+2\s+\S+ \S+\s+\d+\s+[1-9]\d*\s+mismatch/);
      expect(r.stderr).toContain('sluice: the dump file set is damaged');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('a wrong password is one clear message', async () => {
    const r = await runCli(['verify', `DIRECTORY=${dir}`, 'DUMPFILE=set%U.dmp'], { env: { SLUICE_ENCRYPTION_PASSWORD: 'wrong password' } });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^sluice: .*password/i);
  });
});
