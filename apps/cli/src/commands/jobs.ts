import { listJobs } from '@sluice/engine';
import { CliError } from '../cli-error.js';
import { homeDatabase } from '../connection/home-database.js';
import { openDatabase } from '../connection/open-database.js';
import { textTable } from '../output/format.js';
import type { Terminal } from '../output/terminal.js';
import type { ParsedCommandLine } from '../params/parse-command-line.js';

/** `sluice jobs --source URL | --target URL`: the jobs whose master tables live there (DBA_DATAPUMP_JOBS). */
export async function runJobs(parsed: ParsedCommandLine, terminal: Terminal): Promise<number> {
  if (parsed.positionals.length > 0) throw new CliError('BAD_PARAMETER', `Unexpected argument ${parsed.positionals[0]}: sluice jobs takes only --source URL, --target URL or --control URL.`);
  const db = homeDatabase(parsed.params, 'jobs');
  const adapter = await openDatabase(db);
  try {
    const jobs = await listJobs(adapter);
    if (jobs.length === 0) {
      terminal.out(`No Sluice jobs in ${db.display}.`);
      return 0;
    }
    const rows = jobs.map((j) => [j.jobName, j.owner, j.operation, j.mode, j.state, String(j.degree), String(j.attachedSessions), `${j.percentDone}%`]);
    for (const line of textTable(['JOB_NAME', 'OWNER', 'OPERATION', 'JOB_MODE', 'STATE', 'DEGREE', 'ATTACHED_SESSIONS', 'DONE'], rows)) terminal.out(line);
    return 0;
  } finally {
    await adapter.close().catch(() => undefined);
  }
}
