import type { ParameterSpec } from './parameter-spec.js';
import { PARAMETERS } from './parameter-table.js';

/** The value a parameter takes, as help and the README show it: `Y|N`, `ALL|NONE`, `n`, ... */
export function valueShape(spec: ParameterSpec): string {
  if (spec.placeholder !== undefined) return spec.placeholder;
  switch (spec.kind) {
    case 'bool':
      return 'Y|N';
    case 'enum':
      return (spec.values ?? []).join('|');
    case 'int':
      return 'n';
    case 'size':
      return 'size';
    default:
      return 'value';
  }
}

/** The long-option spelling of a parameter: `--table-exists-action`. */
export function longOption(spec: ParameterSpec): string {
  return `--${spec.name.toLowerCase().replace(/_/g, '-')}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** The README's table of every parameter, as Markdown; a test keeps the README equal to it. */
export function parameterTableMarkdown(): string {
  const rows = PARAMETERS.map((p) => {
    const def = p.defaultValue === undefined ? '' : ` Default: ${p.defaultValue}.`;
    return `| \`${p.name}=${cell(valueShape(p))}\` | \`${longOption(p)}\` | ${p.commands.join(', ')} | ${cell(p.description)}${cell(def)} |`;
  });
  return ['| parameter | long option | commands | what it does |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
