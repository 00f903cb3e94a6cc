import { readFileSync } from 'node:fs';
import { isAbsolute, resolve, dirname } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ServerError } from '../server-error.js';

/** A secret the server holds for encryption passwords: read from an environment variable or a file, never from the config itself. */
const SecretSource = Type.Union([
  Type.Object({ env: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
  Type.Object({ file: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
]);

/**
 * A named object-storage credential (ORDS's credential_name): a profile of the AWS shared files, or an
 * access key pair read from the environment or files; the endpoint and region of its store optional.
 */
const CredentialSchema = Type.Object(
  {
    profile: Type.Optional(Type.String({ minLength: 1 })),
    access_key_id: Type.Optional(SecretSource),
    secret_access_key: Type.Optional(SecretSource),
    endpoint: Type.Optional(Type.String({ pattern: '^https?://[^/@\\s]+/?$' })),
    region: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);

/** The JSON of `sluice serve --config FILE`. */
export const ServerConfigSchema = Type.Object(
  {
    /** host:port to listen on, e.g. 127.0.0.1:8470 (port 0: any free port). */
    listen: Type.String({ pattern: '^[^\\s]+:\\d{1,5}$' }),
    /** Database name → URL without credentials (the user and password come from each request's HTTP Basic login). */
    databases: Type.Record(Type.String({ pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]*$' }), Type.String({ minLength: 1 })),
    /** Directory name → absolute folder, or s3://bucket/prefix. */
    directories: Type.Record(Type.String({ pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]*$' }), Type.String({ minLength: 1 })),
    /** HTTPS: PEM files of the certificate (chain) and its private key. */
    tls: Type.Optional(Type.Object({ cert: Type.String({ minLength: 1 }), key: Type.String({ minLength: 1 }) }, { additionalProperties: false })),
    /** Secret name → where its value is read; a request names one in encryption_secret. */
    secrets: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]*$' }), SecretSource)),
    /** Object storage for s3:// directories: an S3-compatible endpoint and an AWS profile (keys come from the AWS chain). */
    object_storage: Type.Optional(Type.Object({ endpoint: Type.Optional(Type.String({ pattern: '^https?://[^/@\\s]+/?$' })), profile: Type.Optional(Type.String()) }, { additionalProperties: false })),
    /** Credential name → how to reach object storage; a request names one in credential_name with an s3:// file_name. */
    credentials: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]*$' }), CredentialSchema)),
    /** The largest request body in bytes (default 65536). */
    body_limit: Type.Optional(Type.Integer({ minimum: 1024, maximum: 16 * 1024 * 1024 })),
    /** How long a failed login waits before its 401, in milliseconds (default 1000). */
    failed_login_delay_ms: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000 })),
  },
  { additionalProperties: false },
);

/** A credential of the configuration, checked (secret sources with absolute paths). */
export interface ResolvedCredential {
  readonly profile?: string;
  readonly accessKeyId?: SecretSourceValue;
  readonly secretAccessKey?: SecretSourceValue;
  readonly endpoint?: string;
  readonly region?: string;
}

/** Where a secret's value is read: an environment variable or a file. */
export type SecretSourceValue = { readonly env: string } | { readonly file: string };

/** The server's configuration as written. */
export type ServerConfig = Static<typeof ServerConfigSchema>;

/** The configuration checked, with paths made absolute and defaults applied. */
export interface ResolvedConfig {
  readonly host: string;
  readonly port: number;
  readonly databases: Readonly<Record<string, string>>;
  readonly directories: Readonly<Record<string, string>>;
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer };
  readonly secrets: Readonly<Record<string, { env: string } | { file: string }>>;
  readonly objectStorage: { readonly endpoint?: string; readonly profile?: string };
  readonly credentials: Readonly<Record<string, ResolvedCredential>>;
  readonly bodyLimit: number;
  readonly failedLoginDelayMs: number;
}

/** The location scheme of a credential's object storage: `s3+` and its name in lower case, `_` as `-` (a URL scheme has no `_`). */
export function credentialScheme(name: string): string {
  return `s3+${name.toLowerCase().replace(/_/g, '-')}`;
}

const c0 = (config: unknown): ServerConfig => config as ServerConfig;

function fail(where: string, message: string): never {
  throw new ServerError('BAD_CONFIG', `${where}: ${message}`);
}

/** Check a configuration object (paths relative to `baseDir`), naming the key that is wrong. */
export function resolveConfig(config: unknown, baseDir: string, where = 'the server configuration'): ResolvedConfig {
  if (!Value.Check(ServerConfigSchema, config)) {
    const first = [...Value.Errors(ServerConfigSchema, config)][0];
    const key = first === undefined || first.path === '' ? '(top level)' : first.path.slice(1).replace(/\//g, '.');
    fail(
      where,
      `${key}: ${first?.message ?? 'not valid'}. Expected {"listen": "127.0.0.1:8470", "databases": {"NAME": "postgres://host:5432/db"}, "directories": {"NAME": "/folder or s3://bucket/prefix"}}.`,
    );
  }
  const c = c0(config);
  const colon = c.listen.lastIndexOf(':');
  const host = c.listen.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  const port = Number(c.listen.slice(colon + 1));
  if (port > 65535) fail(where, `listen: port ${port} is above 65535`);
  for (const [name, url] of Object.entries(c.databases)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return fail(where, `databases.${name} is not a URL; write it as postgres://host:5432/database or mysql://host:3306/database`);
    }
    if (!['postgres:', 'postgresql:', 'mysql:', 'mariadb:'].includes(parsed.protocol))
      fail(where, `databases.${name}: the scheme ${parsed.protocol} is not postgres://, postgresql://, mysql:// or mariadb://`);
    if (parsed.password !== '' || parsed.username !== '' || /password|pwd/i.test(parsed.search)) {
      fail(where, `databases.${name} carries credentials; give the URL without user and password (each request logs in with HTTP Basic as a database user)`);
    }
  }
  const directories: Record<string, string> = {};
  for (const [name, path] of Object.entries(c.directories)) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
      if (!/^s3:\/\/[^/@\s]+/.test(path)) fail(where, `directories.${name}: ${path} is neither a folder nor an s3://bucket/prefix location`);
      directories[name] = path.replace(/\/+$/, '');
    } else directories[name] = isAbsolute(path) ? path : resolve(baseDir, path);
  }
  const read = (key: string, file: string): Buffer => {
    try {
      return readFileSync(isAbsolute(file) ? file : resolve(baseDir, file));
    } catch (error) {
      return fail(where, `${key}: cannot read ${file}: ${(error as Error).message}`);
    }
  };
  const source = (s: { env: string } | { file: string }): SecretSourceValue => ('file' in s ? { file: isAbsolute(s.file) ? s.file : resolve(baseDir, s.file) } : s);
  const credentials: Record<string, ResolvedCredential> = {};
  const schemes = new Map<string, string>();
  for (const [name, cred] of Object.entries(c.credentials ?? {})) {
    const clash = schemes.get(credentialScheme(name));
    if (clash !== undefined) fail(where, `credentials.${name} and credentials.${clash} differ only in case or in _ against -; rename one`);
    schemes.set(credentialScheme(name), name);
    if ((cred.access_key_id === undefined) !== (cred.secret_access_key === undefined)) fail(where, `credentials.${name}: give access_key_id and secret_access_key together (or a profile)`);
    if (cred.profile !== undefined && cred.access_key_id !== undefined) fail(where, `credentials.${name}: give a profile or an access key pair, not both`);
    if (cred.profile === undefined && cred.access_key_id === undefined)
      fail(where, `credentials.${name}: give a profile (of the AWS shared files) or access_key_id and secret_access_key (each {"env": "VAR"} or {"file": "path"})`);
    credentials[name] = {
      ...(cred.profile === undefined ? {} : { profile: cred.profile }),
      ...(cred.access_key_id === undefined ? {} : { accessKeyId: source(cred.access_key_id) }),
      ...(cred.secret_access_key === undefined ? {} : { secretAccessKey: source(cred.secret_access_key) }),
      ...(cred.endpoint === undefined ? {} : { endpoint: cred.endpoint.replace(/\/$/, '') }),
      ...(cred.region === undefined ? {} : { region: cred.region }),
    };
  }
  return {
    host,
    port,
    databases: { ...c.databases },
    directories,
    ...(c.tls === undefined ? {} : { tls: { cert: read('tls.cert', c.tls.cert), key: read('tls.key', c.tls.key) } }),
    secrets: Object.fromEntries(Object.entries(c.secrets ?? {}).map(([n, s]) => [n, 'file' in s ? { file: isAbsolute(s.file) ? s.file : resolve(baseDir, s.file) } : s])),
    objectStorage: {
      ...(c.object_storage?.endpoint === undefined ? {} : { endpoint: c.object_storage.endpoint.replace(/\/$/, '') }),
      ...(c.object_storage?.profile === undefined ? {} : { profile: c.object_storage.profile }),
    },
    credentials,
    bodyLimit: c.body_limit ?? 65536,
    failedLoginDelayMs: c.failed_login_delay_ms ?? 1000,
  };
}

/** Read and check the JSON configuration file of `sluice serve --config FILE`. */
export function loadConfig(file: string): ResolvedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ServerError('BAD_CONFIG', `--config ${file}: cannot read the file: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ServerError('BAD_CONFIG', `--config ${file} is not JSON: ${(error as Error).message}`);
  }
  return resolveConfig(json, dirname(resolve(file)), `--config ${file}`);
}

/** The value of a configured secret, read when a request needs it. */
export function readSecret(config: ResolvedConfig, name: string): string | undefined {
  const source = config.secrets[name];
  return source === undefined ? undefined : readSecretSource(source);
}

/** A secret's value from its environment variable or file; undefined when neither gives one. */
export function readSecretSource(source: SecretSourceValue): string | undefined {
  if ('env' in source) return process.env[source.env];
  try {
    return readFileSync(source.file, 'utf8').replace(/\r?\n$/, '');
  } catch {
    return undefined;
  }
}
