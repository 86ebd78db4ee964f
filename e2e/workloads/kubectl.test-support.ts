/**
 * The real kubectl as a user runs it against one Wheelhouse API server: a fresh HOME (kubectl
 * caches discovery under $HOME/.kube/cache, see kubectl-wire.md section 0) and a kubeconfig
 * file, plus polling that waits for a condition with a generous deadline (never a fixed sleep).
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startProcess, type RunningProcess } from '@wheelhouse/testing';

/** What one kubectl run printed and how it exited. */
export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

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

/** Writes a kubeconfig for `server` (namespace `default`) into `home`; returns its path. */
export async function writeKubeconfig(home: string, server: string): Promise<string> {
  const file = join(home, 'kubeconfig');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'wheelhouse',
    clusters: [{ name: 'wheelhouse', cluster: { server } }],
    contexts: [{ name: 'wheelhouse', context: { cluster: 'wheelhouse', user: 'wheelhouse', namespace: 'default' } }],
    users: [{ name: 'wheelhouse', user: {} }],
  };
  await writeFile(file, JSON.stringify(config));
  return file;
}

/** Runs the real kubectl with its own HOME and KUBECONFIG. */
export class Kubectl {
  constructor(
    private readonly home: string,
    private readonly kubeconfig: string,
  ) {}

  /** The environment kubectl runs in (also for long-running `get -w` processes). */
  get env(): NodeJS.ProcessEnv {
    return { ...process.env, HOME: this.home, KUBECONFIG: this.kubeconfig };
  }

  /** Runs `kubectl args` (with `input` on stdin); never throws on a non-zero exit. */
  run(args: string[], input?: string): Promise<KubectlResult> {
    return new Promise((resolve, reject) => {
      const child = spawn('kubectl', args, { env: this.env, cwd: this.home, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.once('error', reject);
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
      });
      child.stdin.end(input ?? '');
    });
  }

  /** Runs `kubectl args` and resolves with its stdout; rejects with the command and its stderr on failure. */
  async ok(args: string[], input?: string): Promise<string> {
    const r = await this.run(args, input);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}:\n${r.stderr}${r.stdout}`);
    return r.stdout;
  }

  /** `kubectl args -o json`, parsed. */
  async json<T = KubeObject>(args: string[]): Promise<T> {
    return JSON.parse(await this.ok([...args, '-o', 'json'])) as T;
  }

  /**
   * `kubectl apply -n ns -f -` of `objects`, sent as a stream of JSON documents; resolves with
   * kubectl's output. (Not as one `kind: List`: kubectl validates a List against /openapi/v2,
   * which Wheelhouse does not serve.)
   */
  apply(ns: string, objects: object[]): Promise<string> {
    return this.ok(['apply', '-n', ns, '-f', '-'], objects.map((o) => JSON.stringify(o)).join('\n'));
  }

  /** The pods of `ns` (matching `selector` if given) that are not being deleted. */
  async pods(ns: string, selector?: string): Promise<KubeObject[]> {
    const list = await this.json<KubeList>(['get', 'pods', '-n', ns, ...(selector ? ['-l', selector] : [])]);
    return list.items.filter((p) => !p.metadata.deletionTimestamp);
  }

  /** Starts a long-running kubectl (e.g. `get -w`); the caller must `stop()` it. */
  start(args: string[]): RunningProcess {
    return startProcess('kubectl', args, { env: this.env, cwd: this.home });
  }
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
