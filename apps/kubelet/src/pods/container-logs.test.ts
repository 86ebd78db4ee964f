import type { ContainerStatus } from '@wheelhouse/api';
import { describe, expect, it } from 'vitest';
import type { CachedPod } from '../types.js';
import { containerLog, formatLog, type ContainerLog } from './container-logs.js';
import { StageLogBook } from './stage-log-book.js';

const T0 = Date.parse('2026-12-05T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const START = '[wheelhouse-sim] container app started (image nginx:1.27)';

function pod(status: ContainerStatus, annotations: Record<string, string>): CachedPod {
  return {
    metadata: { name: 'ticker', namespace: 'default', uid: 'u1', resourceVersion: '1', annotations },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
    status: { containerStatuses: [status] },
  } as unknown as CachedPod;
}

const ticking = { 'sim.wheelhouse.dev/log': 'one\ntwo\nthree', 'sim.wheelhouse.dev/log-interval-seconds': '10' };
const base = { name: 'app', image: 'nginx:1.27', ready: true, restartCount: 0, imageID: '' };

describe('simulated container output', () => {
  it('writes the annotation lines one interval apart from the start, and says when the next is due', () => {
    const running = pod({ ...base, state: { running: { startedAt: iso(T0) } } }, ticking);
    const log = containerLog(running, 'app', false, T0 + 15_000);
    expect(log).toEqual({
      lines: [
        { at: T0, text: START },
        { at: T0, text: 'one' },
        { at: T0 + 10_000, text: 'two' },
      ],
      ended: false,
      run: iso(T0),
      nextAt: T0 + 20_000,
    });
    expect(formatLog((log as ContainerLog).lines, { timestamps: true, tailLines: 1 })).toBe(
      '2026-12-05T10:00:10.000000000Z two\n',
    );
  });

  it('a crashed run keeps only what it wrote before it ended, then its exit line (--previous)', () => {
    const crashed = pod(
      {
        ...base,
        restartCount: 1,
        state: { waiting: { reason: 'CrashLoopBackOff' } },
        lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: iso(T0), finishedAt: iso(T0 + 12_000) } },
      },
      ticking,
    );
    const log = containerLog(crashed, 'app', true, T0 + 60_000);
    expect('lines' in log && log.lines.map((l) => l.text)).toEqual([
      START,
      'one',
      'two',
      '[wheelhouse-sim] container app exited with code 1 (Error)',
    ]);
    expect(log).toMatchObject({ ended: true });
    expect(log).not.toHaveProperty('nextAt');
    expect(containerLog(crashed, 'app', false, T0 + 60_000)).toEqual({
      refused: 'container "app" in pod "ticker" is waiting to start: CrashLoopBackOff',
    });
  });

  it('without an interval every line is written at the start', () => {
    const running = pod({ ...base, state: { running: { startedAt: iso(T0) } } }, { 'sim.wheelhouse.dev/log': 'a\nb' });
    expect(containerLog(running, 'app', false, T0)).toEqual({
      lines: [
        { at: T0, text: START },
        { at: T0, text: 'a' },
        { at: T0, text: 'b' },
      ],
      ended: false,
      run: iso(T0),
    });
  });

  it('puts the lines stages wrote to a run by time among the annotation lines, and none after the run ended (--previous)', () => {
    const book = new StageLogBook();
    const stageLine = (at: number, text: string) => book.write('u1', 'app', iso(T0), [{ at, text }]);
    stageLine(T0 + 5_000, 'stage at 5 s');
    stageLine(T0 + 10_000, 'stage at 10 s');
    stageLine(T0 + 13_000, 'after the crash');
    book.write('u1', 'app', iso(T0 + 20_000), [{ at: T0 + 20_000, text: 'the next run' }]);
    book.write('u1', 'other', iso(T0), [{ at: T0 + 1_000, text: 'another container' }]);
    const crashed = pod(
      {
        ...base,
        restartCount: 1,
        state: { running: { startedAt: iso(T0 + 20_000) } },
        lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: iso(T0), finishedAt: iso(T0 + 12_000) } },
      },
      ticking,
    );
    const previous = containerLog(crashed, 'app', true, T0 + 60_000, book);
    expect('lines' in previous && previous.lines.map((l) => l.text)).toEqual([
      START,
      'one',
      'stage at 5 s',
      'two',
      'stage at 10 s',
      '[wheelhouse-sim] container app exited with code 1 (Error)',
    ]);
    const current = containerLog(crashed, 'app', false, T0 + 20_000, book);
    expect('lines' in current && current.lines.map((l) => l.text)).toEqual([START, 'one', 'the next run']);
  });

  it('keeps the latest lines of a run, counting those dropped', () => {
    const book = new StageLogBook({ maxLinesPerRun: 2 });
    for (const n of [1, 2, 3]) book.write('u1', 'app', iso(T0), [{ at: T0 + n, text: `line ${n}` }]);
    const running = pod({ ...base, state: { running: { startedAt: iso(T0) } } }, {});
    expect(containerLog(running, 'app', false, T0 + 10, book)).toMatchObject({
      lines: [{ text: START }, { text: 'line 2' }, { text: 'line 3' }],
      dropped: 1,
    });
  });
});
