import type { EngineObjectKinds, NotCarriedObjectKind } from '@sluice/adapter-kit';
import { MYSQL_OBJECT_KINDS } from '@sluice/adapter-mysql';
import { POSTGRES_OBJECT_KINDS } from '@sluice/adapter-postgres';

/** The engines whose object kinds `sluice help kinds` lists, each from its adapter's own list. */
const ENGINES: readonly { readonly title: string; readonly kinds: EngineObjectKinds }[] = [
  { title: 'PostgreSQL', kinds: POSTGRES_OBJECT_KINDS },
  { title: 'MySQL / MariaDB', kinds: MYSQL_OBJECT_KINDS },
];

/** Kind names wrapped into lines of at most `width` characters after `indent`. */
function wrapped(names: readonly string[], indent: string, width = 100): string[] {
  const lines: string[] = [];
  let line = '';
  for (const n of names) {
    const next = line === '' ? n : `${line}, ${n}`;
    if (indent.length + next.length > width && line !== '') {
      lines.push(`${indent}${line},`);
      line = n;
    } else line = next;
  }
  if (line !== '') lines.push(`${indent}${line}`);
  return lines;
}

/** `sluice help kinds`: per engine, the object kinds an export carries and those it names as not exported. */
export function kindsHelp(): string {
  const out = [
    "Object kinds each engine carries. An object of any other kind in an export's scope is named in the",
    'log ("Object type KIND "schema"."name" was not exported: ...") and counted as an error, so the job',
    'ends with exit code 5: nothing is left behind in silence.',
  ];
  for (const { title, kinds } of ENGINES) {
    const width = Math.max(...kinds.carried.map((k) => k.kind.length)) + 2;
    out.push('', `${title}`, '  Carried:', ...kinds.carried.map((k) => `    ${k.kind.padEnd(width)}${k.covers}`));
    // Kinds never carried share wrapped lines; a kind carried but for a condition gets a line of its own saying when.
    const lines = (scope: NotCarriedObjectKind['scope']): string[] => {
      const of = kinds.notCarried.filter((k) => k.scope === scope);
      return [
        ...wrapped(
          of.filter((k) => k.when === undefined).map((k) => k.kind),
          '      ',
        ),
        ...of.filter((k) => k.when !== undefined).map((k) => `      ${k.kind} ${k.when}`),
      ];
    };
    const inSchemas = lines('schema');
    const databaseWide = lines('database');
    out.push('  Not carried yet (named in the log as not exported; exit 5):');
    if (inSchemas.length > 0) out.push('    In the exported schemas:', ...inSchemas);
    if (databaseWide.length > 0) out.push('    Database-wide (FULL mode):', ...databaseWide);
  }
  return out.join('\n');
}
