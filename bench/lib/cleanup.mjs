// Everything the benchmark creates registers how to undo it here; run() undoes it in reverse
// order, on success, on failure and on SIGINT/SIGTERM (after stopping the children we started).
import { abortState, liveChildren } from './proc.mjs';

const actions = [];
let running = null;

export function onCleanup(label, fn) {
  const entry = { label, fn };
  actions.push(entry);
  return () => {
    const i = actions.indexOf(entry);
    if (i >= 0) actions.splice(i, 1);
  };
}

export async function runCleanup() {
  if (running) return running;
  running = (async () => {
    while (actions.length) {
      const { label, fn } = actions.pop();
      try {
        await fn();
      } catch (e) {
        console.error(`cleanup: ${label} failed: ${e.message}`);
      }
    }
  })();
  await running;
  running = null;
}

function stopChildren() {
  for (const child of liveChildren) {
    try {
      child.kill('SIGTERM');
    } catch {
      /* already gone */
    }
  }
}

let signalled = false;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, async () => {
    if (signalled) return;
    signalled = true;
    abortState.aborted = true;
    console.error(`\nbench: ${sig} received, stopping and cleaning up...`);
    stopChildren();
    await new Promise((r) => setTimeout(r, 500));
    await runCleanup();
    stopChildren();
    process.exit(130);
  });
}
