import { CliError } from '../cli-error.js';
import { interactiveHelp } from './interactive-help.js';
import { kindsHelp } from './kinds-help.js';
import { closestName } from '../params/closest-name.js';
import { longOption, valueShape } from '../params/parameter-docs.js';
import { COMMAND_NAMES, type CommandName } from '../params/parameter-spec.js';
import { PARAMETERS, parametersOf } from '../params/parameter-table.js';

interface CommandDoc {
  readonly usage: string;
  readonly summary: string;
  readonly examples: readonly string[];
  readonly notes?: readonly string[];
}

const DOCS: Record<CommandName, CommandDoc> = {
  export: {
    usage: 'sluice export --source URL [--control URL] [PARAMETER=value | --parameter value]...',
    summary: 'Write a database, schemas or tables to a dump file set (expdp).',
    examples: [
      'sluice export --source postgres://app@db/sales SCHEMAS=hr DIRECTORY=/backups DUMPFILE=hr%U.dmp PARALLEL=4',
      'sluice export --source mysql://root@127.0.0.1/test --tables shop.orders --query \'shop.orders:"WHERE placed > 2024"\' --dumpfile orders.dmp',
      'sluice export --source postgres://reader@db/sales --control postgres://app@ops/jobs SCHEMAS=hr DUMPFILE=hr.dmp',
    ],
  },
  import: {
    usage: 'sluice import --target URL [--network-link URL] [--control URL] [PARAMETER=value | --parameter value]...',
    summary: 'Load a dump file set into a database, or move straight from another database with NETWORK_LINK (impdp). With SQLFILE=, write the DDL instead and change nothing.',
    examples: [
      'sluice import --target postgres://app@db/staging DIRECTORY=/backups DUMPFILE=hr%U.dmp REMAP_SCHEMA=hr:hr_copy',
      'sluice import --target postgres://app@new/sales --network-link postgres://app@old/sales FULL=Y PARALLEL=4',
      'sluice import --target postgres://app@db/x DUMPFILE=hr01.dmp SQLFILE=hr.sql',
      'sluice import --target postgres://app@db/sales DUMPFILE=hr.dmp CONTENT=DATA_ONLY TABLE_EXISTS_ACTION=APPEND DATA_OPTIONS=DISABLE_TRIGGERS',
    ],
  },
  attach: {
    usage: 'sluice attach JOB --source URL | --target URL | --control URL --source|--target URL [--start] [--parallel n]',
    summary:
      'Reconnect to a job by name (its master table lives in that database), show its status and enter interactive mode. With --start, restart a stopped job and stay until it ends, exiting with its exit code.',
    examples: ['sluice attach SYS_EXPORT_SCHEMA_01 --source postgres://app@db/sales --start --parallel 4'],
  },
  jobs: {
    usage: 'sluice jobs --source URL | --target URL | --control URL',
    summary: 'List the jobs whose master tables live in that database, with state, degree and progress.',
    examples: ['sluice jobs --target postgres://app@db/staging'],
  },
  info: {
    usage: 'sluice info FILE... [--contents] | sluice info DIRECTORY=folder DUMPFILE=name[,...]',
    summary: 'Show every header item of dump files; with --contents, list the objects of the set from its master table, and the tables an INCOMPLETE set lacks.',
    examples: ['sluice info /backups/hr01.dmp', 'sluice info --contents DIRECTORY=/backups DUMPFILE=hr%U.dmp'],
  },
  verify: {
    usage: 'sluice verify FILE... | sluice verify DIRECTORY=folder DUMPFILE=name[,...]',
    summary: 'Check the checksums of a whole dump file set, reporting each damaged frame, and whether its export finished every table. Exit code 1 when anything is damaged or the set is INCOMPLETE.',
    examples: ['sluice verify /backups/hr01.dmp /backups/hr02.dmp'],
  },
  transfer: {
    usage: 'sluice transfer DIRECTORY=from DUMPFILE=name[,...] TO=folder|s3://bucket/prefix [PARAMETER=value | --parameter value]...',
    summary:
      'Copy a dump file set between a folder and object storage, either way, or between two of either (DBMS_FILE_TRANSFER, upload_to_s3 / download_from_s3). Every file is checked as it is read and verified again at the destination; run the same command again to continue a transfer that stopped: verified copies are skipped.',
    examples: [
      'sluice transfer DIRECTORY=/backups DUMPFILE=hr%U.dmp TO=s3://dumps/hr/2026-12-07',
      'sluice transfer --dumpfile s3://dumps/hr/2026-12-07/hr%U.dmp --to /restore',
      'sluice transfer DUMPFILE=s3://dumps/hr/hr%U.dmp TO=s3://archive/hr TO_CREDENTIAL=archive TO_S3_ENDPOINT=https://s3.eu-central-1.amazonaws.com',
    ],
    notes: [
      'TO_CREDENTIAL and TO_S3_ENDPOINT reach the destination when it needs other keys or another endpoint than the source (default: CREDENTIAL and S3_ENDPOINT for both sides).',
      'A file already at the destination that is not a copy of the set is an error unless REUSE_DUMPFILES=YES. The task log (LOGFILE, default transfer.log) is written at the destination.',
    ],
  },
};

/** The general help: commands, parameter forms, exit codes. */
export function generalHelp(): string {
  const width = Math.max(...[...COMMAND_NAMES, 'sqlfile'].map((c) => c.length)) + 2;
  return [
    'sluice: Data Pump for PostgreSQL and MySQL/MariaDB',
    '',
    'Usage: sluice COMMAND [PARAMETER=value | --parameter value]...',
    '',
    'Commands:',
    ...COMMAND_NAMES.map((c) => `  ${c.padEnd(width)}${DOCS[c].summary.split('. ')[0]!.replace(/\.$/, '')}.`),
    `  ${'sqlfile'.padEnd(width)}Same as import with SQLFILE=: write the DDL an import would run.`,
    `  ${'serve'.padEnd(width)}sluice serve --config FILE: the REST service (ORDS's Data Pump API and more).`,
    `  ${'help'.padEnd(width)}sluice help COMMAND shows its parameters; sluice help parameters shows all.`,
    `  ${''.padEnd(width)}sluice help kinds lists the object kinds each engine carries, and those it does not yet.`,
    '',
    'Parameters are written as expdp/impdp writes them (SCHEMAS=hr,sales) or as long options',
    '(--schemas hr,sales), and may be read from a file with PARFILE=path.',
    'Passwords: in the URL, or SLUICE_SOURCE_PASSWORD / SLUICE_TARGET_PASSWORD / SLUICE_NETWORK_LINK_PASSWORD,',
    'or asked for on the terminal. Encryption password: the prompt, ENCRYPTION_PASSWORD_FILE= or SLUICE_ENCRYPTION_PASSWORD.',
    'Ctrl-C during a job enters interactive mode (STATUS, PARALLEL=n, STOP_JOB, ...).',
    '',
    'Exit codes: 0 success, 5 completed with errors, 1 failed.',
    '',
    'Options: --version, --help, --debug (stack traces of unexpected errors).',
  ].join('\n');
}

/** Help for one command: usage, summary, every parameter, examples. */
export function commandHelp(command: CommandName): string {
  const doc = DOCS[command];
  const params = parametersOf(command).filter((p) => p.name !== 'HELP');
  const left = params.map((p) => `${p.name}=${valueShape(p)}`);
  const width = Math.min(44, Math.max(...left.map((l) => l.length)) + 2);
  const lines = params.map((p, i) => {
    const def = p.defaultValue === undefined ? '' : ` Default: ${p.defaultValue}.`;
    const head = left[i]!;
    const text = `${p.description}${def} (${longOption(p)})`;
    return head.length >= width ? `  ${head}\n  ${' '.repeat(width)}${text}` : `  ${head.padEnd(width)}${text}`;
  });
  return [
    `sluice ${command}: ${doc.summary}`,
    '',
    `Usage: ${doc.usage}`,
    '',
    'Parameters:',
    ...lines,
    '',
    'Examples:',
    ...doc.examples.map((e) => `  ${e}`),
    ...(doc.notes === undefined ? [] : ['', 'Notes:', ...doc.notes.map((n) => `  ${n}`)]),
    ...(command === 'export' || command === 'import' || command === 'attach' ? ['', interactiveHelp(command === 'import' ? 'Import' : 'Export')] : []),
  ].join('\n');
}

/** Help for every parameter of every command. */
export function allParametersHelp(): string {
  return PARAMETERS.map(
    (p) => `${p.name}=${valueShape(p)}  (${longOption(p)}; ${p.commands.join(', ')})\n    ${p.description}${p.defaultValue === undefined ? '' : ` Default: ${p.defaultValue}.`}`,
  ).join('\n');
}

/** `sluice help [topic]`. */
export function helpText(topic: string | undefined): string {
  if (topic === undefined) return generalHelp();
  const t = topic.toLowerCase();
  if (t === 'parameters') return allParametersHelp();
  if (t === 'kinds' || t === 'objects') return kindsHelp();
  if (t === 'sqlfile') return commandHelp('import');
  if (t === 'expdp') return commandHelp('export');
  if (t === 'impdp') return commandHelp('import');
  if ((COMMAND_NAMES as readonly string[]).includes(t)) return commandHelp(t as CommandName);
  const param = PARAMETERS.find((p) => p.name === topic.toUpperCase().replace(/^--/, '').replace(/-/g, '_'));
  if (param !== undefined) {
    return `${param.name}=${valueShape(param)}  (${longOption(param)})\n  ${param.description}${param.defaultValue === undefined ? '' : ` Default: ${param.defaultValue}.`}\n  Commands: ${param.commands.join(', ')}`;
  }
  const near = closestName(t, [...COMMAND_NAMES, 'sqlfile', 'parameters', 'kinds', ...PARAMETERS.map((p) => p.name)]);
  throw new CliError('UNKNOWN_COMMAND', `No help on ${topic}${near === undefined ? '' : `; did you mean ${near}?`} Try sluice help.`);
}
