/**
 * Keeps a set of child processes running. `start()` launches each child once the children
 * it comes `after` are ready (by default the one before it in the list); a child that exits (crash, kill -9, OOM) is launched again after a
 * capped exponential backoff, with one log line naming the child, how it ended and when
 * it comes back; a child that keeps dying is retried at the capped interval, never in a
 * hot loop, and its backoff starts over once it has stayed up for a while. `stop()` ends
 * restarts and stops the children in reverse list order (the signal, then SIGKILL after a grace).
 */
import { spawn as spawnProcess } from 'node:child_process';
import type { Clock, TimerHandle } from '@wheelhouse/machinery';

/** The wall clock and Node's timers, ref'd (unlike machinery's realClock): a pending restart keeps the supervisor alive. */
const wallClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, Math.max(0, ms)),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** One supervised program. */
export interface ChildSpec {
  /** Its name in logs, e.g. `store`. */
  name: string;
  command: string;
  args: readonly string[];
  /** Environment variables added to the supervisor's own. */
  env?: Readonly<Record<string, string>>;
  /**
   * Resolves once the child serves; `start()` waits for it before launching the next
   * child (restarts do not wait). Should poll until `signal` aborts (on stop) rather than fail.
   */
  ready?: (signal: AbortSignal) => Promise<void>;
  /**
   * Names of earlier children that must be ready before this one is launched; default: the
   * child before it in the list (none for the first). `[]` launches it at once.
   */
  after?: readonly string[];
  /** Resolves once the child may be launched, besides `after` (e.g. a file it reads is written). */
  launchable?: Promise<void>;
}

/** How a supervised child ended, as {@link SupervisorOptions.onExit} hears it. */
export interface ChildExit {
  pid: number | undefined;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be spawned at all. */
  err: string | undefined;
  /** How long it ran. */
  upMs: number;
  /** When it is launched again (undefined when the supervisor is stopping: it is not). */
  restartInMs: number | undefined;
}

/** A running child as the supervisor needs it (Node's ChildProcess is one). */
export interface SupervisedProcess {
  readonly pid?: number | undefined;
  kill(signal?: NodeJS.Signals | number): boolean;
  once(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
  once(event: 'error', listener: (err: Error) => void): unknown;
}

/** The logger calls the supervisor makes (a pino logger fits). */
export interface SupervisorLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Options of a Supervisor. */
export interface SupervisorOptions {
  children: readonly ChildSpec[];
  logger: SupervisorLogger;
  clock?: Clock;
  /** Launches a child; default: node's spawn with stdout and stderr inherited. */
  spawn?: (spec: ChildSpec) => SupervisedProcess;
  /** First restart delay; doubles per quick death up to restartMaxMs. Defaults 500 and 15000. */
  restartBaseMs?: number;
  restartMaxMs?: number;
  /** A child up this long before dying counts as healthy: its backoff starts over. Default 10000. */
  stableAfterMs?: number;
  /** How long a child gets to stop after the signal before SIGKILL. Default 10000. */
  stopGraceMs?: number;
  /** Called after each launch of a child (first start and restarts). */
  onStart?: (name: string, pid: number | undefined) => void;
  /** Called when a child's process ends, whether or not it is restarted. */
  onExit?: (name: string, exit: ChildExit) => void;
}

interface Running {
  spec: ChildSpec;
  proc: SupervisedProcess | undefined;
  startedAt: number;
  /** Deaths in a row that came quicker than stableAfterMs. */
  quickDeaths: number;
  restartTimer: TimerHandle | undefined;
  /** Resolves when the current process exits. */
  exited: Promise<void>;
}

function defaultSpawn(spec: ChildSpec): SupervisedProcess {
  return spawnProcess(spec.command, [...spec.args], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...spec.env },
  });
}

/** See the module comment. Not restartable: build a new one after stop(). */
export class Supervisor {
  private readonly clock: Clock;
  private readonly spawn: (spec: ChildSpec) => SupervisedProcess;
  private readonly children = new Map<string, Running>();
  private readonly aborter = new AbortController();
  private stopping = false;
  private readonly base: number;
  private readonly max: number;
  private readonly stableAfterMs: number;
  private readonly graceMs: number;

  /** Throws at once on bad options. */
  constructor(private readonly opts: SupervisorOptions) {
    this.clock = opts.clock ?? wallClock;
    this.spawn = opts.spawn ?? defaultSpawn;
    this.base = positive('restartBaseMs', opts.restartBaseMs, 500);
    this.max = positive('restartMaxMs', opts.restartMaxMs, 15_000);
    this.stableAfterMs = positive('stableAfterMs', opts.stableAfterMs, 10_000);
    this.graceMs = positive('stopGraceMs', opts.stopGraceMs, 10_000);
    const names = opts.children.map((c) => c.name);
    if (names.length === 0 || new Set(names).size !== names.length)
      throw new Error(`children must be a non-empty list with unique names, got ${JSON.stringify(names)}`);
    opts.children.forEach((c, i) => {
      const unknown = (c.after ?? []).find((a) => !names.slice(0, i).includes(a));
      if (unknown !== undefined)
        throw new Error(`child ${c.name} comes after ${unknown}, which is not listed before it`);
    });
  }

  /**
   * Launches every child once those it comes after are ready; resolves once all are ready.
   * Resolves early if stopped meanwhile.
   */
  async start(): Promise<void> {
    const ready = new Map<string, Promise<void>>();
    let previous: string | undefined;
    for (const spec of this.opts.children) {
      const deps = (spec.after ?? (previous === undefined ? [] : [previous])).map((d) => ready.get(d)!);
      ready.set(spec.name, this.startOne(spec, deps));
      previous = spec.name;
    }
    await Promise.all(ready.values());
  }

  /** The pid of the named child's current process, if it runs. */
  pid(name: string): number | undefined {
    return this.children.get(name)?.proc?.pid;
  }

  private async startOne(spec: ChildSpec, deps: Promise<void>[]): Promise<void> {
    await Promise.all([...deps, spec.launchable]);
    if (this.stopping) return;
    const child: Running = {
      spec,
      proc: undefined,
      startedAt: 0,
      quickDeaths: 0,
      restartTimer: undefined,
      exited: Promise.resolve(),
    };
    this.children.set(spec.name, child);
    this.launch(child);
    await spec.ready?.(this.aborter.signal);
  }

  /** Stops restarting and stops every child, last started first. Idempotent; resolves once all have exited. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    this.stopping = true;
    this.aborter.abort();
    for (const spec of [...this.opts.children].reverse()) {
      const child = this.children.get(spec.name);
      if (!child) continue;
      if (child.restartTimer) this.clock.clearTimeout(child.restartTimer);
      child.restartTimer = undefined;
      const proc = child.proc;
      if (!proc) continue;
      proc.kill(signal);
      const kill = this.clock.setTimeout(() => proc.kill('SIGKILL'), this.graceMs);
      await child.exited;
      this.clock.clearTimeout(kill);
    }
  }

  private launch(child: Running): void {
    child.restartTimer = undefined;
    if (this.stopping) return;
    const proc = this.spawn(child.spec);
    child.proc = proc;
    child.startedAt = this.clock.now();
    child.exited = new Promise((resolve) => {
      let ended = false;
      const end = (code: number | null, signal: NodeJS.Signals | null, err?: Error): void => {
        if (ended) return;
        ended = true;
        child.proc = undefined;
        resolve();
        this.onExit(child, proc.pid, code, signal, err);
      };
      proc.once('exit', (code: number | null, signal: NodeJS.Signals | null) => end(code, signal));
      // A process that could not be spawned at all reports 'error' and no 'exit'.
      proc.once('error', (err: Error) => end(null, null, err));
    });
    this.opts.logger.info({ child: child.spec.name, pid: proc.pid }, 'child started');
    this.opts.onStart?.(child.spec.name, proc.pid);
  }

  private onExit(
    child: Running,
    pid: number | undefined,
    code: number | null,
    signal: NodeJS.Signals | null,
    err: Error | undefined,
  ): void {
    const upMs = this.clock.now() - child.startedAt;
    const ended = { pid, exitCode: code, signal, err: err?.message, upMs };
    if (this.stopping) {
      this.opts.onExit?.(child.spec.name, { ...ended, restartInMs: undefined });
      return;
    }
    if (upMs >= this.stableAfterMs) child.quickDeaths = 0;
    const delay = Math.min(this.max, this.base * 2 ** Math.min(child.quickDeaths, 30));
    child.quickDeaths++;
    this.opts.logger.warn(
      {
        child: child.spec.name,
        pid,
        exitCode: code,
        signal,
        err: err?.message,
        upMs,
        restartInMs: delay,
        restartAt: new Date(this.clock.now() + delay).toISOString(),
      },
      'child exited; restarting it',
    );
    this.opts.onExit?.(child.spec.name, { ...ended, restartInMs: delay });
    child.restartTimer = this.clock.setTimeout(() => this.launch(child), delay);
  }
}

function positive(name: string, v: number | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number, got ${v}`);
  return v;
}
