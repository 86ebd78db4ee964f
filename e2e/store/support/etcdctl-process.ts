/**
 * etcdctl as a long-running background process (for `etcdctl watch`), with stdout and
 * stderr kept apart so they can be compared separately.
 */
import { spawn } from 'node:child_process';

/** A background etcdctl; `stop` is idempotent and must be called by whoever started it. */
export interface BackgroundEtcdctl {
  stdout(): string;
  stderr(): string;
  /** Exit code once the process ended on its own; `null` while running or when stopped by `stop`. */
  exitCode(): number | null;
  /** `Date.now()` of the last output on either stream (or of the start). */
  lastOutputAt(): number;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  /** Sends SIGTERM (if still running) and waits for the exit. */
  stop(): Promise<void>;
}

/** Starts `etcdctl --endpoints endpoint ...args` (API v3) in the background. */
export function startEtcdctl(endpoint: string, args: string[]): BackgroundEtcdctl {
  const child = spawn('etcdctl', ['--endpoints', endpoint, ...args], {
    env: { ...process.env, ETCDCTL_API: '3' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let lastOutputAt = Date.now();
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    lastOutputAt = Date.now();
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
    lastOutputAt = Date.now();
  });
  let stoppedByUs = false;
  const exited = new Promise<void>((res) => child.once('close', () => res()));
  return {
    stdout: () => out,
    stderr: () => err,
    exitCode: () => (stoppedByUs ? null : child.exitCode),
    exited,
    lastOutputAt: () => lastOutputAt,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        stoppedByUs = true;
        child.kill('SIGTERM');
      }
      await exited;
    },
  };
}

/** Timing of collectQuiet: wait at least `minMs`, then until no output for `quietMs`, at most `maxMs`. */
export interface QuietOptions {
  minMs: number;
  quietMs: number;
  maxMs: number;
}

/**
 * Runs etcdctl in the background until it exits on its own or its output has been quiet
 * for a while (a watch never ends by itself), then stops it. Real time is unavoidable here:
 * the process is a real etcdctl talking to a real server.
 */
export async function collectQuiet(endpoint: string, args: string[], opts: QuietOptions): Promise<BackgroundEtcdctl> {
  const proc = startEtcdctl(endpoint, args);
  const started = Date.now();
  let ended = false;
  void proc.exited.then(() => {
    ended = true;
  });
  while (!ended) {
    const now = Date.now();
    if (now - started >= opts.maxMs) break;
    if (now - started >= opts.minMs && now - proc.lastOutputAt() >= opts.quietMs) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await proc.stop();
  return proc;
}
