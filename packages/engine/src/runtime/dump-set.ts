import { join } from 'node:path';
import { isLocationUrl } from '@sluice/dump-format';
import { jobFileLocalPath } from './job-files.js';
import type { ServerInfo } from '@sluice/adapter-kit';
import type { DumpSetReaderOptions, DumpSetWriterOptions } from '@sluice/dump-format';
import { JobError } from '../errors.js';
import type { JobDefinition, JobFileSpec, JobSecrets } from '../job/job-definition.js';
import type { ResolvedParameters } from '../parameters/index.js';

/** The dump files of a job: one directory (the directory object) and the file names or templates. */
export function dumpFiles(def: JobDefinition): { directory: string; specs: string[]; fileSize?: number; reuse: boolean } {
  const files = def.files.filter((f) => f.kind === 'DUMP');
  const first = files[0];
  if (first === undefined) {
    throw new JobError('INCONSISTENT_ARGS', `Job "${def.jobName}" has no dump file: add one with addFile (kind DUMP), or use a network link.`, { jobName: def.jobName });
  }
  const other = files.find((f) => f.directory !== first.directory);
  if (other !== undefined) {
    throw new JobError('INCONSISTENT_ARGS', `The dump files of job "${def.jobName}" are in two directories (${first.directory} and ${other.directory}); a dump file set lives in one directory.`, {
      jobName: def.jobName,
    });
  }
  const fileSize = files.find((f) => f.fileSize !== undefined)?.fileSize;
  return { directory: first.directory, specs: files.map((f) => f.name), ...(fileSize === undefined ? {} : { fileSize }), reuse: files.some((f) => f.reuse === true) };
}

/** The path of the job's file of `kind` (LOG or SQL), if it has one. */
export function jobFilePath(def: JobDefinition, kind: JobFileSpec['kind']): string | undefined {
  const f = def.files.find((x) => x.kind === kind);
  return f === undefined ? undefined : jobFileLocalPath(def, f.directory, f.name);
}

/** How the log names a file of `directory`: a path, or a URL under an object-storage location. */
export function displayPath(directory: string, name: string): string {
  return isLocationUrl(directory) ? `${directory.replace(/\/+$/, '')}/${name}` : join(directory, name);
}

/** DumpSetWriter options from a job's definition, parameters and secrets. */
export function writerOptions(def: JobDefinition, params: ResolvedParameters, secrets: JobSecrets, server: ServerInfo, guid: string): DumpSetWriterOptions {
  const files = dumpFiles(def);
  const encrypting = params.encryption !== 'NONE' && params.encryptionMode !== undefined;
  return {
    directory: files.directory,
    fileSpecs: files.specs,
    ...(files.fileSize === undefined ? {} : { fileSize: files.fileSize }),
    reuseDumpfiles: files.reuse,
    job: { guid, name: def.jobName, sourceEngine: server.engine, sourceVersion: server.version, charset: server.charset, platform: server.platform, host: server.host },
    compression: params.compression,
    compressionAlgorithm: 'lz4',
    ...(encrypting
      ? {
          encryption: params.encryption,
          encryptionAlgorithm: params.encryptionAlgorithm,
          encryptionMode: params.encryptionMode === 'TRANSPARENT' ? 'KEY_FILE' : 'PASSWORD',
          ...(secrets.encryptionPassword === undefined ? {} : { encryptionPassword: secrets.encryptionPassword }),
          ...(secrets.keyFile === undefined ? {} : { keyFile: secrets.keyFile }),
        }
      : { encryption: 'NONE', encryptionMode: 'NONE' }),
    checksum: params.checksum,
    version: def.version,
  };
}

/** DumpSetReader options from a job's definition, parameters and secrets. */
export function readerOptions(def: JobDefinition, params: ResolvedParameters, secrets: JobSecrets): DumpSetReaderOptions {
  const files = dumpFiles(def);
  return {
    directory: files.directory,
    files: files.specs,
    ...(secrets.encryptionPassword === undefined ? {} : { encryptionPassword: secrets.encryptionPassword }),
    ...(secrets.keyFile === undefined ? {} : { keyFile: secrets.keyFile }),
    continueOnFormatError: params.continueLoadOnFormatError,
  };
}
