import { createHash } from 'node:crypto';
import type { MasterRow } from '@sluice/adapter-kit';
import { describe, expect, it } from 'vitest';
import { JobError } from '../errors.js';
import { masterDocumentBytes, masterDocumentSource, missingDataText, readMasterDocument, writeMasterDocument } from './master-document.js';
import { masterRow } from './test-master-rows.js';

const row = masterRow;

describe('readMasterDocument', () => {
  it('lists the objects of a dump file set, table data summed over its chunks', () => {
    const rows = [
      row(0, { rowType: 'JOB', itemKind: 'EXPORT', objectName: 'SYS_EXPORT_SCHEMA_01' }),
      row(1, { objectPath: 'SCHEMA_EXPORT/TABLE', objectSchema: 'hr', objectName: 'emp', dumpFile: 'a01.dmp', bytesDone: 120 }),
      row(2, { itemKind: 'DATA', objectPath: 'SCHEMA_EXPORT/TABLE/TABLE_DATA', objectSchema: 'hr', objectName: 'emp', rowsDone: 700, bytesDone: 7000, dumpFile: 'a01.dmp' }),
      row(3, { itemKind: 'DATA', objectPath: 'SCHEMA_EXPORT/TABLE/TABLE_DATA', objectSchema: 'hr', objectName: 'emp', rowsDone: 300, bytesDone: 3000, dumpFile: 'a02.dmp' }),
      row(4, { itemKind: 'TABLE_DATA', objectPath: 'SCHEMA_EXPORT/TABLE/TABLE_DATA', objectSchema: 'hr', objectName: 'emp', state: 'LOGGED' }),
    ];
    const doc = readMasterDocument(writeMasterDocument(rows));
    expect(doc.format).toBe('sluice-master');
    expect(doc.jobName).toBe('SYS_EXPORT_SCHEMA_01');
    expect(doc.rows[1]?.finishedAt).toEqual(new Date('2024-05-01T10:00:00Z'));
    expect(doc.objects).toEqual([
      { kind: 'METADATA', path: 'SCHEMA_EXPORT/TABLE', schema: 'hr', name: 'emp', partition: null, rows: 0, bytes: 120, files: ['a01.dmp'] },
      { kind: 'DATA', path: 'SCHEMA_EXPORT/TABLE/TABLE_DATA', schema: 'hr', name: 'emp', partition: null, rows: 1000, bytes: 10000, files: ['a01.dmp', 'a02.dmp'] },
    ]);
  });

  it('says a set is INCOMPLETE and names the tables whose chunks the export did not finish', () => {
    const data = (id: number, name: string, state: string, partition: string | null = null): MasterRow =>
      row(id, {
        itemKind: 'DATA',
        objectPath: 'SCHEMA_EXPORT/TABLE/TABLE_DATA',
        objectSchema: 'hr',
        objectName: name,
        partitionName: partition,
        state,
        rowsDone: state === 'DONE' ? 10 : 0,
        bytesDone: state === 'DONE' ? 100 : 0,
        dumpFile: 'a01.dmp',
      });
    const rows = [
      row(0, { rowType: 'JOB', itemKind: 'EXPORT', objectName: 'SYS_EXPORT_SCHEMA_01' }),
      data(1, 'emp', 'DONE'),
      data(2, 'emp', 'SKIPPED'),
      data(3, 'emp', 'DONE'),
      data(4, 'dept', 'DONE'),
      data(5, 'sales', 'FAILED', 'p2024'),
      data(6, 'sales', 'SKIPPED', 'p2024'),
    ];
    const written = JSON.parse(writeMasterDocument(rows).toString('utf8')) as { complete: boolean };
    expect(written.complete).toBe(false);
    const doc = readMasterDocument(writeMasterDocument(rows));
    expect(doc.complete).toBe(false);
    expect(doc.missing).toEqual([
      { schema: 'hr', name: 'emp', partition: null, chunks: 1, plannedChunks: 3, states: ['SKIPPED'] },
      { schema: 'hr', name: 'sales', partition: 'p2024', chunks: 2, plannedChunks: 2, states: ['FAILED', 'SKIPPED'] },
    ]);
    expect(doc.missing.map(missingDataText)).toEqual(['"hr"."emp" (1 of 3 chunks SKIPPED)', '"hr"."sales":"p2024" (2 of 2 chunks FAILED/SKIPPED)']);
    // Only finished chunks count in the object list.
    expect(doc.objects.find((o) => o.name === 'emp')).toMatchObject({ rows: 20, bytes: 200 });
    expect(readMasterDocument(writeMasterDocument(rows.filter((r) => r.state === 'DONE')))).toMatchObject({ complete: true, missing: [] });
  });

  it('refuses what is not a Sluice master document with NO_DUMPFILE_INFO naming the format', () => {
    for (const [text, message] of [
      ['not json', 'is not JSON'],
      ['null', 'format undefined undefined'],
      ['{"format":"other","version":3,"rows":[]}', 'format "other" 3'],
      ['{"format":"sluice-master","version":1,"rows":{}}', 'format "sluice-master" 1'],
    ] as const) {
      const error = (() => {
        try {
          readMasterDocument(Buffer.from(text));
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(JobError);
      expect((error as JobError).code).toBe('NO_DUMPFILE_INFO');
      expect((error as JobError).message).toContain(message);
    }
  });
});

describe('masterDocumentSource', () => {
  it('writes the bytes writeMasterDocument writes, from pages of rows', async () => {
    const rows = [
      row(0, { rowType: 'JOB', itemKind: 'EXPORT', objectName: 'SYS_EXPORT_SCHEMA_01', payload: '{"run":{}}' }),
      row(1, { objectPath: 'SCHEMA_EXPORT/TABLE', objectSchema: 'hr', objectName: 'émp ✓', payload: '{"kind":"METADATA","object":{"ddl":"x\\"}}' }),
      row(2, { itemKind: 'DATA', objectSchema: 'hr', objectName: 'émp ✓', state: 'SKIPPED', payload: '{"kind":"DATA"}' }),
      row(3, { itemKind: 'DATA', objectSchema: 'hr', objectName: 'émp ✓', startedAt: new Date('2024-05-01T09:00:00Z'), payload: '{"kind":"DATA"}' }),
    ];
    for (const size of [1, 2, 3, 10]) {
      const pages = async function* (): AsyncGenerator<MasterRow[]> {
        for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
      };
      const { source, dataRows } = await masterDocumentSource(pages);
      const bytes = await masterDocumentBytes(source);
      expect(bytes.equals(writeMasterDocument(rows))).toBe(true);
      expect(source.length).toBe(bytes.length);
      expect(Buffer.from(source.sha256).equals(createHash('sha256').update(bytes).digest())).toBe(true);
      expect(dataRows.map((r) => [r.id, r.payload])).toEqual([
        [2, ''],
        [3, ''],
      ]);
    }
    const none = async function* (): AsyncGenerator<MasterRow[]> {};
    expect((await masterDocumentBytes((await masterDocumentSource(none)).source)).equals(writeMasterDocument([]))).toBe(true);
  });

  it('hands the document over a page at a time: no part holds more than one page of rows', async () => {
    const many = Array.from({ length: 5_000 }, (_, i) => row(i + 1, { objectName: `t${i}`, payload: JSON.stringify({ kind: 'METADATA', object: { ddl: 'x'.repeat(200) } }) }));
    const pages = async function* (): AsyncGenerator<MasterRow[]> {
      for (let i = 0; i < many.length; i += 500) yield many.slice(i, i + 500);
    };
    const { source } = await masterDocumentSource(pages);
    let largest = 0;
    const parts: Buffer[] = [];
    for await (const part of source.parts()) {
      largest = Math.max(largest, part.byteLength);
      parts.push(Buffer.from(part));
    }
    expect(Buffer.concat(parts).equals(writeMasterDocument(many))).toBe(true);
    expect(largest).toBeLessThan(source.length / 9);
  });

  it('keeps the job row as the first reading saw it (status refreshes rewrite it meanwhile)', async () => {
    let reading = 0;
    const pages = async function* (): AsyncGenerator<MasterRow[]> {
      reading += 1;
      yield [row(0, { rowType: 'JOB', itemKind: 'EXPORT', payload: JSON.stringify({ updatedAt: reading === 1 ? 'first' : 'second and longer' }) }), row(1, {})];
    };
    const bytes = await masterDocumentBytes((await masterDocumentSource(pages)).source);
    expect(bytes.toString('utf8')).toContain('first');
    expect(readMasterDocument(bytes).rows).toHaveLength(2);
  });

  it('refuses work items that change between its two readings', async () => {
    let reading = 0;
    const pages = async function* (): AsyncGenerator<MasterRow[]> {
      reading += 1;
      yield [row(1, { payload: reading === 1 ? '{}' : '{"longer":true}' })];
    };
    const { source } = await masterDocumentSource(pages);
    await expect(masterDocumentBytes(source)).rejects.toThrow(/changed while its document was written/);
  });

  it('refuses work items that change between its two readings, even to the same length', async () => {
    let reading = 0;
    const pages = async function* (): AsyncGenerator<MasterRow[]> {
      reading += 1;
      yield [row(1, { payload: reading === 1 ? '{"a":1}' : '{"a":2}' })];
    };
    const { source } = await masterDocumentSource(pages);
    await expect(masterDocumentBytes(source)).rejects.toThrow(/changed while its document was written/);
  });
});
