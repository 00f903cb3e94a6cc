import { closestName } from '../params/closest-name.js';

/** A command typed at the `Export> ` / `Import> ` prompt. */
export type InteractiveCommand =
  | { readonly kind: 'NONE' }
  | { readonly kind: 'STATUS'; readonly interval?: number }
  | { readonly kind: 'PARALLEL'; readonly degree: number }
  | { readonly kind: 'ADD_FILE'; readonly files: readonly string[] }
  | { readonly kind: 'STOP_JOB'; readonly immediate: boolean }
  | { readonly kind: 'KILL_JOB' }
  | { readonly kind: 'START_JOB'; readonly skipCurrent: boolean }
  | { readonly kind: 'CONTINUE_CLIENT' }
  | { readonly kind: 'EXIT_CLIENT' }
  | { readonly kind: 'HELP' }
  | { readonly kind: 'ERROR'; readonly message: string };

const NAMES = ['STATUS', 'PARALLEL', 'ADD_FILE', 'STOP_JOB', 'KILL_JOB', 'START_JOB', 'CONTINUE_CLIENT', 'EXIT_CLIENT', 'HELP'];

/** Read one line of interactive mode, as expdp does: `NAME[=value]`, any case. */
export function parseInteractiveCommand(line: string): InteractiveCommand {
  const text = line.trim();
  if (text === '') return { kind: 'NONE' };
  const eq = text.indexOf('=');
  const name = (eq < 0 ? text : text.slice(0, eq)).trim().toUpperCase();
  const value = eq < 0 ? undefined : text.slice(eq + 1).trim();
  const noValue = (kind: 'KILL_JOB' | 'CONTINUE_CLIENT' | 'EXIT_CLIENT' | 'HELP'): InteractiveCommand => (value === undefined ? { kind } : { kind: 'ERROR', message: `${kind} takes no value.` });
  switch (name) {
    case 'STATUS': {
      if (value === undefined) return { kind: 'STATUS' };
      const n = Number(value);
      return /^\d+$/.test(value) ? { kind: 'STATUS', interval: n } : { kind: 'ERROR', message: `STATUS=${value}: give a number of seconds, e.g. STATUS=10.` };
    }
    case 'PARALLEL': {
      const n = Number(value);
      return value !== undefined && /^\d+$/.test(value) && n >= 1 && n <= 1024
        ? { kind: 'PARALLEL', degree: n }
        : { kind: 'ERROR', message: 'PARALLEL needs a number of workers from 1 to 1024, e.g. PARALLEL=4.' };
    }
    case 'ADD_FILE': {
      const files = (value ?? '')
        .split(',')
        .map((f) => f.trim())
        .filter((f) => f !== '');
      return files.length > 0 ? { kind: 'ADD_FILE', files } : { kind: 'ERROR', message: 'ADD_FILE needs a file name, e.g. ADD_FILE=more%U.dmp.' };
    }
    case 'STOP_JOB':
      if (value === undefined) return { kind: 'STOP_JOB', immediate: false };
      return value.toUpperCase() === 'IMMEDIATE' ? { kind: 'STOP_JOB', immediate: true } : { kind: 'ERROR', message: `STOP_JOB=${value}: the only value is IMMEDIATE.` };
    case 'START_JOB':
      if (value === undefined) return { kind: 'START_JOB', skipCurrent: false };
      return value.toUpperCase() === 'SKIP_CURRENT' ? { kind: 'START_JOB', skipCurrent: true } : { kind: 'ERROR', message: `START_JOB=${value}: the only value is SKIP_CURRENT.` };
    case 'KILL_JOB':
    case 'CONTINUE_CLIENT':
    case 'EXIT_CLIENT':
    case 'HELP':
      return noValue(name);
    default: {
      const near = closestName(name, NAMES);
      return { kind: 'ERROR', message: `Unknown command ${name}${near === undefined ? '' : `; did you mean ${near}?`} Type HELP for the list.` };
    }
  }
}
