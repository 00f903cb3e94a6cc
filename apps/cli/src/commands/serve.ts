import { CliError } from '../cli-error.js';
import { tuningFromEnvironment } from '../job/engine-tuning.js';
import type { Terminal } from '../output/terminal.js';

/** The usage line of `sluice serve`. */
export const SERVE_USAGE = 'sluice serve --config FILE';

/** The --config FILE of `sluice serve` (also --config=FILE and CONFIG=FILE). */
function configFile(argv: readonly string[]): string {
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const inline = /^(?:--config=|CONFIG=)(.*)$/i.exec(a);
    if (inline !== null) file = inline[1];
    else if (a === '--config') file = argv[++i];
    else throw new CliError('UNKNOWN_PARAMETER', `sluice serve takes --config FILE only, not ${a}. Usage: ${SERVE_USAGE}.`);
  }
  if (file === undefined || file === '') {
    throw new CliError(
      'MISSING_PARAMETER',
      `sluice serve needs --config FILE: JSON such as {"listen": "127.0.0.1:8470", "databases": {"NAME": "postgres://host:5432/db"}, "directories": {"NAME": "/folder"}}.`,
    );
  }
  return file;
}

/**
 * `sluice serve --config FILE`: the REST service and web console, in this process, until SIGINT or
 * SIGTERM. @sluice/server (Fastify) loads only here, so other commands do not pay for it.
 */
export async function runServe(argv: readonly string[], terminal: Terminal): Promise<number> {
  const file = configFile(argv);
  const tuning = tuningFromEnvironment();
  const { loadConfig, startServer, ServerError } = await import('@sluice/server');
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer(loadConfig(file), { tuning });
  } catch (error) {
    if (error instanceof ServerError) throw new CliError('BAD_PARAMETER', error.message, { cause: error });
    throw error;
  }
  terminal.out(`sluice serve: listening on ${server.url} (the API of database NAME is under /db/NAME/datapump)`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  terminal.out('sluice serve: stopping (running jobs stop with their master tables kept; POST .../start resumes them)');
  await server.close();
  return 0;
}
