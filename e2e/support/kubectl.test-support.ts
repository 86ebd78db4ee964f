/**
 * The real kubectl as a user runs it against one Wheelhouse API server (packages/testing's
 * kubectlHome: a fresh HOME and a kubeconfig), with the reads these tests share, plus polling
 * that waits for a condition with a generous deadline (never a fixed sleep).
 */
import { expect } from 'vitest';
import { kubectlHome, startProcess, type Kubectl as KubectlRunner, type RunningProcess } from '@wheelhouse/testing';

/** The fields of a Kubernetes object these tests read (list items, `-o json`). */
export interface KubeObject {
  metadata: {
    name: string;
    namespace?: string;
    uid: string;
    generation?: number;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
  };
  spec?: any;
  status?: any;
}

/** A `kind: List` answer of `kubectl get ... -o json`. */
export interface KubeList<T = KubeObject> {
  items: T[];
}

/** How long one kubectl run may take before it is killed (a watch-based command waits less). */
const RUN_TIMEOUT_MS = 120_000;
/** How often `until` looks again: each look is a kubectl process, so not too often on 2 cores. */
const POLL_MS = 300;

/**
 * Creates the kubectl these tests drive, for `server` (namespace `default`); its `kubeconfig`
 * serves the cluster's components too. The caller must `cleanup()`.
 */
export async function startKubectl(server: string): Promise<Kubectl> {
  return new Kubectl(
    await kubectlHome({ server, namespace: 'default', prefix: 'wheelhouse-e2e-kubectl-', timeoutMs: RUN_TIMEOUT_MS }),
  );
}

/** Runs the real kubectl with its own HOME and KUBECONFIG. */
export class Kubectl {
  constructor(private readonly runner: KubectlRunner) {}

  /** The kubeconfig file kubectl reads. */
  get kubeconfig(): string {
    return this.runner.kubeconfig;
  }

  /** Runs `kubectl args` and resolves with its stdout; rejects with the command and its stderr on failure. */
  async ok(args: string[], input?: string): Promise<string> {
    const r = await this.runner.exec(args, { input });
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}:\n${r.stderr}${r.stdout}`);
    return r.stdout;
  }

  /** Runs `kubectl args`, which must fail; resolves with its stderr, rejects if it exits 0. */
  async fails(args: string[]): Promise<string> {
    const r = await this.runner.exec(args);
    if (r.code === 0) throw new Error(`kubectl ${args.join(' ')} succeeded:\n${r.stdout}`);
    return r.stderr;
  }

  /** `kubectl args -o json`, parsed. */
  async json<T = KubeObject>(args: string[]): Promise<T> {
    return JSON.parse(await this.ok([...args, '-o', 'json'])) as T;
  }

  /**
   * `kubectl apply -n ns -f -` of `objects`, sent as a stream of JSON documents; resolves with
   * kubectl's output (a stream of documents, each reported as kubectl reports it).
   */
  apply(ns: string, objects: object[]): Promise<string> {
    return this.ok(['apply', '-n', ns, '-f', '-'], objects.map((o) => JSON.stringify(o)).join('\n'));
  }

  /** The pods of `ns` (matching `selector` if given) that are not being deleted. */
  async pods(ns: string, selector?: string): Promise<KubeObject[]> {
    const list = await this.json<KubeList>(['get', 'pods', '-n', ns, ...(selector ? ['-l', selector] : [])]);
    return list.items.filter((p) => !p.metadata.deletionTimestamp);
  }

  /** Whether `kubectl get args` fails with NotFound (rejects on any other failure). */
  async notFound(args: string[]): Promise<boolean> {
    const r = await this.runner.exec(['get', ...args]);
    if (r.code === 0) return false;
    if (/\(NotFound\)/.test(r.stderr)) return true;
    throw new Error(`kubectl get ${args.join(' ')} exited ${r.code}:\n${r.stderr}`);
  }

  /** Starts a long-running kubectl (e.g. `get -w`); the caller must `stop()` it. */
  start(args: string[]): RunningProcess {
    return startProcess('kubectl', args, { env: this.runner.env, cwd: this.runner.home });
  }

  /** Removes kubectl's HOME. */
  cleanup(): Promise<void> {
    return this.runner.cleanup();
  }
}

/** The Ready condition's status of a pod or node, if it has one. */
export function ready(o: KubeObject): string | undefined {
  return (o.status?.conditions as { type: string; status: string }[] | undefined)?.find((c) => c.type === 'Ready')
    ?.status;
}

/** A pod as `kubectl get pods -o wide` shows it Running: Ready, on a node, with an IP. */
export function running(p: KubeObject): boolean {
  return p.status?.phase === 'Running' && ready(p) === 'True' && !!p.spec.nodeName && !!p.status.podIP;
}

/** A condition of an object's status (pod, node, namespace, ...). */
export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/** The status condition of `type`, if the object has one. */
export function condition(o: KubeObject, type: string): Condition | undefined {
  return (o.status?.conditions as Condition[] | undefined)?.find((c) => c.type === type);
}

/** A node's taint. */
export interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

/** A node's taints (none: empty). */
export function taints(node: KubeObject): Taint[] {
  return (node.spec?.taints as Taint[] | undefined) ?? [];
}

/**
 * Reads with `read` every few hundred milliseconds until `accept` holds for what it read, and
 * resolves with that value. Errors from `read` count as "not yet". After `ms` it throws
 * `timed out waiting for <what>` with the last value (or error) seen.
 */
export async function until<T>(
  what: string,
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  ms = 90_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await read();
      if (accept(value)) return value;
      last = value;
    } catch (err) {
      last = err instanceof Error ? err.message : err;
    }
    if (Date.now() > deadline) {
      const seen = typeof last === 'string' ? last : JSON.stringify(last, null, 1);
      throw new Error(`timed out after ${ms} ms waiting for ${what}; last seen:\n${seen.slice(0, 4000)}`);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** Creates namespace `name` with kubectl, checking kubectl's answer; returns the name. */
export async function createNamespace(k: Kubectl, name: string): Promise<string> {
  expect(await k.ok(['create', 'namespace', name])).toContain(`namespace/${name} created`);
  return name;
}
