#!/usr/bin/env node
import { main } from './main.js';

// A reader that went away (`sluice ... | head`) must not kill a running job: the log file has every line.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

// The job runs in this process; once it has ended, exit even if a driver pool lingers.
const code = await main(process.argv.slice(2));
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
