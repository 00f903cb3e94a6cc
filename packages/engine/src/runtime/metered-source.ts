import type { Readable } from 'node:stream';
import { ByteCounter } from './row-counter.js';

/**
 * A chunk's source stream as a load reads it: its bytes counted for progress, its errors carried
 * through, and an immediate stop (`signal`) ending both streams. The loader learns of an error from
 * the stream itself (its own listeners, or `errored` when it attaches late), so an error before the
 * loader starts reading is never thrown as an uncaught 'error' event.
 */
export function meteredSource(data: Readable, onBytes: (n: number) => void, signal: AbortSignal): { readonly stream: Readable; readonly release: () => void } {
  const counted = data.pipe(new ByteCounter(onBytes));
  const carry = (error: Error): void => {
    if (!counted.destroyed) counted.destroy(error);
  };
  const ignore = (): void => undefined;
  data.on('error', carry);
  counted.on('error', ignore);
  const onAbort = (): void => {
    const reason = signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason));
    data.destroy(reason);
    counted.destroy(reason);
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return { stream: counted, release: () => signal.removeEventListener('abort', onAbort) };
}
