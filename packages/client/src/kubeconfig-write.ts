import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import yaml from 'js-yaml';
import { ClientError } from './errors.js';

/** What {@link renderKubeconfig} writes: one cluster, one user, one context, made current. */
export interface KubeconfigSpec {
  /** The API server URL, e.g. http://127.0.0.1:6443. */
  server: string;
  /** Name of the cluster, user and context (default "wheelhouse"). */
  name?: string;
  /** The context's namespace; omitted means "default". */
  namespace?: string;
  /** A bearer token for the user. */
  token?: string;
  /** PEM text of the CA bundle; stored base64 as certificate-authority-data. */
  caData?: string;
  insecureSkipTlsVerify?: boolean;
}

function validServer(server: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(server).protocol);
  } catch {
    return false;
  }
}

/** Renders a minimal kubeconfig as YAML. Throws InvalidOption unless `server` is an http(s) URL. */
export function renderKubeconfig(spec: KubeconfigSpec): string {
  if (!validServer(spec.server))
    throw new ClientError('InvalidOption', { option: 'server', problem: 'must be an http(s) URL' });
  const name = spec.name ?? 'wheelhouse';
  const cluster = {
    server: spec.server,
    ...(spec.caData ? { 'certificate-authority-data': Buffer.from(spec.caData).toString('base64') } : {}),
    ...(spec.insecureSkipTlsVerify ? { 'insecure-skip-tls-verify': true } : {}),
  };
  const context = { cluster: name, user: name, ...(spec.namespace ? { namespace: spec.namespace } : {}) };
  return yaml.dump({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster }],
    users: [{ name, user: spec.token ? { token: spec.token } : {} }],
    contexts: [{ name, context }],
    'current-context': name,
    preferences: {},
  });
}

/** Writes {@link renderKubeconfig}'s output to `path` (mode 0600), creating its directory. */
export async function writeKubeconfig(path: string, spec: KubeconfigSpec): Promise<void> {
  const text = renderKubeconfig(spec);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text, { mode: 0o600 });
}
