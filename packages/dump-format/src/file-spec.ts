import { DumpFormatError } from './errors.js';
import { MIN_FILE_SIZE } from './constants.js';

/** Largest %U value (two digits). */
export const MAX_U = 99;

/** Largest %L value. */
export const MAX_L = 2147483646;

/**
 * Checks that `name` is a simple file name inside the directory: not empty, no '/', '\\', '..' or NUL.
 * Throws DumpFormatError BAD_FILE_NAME otherwise.
 */
export function assertFileName(name: string): void {
  if (typeof name !== 'string' || name.length === 0 || name.includes('/') || name.includes('\\') || name.includes('..') || name.includes('\0') || name === '.') {
    throw new DumpFormatError(
      'BAD_FILE_NAME',
      `dump file name ${JSON.stringify(String(name))} is not a simple file name; use a name without '/', '\\', '..' or NUL, the directory is given separately`,
    );
  }
}

/** The substitution variables a spec uses. */
interface SpecParts {
  readonly pieces: ReadonlyArray<{ literal: string } | { variable: 'U' | 'L' | 'D' | 'M' | 'Y' | 'T' }>;
  readonly counting: boolean;
  readonly limit: number;
}

function parseSpec(spec: string): SpecParts {
  if (typeof spec !== 'string' || spec.length === 0) throw new DumpFormatError('BAD_FILE_NAME', `dump file spec ${JSON.stringify(spec)} is empty or not a string`);
  const pieces: Array<{ literal: string } | { variable: 'U' | 'L' | 'D' | 'M' | 'Y' | 'T' }> = [];
  let lit = '';
  let hasU = false;
  let hasL = false;
  for (let i = 0; i < spec.length; i++) {
    const ch = spec[i]!;
    if (ch !== '%') {
      lit += ch;
      continue;
    }
    const v = spec[++i]?.toUpperCase();
    if (v === '%') {
      lit += '%';
      continue;
    }
    if (v !== 'U' && v !== 'L' && v !== 'D' && v !== 'M' && v !== 'Y' && v !== 'T') {
      throw new DumpFormatError(
        'BAD_FILE_NAME',
        `dump file spec ${JSON.stringify(spec)} uses an unknown substitution ${v === undefined ? "'%' at the end" : `%${spec[i]}`}; use %U, %L, %d, %m, %y, %t or %%`,
      );
    }
    if (lit) pieces.push({ literal: lit });
    lit = '';
    pieces.push({ variable: v });
    if (v === 'U') hasU = true;
    if (v === 'L') hasL = true;
  }
  if (lit) pieces.push({ literal: lit });
  return { pieces, counting: hasU || hasL, limit: hasU ? MAX_U : MAX_L };
}

/** True when the spec makes many files (%U or %L). */
export function isTemplate(spec: string): boolean {
  return parseSpec(spec).counting;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Expands one export spec for file counter `n` at time `when` (%d %m %y %t use local time, DD MM YY HH24MISS). */
export function expandExportSpec(spec: string, n: number, when: Date): string {
  const parts = parseSpec(spec);
  let out = '';
  for (const p of parts.pieces) {
    if ('literal' in p) out += p.literal;
    else if (p.variable === 'U' || p.variable === 'L') out += n < 100 ? pad2(n) : String(n);
    else if (p.variable === 'D') out += pad2(when.getDate());
    else if (p.variable === 'M') out += pad2(when.getMonth() + 1);
    else if (p.variable === 'Y') out += pad2(when.getFullYear() % 100);
    else out += pad2(when.getHours()) + pad2(when.getMinutes()) + pad2(when.getSeconds());
  }
  assertFileName(out);
  return out;
}

/** One spec's progress in a FileNameGenerator. */
interface SpecState {
  readonly spec: string;
  readonly parts: SpecParts;
  next: number;
  done: boolean;
}

/**
 * Hands out export file names: specs are used round-robin, a spec without %U/%L gives one file,
 * %U counts 01..99, %L 01..99 then 100..2147483646. Specs can be added while running (ADD_FILE).
 */
export class FileNameGenerator {
  readonly #specs: SpecState[] = [];
  readonly #when: Date;
  #cursor = 0;

  constructor(specs: readonly string[], when: Date) {
    this.#when = when;
    for (const s of specs) this.add(s);
  }

  /** Adds a spec (ADD_FILE). */
  add(spec: string): void {
    const parts = parseSpec(spec);
    expandExportSpec(spec, 1, this.#when); // BAD_FILE_NAME now rather than when the file is needed
    this.#specs.push({ spec, parts, next: 1, done: false });
  }

  /** The specs in use. */
  specs(): string[] {
    return this.#specs.map((s) => s.spec);
  }

  /** The next file name, skipping names `skip` says are taken; null when every spec is used up. */
  next(skip: (name: string) => boolean = () => false): string | null {
    for (let tries = 0; tries < 1_000_000; tries++) {
      let picked: SpecState | undefined;
      for (let i = 0; i < this.#specs.length; i++) {
        const s = this.#specs[(this.#cursor + i) % this.#specs.length]!;
        if (!s.done) {
          picked = s;
          this.#cursor = (this.#cursor + i + 1) % this.#specs.length;
          break;
        }
      }
      if (!picked) return null;
      const name = expandExportSpec(picked.spec, picked.next, this.#when);
      if (!picked.parts.counting || picked.next >= picked.parts.limit) picked.done = true;
      picked.next++;
      if (!skip(name)) return name;
    }
    return null;
  }
}

/**
 * Import side: the existing names in `names` that one DUMPFILE spec stands for. A spec with %U or %L
 * matches every existing file it could have produced, sorted by number; a plain spec stands for itself.
 * %d %m %y %t are export-only, as in Oracle, and are refused here (`allowTime` lets an export restart
 * find the files it named with them).
 */
export function matchImportSpec(spec: string, names: readonly string[], allowTime = false): string[] {
  const parts = parseSpec(spec);
  let pattern = '';
  const groups: number[] = [];
  for (const p of parts.pieces) {
    if ('literal' in p) pattern += p.literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (p.variable === 'U') {
      pattern += '(0[1-9]|[1-9][0-9])';
      groups.push(0);
    } else if (p.variable === 'L') {
      pattern += '(0[1-9]|[1-9][0-9]{1,9})';
      groups.push(0);
    } else if (allowTime) {
      pattern += p.variable === 'T' ? '[0-9]{6}' : '[0-9]{2}';
    } else {
      throw new DumpFormatError('BAD_ARGUMENT', `dump file spec ${JSON.stringify(spec)} uses %${p.variable.toLowerCase()}, which only export accepts; name the files, or use %U or %L`);
    }
  }
  if (!parts.counting && !allowTime) return [expandExportSpec(spec, 1, new Date(0))];
  const re = new RegExp(`^${pattern}$`);
  const found: Array<[number, string]> = [];
  for (const name of names) {
    const m = re.exec(name);
    if (!m) continue;
    const values = m.slice(1).map(Number);
    const n = values[0] ?? 1;
    if (values.some((v) => v !== n) || n > parts.limit) continue;
    found.push([n, name]);
  }
  return found.sort((a, b) => a[0] - b[0]).map(([, name]) => name);
}

/** Parses a FILESIZE value: bytes as a number, or a string with an optional B, K, M, G or T suffix (KB, MB... too). */
export function parseFileSize(value: number | string): number {
  let bytes: number;
  if (typeof value === 'number') bytes = value;
  else {
    const m = /^\s*(\d+)\s*([KMGT]?)B?\s*$/i.exec(value);
    if (!m) throw new DumpFormatError('BAD_ARGUMENT', `FILESIZE ${JSON.stringify(value)} is not a size; write e.g. 40960, 100M or 2G`);
    const unit = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 }[m[2]!.toUpperCase() as '' | 'K' | 'M' | 'G' | 'T'];
    bytes = Number(m[1]) * unit;
  }
  if (!Number.isSafeInteger(bytes) || bytes < MIN_FILE_SIZE) {
    throw new DumpFormatError('BAD_ARGUMENT', `FILESIZE ${String(value)} is below the minimum of ${MIN_FILE_SIZE} bytes (ten 4 KB blocks, as in Oracle Data Pump); raise FILESIZE`);
  }
  return bytes;
}
