import { CliError } from '../cli-error.js';
import { maskUrl, urlHasPassword } from '../connection/connection-url.js';
import { shellQuote } from '../output/format.js';
import { VERSION_WORDS } from '../version.js';
import { closestName } from './closest-name.js';
import { readParfile } from './parfile.js';
import type { CommandName, ParameterSpec } from './parameter-spec.js';
import { PARAMETERS, findParameter } from './parameter-table.js';
import { ParameterValues } from './parameter-values.js';

/** What `sluice` was asked to do. */
export type Invocation =
  | { readonly kind: 'help'; readonly topic?: string }
  | { readonly kind: 'version' }
  | { readonly kind: 'command'; readonly command: CommandName; readonly sqlfileAlias: boolean; readonly parsed: ParsedCommandLine };

/** The parameters and positional arguments of one command. */
export interface ParsedCommandLine {
  readonly command: CommandName;
  readonly params: ParameterValues;
  readonly positionals: readonly string[];
  /** The command line as given, with every secret masked: for the log and CLIENT_COMMAND. */
  readonly display: string;
  /** Warnings for the user, e.g. a password given on the command line. */
  readonly warnings: readonly string[];
}

const COMMAND_ALIASES: Record<string, CommandName | 'sqlfile'> = {
  export: 'export',
  import: 'import',
  sqlfile: 'sqlfile',
  attach: 'attach',
  jobs: 'jobs',
  info: 'info',
  verify: 'verify',
  transfer: 'transfer',
  expdp: 'export',
  impdp: 'import',
};

const MASK = '********';
const BOOL_WORDS = new Set(['Y', 'N', 'YES', 'NO', 'TRUE', 'FALSE']);
const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** What a value looks like once masked for display. */
function displayValue(spec: ParameterSpec, value: string): string {
  if (spec.kind === 'secret') return MASK;
  if (spec.kind === 'url') return maskUrl(value);
  return value;
}

/** The parameter a name refers to, or a CliError suggesting the closest one. */
function lookup(command: CommandName, given: string, form: 'expdp' | 'long'): ParameterSpec {
  const name = given.replace(/-/g, '_').toUpperCase();
  const spec = findParameter(name);
  const shown = form === 'long' ? `--${given}` : given;
  const spell = (s: ParameterSpec): string => (form === 'long' ? `--${s.name.toLowerCase().replace(/_/g, '-')}` : s.name);
  if (spec === undefined) {
    const own = PARAMETERS.filter((p) => p.commands.includes(command));
    const near =
      closestName(
        name,
        own.map((p) => p.name),
      ) ??
      closestName(
        name,
        PARAMETERS.map((p) => p.name),
      );
    const nearSpec = near === undefined ? undefined : findParameter(near);
    throw new CliError('UNKNOWN_PARAMETER', `Unknown parameter ${shown}${nearSpec === undefined ? '' : `; did you mean ${spell(nearSpec)}?`} (\`sluice help ${command}\` lists every parameter.)`);
  }
  if (!spec.commands.includes(command)) {
    throw new CliError(
      'UNKNOWN_PARAMETER',
      `${spell(spec)} is not a parameter of sluice ${command}; it applies to ${spec.commands.map((c) => `sluice ${c}`).join(', ')}. (\`sluice help ${command}\` lists the parameters of ${command}.)`,
    );
  }
  return spec;
}

/** Parse the arguments after `sluice` into what to do. Throws CliError on any mistake. */
export function parseCommandLine(argv: readonly string[]): Invocation {
  const args = [...argv];
  const leading: string[] = [];
  while (args[0] === '--debug') leading.push(args.shift()!);
  const first = args[0];
  if (first === undefined) return { kind: 'help' };
  if (VERSION_WORDS.includes(first)) return { kind: 'version' };
  if (first === '--help' || first === '-h' || first === 'help') return args[1] === undefined ? { kind: 'help' } : { kind: 'help', topic: args[1] };
  const alias = COMMAND_ALIASES[first.toLowerCase()];
  if (alias === undefined) {
    const near = closestName(first, Object.keys(COMMAND_ALIASES));
    throw new CliError(
      'UNKNOWN_COMMAND',
      `Unknown command ${first}${near === undefined ? '' : `; did you mean ${near}?`} Commands: export, import, sqlfile, attach, jobs, info, verify, transfer, help.`,
    );
  }
  const command: CommandName = alias === 'sqlfile' ? 'import' : alias;
  const parsed = parseParameters(command, [...leading, ...args.slice(1)], first.toLowerCase());
  if (parsed.params.bool('HELP')) return { kind: 'help', topic: alias };
  return { kind: 'command', command, sqlfileAlias: alias === 'sqlfile', parsed };
}

/** The warning for a password written in a database URL, naming the safer ways to give it. */
function urlPasswordWarning(name: string): string {
  return `${name} holds a password in its URL, where other users of this machine can read it (ps, shell history, scripts); leave it out and give it in SLUICE_${name}_PASSWORD, or let sluice ask for it on a terminal.`;
}

/** Parse the parameters of one command (both forms, and PARFILE). */
export function parseParameters(command: CommandName, argv: readonly string[], commandWord: string = command): ParsedCommandLine {
  const params = new ParameterValues();
  const positionals: string[] = [];
  const display: string[] = ['sluice', commandWord];
  const origin = 'command line';
  const warnings: string[] = [];

  const addParfile = (path: string): void => {
    for (const entry of readParfile(path)) {
      const spec = lookupInParfile(command, entry.name, path, entry.line);
      if (spec.name === 'PARFILE') throw new CliError('BAD_PARAMETER', `PARFILE=${path} line ${entry.line}: a parameter file cannot name another PARFILE.`);
      params.add(spec, { name: spec.name, value: entry.value, origin: `parfile ${path} line ${entry.line}` });
      if (spec.kind === 'url' && urlHasPassword(entry.value)) warnings.push(urlPasswordWarning(spec.name));
    }
  };

  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (onlyPositionals) {
      positionals.push(token);
      display.push(shellQuote(token));
      continue;
    }
    if (token === '--') {
      onlyPositionals = true;
      continue;
    }
    if (token === '-h' || token === '--help') {
      params.add(findParameter('HELP')!, { name: 'HELP', value: 'Y', origin });
      continue;
    }
    let spec: ParameterSpec;
    let value: string;
    let shown: string;
    if (token.startsWith('--')) {
      const eq = token.indexOf('=');
      const given = eq < 0 ? token.slice(2) : token.slice(2, eq);
      spec = lookup(command, given, 'long');
      if (eq >= 0) value = token.slice(eq + 1);
      else if (spec.kind === 'bool') {
        const next = argv[i + 1];
        value = next !== undefined && BOOL_WORDS.has(next.toUpperCase()) ? argv[++i]! : 'Y';
      } else {
        const next = argv[i + 1];
        if (next === undefined || (next.startsWith('--') && next.length > 2)) {
          throw new CliError('MISSING_PARAMETER', `--${given} needs a value, e.g. --${given} ${spec.placeholder ?? 'value'} (or --${given}=value).`);
        }
        value = argv[++i]!;
      }
      shown = `--${given}=${displayValue(spec, value)}`;
    } else {
      const eq = token.indexOf('=');
      if (eq > 0 && NAME.test(token.slice(0, eq))) {
        spec = lookup(command, token.slice(0, eq), 'expdp');
        value = token.slice(eq + 1);
        shown = `${token.slice(0, eq)}=${displayValue(spec, value)}`;
      } else if (token.startsWith('-') && token.length > 1) {
        throw new CliError('UNKNOWN_PARAMETER', `Unknown option ${token}. Parameters are NAME=value or --name value; \`sluice help ${command}\` lists them.`);
      } else {
        positionals.push(token);
        display.push(shellQuote(token));
        continue;
      }
    }
    display.push(shellQuote(shown));
    if (spec.kind === 'secret' && !warnings.some((w) => w.startsWith(spec.name))) {
      warnings.push(
        `${spec.name} on the command line can be read by other users of this machine and stays in shell history; prefer the prompt (ENCRYPTION_PWD_PROMPT=Y), ${spec.name}_FILE or SLUICE_${spec.name}.`,
      );
    }
    if (spec.kind === 'url' && urlHasPassword(value)) warnings.push(urlPasswordWarning(spec.name));
    if (spec.name === 'PARFILE') {
      params.add(spec, { name: spec.name, value, origin });
      addParfile(value);
    } else {
      params.add(spec, { name: spec.name, value, origin });
    }
  }
  params.validate();
  return { command, params, positionals, display: display.join(' '), warnings };
}

function lookupInParfile(command: CommandName, name: string, path: string, line: number): ParameterSpec {
  try {
    return lookup(command, name, 'expdp');
  } catch (error) {
    if (error instanceof CliError) throw new CliError(error.code, `${error.message.replace(/\s*\(`sluice help.*$/, '')} (parfile ${path} line ${line})`);
    throw error;
  }
}
