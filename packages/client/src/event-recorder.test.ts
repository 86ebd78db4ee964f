import fc from 'fast-check';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { FakeClock, MemoryEventSink, captureLogger } from '@wheelhouse/testing';
import { apiErrorFromStatus } from './api-errors.js';
import { COMBINED_PREFIX } from './event-correlator.js';
import { EventRecorder, type EventRecorderOptions } from './event-recorder.js';

const START = Date.UTC(2026, 0, 1, 12, 0, 0);
const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'shop', uid: 'u-1', resourceVersion: '42' },
};
const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', uid: 'n-1' } };

function setup(extra: Partial<EventRecorderOptions> = {}) {
  const clock = new FakeClock(START);
  const sink = new MemoryEventSink({ statusError: apiErrorFromStatus });
  const recorder = new EventRecorder({
    sink,
    component: 'default-scheduler',
    clock,
    logger: pino({ level: 'silent' }),
    random: () => 0.5,
    ...extra,
  });
  return { clock, sink, recorder };
}

describe('EventRecorder writes Events as kubectl describe reads them', () => {
  it('creates an Event with reason, message, type, source, involvedObject, count and timestamps', async () => {
    const { sink, recorder } = setup();
    recorder.event(pod, 'Normal', 'Scheduled', 'Successfully assigned shop/web-1 to node-1');
    await recorder.flush();
    const [ev] = sink.list();
    expect(ev).toMatchObject({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { namespace: 'shop' },
      involvedObject: {
        apiVersion: 'v1',
        kind: 'Pod',
        name: 'web-1',
        namespace: 'shop',
        uid: 'u-1',
        resourceVersion: '42',
      },
      reason: 'Scheduled',
      message: 'Successfully assigned shop/web-1 to node-1',
      type: 'Normal',
      source: { component: 'default-scheduler' },
      count: 1,
      firstTimestamp: '2026-01-01T12:00:00Z',
      lastTimestamp: '2026-01-01T12:00:00Z',
      reportingComponent: 'default-scheduler',
    });
    expect(ev!.metadata?.name).toMatch(/^web-1\.[0-9a-f]+$/);
  });

  it('puts Events about cluster-scoped objects in "default" and records the host', async () => {
    const { sink, recorder } = setup({ component: 'kubelet', host: 'node-1' });
    recorder.event(node, 'Warning', 'NodeNotReady', 'Node node-1 status is now: NodeNotReady');
    await recorder.flush();
    expect(sink.list()[0]).toMatchObject({
      metadata: { namespace: 'default' },
      source: { component: 'kubelet', host: 'node-1' },
      reportingInstance: 'node-1',
      type: 'Warning',
    });
  });

  it('accepts a plain ObjectReference', async () => {
    const { sink, recorder } = setup();
    recorder.event(
      { kind: 'Pod', name: 'p', namespace: 'ns', fieldPath: 'spec.containers{app}' },
      'Normal',
      'Pulled',
      'ok',
    );
    await recorder.flush();
    expect(sink.list()[0]!.involvedObject).toEqual({
      kind: 'Pod',
      name: 'p',
      namespace: 'ns',
      fieldPath: 'spec.containers{app}',
    });
  });
});

describe('EventRecorder aggregation of repeats', () => {
  it('counts a repeat within 10 minutes into the same Event by a patch', async () => {
    const { clock, sink, recorder } = setup();
    recorder.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
    await clock.advance(90_000);
    recorder.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
    await clock.advance(9 * 60_000);
    recorder.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
    await recorder.flush();
    const events = sink.list();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      count: 3,
      firstTimestamp: '2026-01-01T12:00:00Z',
      lastTimestamp: '2026-01-01T12:10:30Z',
    });
    expect(sink.calls.map((c) => c.split(' ')[0])).toEqual(['create', 'patch', 'patch']);
  });

  it('starts a new Event after 10 minutes without a repeat', async () => {
    const { clock, sink, recorder } = setup();
    recorder.event(pod, 'Normal', 'Pulled', 'pulled image');
    await clock.advance(600_001);
    recorder.event(pod, 'Normal', 'Pulled', 'pulled image');
    await recorder.flush();
    expect(sink.list().map((e) => [e.count, e.firstTimestamp])).toEqual([
      [1, '2026-01-01T12:00:00Z'],
      [1, '2026-01-01T12:10:00Z'],
    ]);
  });

  it('keeps Events apart that differ in object, reason, message, type or source', async () => {
    const { sink, recorder } = setup();
    const other = { ...pod, metadata: { ...pod.metadata, name: 'web-2', uid: 'u-2' } };
    recorder.event(pod, 'Normal', 'A', 'm');
    recorder.event(other, 'Normal', 'A', 'm');
    recorder.event(pod, 'Normal', 'B', 'm');
    recorder.event(pod, 'Normal', 'A', 'm2');
    recorder.event(pod, 'Warning', 'A', 'm');
    await recorder.flush();
    const { recorder: kubelet } = setup({ sink, component: 'kubelet' });
    kubelet.event(pod, 'Normal', 'A', 'm');
    await kubelet.flush();
    expect(sink.list().map((e) => e.count)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('combines more than 10 distinct messages of one reason into one Event', async () => {
    const { sink, recorder } = setup();
    for (let i = 1; i <= 14; i++) recorder.event(pod, 'Warning', 'FailedScheduling', `0/${i} nodes are available`);
    await recorder.flush();
    const events = sink.list();
    expect(events).toHaveLength(10);
    const combined = events.at(-1)!;
    expect(combined).toMatchObject({
      count: 5,
      message: `${COMBINED_PREFIX}0/14 nodes are available`,
      reason: 'FailedScheduling',
    });
  });

  it('drops spam beyond a burst of 25 per object, counting the dropped ones into the next write', async () => {
    const { clock, sink, recorder } = setup();
    for (let i = 0; i < 30; i++) recorder.event(pod, 'Normal', 'Tick', 'same');
    await recorder.flush();
    expect(sink.calls).toHaveLength(25);
    expect(sink.list()[0]!.count).toBe(25);
    await clock.advance(300_000);
    recorder.event(pod, 'Normal', 'Tick', 'same');
    await recorder.flush();
    expect(sink.list()[0]!.count).toBe(31);
  });

  it('creates the Event again (same name, carried count) when the patched one is gone', async () => {
    const { sink, recorder } = setup();
    recorder.event(pod, 'Normal', 'X', 'y');
    await recorder.flush();
    const name = sink.list()[0]!.metadata?.name;
    sink.events.clear();
    recorder.event(pod, 'Normal', 'X', 'y');
    await recorder.flush();
    expect(sink.calls).toEqual([
      `create shop/${name} count=1`,
      `patch shop/${name} count=2`,
      `create shop/${name} count=2`,
    ]);
  });
});

describe('EventRecorder failures', () => {
  it('retries transport errors after a random first wait then every 10 s, and gives up after 12 tries', async () => {
    const { clock, sink, recorder } = setup();
    sink.failNext.push(new Error('ECONNREFUSED'), new Error('ECONNRESET'));
    recorder.event(pod, 'Normal', 'X', 'y');
    await clock.advance(4_999);
    expect(sink.calls).toHaveLength(1);
    await clock.advance(1);
    expect(sink.calls).toHaveLength(2);
    await clock.advance(10_000);
    expect(sink.calls).toHaveLength(3);
    expect(sink.list()).toHaveLength(1);

    for (let i = 0; i < 20; i++) sink.failNext.push(new Error('down'));
    sink.calls.length = 0;
    recorder.event(node, 'Normal', 'X', 'y');
    await clock.advance(200_000);
    expect(sink.calls).toHaveLength(12);
  });

  it('does not retry an error the server answered, and logs it', async () => {
    const { logger, records } = captureLogger();
    const { clock, sink, recorder } = setup({ logger });
    sink.failNext.push(apiErrorFromStatus({ reason: 'Forbidden', code: 403, message: 'events is forbidden' }));
    recorder.event(pod, 'Normal', 'X', 'y');
    await clock.advance(60_000);
    expect(sink.calls).toHaveLength(1);
    expect(records.some((r) => r.msg === 'server rejected event; not retrying')).toBe(true);
  });

  it('drops unsupported types, Events after shutdown and Events beyond maxPending', async () => {
    const { logger, records } = captureLogger();
    const { sink, recorder } = setup({ logger, maxPending: 2 });
    recorder.event(pod, 'Info' as never, 'X', 'y');
    for (let i = 0; i < 3; i++) recorder.event(pod, 'Normal', `R${i}`, 'y');
    await recorder.shutdown();
    recorder.event(pod, 'Normal', 'Late', 'y');
    await recorder.flush();
    expect(sink.list().map((e) => e.reason)).toEqual(['R0', 'R1']);
    expect(records.map((r) => r.msg)).toEqual(
      expect.arrayContaining([
        'unsupported event type',
        'too many pending events; dropped',
        'event recorded after shutdown; dropped',
      ]),
    );
  });

  it('shutdown cancels retry waits', async () => {
    const { sink, recorder } = setup();
    for (let i = 0; i < 5; i++) sink.failNext.push(new Error('down'));
    recorder.event(pod, 'Normal', 'X', 'y');
    await recorder.shutdown();
    expect(sink.calls).toHaveLength(1);
  });

  it('needs a component', () => {
    expect(
      () => new EventRecorder({ sink: new MemoryEventSink({ statusError: apiErrorFromStatus }), component: '' }),
    ).toThrow('component');
  });
});

describe('EventRecorder properties', () => {
  it('loses no occurrence: stored counts add up to the events recorded', async () => {
    const step = fc.record({
      obj: fc.constantFrom('web-1', 'web-2'),
      reason: fc.constantFrom('BackOff', 'Pulled'),
      message: fc.constantFrom('m1', 'm2', 'm3'),
      gapMs: fc.oneof(fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: 0, max: 900_000 })),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
        const { clock, sink, recorder } = setup({ correlator: { spamBurst: 1_000 } });
        for (const s of steps) {
          await clock.advance(s.gapMs);
          recorder.event(
            { ...pod, metadata: { ...pod.metadata, name: s.obj, uid: s.obj } },
            'Normal',
            s.reason,
            s.message,
          );
        }
        await recorder.flush();
        const events = sink.list();
        expect(events.reduce((n, e) => n + (e.count ?? 0), 0)).toBe(steps.length);
        for (const e of events)
          expect(Date.parse(e.lastTimestamp!)).toBeGreaterThanOrEqual(Date.parse(e.firstTimestamp!));
      }),
      { numRuns: 100 },
    );
  });
});
