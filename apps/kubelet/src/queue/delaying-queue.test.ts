import { FakeClock } from '@wheelhouse/testing';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { PRIORITY, WeightedDelayingQueue } from './delaying-queue.js';

const logger = pino({ level: 'silent' });

function setup(
  concurrency = 4,
  heartbeatConcurrency?: number,
): { clock: FakeClock; queue: WeightedDelayingQueue; ran: string[] } {
  const clock = new FakeClock();
  return { clock, queue: new WeightedDelayingQueue({ clock, concurrency, heartbeatConcurrency, logger }), ran: [] };
}

describe('WeightedDelayingQueue', () => {
  it('runs jobs when they fall due, in time order', async () => {
    const { clock, queue, ran } = setup();
    queue.schedule('b', 200, PRIORITY.transition, async () => void ran.push(`b@${clock.now() % 1000}`));
    queue.schedule('a', 100, PRIORITY.transition, async () => void ran.push(`a@${clock.now() % 1000}`));
    await clock.advance(99);
    expect(ran).toEqual([]);
    await clock.advance(200);
    expect(ran).toEqual(['a@100', 'b@200']);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('with a tick, starts the delayed jobs of one tick together at its end, each job no earlier than due', async () => {
    const clock = new FakeClock();
    const queue = new WeightedDelayingQueue({ clock, tickMs: 100, logger });
    const ran: string[] = [];
    const base = clock.now() - (clock.now() % 100);
    const at = (t: number) => t - clock.now();
    const job = (name: string) => async () => void ran.push(`${name}@${clock.now() - base}`);
    queue.schedule('a', at(base + 110), PRIORITY.heartbeat, job('a'));
    queue.schedule('b', at(base + 150), PRIORITY.transition, job('b'));
    queue.schedule('c', at(base + 200), PRIORITY.heartbeat, job('c'));
    queue.schedule('d', at(base + 201), PRIORITY.heartbeat, job('d'));
    queue.schedule('now', 0, PRIORITY.transition, job('now'));
    await clock.settle();
    expect(ran).toEqual([`now@${clock.now() - base}`]);
    await clock.advance(base + 199 - clock.now());
    expect(ran).toHaveLength(1);
    await clock.advance(1);
    expect(ran.slice(1).sort()).toEqual(['a@200', 'b@200', 'c@200']);
    await clock.advance(99);
    expect(ran).toHaveLength(4);
    await clock.advance(1);
    expect(ran.at(-1)).toBe('d@300');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('replaces the pending job of a key and cancels', async () => {
    const { clock, queue, ran } = setup();
    queue.schedule('k', 100, 1, async () => void ran.push('first'));
    queue.schedule('k', 300, 1, async () => void ran.push('second'));
    queue.schedule('gone', 50, 1, async () => void ran.push('gone'));
    queue.cancel('gone');
    expect(queue.has('gone')).toBe(false);
    await clock.advance(1000);
    expect(ran).toEqual(['second']);
  });

  it('runs due jobs by priority when slots are scarce', async () => {
    const { clock, queue, ran } = setup(1);
    let release!: () => void;
    queue.schedule('blocker', 0, PRIORITY.transition, () => new Promise<void>((r) => (release = r)));
    await clock.settle();
    queue.schedule('retry', 0, PRIORITY.retry, async () => void ran.push('retry'));
    queue.schedule('transition', 0, PRIORITY.transition, async () => void ran.push('transition'));
    await clock.settle();
    expect(ran).toEqual([]);
    release();
    await queue.idle();
    expect(ran).toEqual(['transition', 'retry']);
  });

  it("runs heartbeats beside the other jobs and each other: pods never wait behind leases, nor leases behind pods or other nodes' leases", async () => {
    const { clock, queue, ran } = setup(1);
    const releases = new Map<string, () => void>();
    const held = (name: string) => () =>
      new Promise<void>((r) => releases.set(name, r)).then(() => void ran.push(name));
    queue.schedule('pod-a', 0, PRIORITY.transition, held('pod-a'));
    for (let i = 1; i <= 50; i++) queue.schedule(`lease-${i}`, 0, PRIORITY.heartbeat, held(`lease-${i}`));
    queue.schedule('pod-b', 0, PRIORITY.transition, async () => void ran.push('pod-b'));
    await clock.settle();
    // Every lease runs at once, beside pod-a in the one transition slot; pod-b waits for that slot.
    expect(releases.size).toBe(51);
    expect(ran).toEqual([]);
    for (let i = 1; i <= 50; i++) releases.get(`lease-${i}`)!();
    await clock.settle();
    expect(ran).toHaveLength(50);
    expect(ran).not.toContain('pod-b');
    releases.get('pod-a')!();
    await queue.idle();
    expect(ran.slice(-2)).toEqual(['pod-a', 'pod-b']);
  });

  it('caps heartbeats at heartbeatConcurrency when given one: the next waits for a running one', async () => {
    const { clock, queue, ran } = setup(4, 1);
    let release!: () => void;
    queue.schedule('lease-1', 0, PRIORITY.heartbeat, () =>
      new Promise<void>((r) => (release = r)).then(() => void ran.push('lease-1')),
    );
    queue.schedule('lease-2', 0, PRIORITY.heartbeat, async () => void ran.push('lease-2'));
    await clock.settle();
    expect(ran).toEqual([]);
    release();
    await queue.idle();
    expect(ran).toEqual(['lease-1', 'lease-2']);
  });

  it('never runs two jobs of one key at once', async () => {
    const { clock, queue, ran } = setup(4);
    let release!: () => void;
    queue.schedule('k', 0, 1, () => new Promise<void>((r) => (release = r)).then(() => void ran.push('one')));
    await clock.settle();
    queue.schedule('k', 0, 1, async () => void ran.push('two'));
    await clock.settle();
    expect(ran).toEqual([]);
    release();
    await queue.idle();
    expect(ran).toEqual(['one', 'two']);
  });

  it('stops: pending jobs are dropped and the timer cleared', async () => {
    const { clock, queue, ran } = setup();
    queue.schedule('k', 100, 1, async () => void ran.push('k'));
    await queue.stop();
    queue.schedule('later', 0, 1, async () => void ran.push('later'));
    await clock.advance(500);
    expect(ran).toEqual([]);
    expect(clock.pendingTimers()).toBe(0);
  });
});
