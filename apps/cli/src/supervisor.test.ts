import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '@wheelhouse/testing';
import { Supervisor, type ChildSpec, type SupervisedProcess } from './supervisor.js';

/** A child process that exits only when told to (or when killed). */
class FakeChild extends EventEmitter implements SupervisedProcess {
  readonly signals: string[] = [];
  /** Set false to make the child ignore SIGTERM/SIGINT (only SIGKILL ends it). */
  obeys = true;
  exited = false;

  constructor(readonly pid: number) {
    super();
  }

  kill(signal: NodeJS.Signals | number = 'SIGTERM'): boolean {
    this.signals.push(String(signal));
    if (signal === 'SIGKILL' || this.obeys) setImmediate(() => this.exit(null, String(signal) as NodeJS.Signals));
    return true;
  }

  exit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.exited) return;
    this.exited = true;
    this.emit('exit', code, signal);
  }
}

interface LogLine {
  msg: string;
  fields: Record<string, unknown>;
}

function setup(children: ChildSpec[], opts: { stableAfterMs?: number } = {}) {
  const clock = new FakeClock();
  const spawned: Array<{ name: string; at: number; child: FakeChild }> = [];
  const lines: LogLine[] = [];
  const log =
    (level: string) =>
    (fields: object, msg: string): void =>
      void lines.push({ msg: `${level} ${msg}`, fields: fields as Record<string, unknown> });
  const supervisor = new Supervisor({
    children,
    clock,
    logger: { info: log('info'), warn: log('warn'), error: log('error') },
    spawn: (spec) => {
      const child = new FakeChild(1000 + spawned.length);
      spawned.push({ name: spec.name, at: clock.now(), child });
      return child;
    },
    restartBaseMs: 500,
    restartMaxMs: 8_000,
    stableAfterMs: opts.stableAfterMs ?? 10_000,
    stopGraceMs: 5_000,
  });
  return { clock, spawned, lines, supervisor };
}

const spec = (name: string, ready?: ChildSpec['ready']): ChildSpec => ({ name, command: 'x', args: [], ready });

describe('Supervisor', () => {
  it('starts children in order, each once the one before is ready', async () => {
    let storeReady!: () => void;
    const { spawned, supervisor } = setup([
      spec('store', () => new Promise<void>((r) => (storeReady = r))),
      spec('apiserver'),
    ]);
    const started = supervisor.start();
    await new Promise((r) => setImmediate(r));
    expect(spawned.map((s) => s.name)).toEqual(['store']);
    storeReady();
    await started;
    expect(spawned.map((s) => s.name)).toEqual(['store', 'apiserver']);
    await supervisor.stop();
  });

  it('launches a child with `after: []` at once, and one after several once all of them are ready', async () => {
    const readiness = new Map<string, () => void>();
    const waits = (name: string) => () => new Promise<void>((r) => readiness.set(name, r));
    const { spawned, supervisor } = setup([
      spec('store', waits('store')),
      { ...spec('apiserver', waits('apiserver')) },
      { ...spec('scheduler'), after: [] },
      { ...spec('kubelet'), after: ['store', 'apiserver'] },
    ]);
    const started = supervisor.start();
    await new Promise((r) => setImmediate(r));
    expect(spawned.map((s) => s.name)).toEqual(['store', 'scheduler']);
    readiness.get('store')!();
    await new Promise((r) => setImmediate(r));
    expect(spawned.map((s) => s.name)).toEqual(['store', 'scheduler', 'apiserver']);
    readiness.get('apiserver')!();
    await started;
    expect(spawned.map((s) => s.name)).toEqual(['store', 'scheduler', 'apiserver', 'kubelet']);
    // Stopping goes by the list, last first, whatever the start order was.
    const order: string[] = [];
    for (const s of spawned) s.child.once('exit', () => order.push(s.name));
    await supervisor.stop();
    expect(order).toEqual(['kubelet', 'scheduler', 'apiserver', 'store']);
  });

  it('launches a child with `launchable` only once that resolves, besides what it comes after', async () => {
    let written!: () => void;
    const launchable = new Promise<void>((r) => (written = r));
    const { spawned, supervisor } = setup([spec('store'), { ...spec('kubelet'), after: [], launchable }]);
    const started = supervisor.start();
    await new Promise((r) => setImmediate(r));
    expect(spawned.map((s) => s.name)).toEqual(['store']);
    written();
    await started;
    expect(spawned.map((s) => s.name)).toEqual(['store', 'kubelet']);
    await supervisor.stop();
  });

  it('rejects a child that comes after one not listed before it', () => {
    expect(() => setup([{ ...spec('a'), after: ['b'] }, spec('b')])).toThrow(
      'child a comes after b, which is not listed before it',
    );
  });

  it('restarts a child that dies with capped exponential backoff, one log line each, never in a hot loop', async () => {
    const { clock, spawned, lines, supervisor } = setup([spec('store'), spec('apiserver')]);
    await supervisor.start();
    const t0 = clock.now();
    const apiserver = spawned[1]!.child;
    // The store dies again as soon as it is back, ten times over.
    for (let i = 0; i < 10; i++) {
      const current = spawned.filter((s) => s.name === 'store').at(-1)!.child;
      current.exit(i === 0 ? null : 1, i === 0 ? 'SIGKILL' : null);
      await clock.advance(8_000);
    }
    const restarts = spawned.filter((s) => s.name === 'store').slice(1);
    // Died at t0, t0 + 500 + 8000 ... : each restart comes base * 2^n after its death, capped at 8 s.
    const deaths = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => t0 + i * 8_000);
    expect(restarts.map((r, i) => r.at - deaths[i]!)).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000, 8000, 8000, 8000,
    ]);
    const warnings = lines.filter((l) => l.msg === 'warn child exited; restarting it');
    expect(warnings).toHaveLength(10);
    expect(warnings[0]!.fields).toMatchObject({
      child: 'store',
      pid: 1000,
      exitCode: null,
      signal: 'SIGKILL',
      restartInMs: 500,
      restartAt: new Date(t0 + 500).toISOString(),
    });
    expect(warnings[1]!.fields).toMatchObject({ child: 'store', exitCode: 1, signal: null, restartInMs: 1000 });
    // The other child was left alone.
    expect([apiserver.exited, apiserver.signals]).toEqual([false, []]);
    await supervisor.stop();
  });

  it('starts the backoff over once a child has stayed up long enough', async () => {
    const { clock, spawned, lines, supervisor } = setup([spec('store')], { stableAfterMs: 10_000 });
    await supervisor.start();
    const kill = async (): Promise<void> => {
      spawned.at(-1)!.child.exit(null, 'SIGKILL');
      await clock.settle();
    };
    await kill();
    await clock.advance(500);
    await kill();
    await clock.advance(1_000);
    await clock.advance(10_000); // up for 10 s: healthy
    await kill();
    const delays = lines.filter((l) => l.msg.startsWith('warn')).map((l) => l.fields.restartInMs);
    expect(delays).toEqual([500, 1000, 500]);
    await supervisor.stop();
  });

  it('stops every child, last started first, escalates to SIGKILL after the grace, and restarts nothing', async () => {
    const { clock, spawned, supervisor } = setup([spec('store'), spec('apiserver')]);
    await supervisor.start();
    const [store, apiserver] = [spawned[0]!.child, spawned[1]!.child];
    apiserver.obeys = false;
    const order: string[] = [];
    store.once('exit', () => order.push('store'));
    apiserver.once('exit', () => order.push('apiserver'));
    const stopped = supervisor.stop('SIGINT');
    await clock.advance(4_999);
    expect([apiserver.exited, store.signals]).toEqual([false, []]);
    await clock.advance(1);
    await stopped;
    expect(apiserver.signals).toEqual(['SIGINT', 'SIGKILL']);
    expect(store.signals).toEqual(['SIGINT']);
    expect(order).toEqual(['apiserver', 'store']);
    await clock.advance(60_000);
    expect(spawned).toHaveLength(2);
  });

  it('cancels a pending restart when stopped, and stops a start still waiting for readiness', async () => {
    let sawAbort = false;
    const { clock, spawned, supervisor } = setup([
      spec(
        'store',
        (signal) =>
          new Promise<void>((resolve) =>
            signal.addEventListener('abort', () => {
              sawAbort = true;
              resolve();
            }),
          ),
      ),
      spec('apiserver'),
    ]);
    const started = supervisor.start();
    await clock.settle();
    spawned[0]!.child.exit(1, null);
    await clock.settle();
    await supervisor.stop();
    await started;
    await clock.advance(60_000);
    expect([sawAbort, spawned.map((s) => s.name)]).toEqual([true, ['store']]);
  });
});
