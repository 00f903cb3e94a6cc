import type { MasterRow } from '@sluice/adapter-kit';
import { describe, expect, it } from 'vitest';
import { JobError } from '../errors.js';
import { scanMasterDocumentParts } from './master-document-scan.js';
import { readMasterDocument, writeMasterDocument } from './master-document.js';
import { awkwardRows, masterRow } from './test-master-rows.js';

const row = masterRow;

const rows = awkwardRows;

/** The bytes as parts cut at the given offsets. */
async function* cut(bytes: Buffer, at: readonly number[]): AsyncGenerator<Buffer> {
  let from = 0;
  for (const to of [...at, bytes.length]) {
    yield bytes.subarray(from, to);
    from = to;
  }
}

async function failure(text: string, at: readonly number[] = []): Promise<unknown> {
  try {
    await scanMasterDocumentParts(cut(Buffer.from(text), at));
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('scanMasterDocumentParts', () => {
  it('reads the rows readMasterDocument reads, the document split at every byte', async () => {
    const bytes = writeMasterDocument(rows);
    const whole = readMasterDocument(bytes).rows;
    for (let i = 0; i <= bytes.length; i++) {
      const scan = await scanMasterDocumentParts(cut(bytes, [i]));
      expect(scan.count, `split at ${i}`).toBe(3);
      expect([...scan.rows()], `split at ${i}`).toEqual(whole);
    }
    const byByte = await scanMasterDocumentParts(
      cut(
        bytes,
        Array.from({ length: bytes.length - 1 }, (_, i) => i + 1),
      ),
    );
    expect(byByte.version).toBe(1);
    expect(byByte.row(2).startedAt).toEqual(new Date('2024-05-01T09:00:00Z'));
    expect(() => byByte.row(3)).toThrow(RangeError);
  });

  it('reads a document of many rows over many compressed blocks, in any order', async () => {
    const many: MasterRow[] = [];
    for (let i = 0; i < 6_000; i++) many.push(row(i + 1, { objectName: `t${i}`, payload: JSON.stringify({ kind: 'METADATA', object: { ddl: `CREATE TABLE t${i} (${'x int, '.repeat(40)}y int)` } }) }));
    const bytes = writeMasterDocument(many);
    expect(bytes.length).toBeGreaterThan(3 * (1 << 20));
    const at: number[] = [];
    for (let i = 65_536; i < bytes.length; i += 65_536 + 7) at.push(i);
    const scan = await scanMasterDocumentParts(cut(bytes, at));
    expect(scan.count).toBe(6_000);
    for (const n of [5_999, 0, 3_000, 2_999, 4_500, 1]) expect(scan.row(n).objectName).toBe(`t${n}`);
    expect([...scan.rows()].map((r) => r.payload)).toEqual(many.map((r) => r.payload));
  });

  it('reads documents laid out otherwise (whitespace, key order, older ones without complete/missing)', async () => {
    const plain = JSON.parse(writeMasterDocument(rows).toString('utf8')) as Record<string, unknown>;
    for (const text of [
      JSON.stringify(plain, null, 2),
      JSON.stringify({ missing: [{ schema: 'a', states: ['FAILED'] }], rows: plain['rows'], version: 1, format: 'sluice-master' }),
      JSON.stringify({ format: 'sluice-master', version: 1, complete: true, missing: [], rows: plain['rows'] }),
    ]) {
      const scan = await scanMasterDocumentParts(cut(Buffer.from(text), [7]));
      expect([...scan.rows()]).toEqual(readMasterDocument(Buffer.from(text)).rows);
    }
    expect((await scanMasterDocumentParts(cut(Buffer.from('{"format":"sluice-master","version":1,"rows":[]}'), []))).count).toBe(0);
  });

  it('refuses what is not a Sluice master document with NO_DUMPFILE_INFO naming the format', async () => {
    for (const [text, message] of [
      ['not json', 'is not JSON'],
      ['', 'is not JSON'],
      ['{"format":"sluice-master","rows":[{"a":1}', 'is not JSON'],
      ['{"format":"sluice-master","rows":[]} x', 'is not JSON'],
      ['{"format":"sluice-master","rows":[1]}', 'is not JSON'],
      ['null', 'format undefined undefined'],
      ['{"format":"other","version":3,"rows":[]}', 'format "other" 3'],
      ['{"format":"sluice-master","version":1,"rows":{}}', 'format "sluice-master" 1'],
    ] as const) {
      for (const at of [[], [1], [5]]) {
        const error = await failure(
          text,
          at.filter((n) => n <= text.length),
        );
        expect(error, text).toBeInstanceOf(JobError);
        expect((error as JobError).code).toBe('NO_DUMPFILE_INFO');
        expect((error as JobError).message, text).toContain(message);
      }
    }
  });
});
