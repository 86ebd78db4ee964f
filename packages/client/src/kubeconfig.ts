import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import yaml from 'js-yaml';
import { ClientError } from './errors.js';

/** A `clusters[].cluster` entry of a kubeconfig. */
export interface KubeconfigCluster {
  server?: string;
  'certificate-authority'?: string;
  'certificate-authority-data'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'tls-server-name'?: string;
}

/** A `users[].user` entry of a kubeconfig. */
export interface KubeconfigUser {
  token?: string;
  tokenFile?: string;
  'client-certificate'?: string;
  'client-certificate-data'?: string;
  'client-key'?: string;
  'client-key-data'?: string;
  exec?: unknown;
  'auth-provider'?: unknown;
  username?: string;
  password?: string;
}

/** A `contexts[].context` entry of a kubeconfig. */
export interface KubeconfigContext {
  cluster?: string;
  user?: string;
  namespace?: string;
}

/** Several kubeconfig files merged by kubectl's rules: for each name, the first file that defines it wins. */
export interface MergedKubeconfig {
  currentContext: string | undefined;
  clusters: Map<string, KubeconfigCluster>;
  users: Map<string, KubeconfigUser>;
  contexts: Map<string, KubeconfigContext>;
  /** The files that were read, in precedence order. */
  files: string[];
}

/** Where to look for kubeconfig files and which parts of them to override. */
export interface LoadKubeconfigOptions {
  /** The `--kubeconfig` flag: this one file, which must exist; KUBECONFIG is then ignored. */
  kubeconfig?: string;
  /** The `--context` flag: use this context instead of current-context. */
  context?: string;
  /** The `--namespace` flag: overrides the context's namespace. */
  namespace?: string;
  /** Environment to read KUBECONFIG and HOME from (default process.env). */
  env?: Record<string, string | undefined>;
}

/** Everything needed to reach and authenticate to the API server of the chosen context. */
export interface ClientConfig {
  server: string;
  /** The context's namespace, else "default". */
  namespace: string;
  contextName: string;
  clusterName: string;
  userName: string | undefined;
  /** PEM text of the CA bundle, from certificate-authority-data or the file it names. */
  caData: string | undefined;
  insecureSkipTlsVerify: boolean;
  tlsServerName: string | undefined;
  /** The bearer token: inline, else read (trimmed) from tokenFile. */
  token: string | undefined;
  /** The token file's absolute path, so a caller can re-read a rotated token. */
  tokenFile: string | undefined;
  clientCertData: string | undefined;
  clientKeyData: string | undefined;
  username: string | undefined;
  password: string | undefined;
}

/** The paths kubectl would read, in precedence order, and whether they must exist. */
export function kubeconfigPaths(options: LoadKubeconfigOptions = {}): { paths: string[]; mustExist: boolean } {
  if (options.kubeconfig) return { paths: [resolve(options.kubeconfig)], mustExist: true };
  const env = options.env ?? process.env;
  const list = (env.KUBECONFIG ?? '').split(delimiter).filter((p) => p !== '');
  if (list.length > 0) return { paths: [...new Set(list.map((p) => resolve(p)))], mustExist: false };
  return { paths: [join(env.HOME || homedir(), '.kube', 'config')], mustExist: false };
}

type Named<T> = { name: string; value: T };

/** One parsed kubeconfig file, with relative paths already resolved against its directory. */
interface ParsedFile {
  currentContext: string | undefined;
  clusters: Named<KubeconfigCluster>[];
  users: Named<KubeconfigUser>[];
  contexts: Named<KubeconfigContext>[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads `list[].name` and `list[].<field>`; throws KubeconfigInvalid on a malformed list. */
function namedList<T>(path: string, doc: Record<string, unknown>, list: string, field: string): Named<T>[] {
  const raw = doc[list] ?? [];
  if (!Array.isArray(raw)) throw new ClientError('KubeconfigInvalid', { path, problem: `${list} must be a list` });
  return raw.map((entry: unknown, i) => {
    if (!isRecord(entry) || typeof entry.name !== 'string' || entry.name === '') {
      throw new ClientError('KubeconfigInvalid', { path, problem: `${list}[${i}] needs a name` });
    }
    const value = entry[field] ?? {};
    if (!isRecord(value))
      throw new ClientError('KubeconfigInvalid', { path, problem: `${list}[${i}].${field} must be a map` });
    return { name: entry.name, value: value as T };
  });
}

function resolveIn(dir: string, p: string | undefined): string | undefined {
  return p && !isAbsolute(p) ? join(dir, p) : p;
}

/** Makes the file paths in one file's entries absolute, relative to that file's directory (as kubectl does). */
function resolvePaths(file: ParsedFile, dir: string): void {
  for (const { value: c } of file.clusters) c['certificate-authority'] = resolveIn(dir, c['certificate-authority']);
  for (const { value: u } of file.users) {
    u.tokenFile = resolveIn(dir, u.tokenFile);
    u['client-certificate'] = resolveIn(dir, u['client-certificate']);
    u['client-key'] = resolveIn(dir, u['client-key']);
  }
}

/** Parses one kubeconfig's text; `path` names it in errors and anchors its relative paths. */
function parseKubeconfig(text: string, path: string): ParsedFile {
  let doc: unknown;
  try {
    doc = yaml.load(text) ?? {};
  } catch (err) {
    throw new ClientError(
      'KubeconfigInvalid',
      { path, problem: (err as Error).message.split('\n')[0] ?? 'bad YAML' },
      { cause: err },
    );
  }
  if (!isRecord(doc)) throw new ClientError('KubeconfigInvalid', { path, problem: 'the document must be a map' });
  const cc = doc['current-context'];
  const file: ParsedFile = {
    currentContext: typeof cc === 'string' && cc !== '' ? cc : undefined,
    clusters: namedList(path, doc, 'clusters', 'cluster'),
    users: namedList(path, doc, 'users', 'user'),
    contexts: namedList(path, doc, 'contexts', 'context'),
  };
  resolvePaths(file, dirname(path));
  return file;
}

/** Reads and parses one file; resolves undefined for a missing file unless it must exist. */
async function readKubeconfig(path: string, mustExist: boolean): Promise<ParsedFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new ClientError('KubeconfigUnreadable', { path }, { cause: err });
    if (mustExist) throw new ClientError('KubeconfigNotFound', { path }, { cause: err });
    return undefined;
  }
  return parseKubeconfig(text, path);
}

function addFirst<T>(into: Map<string, T>, entries: Named<T>[]): void {
  for (const { name, value } of entries) if (!into.has(name)) into.set(name, value);
}

/**
 * Reads the kubeconfig files kubectl would (see {@link kubeconfigPaths}) and merges them: for
 * each cluster, user and context name the first file defining it wins whole; current-context
 * comes from the first file that sets it. Missing files in KUBECONFIG are skipped; a missing
 * `--kubeconfig` file throws KubeconfigNotFound; no file at all throws NoConfiguration.
 */
export async function readMergedKubeconfig(options: LoadKubeconfigOptions = {}): Promise<MergedKubeconfig> {
  const { paths, mustExist } = kubeconfigPaths(options);
  const merged: MergedKubeconfig = {
    currentContext: undefined,
    clusters: new Map(),
    users: new Map(),
    contexts: new Map(),
    files: [],
  };
  for (const path of paths) {
    const file = await readKubeconfig(path, mustExist);
    if (!file) continue;
    merged.files.push(path);
    merged.currentContext ??= file.currentContext;
    addFirst(merged.clusters, file.clusters);
    addFirst(merged.users, file.users);
    addFirst(merged.contexts, file.contexts);
  }
  if (merged.files.length === 0) throw new ClientError('NoConfiguration', {});
  return merged;
}

async function readCredential(path: string, field: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new ClientError('CredentialFileUnreadable', { path, field }, { cause: err });
  }
}

/** Inline base64 data wins over a file path, as client-go's rest.Config does. */
async function dataOrFile(
  data: string | undefined,
  path: string | undefined,
  field: string,
): Promise<string | undefined> {
  if (data) return Buffer.from(data, 'base64').toString('utf8');
  return path ? readCredential(path, field) : undefined;
}

type ClusterPart = Pick<ClientConfig, 'server' | 'caData' | 'insecureSkipTlsVerify' | 'tlsServerName'>;

async function resolveCluster(name: string, c: KubeconfigCluster): Promise<ClusterPart> {
  if (!c.server) throw new ClientError('NoServer', { cluster: name });
  const insecure = c['insecure-skip-tls-verify'] === true;
  if (insecure && (c['certificate-authority'] || c['certificate-authority-data'])) {
    throw new ClientError('InsecureWithCA', { cluster: name });
  }
  return {
    server: c.server,
    caData: await dataOrFile(c['certificate-authority-data'], c['certificate-authority'], 'certificate-authority'),
    insecureSkipTlsVerify: insecure,
    tlsServerName: c['tls-server-name'] || undefined,
  };
}

type UserPart = Pick<
  ClientConfig,
  'token' | 'tokenFile' | 'clientCertData' | 'clientKeyData' | 'username' | 'password'
>;

const NO_USER: UserPart = {
  token: undefined,
  tokenFile: undefined,
  clientCertData: undefined,
  clientKeyData: undefined,
  username: undefined,
  password: undefined,
};

async function resolveToken(u: KubeconfigUser): Promise<string | undefined> {
  if (u.token) return u.token;
  return u.tokenFile ? (await readCredential(u.tokenFile, 'tokenFile')).trim() : undefined;
}

async function resolveUser(name: string, u: KubeconfigUser): Promise<UserPart> {
  if (u.exec) throw new ClientError('UnsupportedAuth', { user: name, method: 'an exec credential plugin' });
  if (u['auth-provider']) throw new ClientError('UnsupportedAuth', { user: name, method: 'an auth-provider' });
  const cert = await dataOrFile(u['client-certificate-data'], u['client-certificate'], 'client-certificate');
  const key = await dataOrFile(u['client-key-data'], u['client-key'], 'client-key');
  if ((cert === undefined) !== (key === undefined)) throw new ClientError('IncompleteClientCert', { user: name });
  return {
    token: await resolveToken(u),
    tokenFile: u.tokenFile || undefined,
    clientCertData: cert,
    clientKeyData: key,
    username: u.username || undefined,
    password: u.password || undefined,
  };
}

/**
 * Resolves a context of a merged kubeconfig into a {@link ClientConfig}: `options.context` or
 * current-context, its cluster and user, credentials read from the files they name, and the
 * namespace (`options.namespace`, else the context's, else "default"). Throws a ClientError
 * naming what is missing or inconsistent, e.g. `context "x" does not exist`.
 */
export async function resolveKubeconfig(
  merged: MergedKubeconfig,
  options: LoadKubeconfigOptions = {},
): Promise<ClientConfig> {
  const contextName = options.context || merged.currentContext;
  if (!contextName) throw new ClientError('NoCurrentContext', {});
  const ctx = merged.contexts.get(contextName);
  if (!ctx) throw new ClientError('ContextNotFound', { name: contextName });
  const clusterName = ctx.cluster ?? '';
  const cluster = merged.clusters.get(clusterName);
  if (!cluster) throw new ClientError('ClusterNotFound', { name: clusterName, context: contextName });
  const userName = ctx.user || undefined;
  const user = userName === undefined ? undefined : merged.users.get(userName);
  if (userName !== undefined && !user) throw new ClientError('UserNotFound', { name: userName, context: contextName });
  return {
    ...(await resolveCluster(clusterName, cluster)),
    ...(user && userName ? await resolveUser(userName, user) : NO_USER),
    namespace: options.namespace || ctx.namespace || 'default',
    contextName,
    clusterName,
    userName,
  };
}

/**
 * Loads the client configuration as kubectl does: `--kubeconfig`, else the KUBECONFIG list
 * (merged), else ~/.kube/config; then the chosen context. See {@link readMergedKubeconfig}
 * and {@link resolveKubeconfig} for the rules and errors.
 */
export async function loadKubeconfig(options: LoadKubeconfigOptions = {}): Promise<ClientConfig> {
  return resolveKubeconfig(await readMergedKubeconfig(options), options);
}
