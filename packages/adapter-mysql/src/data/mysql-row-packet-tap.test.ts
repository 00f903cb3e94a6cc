import { describe, expect, it } from 'vitest';
import { tapRowPackets } from './mysql-row-packet-tap.js';

/** One protocol packet: 3-byte length, sequence id, payload. */
function packet(sequenceId: number, payload: Buffer): Buffer {
  const n = payload.length;
  return Buffer.concat([Buffer.from([n & 0xff, (n >> 8) & 0xff, n >> 16, sequenceId & 0xff]), payload]);
}

/**
 * What the driver's side sees: its parser gets whole packets only (every chunk it is given starts at
 * a packet boundary) and records them; the query is in its row state after the column definitions'
 * EOF until the end-of-rows packet.
 */
function driverSide(sequenceStart = 0) {
  const seen: { sequenceId: number; payload: string; expected: number }[] = [];
  const driver = { packetParser: undefined as unknown, sequenceId: sequenceStart };
  let partial = false;
  let inRows = false;
  let fieldsLeft = 2;
  let pending = Buffer.alloc(0);
  driver.packetParser = {
    execute(chunk: Buffer): void {
      if (pending.length > 0) partial = true;
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4) {
        const n = (pending[0] as number) | ((pending[1] as number) << 8) | ((pending[2] as number) << 16);
        if (pending.length < 4 + n) return;
        const payload = pending.subarray(4, 4 + n);
        seen.push({ sequenceId: pending[3] as number, payload: payload.toString('latin1'), expected: driver.sequenceId });
        driver.sequenceId = ((pending[3] as number) + 1) & 0xff;
        if (payload[0] === 0xfe && n < 9) inRows = fieldsLeft === 0 && !inRows;
        else if (fieldsLeft > 0 && seen.length > 1) fieldsLeft -= 1;
        pending = pending.subarray(4 + n);
      }
    },
  };
  return { driver, seen, inRows: () => inRows, partial: () => partial };
}

const eof = Buffer.from([0xfe, 0, 0, 2, 0]);
const rowsOf = (n: number): Buffer[] => Array.from({ length: n }, (_, i) => Buffer.from([3, ...Buffer.from(`r${String(i).padStart(2, '0')}`).subarray(0, 3), 1, 0x30 + (i % 10)]));

function stream(rows: readonly Buffer[], sequenceStart = 0): Buffer {
  const parts = [Buffer.from([2]), Buffer.from('def-a'), Buffer.from('def-b'), eof, ...rows, eof];
  return Buffer.concat(parts.map((p, i) => packet(sequenceStart + i, p)));
}

describe('row packets read off the socket', () => {
  const rows = rowsOf(12);
  const bytes = stream(rows, 250); // sequence ids wrap past 255

  it('gives every row to onRow and every other packet to the driver, whole and in order, split at every offset', () => {
    for (let a = 0; a <= bytes.length; a++) {
      for (const b of [a, Math.min(bytes.length, a + 7), bytes.length]) {
        const { driver, seen, inRows, partial } = driverSide(250);
        const got: string[] = [];
        const release = tapRowPackets(
          driver,
          inRows,
          (chunk, offset) => {
            const n = (chunk[offset - 4] as number) | ((chunk[offset - 3] as number) << 8);
            got.push(chunk.subarray(offset, offset + n).toString('latin1'));
          },
          (err) => {
            throw err;
          },
        );
        expect(release).not.toBeNull();
        for (const piece of [bytes.subarray(0, a), bytes.subarray(a, b), bytes.subarray(b)]) {
          if (piece.length > 0) (driver.packetParser as { execute(c: Buffer): void }).execute(piece);
        }
        expect(got).toEqual(rows.map((r) => r.toString('latin1')));
        // The driver saw the header, the definitions, both EOFs, and the sequence id it expected for each.
        expect(seen.map((p) => p.payload)).toEqual(['\x02', 'def-a', 'def-b', eof.toString('latin1'), eof.toString('latin1')]);
        for (const p of seen) expect(p.sequenceId).toBe(p.expected);
        expect(partial()).toBe(false);
      }
    }
  });

  it("puts the driver's parser back at the end of the rows", () => {
    const { driver, inRows } = driverSide();
    const parser = driver.packetParser;
    tapRowPackets(
      driver,
      inRows,
      () => undefined,
      () => undefined,
    );
    expect(driver.packetParser).not.toBe(parser);
    (driver.packetParser as { execute(c: Buffer): void }).execute(bytes);
    expect(driver.packetParser).toBe(parser);
  });

  it('hands an error packet in place of rows to the driver', () => {
    const { driver, seen, inRows } = driverSide();
    const got: number[] = [];
    tapRowPackets(
      driver,
      inRows,
      (_c, o) => got.push(o),
      () => undefined,
    );
    const err = Buffer.concat([Buffer.from([0xff, 0x10, 0x04]), Buffer.from('#HY000boom')]);
    const withError = Buffer.concat([stream([]).subarray(0, -9), packet(4, rowsOf(1)[0] as Buffer), packet(5, err)]);
    (driver.packetParser as { execute(c: Buffer): void }).execute(withError);
    expect(got).toHaveLength(1);
    expect(seen.at(-1)?.payload).toBe(err.toString('latin1'));
  });

  it('leaves a driver it does not recognise alone', () => {
    expect(
      tapRowPackets(
        {},
        () => true,
        () => undefined,
        () => undefined,
      ),
    ).toBeNull();
    expect(
      tapRowPackets(
        { packetParser: {}, sequenceId: 0 },
        () => true,
        () => undefined,
        () => undefined,
      ),
    ).toBeNull();
  });
});
