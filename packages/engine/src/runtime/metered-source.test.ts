import { PassThrough, Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { meteredSource } from './metered-source.js';

/** Errors that reached the process as uncaught exceptions or unhandled rejections during a test. */
const stray: unknown[] = [];
const onStray = (error: unknown): void => void stray.push(error);

async function* slow(): AsyncGenerator<Buffer> {
  yield Buffer.from('a\tb\n');
  await new Promise((r) => setTimeout(r, 50));
  yield Buffer.from('c\td\n');
}

const tick = (ms = 20): Promise<void> => new Promise((r) => setTimeout(r, ms));
const sink = (): Writable => new Writable({ write: (_c, _e, done) => done() });

describe('meteredSource', () => {
  beforeEach(() => {
    stray.length = 0;
    process.on('uncaughtException', onStray);
    process.on('unhandledRejection', onStray);
  });
  afterEach(() => {
    process.off('uncaughtException', onStray);
    process.off('unhandledRejection', onStray);
  });

  it('counts the bytes a loader reads', async () => {
    let bytes = 0;
    const source = meteredSource(Readable.from(slow()), (n) => (bytes += n), new AbortController().signal);
    await pipeline(source.stream, sink());
    source.release();
    expect(bytes).toBe(8);
  });

  it('an immediate stop before the loader starts reading is its error, never an uncaught one', async () => {
    const abort = new AbortController();
    const source = meteredSource(Readable.from(slow()), () => undefined, abort.signal);
    abort.abort(new Error('The job was stopped (STOP_JOB IMMEDIATE).'));
    await tick();
    // The loader attaches late (it was still asking the server for the table's columns).
    await expect(pipeline(source.stream, sink())).rejects.toThrow('STOP_JOB IMMEDIATE');
    source.release();
    await tick();
    expect(stray).toEqual([]);
  });

  it('a stop while the loader reads reaches the loader', async () => {
    const abort = new AbortController();
    const source = meteredSource(Readable.from(slow()), () => undefined, abort.signal);
    const loading = pipeline(source.stream, new PassThrough(), sink());
    await tick(10);
    abort.abort(new Error('The job was stopped (STOP_JOB IMMEDIATE).'));
    await expect(loading).rejects.toThrow('STOP_JOB IMMEDIATE');
    await tick();
    expect(stray).toEqual([]);
  });

  it('a failing source reaches a loader that attaches late, without an uncaught error', async () => {
    const data = new PassThrough();
    const source = meteredSource(data, () => undefined, new AbortController().signal);
    data.destroy(new Error('frame 7 of expdat01.dmp is damaged'));
    await tick();
    await expect(pipeline(source.stream, sink())).rejects.toThrow('frame 7');
    source.release();
    expect(stray).toEqual([]);
  });

  it('a signal already aborted ends the stream at once', async () => {
    const abort = new AbortController();
    abort.abort(new Error('stopped'));
    const source = meteredSource(Readable.from(slow()), () => undefined, abort.signal);
    await expect(pipeline(source.stream, sink())).rejects.toThrow('stopped');
    expect(stray).toEqual([]);
  });
});
