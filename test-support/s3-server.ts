import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// An S3-protocol server on 127.0.0.1 for tests (s3rver, a devDependency of the workspace root): it
// checks SigV4 signatures, refuses unknown access keys and speaks multipart upload and ranged GET.

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;
interface AccountModule {
  DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void; revokeAccessKey(id: string): void };
}

const require = createRequire(import.meta.url);
const S3rver = require('@20minutes/s3rver') as S3rverClass;
const accounts = require('@20minutes/s3rver/lib/models/account.js') as AccountModule;

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
  accounts.DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
  let port = 0;
  let server: S3rverInstance | null = null;
  const start = async (): Promise<void> => {
    const s = new S3rver({ address: '127.0.0.1', port, silent: true, directory, configureBuckets: buckets.map((name) => ({ name })) });
    const address = await s.run();
    port = address.port;
    server = s;
  };
  const stop = async (): Promise<void> => {
    const s = server;
    server = null;
    await s?.close();
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
      accounts.DUMMY_ACCOUNT.revokeAccessKey(accessKeyId);
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
