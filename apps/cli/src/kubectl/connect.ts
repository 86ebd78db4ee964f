/**
 * The flags every kubectl-style verb takes to reach the cluster (`--kubeconfig`,
 * `--data-dir`, `-n/--namespace`) and the session built from them: which kubeconfig
 * (`--kubeconfig`, else KUBECONFIG, else `<data-dir>/kubeconfig` when `wheelhouse up` wrote
 * one, else ~/.kube/config) and which namespace (the flag, else the context's, else `default`).
 */
import { access } from 'node:fs/promises';
import { RestClient, loadKubeconfig } from '@wheelhouse/client';
import { kubeconfigFlag } from '@wheelhouse/flags';
import { dataDirFlag } from '../data-dir-flag.js';
import { clusterPaths } from '../data-dir.js';
import { Discovery } from './discovery.js';

/** `--kubeconfig`, `--data-dir`, `-n/--namespace`. */
export const connectionFlags = {
  kubeconfig: kubeconfigFlag,
  'data-dir': dataDirFlag,
  namespace: {
    type: 'string',
    short: 'n',
    description: 'the namespace (default: the context\'s, else "default")',
    placeholder: 'NS',
  },
} as const;

/** The parsed values of {@link connectionFlags}. */
export interface ConnectionFlagValues {
  kubeconfig: string;
  'data-dir': string;
  namespace?: string | undefined;
}

/** A connection to the cluster for one verb. */
export interface Session {
  rest: RestClient;
  /** The namespace of namespaced objects that name none. */
  namespace: string;
  /** Whether -n/--namespace was given (apply then refuses objects of another namespace). */
  namespaceGiven: boolean;
  /** The server's resources, read once. */
  discovery(): Promise<Discovery>;
  close(): void;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** The kubeconfig file a verb uses (undefined: the usual rules, KUBECONFIG then ~/.kube/config). */
async function kubeconfigFile(flags: ConnectionFlagValues): Promise<string | undefined> {
  if (flags.kubeconfig) return flags.kubeconfig;
  if (process.env.KUBECONFIG) return undefined;
  const own = clusterPaths(flags['data-dir']).kubeconfig;
  return (await exists(own)) ? own : undefined;
}

/** Loads the kubeconfig as described in the module comment and opens a client (user agent `wheelhouse`). */
export async function connect(flags: ConnectionFlagValues): Promise<Session> {
  const namespace = flags.namespace;
  const file = await kubeconfigFile(flags);
  const config = await loadKubeconfig({
    ...(file ? { kubeconfig: file } : {}),
    ...(namespace ? { namespace } : {}),
  });
  const rest = RestClient.fromConfig(config, { userAgent: 'wheelhouse', maxRetries: 0 });
  let discovery: Promise<Discovery> | undefined;
  return {
    rest,
    namespace: config.namespace,
    namespaceGiven: Boolean(namespace),
    discovery: () => (discovery ??= Discovery.load(rest)),
    close: () => rest.close(),
  };
}

/** Runs `body` with a session, closing it after. */
export async function withSession<T>(flags: ConnectionFlagValues, body: (s: Session) => Promise<T>): Promise<T> {
  const session = await connect(flags);
  try {
    return await body(session);
  } finally {
    session.close();
  }
}
