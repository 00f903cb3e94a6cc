import { readdirSync } from 'node:fs';
import { resolveLocation } from '@sluice/dump-format';
import { isObjectStorage } from './object-storage.js';

/** Whether a DUMPFILE spec is a template (%U or %L) that stands for several files. */
export function isTemplate(spec: string): boolean {
  return /%[UuLl]/.test(spec);
}

/**
 * The existing files of `directory` that DUMPFILE specs stand for, in set order: a plain name stands
 * for itself (whether or not it exists); %U and %L match the numbered files there.
 */
export async function expandDumpFileNames(directory: string, specs: readonly string[]): Promise<string[]> {
  let listing: string[] | undefined;
  const out: string[] = [];
  for (const spec of specs) {
    if (!isTemplate(spec)) {
      out.push(spec.replace(/%%/g, '%'));
      continue;
    }
    listing ??= isObjectStorage(directory) ? await (await resolveLocation(directory)).list() : readdirSync(directory);
    let pattern = '';
    for (let i = 0; i < spec.length; i++) {
      const c = spec[i]!;
      const next = spec[i + 1]?.toUpperCase();
      if (c === '%' && next === 'U') pattern += '(\\d{2})';
      else if (c === '%' && next === 'L') pattern += '(\\d{2,10})';
      else if (c === '%' && next === '%') pattern += '%';
      else {
        pattern += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        continue;
      }
      i++;
    }
    const re = new RegExp(`^${pattern}$`);
    const found = listing
      .map((name) => ({ name, m: re.exec(name) }))
      .filter((x): x is { name: string; m: RegExpExecArray } => x.m !== null)
      .map(({ name, m }) => ({ name, n: Number(m[1]) }))
      .sort((a, b) => a.n - b.n);
    out.push(...found.map((f) => f.name));
  }
  return [...new Set(out)];
}
