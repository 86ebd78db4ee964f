import type { HasMetadata } from '@wheelhouse/client';
import { FakeClock } from '@wheelhouse/testing';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { WeightedDelayingQueue } from '../queue/delaying-queue.js';
import type { CompiledStage } from './compile.js';
import type { Scope } from './expression-eval.js';
import { BUILTIN_FUNCTIONS } from './functions.js';
import { parseStages } from './load.js';
import { StagePlayer, type StageHost } from './player.js';

type Obj = HasMetadata & { status?: { phase?: string } };

const STAGES = `
apiVersion: sim.wheelhouse.dev/v1alpha1
kind: Stage
metadata: { name: start }
spec:
  resourceRef: { kind: Pod }
  selector: { matchExpressions: [{ key: .status.phase, operator: DoesNotExist }] }
  delay: { durationMilliseconds: 1000, jitterDurationMilliseconds: 2000 }
  next: { status: { phase: Running } }
---
apiVersion: sim.wheelhouse.dev/v1alpha1
kind: Stage
metadata: { name: finish }
spec:
  resourceRef: { kind: Pod }
  selector: { matchExpressions: [{ key: .status.phase, operator: In, values: [Running] }] }
  delay: { durationFrom: 'int(.metadata.annotations["run"]) * 1000' }
  next: { status: { phase: Succeeded } }
`;

const names = { Pod: new Set(Object.keys(BUILTIN_FUNCTIONS)), Node: new Set<string>() };

/** A host keeping objects in a map; play writes the phase (a new resourceVersion) and reports it. */
class MapHost implements StageHost<Obj> {
  readonly objects = new Map<string, Obj>();
  readonly log: string[] = [];
  failNext = 0;
  paused = false;
  private rv = 1;
  onWrite: (obj: Obj) => void = () => undefined;

  constructor(private readonly clock: FakeClock) {}

  put(obj: Obj): Obj {
    const stored = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(this.rv++) } };
    this.objects.set(obj.metadata.name!, stored);
    return stored;
  }
  get(key: string): Obj | undefined {
    return this.objects.get(key);
  }
  scope(obj: Obj): Scope {
    return { root: obj, vars: { nowMs: this.clock.now() }, functions: BUILTIN_FUNCTIONS };
  }
  suspended(): boolean {
    return this.paused;
  }
  async play(obj: Obj, stage: CompiledStage, scope: Scope): Promise<string | undefined> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('server unavailable');
    }
    this.log.push(`${stage.name}@${this.clock.now() % 100_000}`);
    const written = this.put({ ...obj, status: stage.status!(scope) as Obj['status'] });
    this.onWrite(written);
    return written.metadata.resourceVersion;
  }
  isGone(): boolean {
    return false;
  }
}

function setup(random = () => 0): { clock: FakeClock; host: MapHost; player: StagePlayer<Obj> } {
  const clock = new FakeClock(Date.UTC(2026, 0, 1));
  const logger = pino({ level: 'silent' });
  const host = new MapHost(clock);
  const queue = new WeightedDelayingQueue({ clock, logger });
  const stages = parseStages(STAGES, 'test.yaml', names);
  const player = new StagePlayer<Obj>({ stages, queue, host, name: 'pod', random, logger, retryBaseMs: 100 });
  host.onWrite = (o) => player.observe(o);
  return { clock, host, player };
}

const pod = (run = '5'): Obj => ({ metadata: { name: 'p', annotations: { run } } });

describe('StagePlayer', () => {
  it('plays matching stages one after the other, each after its delay', async () => {
    const { clock, host, player } = setup(() => 0.5);
    player.observe(host.put(pod()));
    expect(player.scheduledStage('p')).toBe('start');
    await clock.advance(1499);
    expect(host.log).toEqual([]);
    await clock.advance(1);
    expect(host.log).toEqual(['start@1500']);
    await clock.advance(5000);
    expect(host.log).toEqual(['start@1500', 'finish@6500']);
    expect(host.get('p')!.status!.phase).toBe('Succeeded');
    expect(player.scheduledStage('p')).toBeUndefined();
  });

  it('keeps the scheduled delay when an unrelated update arrives, and starts over when the state moved on', async () => {
    const { clock, host, player } = setup();
    player.observe(host.put(pod()));
    await clock.advance(600);
    player.observe(host.put({ ...pod(), metadata: { ...pod().metadata, labels: { a: 'b' } } }));
    await clock.advance(400);
    expect(host.log).toEqual(['start@1000']);
    // someone else finished the pod while "finish" was pending: nothing more to play
    host.put({ ...host.get('p')!, status: { phase: 'Failed' } });
    await clock.advance(10_000);
    expect(host.log).toEqual(['start@1000']);
  });

  it('never plays twice on one resourceVersion (a stale cache)', async () => {
    const { clock, host, player } = setup();
    const first = host.put(pod());
    player.observe(first);
    await clock.advance(1000);
    host.objects.set('p', first);
    player.observe(first);
    await clock.advance(10_000);
    expect(host.log).toEqual(['start@1000']);
  });

  it('retries a failed play with backoff, and holds transitions while suspended', async () => {
    const { clock, host, player } = setup();
    host.failNext = 2;
    player.observe(host.put(pod('0')));
    await clock.advance(1000);
    await clock.advance(100);
    expect(host.log).toEqual([]);
    await clock.advance(200);
    expect(host.log).toEqual(['start@1300', 'finish@1300']);
    host.paused = true;
    player.observe(host.put(pod()));
    await clock.advance(60_000);
    expect(host.log).toHaveLength(2);
  });
});
