import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import type { Lease, LeaseSpec } from '@wheelhouse/api';
import { formatMicroTime } from '@wheelhouse/machinery';
import { type Clock, realClock, sleep } from './clock.js';
import { ClientError } from './errors.js';
import { defaultLogger } from './logger.js';

/** Abort listeners the leading signal may hold before Node warns of a leak. */
const LEADING_SIGNAL_MAX_LISTENERS = 256;

/**
 * What leader election needs from the API (backed by the REST client in {@link RestLeaseStore}).
 * `get` resolves undefined when the lease does not exist; `create` rejects with an AlreadyExists
 * ApiError if it does; `update` rejects with a Conflict ApiError unless
 * `lease.metadata.resourceVersion` is the current one. Resolved leases carry the new
 * resourceVersion; callers may not mutate them.
 */
export interface LeaseStore {
  get(namespace: string, name: string, signal?: AbortSignal): Promise<Lease | undefined>;
  create(lease: Lease, signal?: AbortSignal): Promise<Lease>;
  update(lease: Lease, signal?: AbortSignal): Promise<Lease>;
}

/** What the elector tells its owner. */
export interface LeaderCallbacks {
  /** Called once this candidate leads; `signal` aborts when leadership ends. Errors are logged. */
  onStartedLeading(signal: AbortSignal): void | Promise<void>;
  /** Called once leadership ends (lost, or given up on abort). Not called if it never led. */
  onStoppedLeading(): void;
  /** Called when a different (non-empty) holder is observed, this candidate included. */
  onNewLeader?(identity: string): void;
}

/** Options of a {@link LeaderElector}; durations in ms, defaults are client-go's. */
export interface LeaderElectionConfig {
  /** Where the Lease lives. */
  lease: { namespace: string; name: string };
  /** This candidate's unique identity (e.g. hostname + random suffix). */
  identity: string;
  store: LeaseStore;
  callbacks: LeaderCallbacks;
  /** How long a holder's claim lasts without renewal (default 15 000). */
  leaseDurationMs?: number;
  /** How long the leader keeps retrying a failed renewal before giving up (default 10 000). */
  renewDeadlineMs?: number;
  /** Wait between attempts (default 2 000; jittered up to x2.2 while acquiring). */
  retryPeriodMs?: number;
  /** Clear the holder when stopped by the signal, so another can take over at once (default true). */
  releaseOnCancel?: boolean;
  clock?: Clock;
  logger?: Logger;
  /** Returns a number in [0, 1); default Math.random. */
  random?: () => number;
}

const JITTER_FACTOR = 1.2;

type Timing = { leaseDurationMs: number; renewDeadlineMs: number; retryPeriodMs: number };

function validateTiming(t: Timing, identity: string): void {
  const bad = (option: string, problem: string): never => {
    throw new ClientError('InvalidOption', { option, problem });
  };
  if (!identity) bad('identity', 'must not be empty');
  if (!(t.retryPeriodMs > 0)) bad('retryPeriodMs', 'must be > 0');
  if (!(t.leaseDurationMs > t.renewDeadlineMs)) bad('leaseDurationMs', 'must be greater than renewDeadlineMs');
  if (!(t.renewDeadlineMs > JITTER_FACTOR * t.retryPeriodMs))
    bad('renewDeadlineMs', 'must be greater than 1.2 x retryPeriodMs');
}

/**
 * Runs `fn` with a signal that aborts when `signal` does or after `ms` on `clock`; resolves
 * `fallback` as soon as that signal aborts, even if `fn` has not settled.
 */
async function within<T>(
  clock: Clock,
  ms: number,
  signal: AbortSignal,
  fallback: T,
  fn: (s: AbortSignal) => Promise<T>,
): Promise<T> {
  const ac = new AbortController();
  const timer = clock.setTimeout(() => ac.abort(new ClientError('Timeout', { what: 'lease update', ms })), ms);
  const onAbort = (): void => ac.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  const aborted = new Promise<T>((resolve) =>
    ac.signal.addEventListener('abort', () => resolve(fallback), { once: true }),
  );
  try {
    return await Promise.race([fn(ac.signal), aborted]);
  } finally {
    clock.clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}

function sameSpec(a: LeaseSpec, b: LeaseSpec): boolean {
  return (
    a.holderIdentity === b.holderIdentity &&
    a.leaseDurationSeconds === b.leaseDurationSeconds &&
    a.acquireTime === b.acquireTime &&
    a.renewTime === b.renewTime &&
    a.leaseTransitions === b.leaseTransitions
  );
}

/**
 * Leader election on a coordination.k8s.io/v1 Lease, as client-go's LeaderElector: candidates
 * try every retry period to take the lease when it is free or its holder has not renewed it
 * for a lease duration (measured on this candidate's clock from when it last saw the lease
 * change, never from timestamps another machine wrote); the leader renews every retry period
 * and gives up if it cannot renew within the renew deadline. Conflicting writes are settled by
 * resourceVersion, so at most one candidate holds a given lease version.
 */
export class LeaderElector {
  private readonly cfg: LeaderElectionConfig;
  private readonly timing: Timing;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly random: () => number;
  private observed: Lease | undefined;
  private observedAt = 0;
  private reportedLeader = '';
  private started = false;

  /** Validates the timing (lease > renew deadline > 1.2 x retry period > 0) and identity; throws InvalidOption. */
  constructor(config: LeaderElectionConfig) {
    this.timing = {
      leaseDurationMs: config.leaseDurationMs ?? 15_000,
      renewDeadlineMs: config.renewDeadlineMs ?? 10_000,
      retryPeriodMs: config.retryPeriodMs ?? 2_000,
    };
    validateTiming(this.timing, config.identity);
    this.cfg = config;
    this.clock = config.clock ?? realClock;
    this.random = config.random ?? Math.random;
    const base = config.logger ?? defaultLogger('leader-election');
    this.log = base.child({ lease: `${config.lease.namespace}/${config.lease.name}`, identity: config.identity });
  }

  /** True while this candidate's identity is the holder it last observed. */
  isLeader(): boolean {
    return this.observed?.spec?.holderIdentity === this.cfg.identity;
  }

  /** The holder last observed ('' when free or unknown). */
  getLeader(): string {
    return this.observed?.spec?.holderIdentity ?? '';
  }

  /**
   * Campaigns until it leads, then leads until leadership is lost or `signal` aborts; on abort
   * it releases the lease (unless releaseOnCancel is false). Resolves when done; never rejects
   * for store errors (they are logged and retried). An elector runs once.
   */
  async run(signal: AbortSignal): Promise<void> {
    if (this.started) throw new ClientError('InvalidOption', { option: 'run', problem: 'elector already started' });
    this.started = true;
    if (!(await this.acquire(signal))) return;
    const leading = new AbortController();
    // The leading signal is handed to the whole component: every informer, controller, worker
    // and in-flight request watches it, so far more than Node's default of 10 listeners is
    // expected; a bounded limit still warns about listeners that pile up without end.
    setMaxListeners(LEADING_SIGNAL_MAX_LISTENERS, leading.signal);
    this.startLeading(leading.signal);
    try {
      await this.renewLoop(signal);
    } finally {
      leading.abort();
      if (signal.aborted && this.cfg.releaseOnCancel !== false) await this.release();
      this.log.info({}, 'stopped leading');
      this.callSafely('onStoppedLeading', () => this.cfg.callbacks.onStoppedLeading());
    }
  }

  private startLeading(signal: AbortSignal): void {
    this.log.info({}, 'started leading');
    Promise.resolve()
      .then(() => this.cfg.callbacks.onStartedLeading(signal))
      .catch((err: unknown) => this.log.error({ err }, 'onStartedLeading failed'));
  }

  /** Tries at once, then every jittered retry period; false if aborted first. */
  private async acquire(signal: AbortSignal): Promise<boolean> {
    this.log.info({}, 'attempting to acquire leader lease');
    while (!signal.aborted) {
      const ok = await within(this.clock, this.timing.renewDeadlineMs, signal, false, (s) => this.attempt(s));
      if (ok) return true;
      const wait = this.timing.retryPeriodMs * (1 + JITTER_FACTOR * this.random());
      if (!(await this.pause(wait, signal))) return false;
    }
    return false;
  }

  /** Renews every retry period until a renewal fails for a whole renew deadline or `signal` aborts. */
  private async renewLoop(signal: AbortSignal): Promise<void> {
    // The lease was just written by acquire, so the first renewal waits a retry period.
    while (await this.pause(this.timing.retryPeriodMs, signal)) {
      if (!(await this.renewBeforeDeadline(signal))) {
        if (!signal.aborted) this.log.warn({}, 'failed to renew lease; leadership lost');
        return;
      }
    }
  }

  private async renewBeforeDeadline(signal: AbortSignal): Promise<boolean> {
    const deadline = this.clock.now() + this.timing.renewDeadlineMs;
    while (!signal.aborted) {
      const remaining = deadline - this.clock.now();
      if (remaining <= 0) return false;
      if (await within(this.clock, remaining, signal, false, (s) => this.attempt(s))) return true;
      if (deadline - this.clock.now() <= 0) return false;
      if (!(await this.pause(Math.min(this.timing.retryPeriodMs, deadline - this.clock.now()), signal))) return false;
    }
    return false;
  }

  /** Sleeps on the clock; false if `signal` aborted. */
  private async pause(ms: number, signal: AbortSignal): Promise<boolean> {
    return sleep(this.clock, ms, signal).then(
      () => true,
      () => false,
    );
  }

  /** One tryAcquireOrRenew, with errors logged as failure. */
  private async attempt(signal: AbortSignal): Promise<boolean> {
    try {
      return await this.tryAcquireOrRenew(signal);
    } catch (err) {
      this.log.warn({ err }, 'error acquiring or renewing lease');
      return false;
    } finally {
      this.reportTransition();
    }
  }

  /** client-go's tryAcquireOrRenew: true when this candidate holds the lease afterwards. */
  private async tryAcquireOrRenew(signal: AbortSignal): Promise<boolean> {
    const now = this.clock.now();
    if (this.isLeader() && this.leaseValid(now) && (await this.renewFast(now, signal))) return true;
    const { namespace, name } = this.cfg.lease;
    const current = await this.cfg.store.get(namespace, name, signal);
    if (signal.aborted) return false;
    if (!current) return this.create(now, signal);
    if (!this.observed || !sameSpec(this.observed.spec ?? {}, current.spec ?? {})) this.observe(current, now);
    else this.observed = current;
    if (current.spec?.holderIdentity && this.leaseValid(now) && !this.isLeader()) return false;
    return this.write(current, this.nextSpec(current.spec ?? {}, now), now, signal);
  }

  /** Renews from the observed lease without reading it first; false (not thrown) on any failure. */
  private async renewFast(now: number, signal: AbortSignal): Promise<boolean> {
    const observed = this.observed;
    if (!observed) return false;
    try {
      return await this.write(observed, this.nextSpec(observed.spec ?? {}, now), now, signal);
    } catch (err) {
      this.log.debug({ err }, 'optimistic renewal failed; reading the lease');
      return false;
    }
  }

  private async create(now: number, signal: AbortSignal): Promise<boolean> {
    const { namespace, name } = this.cfg.lease;
    const lease: Lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { namespace, name },
      spec: this.nextSpec({}, now, true),
    };
    const created = await this.cfg.store.create(lease, signal);
    if (signal.aborted) return false;
    this.observe(created, now);
    return true;
  }

  /** Updates `base` (by its resourceVersion) to `spec`; on success records what was written. */
  private async write(base: Lease, spec: LeaseSpec, now: number, signal: AbortSignal): Promise<boolean> {
    const updated = await this.cfg.store.update({ ...base, metadata: { ...base.metadata }, spec }, signal);
    if (signal.aborted) return false;
    this.observe(updated, now);
    return true;
  }

  /** The spec this candidate writes: acquireTime and transitions kept on renewal, bumped on takeover. */
  private nextSpec(old: LeaseSpec, now: number, creating = false): LeaseSpec {
    const renewing = old.holderIdentity === this.cfg.identity;
    const transitions = old.leaseTransitions ?? 0;
    const stamp = formatMicroTime(now);
    return {
      holderIdentity: this.cfg.identity,
      leaseDurationSeconds: Math.ceil(this.timing.leaseDurationMs / 1000),
      acquireTime: renewing ? (old.acquireTime ?? stamp) : stamp,
      renewTime: stamp,
      leaseTransitions: renewing || creating ? transitions : transitions + 1,
    };
  }

  private observe(lease: Lease, now: number): void {
    this.observed = lease;
    this.observedAt = now;
  }

  /** Whether the observed holder's claim still stands, timed from when this candidate saw it change. */
  private leaseValid(now: number): boolean {
    const seconds = this.observed?.spec?.leaseDurationSeconds ?? 0;
    return this.observedAt + seconds * 1000 > now;
  }

  private reportTransition(): void {
    const holder = this.getLeader();
    if (!holder || holder === this.reportedLeader) return;
    this.reportedLeader = holder;
    this.log.info({ leader: holder }, 'new leader observed');
    this.callSafely('onNewLeader', () => this.cfg.callbacks.onNewLeader?.(holder));
  }

  /** Runs a callback; its exceptions are logged, never propagated into the election. */
  private callSafely(name: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error({ err, callback: name }, 'leader election callback failed');
    }
  }

  /** Clears the holder (lease duration 1 s) so another candidate can take over at once. */
  private async release(): Promise<void> {
    const observed = this.observed;
    if (!observed || !this.isLeader()) return;
    const stamp = formatMicroTime(this.clock.now());
    const spec: LeaseSpec = {
      leaseDurationSeconds: 1,
      acquireTime: stamp,
      renewTime: stamp,
      leaseTransitions: observed.spec?.leaseTransitions ?? 0,
    };
    const ok = await within(this.clock, this.timing.renewDeadlineMs, new AbortController().signal, false, async (s) => {
      await this.write(observed, spec, this.clock.now(), s);
      return true;
    }).catch((err: unknown) => (this.log.warn({ err }, 'failed to release lease'), false));
    if (ok) this.log.info({}, 'released lease');
  }
}
