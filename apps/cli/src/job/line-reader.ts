import { createInterface, type Interface } from 'node:readline';
import { redact } from '../secrets/redact.js';

/**
 * Lines typed at the interactive prompt, read on demand. One readline interface for the life of the
 * client, so input piped in by a script is never lost between prompts.
 */
export class LineReader {
  #rl: Interface | undefined;
  readonly #queue: string[] = [];
  #waiter: ((line: string | undefined) => void) | undefined;
  #closed = false;
  #onInterrupt: (() => void) | undefined;

  #open(): Interface {
    if (this.#rl !== undefined) return this.#rl;
    const rl = createInterface({ input: process.stdin, terminal: process.stdin.isTTY === true, output: process.stdin.isTTY === true ? process.stdout : undefined });
    rl.on('line', (line) => {
      const w = this.#waiter;
      this.#waiter = undefined;
      if (w !== undefined) w(line);
      else this.#queue.push(line);
    });
    rl.on('close', () => {
      if (this.#rl !== rl) return; // closed by pause() on a terminal, not end of input
      this.#closed = true;
      const w = this.#waiter;
      this.#waiter = undefined;
      w?.(undefined);
    });
    // Ctrl-C at the prompt (the terminal is in raw mode while readline reads).
    rl.on('SIGINT', () => this.#onInterrupt?.());
    this.#rl = rl;
    return rl;
  }

  /** Called on Ctrl-C while a line is being read. */
  set onInterrupt(handler: (() => void) | undefined) {
    this.#onInterrupt = handler;
  }

  /** Write the prompt and resolve with the next line, or undefined at end of input. */
  read(prompt: string): Promise<string | undefined> {
    const rl = this.#open();
    process.stdout.write(prompt);
    const queued = this.#queue.shift();
    if (queued !== undefined) {
      if (process.stdin.isTTY !== true) process.stdout.write(`${redact(queued)}\n`);
      return Promise.resolve(queued);
    }
    if (this.#closed) return Promise.resolve(undefined);
    rl.resume();
    return new Promise((resolve) => {
      this.#waiter = (line) => {
        if (line !== undefined && process.stdin.isTTY !== true) process.stdout.write(`${redact(line)}\n`);
        resolve(line);
      };
    });
  }

  /** Give up a pending read (the job ended while the prompt was up). */
  cancel(): void {
    const w = this.#waiter;
    this.#waiter = undefined;
    w?.(undefined);
  }

  /**
   * Stop reading between prompts. On a terminal the interface is closed so raw mode ends and Ctrl-C
   * is a signal again; a pipe keeps its interface so no piped line is lost.
   */
  pause(): void {
    const rl = this.#rl;
    if (rl === undefined) return;
    if (process.stdin.isTTY === true) {
      this.#rl = undefined;
      rl.close();
    } else rl.pause();
  }

  close(): void {
    this.#rl?.close();
    this.#rl = undefined;
  }
}
