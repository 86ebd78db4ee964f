import type { Pod } from '@wheelhouse/api';
import { FakeClock } from '@wheelhouse/testing';
import { describe, expect, it } from 'vitest';
import { makePod } from '../builders.test-support.js';
import { Action, NODE_ADD, type ClusterEventWithHint } from '../framework/events.js';
import { PrioritySort } from '../plugins/prioritysort/priority-sort.js';
import { SchedulingGates } from '../plugins/schedulinggates/scheduling-gates.js';
import { Nominator } from './nominator.js';
import { PriorityQueue } from './scheduling-queue.js';

const sort = new PrioritySort();
const gates = new SchedulingGates();

function newQueue(events: Record<string, ClusterEventWithHint[]> = {}) {
  const clock = new FakeClock();
  const incoming: string[] = [];
  const profile = {
    runPreEnqueuePlugins: (pod: Pod) => gates.preEnqueue(pod)?.withPlugin(gates.name),
    plugins: { events: new Map(Object.entries({ ...events, SchedulingGates: gates.eventsToRegister() })) },
  };
  const q = new PriorityQueue({
    clock,
    less: (a, b) => sort.less(a, b),
    profiles: new Map([['default-scheduler', profile]]),
    nominator: new Nominator(),
    onIncoming: (queue, event) => incoming.push(`${queue}:${event}`),
  });
  return { q, clock, incoming };
}

/** Pops a pod and fails it as rejected by `plugins` (none: an error). */
async function fail(q: PriorityQueue, plugins: string[] = []) {
  const p = await q.pop();
  if (!p) throw new Error('empty queue');
  p.unschedulablePlugins = new Set(plugins);
  q.addUnschedulableIfNotPresent(p);
  return p;
}

const nodeAddHint: ClusterEventWithHint = { event: { resource: 'Node', actionType: Action.Add } };

describe('PriorityQueue', () => {
  it('pops by priority, then by the time the pod was queued', async () => {
    const { q, clock } = newQueue();
    q.add(makePod('low').priority(1).obj);
    await clock.advance(1);
    q.add(makePod('high-late').priority(10).obj);
    q.add(makePod('mid').priority(5).obj);
    await clock.advance(1);
    q.add(makePod('high-later').priority(10).obj);
    const names = [];
    for (let i = 0; i < 4; i++) names.push((await q.pop())?.podInfo.pod.metadata?.name);
    expect(names).toEqual(['high-late', 'high-later', 'mid', 'low']);
  });

  it('waits in pop until a pod is added, and returns undefined once closed', async () => {
    const { q } = newQueue();
    const popped = q.pop();
    q.add(makePod('p').obj);
    expect((await popped)?.podInfo.pod.metadata?.name).toBe('p');
    const pending = q.pop();
    q.close();
    expect(await pending).toBeUndefined();
  });

  it('keeps a rejected pod unschedulable until an event its plugin registered arrives', async () => {
    const { q, clock } = newQueue({ NodeResourcesFit: [nodeAddHint] });
    const pod = makePod('p').obj;
    q.add(pod);
    await fail(q, ['NodeResourcesFit']);
    expect(q.whereIs(pod)).toBe('unschedulable');
    q.moveAllToActiveOrBackoffQueue({ resource: 'Node', actionType: Action.UpdateNodeLabel }, undefined, {});
    expect(q.whereIs(pod)).toBe('unschedulable'); // not an event NodeResourcesFit registered
    q.moveAllToActiveOrBackoffQueue(NODE_ADD, undefined, {});
    expect(q.whereIs(pod)).toBe('backoff'); // first failure: 1 s of backoff
    await clock.advance(999);
    q.flushBackoffQCompleted();
    expect(q.whereIs(pod)).toBe('backoff');
    await clock.advance(1);
    q.flushBackoffQCompleted();
    expect(q.whereIs(pod)).toBe('active');
  });

  it('skips the event when the rejecting plugin hints QueueSkip', async () => {
    const { q, clock } = newQueue({
      NodeResourcesFit: [
        { event: NODE_ADD, hint: (_pod, _old, node) => ((node as { big?: boolean }).big ? 'Queue' : 'QueueSkip') },
      ],
    });
    const pod = makePod('p').obj;
    q.add(pod);
    await fail(q, ['NodeResourcesFit']);
    await clock.advance(5000);
    q.moveAllToActiveOrBackoffQueue(NODE_ADD, undefined, { big: false });
    expect(q.whereIs(pod)).toBe('unschedulable');
    q.moveAllToActiveOrBackoffQueue(NODE_ADD, undefined, { big: true });
    expect(q.whereIs(pod)).toBe('active'); // backoff already over
  });

  it('backs off exponentially: 1 s, 2 s, 4 s ... after each failure', async () => {
    const { q, clock } = newQueue();
    const pod = makePod('p').obj;
    q.add(pod);
    const waits: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const p = await fail(q); // an error: straight to backoff
      waits.push(q.backoffTime(p) - clock.now());
      expect(q.whereIs(pod)).toBe('backoff');
      await clock.advance(waits[attempt] as number);
      q.flushBackoffQCompleted();
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 10000]);
  });

  it('requeues a failed pod when a matching event arrived during its attempt', async () => {
    const { q } = newQueue({ NodeResourcesFit: [nodeAddHint] });
    const pod = makePod('p').obj;
    q.add(pod);
    const p = await q.pop();
    if (!p) throw new Error('empty queue');
    q.moveAllToActiveOrBackoffQueue(NODE_ADD, undefined, {});
    p.unschedulablePlugins = new Set(['NodeResourcesFit']);
    q.addUnschedulableIfNotPresent(p);
    expect(q.whereIs(pod)).toBe('backoff');
  });

  it('moves pods left unschedulable for more than 5 minutes', async () => {
    const { q, clock, incoming } = newQueue();
    const pod = makePod('p').obj;
    q.add(pod);
    await fail(q, ['NodeAffinity']);
    await clock.advance(5 * 60_000);
    q.flushUnschedulablePodsLeftover();
    expect(q.whereIs(pod)).toBe('unschedulable');
    await clock.advance(1);
    q.flushUnschedulablePodsLeftover();
    expect(q.whereIs(pod)).toBe('active');
    expect(incoming.at(-1)).toBe('active:UnschedulableTimeout');
  });

  it('runs the flushes on its own clock', async () => {
    const { q, clock } = newQueue();
    const ctl = new AbortController();
    q.run(ctl.signal);
    const pod = makePod('p').obj;
    q.add(pod);
    await fail(q);
    await clock.advance(1000);
    expect(q.whereIs(pod)).toBe('active');
    ctl.abort();
  });

  it('holds gated pods until their gates are removed', async () => {
    const { q } = newQueue();
    const gated = makePod('g').spec({ schedulingGates: [{ name: 'wait' }] }).obj;
    q.add(gated);
    expect(q.whereIs(gated)).toBe('gated');
    expect(q.pendingCounts()).toEqual({ active: 0, backoff: 0, unschedulable: 0, gated: 1 });
    q.update(gated, { ...gated, spec: { ...gated.spec, schedulingGates: [] } });
    expect(q.whereIs(gated)).toBe('active');
  });

  it('requeues an unschedulable pod when its own update may help', async () => {
    const { q } = newQueue({
      TaintToleration: [{ event: { resource: 'UnscheduledPod', actionType: Action.UpdatePodToleration } }],
    });
    const pod = makePod('p').obj;
    q.add(pod);
    await fail(q, ['TaintToleration']);
    q.update(pod, { ...pod, metadata: { ...pod.metadata, labels: { new: 'label' } } });
    expect(q.whereIs(pod)).toBe('unschedulable');
    q.update(pod, { ...pod, spec: { ...pod.spec, tolerations: [{ operator: 'Exists' }] } });
    expect(q.whereIs(pod)).toBe('backoff');
  });

  it('forgets deleted pods wherever they wait', async () => {
    const { q } = newQueue();
    const a = makePod('a').obj;
    const b = makePod('b').obj;
    q.add(a);
    q.add(b);
    await fail(q, ['X']);
    q.delete(a);
    q.delete(b);
    expect(q.pendingCounts()).toEqual({ active: 0, backoff: 0, unschedulable: 0, gated: 0 });
  });

  it('refuses to add a pod that is already queued', async () => {
    const { q } = newQueue();
    q.add(makePod('a').obj);
    const p = await fail(q, ['X']);
    expect(() => q.addUnschedulableIfNotPresent(p)).toThrow('already present');
  });

  it('activates pods on request', async () => {
    const { q } = newQueue();
    const pod = makePod('a').obj;
    q.add(pod);
    await fail(q, ['X']);
    q.activate([pod]);
    expect(q.whereIs(pod)).toBe('active');
  });
});
