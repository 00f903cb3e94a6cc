import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { RowCounter, meterUnload } from './row-counter.js';

async function count(chunks: string[]): Promise<{ rows: number; bytes: number; out: string }> {
  const counter = new RowCounter();
  let out = '';
  await pipeline(
    Readable.from(chunks.map((c) => Buffer.from(c, 'latin1'))),
    counter,
    new Writable({
      write(chunk: Buffer, _e, cb) {
        out += chunk.toString('latin1');
        cb();
      },
    }),
  );
  return { rows: counter.rows, bytes: counter.bytes, out };
}

describe('RowCounter', () => {
  const data = 'a\tb\n1\\\nx\t2\n3\\\\\n4\\\\\\\nz\n';
  // rows: "a\tb", "1\<nl>x\t2" (escaped newline), "3\\" (escaped backslash, real newline), "4\\\<nl>z"
  it('counts unescaped newlines and passes bytes through untouched, at every split', async () => {
    for (let i = 0; i <= data.length; i++) {
      for (let j = i; j <= data.length; j++) {
        const r = await count([data.slice(0, i), data.slice(i, j), data.slice(j)]);
        expect(r.rows).toBe(4);
        expect(r.bytes).toBe(data.length);
        expect(r.out).toBe(data);
      }
    }
  });
});

describe('meterUnload', () => {
  // mysql-tsv starts with a line of column names: newlines are one more than the rows.
  const withHeader = 'id\tname\n1\ta\n2\tb\n';

  async function unload(stream: Readable): Promise<{ rows: number; bytes: number; out: string; stages: number; seen: number }> {
    let seen = 0;
    let out = '';
    const meter = meterUnload(stream, (n) => (seen += n));
    await pipeline([
      stream,
      ...meter.stages,
      new Writable({
        write(c: Buffer, _e, cb) {
          out += c.toString();
          cb();
        },
      }),
    ]);
    return { ...meter.totals(), out, stages: meter.stages.length, seen };
  }

  it("takes the adapter's rowCount, final once the stream has ended, and counts bytes with no extra stage", async () => {
    const stream = Object.assign(Readable.from([Buffer.from(withHeader), Buffer.from('3\tc\n')]), { rowCount: 0 });
    stream.on('end', () => (stream.rowCount = 3));
    expect(await unload(stream)).toEqual({ rows: 3, bytes: withHeader.length + 4, out: `${withHeader}3\tc\n`, stages: 0, seen: withHeader.length + 4 });
  });

  it('counts newlines for an adapter whose stream has no rowCount', async () => {
    expect(await unload(Readable.from([Buffer.from('1\ta\n2\tb\n')]))).toEqual({ rows: 2, bytes: 8, out: '1\ta\n2\tb\n', stages: 1, seen: 8 });
  });
});
