import { describe, expect, it } from 'vitest';
import { DumpSetReader, DumpSetWriter, type DumpSetWriterOptions } from '../src/index.js';
import { fastKdf, job, tempDir } from './helpers.js';

// Two writers of one encrypted set (an export served by a second process): the joining writer derives
// the set's key from the same password with the salt and cost the first one reports, and is refused
// with a wrong password or a damaged derivation before it writes a byte.

const PASSWORD = 'one set, one key';

/** File claims shared by the writers of one set, as the master table keeps them. */
function claims(): NonNullable<DumpSetWriterOptions['claimFile']> {
  const names: string[] = [];
  return async (pick) => {
    const name = pick(new Set(names));
    if (name === null) return null;
    names.push(name);
    return { name, number: names.length };
  };
}

async function text(reader: DumpSetReader, stream: number): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of reader.readStream(stream)) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

describe('a writer joining an encrypted set', () => {
  it('writes its files with the set key: the set reads whole with the one password', async () => {
    const directory = await tempDir();
    const claimFile = claims();
    const options = { directory, fileSpecs: ['enc%U.dmp'], job, encryption: 'ALL', encryptionMode: 'PASSWORD', encryptionPassword: PASSWORD, kdf: fastKdf, workers: 0, claimFile } as const;
    const first = await DumpSetWriter.create(options);
    const derivation = first.keyDerivation;
    expect(derivation?.kdf?.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(derivation)).not.toContain(PASSWORD);
    const second = await DumpSetWriter.join({ ...options, guid: first.guid, keyDerivation: derivation });
    await second.writeFrame('data', 2, Buffer.from('rows of the second writer'));
    expect(await second.park()).toEqual(['enc02.dmp']);
    await first.writeFrame('data', 1, Buffer.from('rows of the first writer'));
    await first.adopt(['enc01.dmp', 'enc02.dmp']);
    await first.close(Buffer.from('master'));
    const reader = await DumpSetReader.open({ directory, files: ['enc%U.dmp'], encryptionPassword: PASSWORD });
    expect(await text(reader, 1)).toBe('rows of the first writer');
    expect(await text(reader, 2)).toBe('rows of the second writer');
    await reader.close();
  });

  it('is refused with a wrong password, without the derivation, or with a damaged one', async () => {
    const directory = await tempDir();
    const options = { directory, fileSpecs: ['enc%U.dmp'], job, encryption: 'ALL', encryptionMode: 'PASSWORD', encryptionPassword: PASSWORD, kdf: fastKdf, workers: 0, claimFile: claims() } as const;
    const first = await DumpSetWriter.create(options);
    const derivation = first.keyDerivation!;
    const join = (over: Partial<Parameters<typeof DumpSetWriter.join>[0]>) => DumpSetWriter.join({ ...options, guid: first.guid, keyDerivation: derivation, ...over });
    await expect(join({ encryptionPassword: 'another password' })).rejects.toMatchObject({
      code: 'WRONG_PASSWORD',
      message: expect.stringContaining('the ENCRYPTION_PASSWORD is not the one dump file set'),
    });
    await expect(join({ keyDerivation: null })).rejects.toMatchObject({ code: 'BAD_ARGUMENT', message: expect.stringContaining('its key derivation (salt and key-check value) was not given') });
    for (const kdf of [{ ...derivation.kdf!, salt: 'abcd' }, { ...derivation.kdf!, log2N: 99 }, { ...derivation.kdf!, r: Number.NaN }, null]) {
      await expect(join({ keyDerivation: { ...derivation, kdf } })).rejects.toMatchObject({ code: 'BAD_ARGUMENT', message: expect.stringContaining('has no valid scrypt salt and cost') });
    }
    await first.abort();
  });
});
