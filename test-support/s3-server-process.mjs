// The S3-protocol test server (s3rver, a devDependency of the workspace root) as a process of its own,
// started by test-support/s3-server.ts and bench/object-storage.mjs over an IPC channel:
//   argv[2]: JSON { directory, port, buckets, accessKeyId, secretAccessKey }
//   sends { port } once it listens; answers { cpu: { user, system } } (microseconds) to 'cpu';
//   closes and exits on 'stop' or when the parent goes away.
// In its own process it answers while the test's process is blocked (psql and mariadb run there
// synchronously), and its CPU is measured apart from the benchmark's.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const S3rver = require('@20minutes/s3rver');
const accounts = require('@20minutes/s3rver/lib/models/account.js');

const config = JSON.parse(process.argv[2] ?? '{}');
accounts.DUMMY_ACCOUNT.createKeyPair(config.accessKeyId, config.secretAccessKey);
const server = new S3rver({
  address: '127.0.0.1',
  port: config.port ?? 0,
  silent: true,
  directory: config.directory,
  configureBuckets: (config.buckets ?? []).map((name) => ({ name })),
});

let closing = null;
const stop = () => {
  closing ??= server.close().finally(() => process.exit(0));
  return closing;
};

process.on('message', (m) => {
  if (m === 'cpu') process.send?.({ cpu: process.cpuUsage() });
  else if (m === 'stop') void stop();
});
// The parent died (or closed the channel): nothing is left to serve.
process.on('disconnect', () => void stop());

const { port } = await server.run();
process.send?.({ port });
