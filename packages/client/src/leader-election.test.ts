import fc from 'fast-check';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { FakeClock, MemoryLeaseStore } from '@wheelhouse/testing';
import { apiErrorFromStatus } from './api-errors.js';
import { ClientError } from './errors.js';
import { type LeaderElectionConfig, LeaderElector } from './leader-election.js';

const LEASE = { namespace: 'kube-system', name: 'wheelhouse-controller-manager' };
const silent = pino({ level: 'silent' });

/** A set of candidates sharing one store and clock, with a watchdog for two leaders at once. */
class World {
  readonly clock = new FakeClock(Date.UTC(2026, 0, 1));
  readonly store = new MemoryLeaseStore({ statusError: apiErrorFromStatus });
  readonly leaders = new Set<string>();
  readonly log: string[] = [];
  overlaps = 0;
  private readonly runs = new Map<string, { ac: AbortController; done: Promise<void>; elector: LeaderElector }>();

  constructor(private readonly random: () => number = () => 0.5) {
    const watch = (): void => {
      if (this.leaders.size > 1) this.overlaps++;
      this.clock.setTimeout(watch, 100);
    };
    watch();
  }

  start(id: string, extra: Partial<LeaderElectionConfig> = {}): LeaderElector {
    const ac = new AbortController();
    const elector = new LeaderElector({
      lease: LEASE,
      identity: id,
      store: this.store.view(id),
      clock: this.clock,
      logger: silent,
      random: this.random,
      callbacks: {
        onStartedLeading: (signal) => {
          this.leaders.add(id);
          this.log.push(`${this.t()} start ${id}`);
          signal.addEventListener('abort', () => this.leaders.delete(id));
        },
        onStoppedLeading: () => this.log.push(`${this.t()} stop ${id}`),
        onNewLeader: (leader) => this.log.push(`${this.t()} ${id} sees ${leader}`),
      },
      ...extra,
    });
    this.runs.set(id, { ac, elector, done: elector.run(ac.signal) });
    return elector;
  }

  /** Stops `id` through its signal and waits until its run has finished. */
  async stop(id: string): Promise<void> {
    const r = this.runs.get(id)!;
    r.ac.abort();
    let finished = false;
    void r.done.then(() => (finished = true));
    // A release against a hung store times out on the clock, so time must move.
    for (let i = 0; !finished && i < 1_000; i++) await this.clock.advance(100);
    expect(finished).toBe(true);
  }

  leader(): string | undefined {
    return [...this.leaders][0];
  }

  lease() {
    return this.store.peek(LEASE.namespace, LEASE.name);
  }

  /** Seconds since the start of the world. */
  t(): number {
    return (this.clock.now() - Date.UTC(2026, 0, 1)) / 1000;
  }

  async until(pred: () => boolean, maxMs: number, stepMs = 100): Promise<number> {
    for (let waited = 0; waited <= maxMs; waited += stepMs) {
      if (pred()) return waited;
      await this.clock.advance(stepMs);
    }
    throw new Error(`condition not met within ${maxMs} ms; log:\n${this.log.join('\n')}`);
  }
}

describe('LeaderElector with one candidate', () => {
  it('creates the lease at once and renews it every retry period', async () => {
    const w = new World();
    const e = w.start('a');
    await w.clock.settle();
    expect(e.isLeader()).toBe(true);
    expect(w.leader()).toBe('a');
    const first = w.lease()!;
    expect(first.spec).toEqual({
      holderIdentity: 'a',
      leaseDurationSeconds: 15,
      acquireTime: '2026-01-01T00:00:00.000000Z',
      renewTime: '2026-01-01T00:00:00.000000Z',
      leaseTransitions: 0,
    });
    await w.clock.advance(2_000);
    expect(w.lease()!.spec).toMatchObject({
      acquireTime: first.spec?.acquireTime,
      renewTime: '2026-01-01T00:00:02.000000Z',
      leaseTransitions: 0,
    });
    await w.clock.advance(60_000);
    expect(w.store.writes.length).toBe(32);
    expect(w.log).toEqual(['0 a sees a', '0 start a']);
  });

  it('releases on abort: holder cleared, 1 s duration, transitions kept; callbacks in order', async () => {
    const w = new World();
    const e = w.start('a');
    await w.clock.advance(5_000);
    await w.stop('a');
    expect(w.lease()!.spec).toEqual({
      leaseDurationSeconds: 1,
      acquireTime: '2026-01-01T00:00:05.000000Z',
      renewTime: '2026-01-01T00:00:05.000000Z',
      leaseTransitions: 0,
    });
    expect(e.isLeader()).toBe(false);
    expect(w.log.at(-1)).toBe('5 stop a');
    expect(w.leaders.size).toBe(0);
  });

  it('keeps the lease when releaseOnCancel is false', async () => {
    const w = new World();
    w.start('a', { releaseOnCancel: false });
    await w.clock.advance(1_000);
    await w.stop('a');
    expect(w.lease()!.spec?.holderIdentity).toBe('a');
  });

  it('hands out a leading signal that a whole component can watch without a leak warning', async () => {
    const w = new World();
    const warnings: string[] = [];
    const onWarning = (warning: Error): number => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      let added = false;
      w.start('a', {
        callbacks: {
          onStartedLeading: (s) => {
            for (let i = 0; i < 50; i++) s.addEventListener('abort', () => undefined, { once: true });
            added = true;
          },
          onStoppedLeading: () => undefined,
        },
      });
      await w.until(() => added, 5_000);
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on a later tick
      await w.stop('a');
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });

  it('gives up leadership when it cannot renew within the renew deadline', async () => {
    for (const fault of ['fail', 'hang'] as const) {
      const w = new World();
      let aborted = false;
      w.start('a', {
        callbacks: {
          onStartedLeading: (s) => s.addEventListener('abort', () => (aborted = true)),
          onStoppedLeading: () => w.log.push(`${w.t()} stop`),
        },
      });
      await w.clock.advance(2_000); // last successful renewal at 2 s
      w.store.setFault('a', fault);
      await w.until(() => aborted, 20_000);
      // The renewal at 4 s starts a 10 s deadline.
      expect(w.log).toEqual(['14 stop']);
    }
  });

  it('keeps retrying while the store fails and takes the lease once it recovers', async () => {
    const w = new World();
    w.store.setFault('a', 'fail');
    w.start('a');
    await w.clock.advance(30_000);
    expect(w.leader()).toBeUndefined();
    w.store.setFault('a', 'none');
    const waited = await w.until(() => w.leader() === 'a', 10_000);
    expect(waited).toBeLessThanOrEqual(2_000 * 2.2);
  });

  it('stops campaigning when aborted before acquiring, without calling onStoppedLeading', async () => {
    const w = new World();
    w.store.setFault('a', 'fail');
    w.start('a');
    await w.clock.advance(5_000);
    await w.stop('a');
    expect(w.log).toEqual([]);
  });
});

describe('LeaderElector with several candidates', () => {
  it('elects exactly one leader; the others see it', async () => {
    const w = new World();
    for (const id of ['a', 'b', 'c']) w.start(id);
    await w.clock.advance(60_000);
    expect(w.leaders).toEqual(new Set(['a']));
    // b and c lost the create race at 0 s and look again after a jittered retry period.
    expect(w.log).toEqual(['0 a sees a', '0 start a', '3.2 b sees a', '3.2 c sees a']);
    expect(w.overlaps).toBe(0);
  });

  it('fails over when the leader stops renewing: not before the lease expires, within lease + retry', async () => {
    const w = new World(() => 0.99);
    for (const id of ['a', 'b', 'c']) w.start(id);
    await w.clock.advance(10_000);
    const lastRenew = Date.parse(w.lease()!.spec?.renewTime ?? '');
    w.store.setFault('a', 'hang');
    await w.until(() => w.leaders.size === 1 && w.leader() !== 'a', 40_000);
    const takeover = w.clock.now() - lastRenew;
    expect(takeover).toBeGreaterThanOrEqual(15_000);
    expect(takeover).toBeLessThanOrEqual(15_000 + 2_000 * 2.2 + 2_000);
    expect(w.lease()!.spec?.leaseTransitions).toBe(1);
    expect(w.overlaps).toBe(0);
    expect(w.log.findIndex((l) => l.endsWith('stop a'))).toBeLessThan(
      w.log.findIndex((l) => l.includes('start b') || l.includes('start c')),
    );
  });

  it('hands over within one retry period (plus jitter) when the leader releases', async () => {
    const w = new World();
    for (const id of ['a', 'b']) w.start(id);
    await w.clock.advance(7_000);
    await w.stop('a');
    const waited = await w.until(() => w.leader() === 'b', 10_000);
    expect(waited).toBeLessThanOrEqual(2_000 * 2.2);
    expect(w.lease()!.spec).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1, leaseDurationSeconds: 15 });
  });

  it('lets only one of two simultaneous creators win (resourceVersion conflict)', async () => {
    const w = new World();
    w.start('a');
    w.start('b');
    await w.clock.settle();
    expect(w.leaders.size).toBe(1);
    expect(w.store.writes.length).toBe(1);
  });

  it('never has two leaders through random crashes, partitions, heals and restarts', async () => {
    const action = fc.record({
      afterMs: fc.integer({ min: 0, max: 20_000 }),
      who: fc.constantFrom('a', 'b', 'c'),
      what: fc.constantFrom('hang', 'fail', 'heal', 'release', 'restart'),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(action, { maxLength: 12 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        async (actions, r) => {
          const w = new World(() => r);
          const gen = new Map<string, number>();
          const startAs = (who: string): void => {
            const n = (gen.get(who) ?? 0) + 1;
            gen.set(who, n);
            w.start(who === 'a' && n === 1 ? 'a' : `${who}${n}`);
          };
          for (const id of ['a', 'b', 'c']) startAs(id);
          for (const a of actions) {
            await w.clock.advance(a.afterMs);
            const id = (gen.get(a.who) ?? 1) === 1 && a.who === 'a' ? 'a' : `${a.who}${gen.get(a.who)}`;
            if (a.what === 'hang' || a.what === 'fail') w.store.setFault(id, a.what);
            else if (a.what === 'heal') w.store.setFault(id, 'none');
            else {
              await w.stop(id);
              if (a.what === 'restart') startAs(a.who);
            }
          }
          for (const id of ['a', 'b', 'c', 'a2', 'a3', 'b2', 'c2']) w.store.setFault(id, 'none');
          await w.clock.advance(60_000);
          expect(w.overlaps).toBe(0);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('LeaderElector configuration', () => {
  const base = {
    lease: LEASE,
    identity: 'a',
    store: new MemoryLeaseStore({ statusError: apiErrorFromStatus }).view('a'),
    callbacks: { onStartedLeading: () => {}, onStoppedLeading: () => {} },
  };

  it('rejects inconsistent timing and an empty identity', () => {
    expect(() => new LeaderElector({ ...base, identity: '' })).toThrow('identity');
    expect(() => new LeaderElector({ ...base, leaseDurationMs: 10_000 })).toThrow('leaseDurationMs');
    expect(() => new LeaderElector({ ...base, renewDeadlineMs: 2_400 })).toThrow('renewDeadlineMs');
    expect(() => new LeaderElector({ ...base, retryPeriodMs: 0 })).toThrow(ClientError);
  });

  it('runs once', async () => {
    const e = new LeaderElector({ ...base, logger: silent, clock: new FakeClock() });
    await e.run(AbortSignal.abort());
    await expect(e.run(AbortSignal.abort())).rejects.toThrow('already started');
  });
});
