import { redact } from '../secrets/redact.js';

/** Where a running job's lines go: a terminal with a live block at the bottom, or plain lines. */
export interface LogDisplay {
  /** A log line, printed above the live block. */
  line(text: string, isError?: boolean): void;
  /** Replace the live block (ignored when not a terminal). */
  update(lines: readonly string[]): void;
  /** Stop printing (interactive mode); lines that come meanwhile are dropped from the screen (the log file has them). */
  pause(): void;
  resume(): void;
  /** Remove the live block for good. */
  close(): void;
}

/** Plain lines, for pipes and files: no cursor movement, nothing overwritten. */
export class PlainDisplay implements LogDisplay {
  #paused = false;
  constructor(private readonly write: (text: string) => void) {}
  line(text: string): void {
    if (!this.#paused) this.write(`${redact(text)}\n`);
  }
  update(): void {}
  pause(): void {
    this.#paused = true;
  }
  resume(): void {
    this.#paused = false;
  }
  close(): void {}
}

/** A terminal: log lines scroll, and a block of progress lines is redrawn in place under them. */
export class LiveDisplay implements LogDisplay {
  #block: readonly string[] = [];
  #shown = 0;
  #paused = false;
  constructor(private readonly write: (text: string) => void) {}

  #erase(): string {
    if (this.#shown === 0) return '';
    const s = `\x1b[${this.#shown}F\x1b[0J`;
    this.#shown = 0;
    return s;
  }

  #draw(): string {
    if (this.#paused || this.#block.length === 0) return '';
    this.#shown = this.#block.length;
    return this.#block.map((l) => `\x1b[2m${redact(l)}\x1b[0m\n`).join('');
  }

  line(text: string): void {
    if (this.#paused) return;
    this.write(`${this.#erase()}${redact(text)}\n${this.#draw()}`);
  }

  update(lines: readonly string[]): void {
    this.#block = lines;
    if (!this.#paused) this.write(`${this.#erase()}${this.#draw()}`);
  }

  pause(): void {
    this.write(this.#erase());
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    this.write(this.#draw());
  }

  close(): void {
    this.write(this.#erase());
    this.#block = [];
  }
}
