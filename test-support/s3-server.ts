import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// An S3-protocol server on 127.0.0.1 for tests (s3rver, a devDependency of the workspace root): it
// checks SigV4 signatures, refuses unknown access keys and speaks multipart upload and ranged GET. It
// runs in a process of its own (s3-server-process.mjs): the test's process blocks while psql and
// mariadb run synchronously, and a server in it would stop answering the CLI under test meanwhile
// (under load, polls every 50 ms left it answering a fraction of the time).

const serverScript = fileURLToPath(new URL('./s3-server-process.mjs', import.meta.url));

/** A running test server: its endpoint, one access key pair it accepts, and stop/start for fault tests. */
export interface TestS3Server {
  /** `http://127.0.0.1:PORT` */
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** The folder that holds the buckets (objects are files under it). */
  readonly directory: string;
  /** Environment for a CLI child process: the standard AWS variables pointing at this server. */
  env(): Record<string, string>;
  /** Stops answering (the port closes); objects stay. */
  stop(): Promise<void>;
  /** Answers again on the same port. */
  start(): Promise<void>;
  /** Stops and removes everything. */
  close(): Promise<void>;
  /** The bytes of an object as the server stores them, or null when there is none. */
  object(bucket: string, key: string): Buffer | null;
  /** Where the server keeps an object's bytes (a fault test may damage them). */
  objectPath(bucket: string, key: string): string;
  /** The keys of the objects under `prefix`, sorted. */
  keys(bucket: string, prefix: string): string[];
  /** The keys of the multipart uploads in progress (started, neither completed nor aborted) under `prefix`, sorted: what the store keeps and bills. */
  uploads(bucket: string, prefix: string): string[];
  /** Whether any stored byte sequence (objects, their metadata, upload parts) contains `needle`. */
  storesText(needle: string): boolean;
}

const OBJECT_SUFFIX = '._S3rver_object';
/** The folder of a bucket's uploads in progress: one folder per upload, its key in the file `key`. */
const UPLOADS_FOLDER = '._S3rver_uploads';

/** Starts a server with the given buckets and a fresh random access key pair. */
export async function startS3Server(buckets: readonly string[] = []): Promise<TestS3Server> {
  const directory = mkdtempSync(join(tmpdir(), 'sluice-s3-'));
  const accessKeyId = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`;
  const secretAccessKey = randomBytes(20).toString('base64url');
  let port = 0;
  let server: ChildProcess | null = null;
  const start = async (): Promise<void> => {
    const child = fork(serverScript, [JSON.stringify({ directory, port, buckets, accessKeyId, secretAccessKey })], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    port = await new Promise<number>((resolve, reject) => {
      child.on('message', (m: { port?: number }) => {
        if (typeof m.port === 'number') resolve(m.port);
      });
      child.once('error', reject);
      child.once('exit', (code, signal) => reject(new Error(`the S3 test server exited (${code ?? signal}) before it listened on 127.0.0.1:${port || 'a free port'}`)));
    });
    server = child;
  };
  /** Stops answering: the port closes, the requests being served finish (s3rver's close), the process ends. */
  const stop = async (): Promise<void> => {
    const child = server;
    server = null;
    if (child === null || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.send('stop');
    await exited;
  };
  await start();
  const objectPath = (bucket: string, key: string): string => join(directory, bucket, `${key}${OBJECT_SUFFIX}`);
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    accessKeyId,
    secretAccessKey,
    directory,
    env: () => ({ AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_ENDPOINT_URL: endpoint, AWS_REGION: 'us-east-1' }),
    stop,
    start,
    objectPath,
    object: (bucket, key) => {
      const path = objectPath(bucket, key);
      return existsSync(path) ? readFileSync(path) : null;
    },
    keys: (bucket, prefix) =>
      readdirSync(join(directory, bucket), { recursive: true, encoding: 'utf8' })
        .filter((p) => p.endsWith(OBJECT_SUFFIX))
        .map((p) => p.slice(0, -OBJECT_SUFFIX.length))
        .filter((k) => k.startsWith(prefix))
        .sort(),
    uploads: (bucket, prefix) => {
      const folder = join(directory, bucket, UPLOADS_FOLDER);
      if (!existsSync(folder)) return [];
      const keyOf = (id: string): string[] => {
        try {
          return [readFileSync(join(folder, id, 'key'), 'utf8')];
        } catch {
          return []; // completed or aborted meanwhile
        }
      };
      return readdirSync(folder)
        .flatMap(keyOf)
        .filter((k) => k.startsWith(prefix))
        .sort();
    },
    storesText: (needle) => readdirSync(directory, { recursive: true, withFileTypes: true }).some((e) => e.isFile() && readFileSync(join(e.parentPath, e.name)).includes(needle)),
    close: async () => {
      await stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
