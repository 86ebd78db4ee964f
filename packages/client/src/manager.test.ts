import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock, FakeListerWatcher, MemoryLeaseStore } from '@wheelhouse/testing';
import { apiErrorFromStatus } from './api-errors.js';
import { sleep } from './clock.js';
import { ClientError, isClientError } from './errors.js';
import type { ListerWatcher, ListOptions } from './list-watch.js';
import { type Manager, type ManagerConfig, type Runnable, buildManager } from './manager.js';
import type { ResourceName, ResourceTypes, Served } from './resource-types.js';
import { RestClient } from './rest-client.js';

const silent = pino({ level: 'silent' });
// Nothing in these tests reaches the API server: informers and leases are fakes.
const client = new RestClient({ server: 'http://127.0.0.1:9', logger: silent });
const LEASE_NAME = 'test-manager';

/** Resolves when `signal` aborts. */
const aborted = (signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve())));

/** A runnable that records when it starts and stops, and counts how many copies run at once. */
class Probe implements Runnable {
  active = 0;
  runs = 0;
  /** Set to take this long (on `clock`) to wind down after the abort. */
  stopping: { clock: FakeClock; ms: number } | undefined;
  constructor(
    readonly name: string,
    readonly needsLeader: boolean,
    private readonly log: string[] = [],
    private readonly onStart: () => void = () => undefined,
  ) {}
  async run(signal: AbortSignal): Promise<void> {
    this.runs++;
    this.active++;
    this.log.push(`start ${this.name}`);
    this.onStart();
    await aborted(signal);
    if (this.stopping) await sleep(this.stopping.clock, this.stopping.ms);
    this.active--;
    this.log.push(`stop ${this.name}`);
  }
}

/** Lists that wait for `open()` (or the abort of the list call). */
function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const wrap = <T>(lw: ListerWatcher<T>): ListerWatcher<T> => ({
    list: async (o: ListOptions) => {
      await Promise.race([opened, o.signal ? aborted(o.signal) : opened]);
      o.signal?.throwIfAborted();
      return lw.list(o);
    },
    watch: (o) => lw.watch(o),
  });
  return { open, wrap };
}

interface Env {
  clock: FakeClock;
  store: MemoryLeaseStore;
  managers: { mgr: Manager; ac: AbortController; done: Promise<unknown> }[];
}

function env(): Env {
  return {
    clock: new FakeClock(Date.UTC(2026, 0, 1)),
    store: new MemoryLeaseStore({ statusError: apiErrorFromStatus }),
    managers: [],
  };
}

/** Fake informers holding one object named `<resource>-1`, listed through `wrap`. */
function fakeInformers(wrap: <T>(lw: ListerWatcher<T>) => ListerWatcher<T> = (lw) => lw) {
  return {
    useWatchList: false,
    listerWatcherFor: <R extends ResourceName>(resource: R) => {
      const lw = new FakeListerWatcher<Served<ResourceTypes[R]>>({ statusError: apiErrorFromStatus });
      lw.upsert({ metadata: { name: `${resource}-1`, namespace: 'default' } } as Served<ResourceTypes[R]>);
      return wrap(lw);
    },
  };
}

function build(e: Env, extra: Partial<ManagerConfig> = {}): Manager {
  return buildManager({
    name: LEASE_NAME,
    client,
    clock: e.clock,
    logger: silent,
    informers: fakeInformers(),
    ...extra,
  });
}

function elected(e: Env, id: string, extra: Partial<NonNullable<ManagerConfig['leaderElection']>> = {}): Manager {
  return build(e, {
    leaderElection: {
      identity: id,
      store: e.store.view(id),
      leaseDurationMs: 15_000,
      renewDeadlineMs: 10_000,
      retryPeriodMs: 2_000,
      random: () => 0.5,
      ...extra,
    },
  });
}

let running: Env | undefined;

/** Starts `mgr` in `e`; the test's cleanup stops it. */
function start(e: Env, mgr: Manager) {
  running = e;
  const ac = new AbortController();
  const done = mgr.start(ac.signal).then(
    () => 'stopped',
    (err: unknown) => err,
  );
  const entry = { mgr, ac, done };
  e.managers.push(entry);
  return entry;
}

/** Advances the clock in steps until `cond` holds; fails after `maxMs` of fake time. */
async function until(e: Env, cond: () => boolean, maxMs = 120_000): Promise<void> {
  for (let t = 0; !cond(); t += 100) {
    if (t > maxMs) throw new Error(`condition not met within ${maxMs} ms of fake time`);
    await e.clock.advance(100);
  }
}

afterEach(async () => {
  const e = running;
  running = undefined;
  if (!e) return;
  for (const m of e.managers) m.ac.abort();
  let settled = false;
  void Promise.all(e.managers.map((m) => m.done)).then(() => (settled = true));
  await until(e, () => settled);
});

describe('Manager start', () => {
  it('starts the informers, waits for their caches, then runs the runnables', async () => {
    const e = env();
    const g = gate();
    const mgr = build(e, { informers: fakeInformers(g.wrap) });
    const pods = mgr.informers.informerFor('pods');
    const seen: string[] = [];
    mgr.add(new Probe('reader', false, [], () => seen.push(`cache holds ${pods.lister().list().length}`)));
    start(e, mgr);
    await mgr.serving();
    await e.clock.advance(60_000);
    expect([seen, mgr.hasSynced()]).toEqual([[], false]);
    g.open();
    await until(e, () => seen.length > 0);
    expect(seen).toEqual(['cache holds 1']);
    expect(mgr.hasSynced()).toBe(true);
  });

  it('fails with the name of the informer whose cache did not sync in time, running nothing', async () => {
    const e = env();
    const g = gate();
    const mgr = build(e, { cacheSyncTimeoutMs: 30_000, informers: fakeInformers(g.wrap) });
    mgr.informers.informerFor('nodes');
    mgr.informers.informerFor('pods', { fieldSelector: 'spec.nodeName=n1' });
    const probe = new Probe('never', false);
    mgr.add(probe);
    const { done } = start(e, mgr);
    await mgr.serving();
    await e.clock.advance(30_000);
    const err = await done;
    expect(isClientError(err, 'CacheSyncTimeout')).toBe(true);
    expect((err as Error).message).toBe(
      'timed out waiting for caches to sync: nodes, pods{fieldSelector=spec.nodeName=n1} not synced within 30000 ms',
    );
    expect(probe.runs).toBe(0);
  });

  it('stops every runnable and rejects with RunnableFailed when one fails', async () => {
    const e = env();
    const mgr = build(e);
    const other = new Probe('other', false);
    const boom = new Error('boom');
    mgr.add(other);
    mgr.add({ name: 'failing', needsLeader: false, run: () => Promise.reject(boom) });
    const { done } = start(e, mgr);
    const err = await done;
    expect(isClientError(err, 'RunnableFailed')).toBe(true);
    expect([(err as Error).message, (err as Error).cause]).toEqual(['runnable failing failed', boom]);
    expect([other.runs, other.active]).toEqual([1, 0]);
  });
});

describe('Manager leader election', () => {
  it('runs leader-only runnables on exactly one of two managers, and moves them when the leader stops', async () => {
    const e = env();
    const log: string[] = [];
    const probes = new Map<string, { leader: Probe; everywhere: Probe }>();
    const entries = ['a', 'b'].map((id) => {
      const mgr = elected(e, id);
      const p = { leader: new Probe(`leader-${id}`, true, log), everywhere: new Probe(`everywhere-${id}`, false, log) };
      p.leader.stopping = { clock: e.clock, ms: 10_000 }; // winds down for longer than a retry period
      mgr.add(p.leader);
      mgr.add(p.everywhere);
      probes.set(id, p);
      return { id, ...start(e, mgr) };
    });
    let overlaps = 0;
    const watch = (): void => {
      if ([...probes.values()].filter((p) => p.leader.active > 0).length > 1) overlaps++;
      e.clock.setTimeout(watch, 50);
    };
    watch();
    await until(e, () => log.filter((l) => l.startsWith('start leader')).length > 0);
    await e.clock.advance(60_000); // several renewals: the leader stays, the other waits
    const first = entries.find((x) => x.mgr.isLeader())!;
    const second = entries.find((x) => x !== first)!;
    expect([probes.get(first.id)!.leader.active, probes.get(second.id)!.leader.active]).toEqual([1, 0]);
    expect([probes.get('a')!.everywhere.active, probes.get('b')!.everywhere.active]).toEqual([1, 1]);
    expect(e.store.peek('kube-system', LEASE_NAME)?.spec?.holderIdentity).toBe(first.id);

    first.ac.abort(); // a clean stop releases the lease only after its leader-only runnables stopped
    await until(e, () => probes.get(second.id)!.leader.active === 1);
    expect(await first.done).toBe('stopped');
    expect(second.mgr.isLeader()).toBe(true);
    expect(log.indexOf(`stop leader-${first.id}`)).toBeLessThan(log.indexOf(`start leader-${second.id}`));
    expect(overlaps).toBe(0);
  });

  it('stops everything and rejects with "leaderelection lost" when the lease cannot be renewed', async () => {
    const e = env();
    const mgr = elected(e, 'a');
    const leader = new Probe('leader', true);
    const everywhere = new Probe('everywhere', false);
    mgr.add(leader);
    mgr.add(everywhere);
    const { done } = start(e, mgr);
    await until(e, () => leader.active === 1);
    e.store.setFault('a', 'fail');
    await until(e, () => leader.active === 0);
    const err = await done;
    expect(isClientError(err, 'LeaderElectionLost')).toBe(true);
    expect((err as ClientError).message).toBe('leaderelection lost');
    expect([leader.active, everywhere.active]).toEqual([0, 0]);
  });

  it('with keepRunning, stops leader-only runnables on loss and restarts them once leading again', async () => {
    const e = env();
    const mgr = elected(e, 'a', { keepRunning: true });
    const leader = new Probe('leader', true);
    const everywhere = new Probe('everywhere', false);
    mgr.add(leader);
    mgr.add(everywhere);
    start(e, mgr);
    await until(e, () => leader.active === 1);
    e.store.setFault('a', 'fail');
    await until(e, () => leader.active === 0);
    expect([mgr.isLeader(), everywhere.active]).toEqual([false, 1]);
    e.store.setFault('a', 'none');
    await until(e, () => leader.active === 1);
    expect([leader.runs, everywhere.runs, mgr.isLeader()]).toEqual([2, 1, true]);
  });
});

describe('Manager endpoints', () => {
  it('serves /healthz, /readyz (ready only once the caches synced) and Prometheus /metrics', async () => {
    const e = env();
    const g = gate();
    const gated = build(e, {
      informers: fakeInformers(g.wrap),
      leaderElection: { identity: 'a', store: e.store.view('a'), random: () => 0.5 },
    });
    gated.informers.informerFor('pods');
    const controller = gated.addController({ name: 'pods', reconcile: async () => undefined });
    start(e, gated);
    const { url, address, port } = await gated.serving();
    expect([address, port > 0]).toEqual(['127.0.0.1', true]);
    const get = async (path: string) => {
      const res = await fetch(url + path);
      return [res.status, await res.text()];
    };
    expect(await get('/healthz')).toEqual([200, 'ok']);
    expect(await get('/livez')).toEqual([200, 'ok']);
    expect(await get('/readyz')).toEqual([
      500,
      '[+]ping ok\n[-]informer-sync failed: reason withheld\n[+]shutdown ok\nreadyz check failed\n',
    ]);
    g.open();
    await until(e, () => gated.isLeader());
    expect(await get('/readyz')).toEqual([200, 'ok']);
    expect(await get('/readyz?verbose')).toEqual([
      200,
      '[+]ping ok\n[+]informer-sync ok\n[+]shutdown ok\nreadyz check passed\n',
    ]);
    controller.enqueue('default/pods-1');
    await e.clock.settle();
    const [status, metrics] = await get('/metrics');
    expect(status).toBe(200);
    expect(metrics).toContain(`leader_election_master_status{name="${LEASE_NAME}"} 1`);
    expect(metrics).toContain('workqueue_adds_total{name="pods"} 1');
    expect(metrics).toContain('workqueue_depth{name="pods"} 0');
    expect(await get('/nothing')).toEqual([404, '404 page not found\n']);
  });

  it('reports where it listens when a port was chosen for it, and fails to start on a taken one', async () => {
    const e = env();
    const first = build(e);
    start(e, first);
    const { port } = await first.serving();
    const second = build(e, { securePort: port });
    const { done } = start(e, second);
    await expect(second.serving()).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect(await done).toMatchObject({ code: 'EADDRINUSE' });
  });
});

describe('buildManager', () => {
  it('throws at once on bad configuration', () => {
    const e = env();
    const cases: [Partial<ManagerConfig>, string][] = [
      [{ name: '' }, 'invalid option name: must not be empty'],
      [{ bindAddress: 'localhost' }, 'invalid option bindAddress: "localhost" is not an IP address'],
      [{ securePort: 70_000 }, 'invalid option securePort: must be an integer from 0 to 65535'],
      [{ cacheSyncTimeoutMs: 0 }, 'invalid option cacheSyncTimeoutMs: must be > 0'],
      [
        { leaderElection: { leaseDurationMs: 5_000, renewDeadlineMs: 5_000, store: e.store.view('x') } },
        'invalid option leaseDurationMs: must be greater than renewDeadlineMs',
      ],
    ];
    for (const [extra, message] of cases) {
      expect(() => build(e, extra)).toThrow(ClientError);
      expect(() => build(e, extra)).toThrow(message);
    }
  });

  it('refuses runnables after start, and Controllers that would be restarted with keepRunning', async () => {
    const e = env();
    const keep = elected(e, 'k', { keepRunning: true });
    expect(() => keep.addController({ name: 'rs', reconcile: async () => undefined })).toThrow(
      'rs is a Controller, which runs once',
    );
    const mgr = build(e);
    start(e, mgr);
    await mgr.serving();
    expect(() => mgr.add(new Probe('late', false))).toThrow('after the manager started');
  });
});
