import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { writeKubeconfig } from '@wheelhouse/client';
import { tempDir } from './tmp.js';

/** What one kubectl run printed and how it exited (`code` is 1 when it was killed or could not start). */
export interface KubectlRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** How {@link kubectlHome} sets kubectl up. */
export interface KubectlHomeOptions {
  /** The API server URL the kubeconfig points at; without it no kubeconfig file is written. */
  server?: string;
  /** The kubeconfig context's namespace (kubectl's default, `default`, when omitted). */
  namespace?: string;
  /** Prefix of the temporary HOME directory's name. */
  prefix?: string;
  /** How long one run may take before it is killed (default 60 s). */
  timeoutMs?: number;
}

/** Options of one {@link Kubectl.exec} run. */
export interface KubectlExecOptions {
  /** Written to kubectl's stdin (e.g. for `apply -f -`); stdin is closed after it, or at once without it. */
  input?: string;
  /** Overrides the runner's timeout for this run. */
  timeoutMs?: number;
  /** Variables set over the runner's environment for this run (e.g. another `KUBECONFIG`). */
  env?: NodeJS.ProcessEnv;
}

/** The real kubectl with its own fresh HOME (kubectl caches discovery under $HOME/.kube/cache). */
export interface Kubectl {
  /** The temporary HOME, also kubectl's working directory (relative `-f` paths resolve here). */
  readonly home: string;
  /** `<home>/kubeconfig`, the file KUBECONFIG names. */
  readonly kubeconfig: string;
  /** The environment kubectl runs in: this process's, with HOME and KUBECONFIG set. */
  readonly env: NodeJS.ProcessEnv;
  /** Runs `kubectl args`; never rejects on a non-zero exit. */
  run(...args: string[]): Promise<KubectlRun>;
  /** Runs `kubectl args` and resolves with its stdout; rejects naming the command, exit code and stderr on failure. */
  ok(...args: string[]): Promise<string>;
  /** Runs `kubectl args` with stdin input, another timeout or extra environment; never rejects on a non-zero exit. */
  exec(args: string[], opts?: KubectlExecOptions): Promise<KubectlRun>;
  /** Starts a long-running kubectl (e.g. `get -w`, `logs -f`) with piped stdio; the caller must end it. */
  spawn(...args: string[]): ChildProcessWithoutNullStreams;
  /** Removes the HOME directory with everything in it. */
  cleanup(): Promise<void>;
}

/**
 * Creates a fresh temporary HOME for the real kubectl, with a kubeconfig (no credentials) for
 * `opts.server` when given, and returns a runner using it. The caller must `cleanup()`.
 */
export async function kubectlHome(opts: KubectlHomeOptions = {}): Promise<Kubectl> {
  const dir = await tempDir(opts.prefix ?? 'wheelhouse-kubectl-');
  const home = dir.path;
  const kubeconfig = join(home, 'kubeconfig');
  if (opts.server !== undefined) await writeKubeconfig(kubeconfig, { server: opts.server, namespace: opts.namespace });
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, KUBECONFIG: kubeconfig };
  const exec = (args: string[], o: KubectlExecOptions = {}): Promise<KubectlRun> =>
    new Promise((resolve) => {
      const child = spawn('kubectl', args, { env: { ...env, ...o.env }, cwd: home, stdio: 'pipe' });
      let stdout = '';
      let stderr = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? opts.timeoutMs ?? 60_000);
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.once('error', (err) => {
        clearTimeout(timer);
        resolve({ code: 1, stdout, stderr: stderr + String(err) });
      });
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? 1, stdout, stderr });
      });
      child.stdin.on('error', () => undefined); // kubectl may exit without reading it
      child.stdin.end(o.input ?? '');
    });
  return {
    home,
    kubeconfig,
    env,
    exec,
    run: (...args) => exec(args),
    ok: async (...args) => {
      const r = await exec(args);
      if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
      return r.stdout;
    },
    spawn: (...args) => spawn('kubectl', args, { env, cwd: home, stdio: 'pipe' }),
    cleanup: () => dir.cleanup(),
  };
}
