import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLocationUrl, resolveLocation } from '@sluice/dump-format';
import type { JobDefinition } from '../job/job-definition.js';

// The log, SQL and reject files of a job whose directory is object storage are text written line by
// line: they are kept in a local working folder while the job runs and copied to the location when it
// ends (objects cannot be appended to). Dump files never take this path: they stream as multipart uploads.

/** The local working folder of a job's files that belong in object storage. */
function workingFolder(def: JobDefinition, directory: string): string {
  const tag = createHash('sha256').update(`${directory}\0${def.owner}\0${def.jobName}`).digest('hex').slice(0, 16);
  return join(tmpdir(), 'sluice-job-files', tag);
}

/** Where the job's file `name` in `directory` is written: the directory itself, or the working folder for a location URL. */
export function jobFileLocalPath(def: JobDefinition, directory: string, name: string): string {
  return isLocationUrl(directory) ? join(workingFolder(def, directory), name) : join(directory, name);
}

/** The job's LOG/SQL files that live in object storage: their directory and working folder. */
function remoteFiles(def: JobDefinition): Array<{ directory: string; folder: string; names: string[] }> {
  const byDir = new Map<string, string[]>();
  for (const f of def.files) {
    if (!isLocationUrl(f.directory)) continue;
    // A dump directory is listed too: a reject file may be written there.
    byDir.set(f.directory, [...(byDir.get(f.directory) ?? []), ...(f.kind === 'DUMP' ? [] : [f.name])]);
  }
  return [...byDir].map(([directory, names]) => ({ directory, folder: workingFolder(def, directory), names }));
}

/** Before a (re)start: a log already in object storage is fetched into the working folder, so a restart appends to it. */
export async function fetchJobFiles(def: JobDefinition, append: boolean): Promise<void> {
  for (const { directory, folder, names } of remoteFiles(def)) {
    mkdirSync(folder, { recursive: true });
    if (!append) continue;
    const location = await resolveLocation(directory);
    for (const name of names) {
      // A working copy left by a run of this job that died here is newer than the object.
      if (existsSync(join(folder, name))) continue;
      const reader = await location.openRead(name).catch(() => null);
      if (reader === null) continue;
      try {
        const buf = Buffer.alloc(reader.size);
        let at = 0;
        while (at < buf.length) {
          const { bytesRead } = await reader.read(buf, at, buf.length - at, at);
          if (bytesRead === 0) break;
          at += bytesRead;
        }
        writeFileSync(join(folder, name), buf.subarray(0, at));
      } finally {
        await reader.close();
      }
    }
  }
}

/** After the job ends (or stops): every file of the working folder is copied to its location, whole. */
export async function publishJobFiles(def: JobDefinition): Promise<void> {
  for (const { directory, folder } of remoteFiles(def)) {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      continue;
    }
    const location = await resolveLocation(directory);
    for (const name of names) {
      const bytes = readFileSync(join(folder, name));
      const out = await location.create(name, { overwrite: true, sync: false });
      try {
        await out.write([bytes], 0);
        await out.commit(Buffer.alloc(0));
      } catch (e) {
        await out.abort().catch(() => undefined);
        throw e;
      }
    }
    rmSync(folder, { recursive: true, force: true });
  }
}
