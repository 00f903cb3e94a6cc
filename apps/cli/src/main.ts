import { describeError } from './output/describe-error.js';
import { processTerminal, type Terminal } from './output/terminal.js';
import { cliVersion, isVersionRequest } from './version.js';

/** Process exit codes as Data Pump defines them. */
export const EXIT_SUCCESS = 0;
export const EXIT_FAILURE = 1;
export const EXIT_COMPLETED_WITH_ERRORS = 5;

/** Whether the arguments ask for stack traces, looked at before parsing (which may itself fail). */
function wantsDebug(argv: readonly string[]): boolean {
  return argv.some((a) => /^--debug(=(y|yes|true|1))?$/i.test(a) || /^DEBUG=(y|yes|true|1)$/i.test(a));
}

/** Run `sluice` with these arguments; resolves to the process exit code. */
export async function main(argv: readonly string[], terminal: Terminal = processTerminal): Promise<number> {
  const debug = wantsDebug(argv);
  try {
    // The service takes its settings from a file, not the job parameters, so it is not in their table.
    if (argv[0] === 'serve') return await (await import('./commands/serve.js')).runServe(argv.slice(1), terminal);
    // Modules load as a command needs them: the version before the parameter table (and the engine
    // behind it), help (and both adapters' object kinds) only for help, one engine's driver per job.
    if (isVersionRequest(argv)) {
      terminal.out(`sluice ${cliVersion()}`);
      return EXIT_SUCCESS;
    }
    const { parseCommandLine } = await import('./params/parse-command-line.js');
    const invocation = parseCommandLine(argv);
    switch (invocation.kind) {
      case 'help':
        terminal.out((await import('./commands/help.js')).helpText(invocation.topic));
        return EXIT_SUCCESS;
      case 'version':
        terminal.out(`sluice ${cliVersion()}`);
        return EXIT_SUCCESS;
      case 'command': {
        // Keep arguments (a password someone typed anyway) out of `ps`.
        process.title = `sluice ${invocation.sqlfileAlias ? 'sqlfile' : invocation.command}`;
        const { parsed } = invocation;
        (await import('./files/object-storage.js')).useObjectStorage(parsed.params);
        for (const warning of parsed.warnings) terminal.err(`Warning: ${warning}`);
        switch (invocation.command) {
          case 'info':
            return await (await import('./commands/info.js')).runInfo(parsed, terminal);
          case 'verify':
            return await (await import('./commands/verify.js')).runVerify(parsed, terminal);
          case 'jobs':
            return await (await import('./commands/jobs.js')).runJobs(parsed, terminal);
          case 'attach':
            return await (await import('./commands/attach.js')).runAttach(parsed, terminal);
          case 'transfer':
            return await (await import('./commands/transfer.js')).runTransfer(parsed, terminal);
          case 'export':
          case 'import':
            return await (await import('./commands/run-job.js')).runJobCommand(invocation.command, parsed, terminal, { sqlfileAlias: invocation.sqlfileAlias });
        }
      }
    }
  } catch (error) {
    const report = describeError(error, debug);
    terminal.err(`sluice: ${report.message}`);
    for (const line of report.details) terminal.err(line);
    return EXIT_FAILURE;
  }
}
