import { CliError } from '../cli-error.js';

/** Whether a person is at the keyboard: both stdin and stderr are terminals. */
export function canPrompt(): boolean {
  return process.stdin.isTTY === true && process.stderr.isTTY === true;
}

/**
 * Ask for a secret on the terminal without echoing it. Ctrl-C or Ctrl-D abandons the command.
 * The prompt goes to stderr so stdout stays clean for scripts.
 */
export function promptSecret(prompt: string): Promise<string> {
  if (!canPrompt()) {
    return Promise.reject(new CliError('NO_PASSWORD', `${prompt.replace(/:\s*$/, '')} is needed, and there is no terminal to ask on.`));
  }
  const stdin = process.stdin;
  return new Promise((resolvePromise, reject) => {
    let value = '';
    process.stderr.write(prompt);
    const wasRaw = stdin.isRaw;
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const finish = (error?: Error): void => {
      stdin.off('data', onData);
      stdin.setRawMode(wasRaw);
      stdin.pause();
      process.stderr.write('\n');
      if (error !== undefined) reject(error);
      else resolvePromise(value);
    };
    const onData = (chunk: string): void => {
      for (const c of chunk) {
        if (c === '\r' || c === '\n') return finish();
        if (c === '\u0003' || c === '\u0004') return finish(new CliError('NO_PASSWORD', 'Cancelled at the password prompt.'));
        if (c === '\u007f' || c === '\b') value = value.slice(0, -1);
        else if (c >= ' ') value += c;
      }
    };
    stdin.on('data', onData);
  });
}
