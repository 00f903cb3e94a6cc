/**
 * information_schema's text columns are utf8mb3 on MariaDB: a character outside the Basic
 * Multilingual Plane (an emoji, 4 bytes in UTF-8) comes back as `?` (trigger, routine and event
 * bodies, CHECK clauses) or as one `?` per byte (view definitions). SHOW CREATE gives the text as
 * written. These helpers find, in the SHOW CREATE text, the exact text a lossy one stands for.
 */

/** The end (exclusive) in `exact` of `lossy` read from `start`, each 4-byte character standing as `perChar` question marks; undefined when it does not match. */
function matchAt(lossy: string, exact: string, start: number, perChar: number): number | undefined {
  let i = 0;
  let j = start;
  while (i < lossy.length) {
    const cp = exact.codePointAt(j);
    if (cp === undefined) return undefined;
    if (cp > 0xffff) {
      for (let k = 0; k < perChar; k++) if (lossy[i + k] !== '?') return undefined;
      i += perChar;
      j += 2;
    } else {
      if (lossy[i] !== exact[j]) return undefined;
      i++;
      j++;
    }
  }
  return j;
}

/**
 * The text `lossy` stands for inside `exact` (the SHOW CREATE statement that holds it), or `lossy`
 * itself when it has no `?` or cannot be found. `atEnd`: the text ends the statement (a trigger's,
 * routine's or event's body). The rightmost match wins: bodies come after the statement's header.
 */
export function exactText(lossy: string, exact: string, options: { atEnd?: boolean } = {}): string {
  if (!lossy.includes('?') || exact === '') return lossy;
  for (const perChar of [1, 4]) {
    for (let start = exact.length - 1; start >= 0; start--) {
      const end = matchAt(lossy, exact, start, perChar);
      if (end !== undefined && (options.atEnd !== true || end === exact.length)) return exact.slice(start, end);
    }
  }
  return lossy;
}
