import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

/** Absolute path of the repository root. */
export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

/** Absolute path of the `wheelhouse` launcher script. */
export const WHEELHOUSE_BIN = resolve(REPO_ROOT, 'apps/cli/bin/wheelhouse.mjs');

/** A child process started by a test, with its output collected. */
export interface RunningProcess {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves once `pattern` appears in the output; rejects on exit or after `timeoutMs`. */
  waitFor(pattern: RegExp | string, timeoutMs?: number): Promise<void>;
  /**
   * Sends `signal` (default SIGTERM) and resolves once the process has exited; one that has not
   * exited `graceMs` (default 45 s) later is killed (SIGKILL) and stop() rejects, naming it, with its last output.
   */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

/** Options for startProcess. */
export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** How long stop() waits for the process to exit before it kills it and fails. */
const STOP_GRACE_MS = 45_000;

/** Starts `cmd args` with piped output. The caller must `stop()` it. */
export function startProcess(cmd: string, args: string[], opts: StartOptions = {}): RunningProcess {
  const child = spawn(cmd, args, {
    cwd: opts.cwd ?? REPO_ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer): void => {
    out += d.toString();
    for (const l of listeners) l();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  return {
    child,
    output: () => out,
    waitFor: (pattern, timeoutMs = 20_000) => waitForOutput(child, () => out, listeners, exited, pattern, timeoutMs),
    stop: async (signal = 'SIGTERM', graceMs = STOP_GRACE_MS) => {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((res) => (timer = setTimeout(() => res('late'), graceMs)));
      const outcome = await Promise.race([exited, late]);
      clearTimeout(timer);
      if (outcome !== 'late') return;
      child.kill('SIGKILL');
      await exited;
      const tail = out.slice(-3000);
      throw new Error(
        `${[cmd, ...args].join(' ').slice(0, 200)} did not exit within ${graceMs / 1000} s of ${signal} (killed); its last output:\n${tail}`,
      );
    },
  };
}

/**
 * Starts Node with `args` (its flags, a script, the script's arguments), under `launcher` when
 * one is given (`['chrt', '--batch', '0']` runs `chrt --batch 0 node ...`). The caller must `stop()` it.
 */
export function startNode(
  launcher: readonly string[] | undefined,
  args: string[],
  opts: StartOptions = {},
): RunningProcess {
  const [command, ...rest] = [...(launcher ?? []), process.execPath, ...args];
  return startProcess(command!, rest, opts);
}

function waitForOutput(
  child: ChildProcess,
  out: () => string,
  listeners: Set<() => void>,
  exited: Promise<void>,
  pattern: RegExp | string,
  timeoutMs: number,
): Promise<void> {
  const matches = (): boolean => (typeof pattern === 'string' ? out().includes(pattern) : pattern.test(out()));
  return new Promise((resolve, reject) => {
    const done = (err?: Error): void => {
      listeners.delete(check);
      clearTimeout(timer);
      if (err) reject(err);
      else resolve();
    };
    const check = (): void => {
      if (matches()) done();
    };
    const timer = setTimeout(
      () => done(new Error(`timed out waiting for ${String(pattern)}; output:\n${out()}`)),
      timeoutMs,
    );
    void exited.then(() => {
      if (!matches())
        done(
          new Error(
            `process ${child.pid} exited (${child.exitCode ?? child.signalCode}) before ${String(pattern)}; output:\n${out()}`,
          ),
        );
    });
    listeners.add(check);
    check();
  });
}
