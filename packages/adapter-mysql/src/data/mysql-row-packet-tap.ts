/** The parts of mysql2's connection and packet parser the tap relies on. */
interface TappableDriver {
  packetParser?: unknown;
  sequenceId?: unknown;
}

interface PacketParser {
  execute(chunk: Buffer): unknown;
}

/** A packet of 2^24 - 1 bytes continues in the next one (a row of 16 MiB or more). */
const MAX_PACKET = 0xffffff;
const HEADER = 4;

/**
 * Reads a streamed result's row packets straight off the socket, instead of through mysql2's packet
 * parser and command state machine: each socket chunk is walked packet by packet and every row
 * packet handed to `onRow` as (chunk, offset of its payload), with no object per packet.
 *
 * The driver keeps everything else: until its query reaches the row state (`inRows()`), whole packets
 * are passed to its own parser one at a time; the end-of-rows or error packet, and everything after
 * it, go back to the driver too, with the sequence id it expects, and its parser is put back. A
 * packet of 16 MiB or more (a row split over packets) also hands the rest of the result back to the
 * driver, which delivers it through its own row events. Returns the release that puts the driver's
 * parser back (call it when the query ends or fails), or null, changing nothing, when the driver is
 * not shaped as expected.
 */
export function tapRowPackets(driver: unknown, inRows: () => boolean, onRow: (chunk: Buffer, offset: number) => void, onError: (err: Error) => void): (() => void) | null {
  const d = driver as TappableDriver;
  const parser = d.packetParser as PacketParser | undefined;
  if (parser === undefined || parser === null || typeof parser.execute !== 'function' || typeof d.sequenceId !== 'number') return null;
  // The start of a packet the last chunk ended inside.
  let carry: Buffer[] = [];
  let done = false;
  const release = (): void => {
    if (done) return;
    done = true;
    carry = [];
    if (d.packetParser === tap) d.packetParser = parser;
  };
  // Give the driver everything from `at` on: its parser is back, starting at a packet boundary.
  const handBack = (chunk: Buffer, at: number, sequenceId: number): void => {
    release();
    d.sequenceId = sequenceId;
    if (at < chunk.length) parser.execute(at === 0 ? chunk : chunk.subarray(at));
  };
  /** One whole packet at `at` of `buf`; false when the driver has the rest of the stream now. */
  const packet = (buf: Buffer, at: number, length: number): boolean => {
    const sequenceId = buf[at + 3] as number;
    if (!inRows()) {
      if (length === MAX_PACKET) {
        handBack(buf, at, sequenceId);
        return false;
      }
      parser.execute(buf.subarray(at, at + HEADER + length));
      if (!done) return true;
      // The query ended on that packet (an error before any row) and the tap was released.
      if (at + HEADER + length < buf.length) parser.execute(buf.subarray(at + HEADER + length));
      return false;
    }
    const first = buf[at + HEADER] as number;
    // End of rows (EOF or OK, 0xfe in a packet shorter than a 16 MiB row's first length) or an error.
    if (first === 0xff || (first === 0xfe && length < MAX_PACKET) || length === MAX_PACKET) {
      handBack(buf, at, sequenceId);
      return false;
    }
    onRow(buf, at + HEADER);
    d.sequenceId = (sequenceId + 1) & 0xff;
    return true;
  };
  const execute = (chunk: Buffer): void => {
    let pos = 0;
    if (carry.length > 0) {
      // Complete the packet the last chunks ended inside, copying its parts once.
      // The first part holds the whole header whenever there is more than one.
      const head = carry[0] as Buffer;
      const have = carry.reduce((n, b) => n + b.length, 0);
      const header = have >= HEADER ? head : Buffer.concat([head, chunk.subarray(0, HEADER - have)]);
      if (header.length < HEADER) {
        carry = [header];
        return;
      }
      const length = (header[0] as number) | ((header[1] as number) << 8) | ((header[2] as number) << 16);
      if (length === MAX_PACKET) {
        // A row of 16 MiB or more: the driver joins its packets.
        const parts = Buffer.concat([...carry, chunk]);
        carry = [];
        handBack(parts, 0, parts[3] as number);
        return;
      }
      const need = HEADER + length - have;
      if (chunk.length < need) {
        carry = have >= HEADER ? [...carry, chunk] : [header, chunk.subarray(HEADER - have)];
        return;
      }
      const whole = Buffer.concat([...carry, chunk.subarray(0, need)]);
      carry = [];
      if (!packet(whole, 0, length)) {
        if (need < chunk.length) parser.execute(chunk.subarray(need));
        return;
      }
      pos = need;
    }
    const end = chunk.length;
    while (pos < end) {
      if (end - pos < HEADER) break;
      const length = (chunk[pos] as number) | ((chunk[pos + 1] as number) << 8) | ((chunk[pos + 2] as number) << 16);
      if (end - pos < HEADER + length && length !== MAX_PACKET) break;
      if (!packet(chunk, pos, length)) return;
      pos += HEADER + length;
    }
    if (pos < end) carry = [Buffer.from(chunk.subarray(pos))];
  };
  const tap: PacketParser = {
    execute(chunk: Buffer): void {
      if (done) {
        parser.execute(chunk);
        return;
      }
      try {
        execute(chunk);
      } catch (err) {
        // The session's protocol state is unknown now: the caller fails the read and drops the session.
        release();
        onError(err as Error);
      }
    },
  };
  d.packetParser = tap;
  return release;
}
